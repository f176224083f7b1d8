"""Shared fixtures: a settable clock, stores on SQLite and PostgreSQL made once per test
process and handed out clean (``tests.databases``), the choice of store per test, and the
tier markers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from service.container import Container
from tests.databases import PostgresDatabases, SqliteTemplate
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


@pytest.fixture(scope="session")
def pg_databases(pg_server: str) -> Iterator[PostgresDatabases]:
    """This test process's PostgreSQL databases (see ``tests.databases``)."""
    databases = PostgresDatabases(pg_server)
    try:
        yield databases
    finally:
        databases.close()


@pytest.fixture
def pg_url(pg_databases: PostgresDatabases) -> Iterator[str]:
    """A clean, migrated database of this test's own, emptied for the next test afterwards."""
    name = pg_databases.take()
    try:
        yield pg_databases.url(name)
    finally:
        pg_databases.give_back(name)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> SqliteTemplate:
    return SqliteTemplate(tmp_path_factory.mktemp("template"))


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: SqliteTemplate) -> str:
    """A migrated SQLite file of this test's own (a copy of the session's template)."""
    path = tmp_path / "grannskap.db"
    sqlite_template.copy_to(path)
    return f"sqlite:///{path}"


STORE_FIXTURES = ("database_url", "empty_database_url")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test that asks for a store (``database_url``, or ``empty_database_url``) runs on
    SQLite; where its behaviour depends on the store (the integration tier, and modules marked
    ``both_stores``: concurrency, locks, LISTEN/NOTIFY, rebuild, hostile text, migrations,
    fault injection), on PostgreSQL too."""
    both = (
        "integration" in metafunc.definition.path.parts
        or metafunc.definition.get_closest_marker("both_stores") is not None
    )
    stores: list[Any] = ["sqlite"]
    if both:
        stores.append(pytest.param("postgres", marks=pytest.mark.postgres))
    for name in STORE_FIXTURES:
        if name in metafunc.fixturenames:
            metafunc.parametrize(name, stores, indirect=True)


@pytest.fixture
def database_url(request: pytest.FixtureRequest) -> str:
    """A migrated store of this test's own, with no events and no rows."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A store with nothing in it, not even the schema (for the tests of migrations)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    databases: PostgresDatabases = request.getfixturevalue("pg_databases")
    name = databases.create()
    try:
        yield databases.url(name)
    finally:
        databases.drop(name)


TIERS = ("unit", "integration", "e2e", "browser", "contract", "mail")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Each test is marked with its tier (the folder it is in): ``-m unit`` and so on."""
    for item in items:
        parts = item.path.parts
        tier = next((t for t in TIERS if t in parts), None)
        if tier is not None:
            item.add_marker(getattr(pytest.mark, tier))
        if tier == "browser":
            # One Chromium and one demo server for the whole tier, in one xdist worker.
            item.add_marker(pytest.mark.xdist_group("browser"))


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
