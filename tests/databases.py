"""Stores for the tests, made once per test process and handed out clean.

Making a store costs far more than a test does: Alembic's migrations and the view tables on
every new database, and on PostgreSQL ``CREATE DATABASE`` and ``DROP DATABASE`` (a forced
checkpoint each, about 2.5 s together). So:

- **SQLite**: one file per test process is migrated once (the template); each test gets a copy
  of it in its own folder.
- **PostgreSQL**: each test process keeps a few databases of its own (unique names, so that
  two ``make test`` runs and pytest-xdist's workers never meet). The first is migrated once;
  after a test its rows are deleted and its sequences restarted (about 30 ms), and it is
  handed to the next test. A database whose schema a test changed (a table dropped or made)
  is dropped instead of reused. Commits of test databases do not wait for the disk
  (``synchronous_commit = off`` on those databases only): a test never crashes PostgreSQL
  itself, and nothing else on the server is changed.

A store handed out is the same as a new one after ``Container.build``: the schema at the
newest migration, no events, no rows but the bookkeeping of the schema.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from pathlib import Path

KEPT_ROWS = ("alembic_version", "view_shape")  # bookkeeping of the schema, not data
PREFIX = "grannskap_test_"


def _build(database_url: str) -> None:
    from service.container import Container
    from tests.settings import fast_settings

    Container.build(fast_settings(database_url=database_url)).close()


class SqliteTemplate:
    """A migrated SQLite file of this test process, copied for each test."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "template.db"
        self._made = False

    def copy_to(self, path: Path) -> None:
        if not self._made:
            _build(f"sqlite:///{self.path}")
            self._made = True
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.path, path)
        os.chmod(path, 0o600)


class PostgresDatabases:
    """The PostgreSQL databases of this test process: taken by one test at a time."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self.base = admin_url.rsplit("/", 1)[0]
        self.free: list[str] = []
        self.made: list[str] = []
        self.schema: str | None = None  # fingerprint of a freshly migrated database

    def url(self, name: str) -> str:
        return f"{self.base}/{name}"

    def take(self) -> str:
        """The name of a clean, migrated database that no other test holds."""
        if self.free:
            return self.free.pop()
        name = self.create()
        _build(self.url(name))
        if self.schema is None:
            self.schema = self._fingerprint(name)
        return name

    def create(self) -> str:
        """A new empty database (not migrated), dropped when the session ends."""
        import psycopg

        name = f"{PREFIX}{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
            admin.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
        self.made.append(name)
        return name

    def give_back(self, name: str) -> None:
        """Empties the database for the next test; drops it if the test changed its schema
        or it cannot be emptied."""
        try:
            self._disconnect_others(name)
            if self._fingerprint(name) != self.schema:
                raise RuntimeError("the test changed the schema")
            self._empty(name)
        except Exception:
            self.drop(name)
            return
        self.free.append(name)

    def drop(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if name in self.made:
            self.made.remove(name)
        if name in self.free:
            self.free.remove(name)

    def close(self) -> None:
        for name in list(self.made):
            self.drop(name)

    # -- inside ---------------------------------------------------------------------------

    def _disconnect_others(self, name: str) -> None:
        """Ends connections a test left open (a killed server's, a pool not disposed), so
        that no lock held by them stops the emptying."""
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )

    def _fingerprint(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(name), autocommit=True) as conn:
            columns = conn.execute(
                "SELECT table_schema, table_name, column_name, data_type"
                " FROM information_schema.columns"
                " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
                " ORDER BY 1, 2, 3"
            ).fetchall()
            routines = conn.execute(
                "SELECT routine_schema, routine_name FROM information_schema.routines"
                " WHERE routine_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2"
            ).fetchall()
        return hashlib.sha256(repr((columns, routines)).encode()).hexdigest()

    def _empty(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url(name)) as conn:
            conn.execute("SET lock_timeout = '5s'")
            tables = [
                row[0]
                for row in conn.execute(
                    "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename)"
                    " FROM pg_tables"
                    " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
                    " AND NOT tablename = ANY(%s)",
                    (list(KEPT_ROWS),),
                )
            ]
            sequences = [
                row[0]
                for row in conn.execute(
                    "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename)"
                    " FROM pg_sequences"
                    " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
                )
            ]
            # Foreign keys are not checked while emptying: every table is emptied.
            conn.execute("SET session_replication_role = replica")
            for table in tables:
                conn.execute(f"DELETE FROM {table}")  # type: ignore[arg-type]
            for sequence in sequences:
                conn.execute(f"ALTER SEQUENCE {sequence} RESTART")  # type: ignore[arg-type]
            conn.commit()
