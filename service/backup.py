"""Backup and restore of a grannskap database: the event store and the tables that are not
rebuilt from events (members, credentials, sessions, tokens, the mail outbox, secrets).

A backup is the whole database at one instant: on SQLite a copy made with SQLite's online
backup API (a consistent copy while servers keep writing), on PostgreSQL ``pg_dump``'s
custom format (one snapshot). The views travel along but are not trusted: a restore goes
only into an empty database and then replays every event into fresh views, so the views
are what the events say, whatever state they were in when the backup was taken.

The SQLite database's key file ``<db>.secret`` (when ``GRANNSKAP_SECRET_KEY`` is not set)
lies beside the file, not in it: back it up with the file, or sign-ins are lost.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from sqlalchemy import create_engine, inspect

from service.settings import Settings

MAGIC_SQLITE = b"SQLite format 3\x00"
MAGIC_PG_CUSTOM = b"PGDMP"


class BackupRefused(Exception):
    """A backup or restore that is not done; the message says why and what to do."""


@dataclass(frozen=True)
class Restored:
    events: int
    rebuilt_from: int


def backup(settings: Settings, target: Path) -> None:
    """Writes the database of ``settings`` to ``target`` (which must not exist yet)."""
    if target.exists():
        raise BackupRefused(f"{target} exists already: give a new file name")
    if settings.is_memory:
        raise BackupRefused("a database in memory has nothing to back up")
    partial = target.with_name(target.name + ".partial")
    try:
        if settings.is_sqlite:
            _sqlite_backup(settings, partial)
        else:
            _pg_dump(settings, partial)
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as error:  # a folder that is not there, a full disk
        raise BackupRefused(f"could not write {target}: {error}") from None
    finally:
        partial.unlink(missing_ok=True)


def restore(settings: Settings, source: Path) -> Restored:
    """Restores ``source`` into the empty database of ``settings``, then rebuilds the views
    from the events. Refused when the database has any table."""
    if not source.is_file():
        raise BackupRefused(f"{source} is not a file")
    if settings.is_memory:
        raise BackupRefused("restore into a database in memory would be lost at once")
    with source.open("rb") as f:
        head = f.read(len(MAGIC_SQLITE))
    expected = MAGIC_SQLITE if settings.is_sqlite else MAGIC_PG_CUSTOM
    if not head.startswith(expected):
        kind = "SQLite" if settings.is_sqlite else "PostgreSQL (pg_dump custom format)"
        raise BackupRefused(f"{source} is not a {kind} backup of grannskap")
    tables = _tables(settings)
    if tables:
        raise BackupRefused(
            f"the database is not empty (it has {len(tables)} tables, such as "
            f"{sorted(tables)[0]}): restore into a new, empty database"
        )
    if settings.is_sqlite:
        _sqlite_restore(settings, source)
    else:
        _pg_restore(settings, source)
    return _rebuild(settings)


def _tables(settings: Settings) -> list[str]:
    if settings.is_sqlite:
        path = settings.sqlite_path
        if path is None or not path.exists() or path.stat().st_size == 0:
            return []
    engine = create_engine(settings.sqlalchemy_url())
    try:
        with engine.connect() as connection:
            found = inspect(connection)
            return [
                table
                for schema in found.get_schema_names()
                if schema not in ("information_schema", "pg_catalog", "pg_toast")
                for table in found.get_table_names(schema=schema)
            ]
    finally:
        engine.dispose()


def _rebuild(settings: Settings) -> Restored:
    from service.container import Container

    container = Container.build(settings)
    try:
        replayed = container.views.rebuild(container.store)
        return Restored(events=container.store.position, rebuilt_from=replayed)
    finally:
        container.close()


# -- SQLite -------------------------------------------------------------------------------------


def _sqlite_backup(settings: Settings, target: Path) -> None:
    path = settings.sqlite_path
    assert path is not None
    if not path.exists():
        raise BackupRefused(f"there is no database at {path}")
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # personal data
    os.close(fd)
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()


def _sqlite_restore(settings: Settings, source: Path) -> None:
    path = settings.sqlite_path
    assert path is not None
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    backup_file = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    database = sqlite3.connect(path)
    try:
        backup_file.backup(database)
    except sqlite3.DatabaseError as error:  # it only began like one
        raise BackupRefused(f"{source} is not a SQLite backup of grannskap: {error}") from None
    finally:
        database.close()
        backup_file.close()


# -- PostgreSQL ---------------------------------------------------------------------------------


def _libpq(settings: Settings) -> tuple[str, dict[str, str]]:
    """The URL for pg_dump/pg_restore without its password (which goes in PGPASSWORD, out
    of the process list), and their environment."""
    parts = urlsplit(settings.database_url)
    env = dict(os.environ)
    netloc = parts.netloc
    if parts.password is not None:
        env["PGPASSWORD"] = unquote(parts.password)
        netloc = netloc.replace(f":{parts.password}@", "@")
    return urlunsplit(("postgresql", netloc, parts.path, parts.query, "")), env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupRefused(
            f"{name} is not installed: install PostgreSQL's client programs "
            "(Debian: postgresql-client), of the server's major version or newer"
        )
    return found


def _run(argv: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
        raise BackupRefused(f"{Path(argv[0]).name} failed: {lines[-1] if lines else done}")


def _pg_dump(settings: Settings, target: Path) -> None:
    url, env = _libpq(settings)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # personal data
    os.close(fd)
    _run([_tool("pg_dump"), "--format=custom", f"--file={target}", f"--dbname={url}"], env)


def _pg_restore(settings: Settings, source: Path) -> None:
    url, env = _libpq(settings)
    _run(
        [
            _tool("pg_restore"),
            "--exit-on-error",
            "--single-transaction",
            "--no-owner",
            f"--dbname={url}",
            str(source),
        ],
        env,
    )
