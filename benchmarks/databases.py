"""Throw-away databases: a SQLite file in a temp folder, or a PostgreSQL database with a
unique name, dropped at the end (as tests/conftest.py does)."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

PG_ADMIN_URL = os.environ.get(
    "GRANNSKAP_BENCH_PG",
    os.environ.get("GRANNSKAP_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test"),
)


def postgres_problem() -> str | None:
    """None if PostgreSQL answers at PG_ADMIN_URL, else why not."""
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3):
            return None
    except Exception as error:  # any failure to connect means: no PostgreSQL here
        text = str(error).strip()
        return text.splitlines()[0] if text else repr(error)


@contextmanager
def sqlite_database(label: str) -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix=f"grannskap-bench-{label}-") as folder:
        yield f"sqlite:///{os.path.join(folder, 'grannskap.db')}"


@contextmanager
def postgres_database(label: str) -> Iterator[str]:
    import psycopg

    name = f"grannskap_bench_{label}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database(backend: str, label: str):
    return sqlite_database(label) if backend == "sqlite" else postgres_database(label)
