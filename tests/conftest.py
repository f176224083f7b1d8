"""Shared fixtures: a settable clock, and stores on SQLite (a temp file) and PostgreSQL (a
database of its own, created and dropped per test module's use)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from service.container import Container
from tests.settings import fast_settings

METRICS_TOKEN = "metrics-token-of-the-tests"
METRICS_AUTH = {"Authorization": f"Bearer {METRICS_TOKEN}"}
PG_ADMIN_URL = os.environ.get("GRANNSKAP_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


class Clock:
    """A clock the test sets; starts on a Monday morning in Stockholm."""

    def __init__(self, now: datetime = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _pg_available() -> str | None:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3):
            return None
    except Exception as error:  # any failure to connect means: no PostgreSQL here
        return str(error).strip().splitlines()[0] if str(error).strip() else repr(error)


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The admin URL of a reachable PostgreSQL; skips without one, fails in CI."""
    problem = _pg_available()
    if problem is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(
                f"PostgreSQL is required in CI but not reachable at {PG_ADMIN_URL}: {problem}"
            )
        pytest.skip(f"no PostgreSQL at {PG_ADMIN_URL} ({problem}); set GRANNSKAP_TEST_PG")
    return PG_ADMIN_URL


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh database with a unique name, dropped afterwards."""
    import psycopg

    name = f"grannskap_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = pg_server.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(pg_server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'grannskap.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """Runs a test once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def container(database_url: str, clock: Clock) -> Iterator[Container]:
    """The whole back end on a real store, with the views followed in-process."""
    c = Container.build(
        fast_settings(database_url=database_url, metrics_token=METRICS_TOKEN), clock=clock
    )
    c.start_following()
    try:
        yield c
    finally:
        c.close()
