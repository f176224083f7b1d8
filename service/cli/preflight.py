"""Before a command opens the store: can the database in GRANNSKAP_DATABASE_URL be used at
all? If not, say why in a line or two (which URL, without its password, and what to do),
within seconds rather than after the connection pool's 30, and without a traceback."""

from __future__ import annotations

import os
import sqlite3
from urllib.parse import urlsplit, urlunsplit

from service.settings import Settings, SettingsError

CONNECT_SECONDS = 3


class UnusableDatabase(Exception):
    """The database cannot be used; the message says why and what to do."""


def shown_url(url: str) -> str:
    """The URL without its password."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


def check(settings: Settings) -> None:
    if settings.is_memory:
        return
    if settings.is_sqlite:
        _check_sqlite(settings)
    else:
        _check_postgres(settings)


def _check_sqlite(settings: Settings) -> None:
    path = settings.sqlite_path
    assert path is not None
    folder = path.parent if str(path.parent) else None
    where = f"GRANNSKAP_DATABASE_URL={settings.database_url}"
    if folder is not None and not folder.is_dir():
        raise UnusableDatabase(
            f"cannot use the SQLite database {path}: the folder {folder} does not exist.\n"
            f"Create it, or set {where.split('=')[0]} to a file in a folder that exists."
        )
    if path.is_dir():
        raise UnusableDatabase(f"cannot use the SQLite database {path}: it is a folder ({where}).")
    target = path if path.exists() else (folder or path.parent)
    if not os.access(target, os.W_OK):
        raise UnusableDatabase(
            f"cannot write the SQLite database {path}: "
            f"{'the file' if path.exists() else 'its folder'} is read-only.\n"
            "Give this user write access, or choose another file with GRANNSKAP_DATABASE_URL."
        )
    if path.exists():
        try:
            with sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=CONNECT_SECONDS) as c:
                c.execute("PRAGMA schema_version").fetchone()
        except sqlite3.DatabaseError as error:
            raise UnusableDatabase(
                f"cannot use the SQLite database {path}: {error}.\n"
                "Is it a grannskap database? Set GRANNSKAP_DATABASE_URL to the right file."
            ) from None


def _check_postgres(settings: Settings) -> None:
    import psycopg

    env = settings.eventsourcing_env()
    host, port = env["POSTGRES_HOST"], env["POSTGRES_PORT"]
    dbname, user = env["POSTGRES_DBNAME"], env["POSTGRES_USER"]
    url = shown_url(settings.database_url)
    try:
        with psycopg.connect(
            host=host,
            port=port,
            dbname=dbname,
            user=user,
            password=env["POSTGRES_PASSWORD"] or None,
            connect_timeout=CONNECT_SECONDS,
        ):
            return
    except psycopg.OperationalError as error:
        reason = _first_line(str(error))
    if "does not exist" in reason and "database" in reason:
        raise UnusableDatabase(
            f'the PostgreSQL database "{dbname}" does not exist on {host}:{port} ({url}).\n'
            f"Create it (createdb -h {host} -p {port} -U {user} {dbname}) or fix "
            "GRANNSKAP_DATABASE_URL."
        )
    if "password" in reason or "authentication" in reason:
        raise UnusableDatabase(
            f"PostgreSQL at {host}:{port} refused user {user} ({url}): {reason}.\n"
            "Check the user and password in GRANNSKAP_DATABASE_URL."
        )
    raise UnusableDatabase(
        f"cannot reach PostgreSQL at {host}:{port} ({url}): {reason}.\n"
        "Is the server running and the address right? Set GRANNSKAP_DATABASE_URL."
    )


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    # psycopg says "connection failed: connection to server at ... failed: <why>", then a hint
    line = lines[0] if lines else text
    return line.rsplit("failed: ", 1)[-1].strip().rstrip(".") or line


def explain(error: BaseException) -> str | None:
    """One or two lines for an error a command should not show as a traceback (a database
    that stopped answering, a setting out of range); None for others (a bug, to be seen)."""
    if isinstance(error, UnusableDatabase | SettingsError):
        return str(error)
    from service.container import NobodyFollows

    if isinstance(error, NobodyFollows):
        return str(error)
    from domain.errors import DomainError
    from service.application.errors import ApplicationError

    if isinstance(error, DomainError | ApplicationError):
        about = f" ({error.about})" if error.about else ""
        return f"refused{about}: {error.message}"
    from sqlalchemy.exc import DBAPIError

    if isinstance(error, DBAPIError):
        # Never the statement or its parameters (they may hold a token's hash).
        return f"the database refused: {_first_line(str(error.orig))}"
    if isinstance(error, sqlite3.OperationalError):
        return f"the SQLite database refused: {error}"
    try:
        import psycopg
    except ImportError:  # pragma: no cover
        return None
    if isinstance(error, psycopg.OperationalError):
        return f"the database connection failed: {_first_line(str(error))}"
    from eventsourcing.persistence import OperationalError, PersistenceError

    if isinstance(error, OperationalError | PersistenceError):
        cause = error.__cause__ or error
        return f"the event store failed: {_first_line(str(cause))}"
    return None
