"""Backup, wipe, restore: every event, every registry row and every view as it was, on SQLite
(SQLite's backup API) and PostgreSQL (pg_dump/pg_restore); a restore goes only into an empty
database, and rebuilds the views from the events."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import psycopg
import pytest
from sqlalchemy import Engine, select, text

from service.backup import BackupRefused, backup, restore
from service.container import Container
from tests.driver import Driver
from tests.integration.conftest import (
    TUESDAY,
    WEDNESDAY,
    dump_views,
    open_office,
    slot,
    store_position,
)
from tests.settings import fast_settings

REGISTRY = ("member", "api_token", "mail_outbox")


@pytest.fixture
def empty_url(database_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A second, empty database of the same kind to restore into."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored' / 'grannskap.db'}"
        return
    admin = request.getfixturevalue("pg_server")
    name = f"grannskap_restore_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{admin.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def events(container: Container) -> list[tuple[Any, ...]]:
    recorded = container.store.recorder.select_notifications(1, 1_000_000)
    return [(n.id, n.originator_id, n.originator_version, n.topic, n.state) for n in recorded]


def registry(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as connection:
        return {
            table: sorted(
                tuple(row) for row in connection.execute(select(text("*")).select_from(text(table)))
            )
            for table in REGISTRY
        }


def a_history(container: Container) -> None:
    app = Driver(container)
    office = open_office(container)
    alice, bob = uuid4(), uuid4()
    kept = app.book(alice, office.desk_a, slot(TUESDAY, "08:00", "12:00"))
    app.book(bob, office.room, slot(WEDNESDAY, "10:00", "11:30"))
    app.cancel(kept.id, by=alice)
    container.members.add(email="karin.vard@example.se", name="Karin Värd", role="host")
    container.wait_for_all(store_position(container))


def test_backup_wipe_and_restore_leave_every_event_registry_row_and_view_as_it_was(
    container: Container, empty_url: str, tmp_path: Path
) -> None:
    a_history(container)
    before = (events(container), registry(container.engine), dump_views(container.engine))
    file = tmp_path / "grannskap.backup"

    backup(container.settings, file)
    restored = restore(fast_settings(database_url=empty_url), file)

    again = Container.build(fast_settings(database_url=empty_url))
    try:
        after = (events(again), registry(again.engine), dump_views(again.engine))
    finally:
        again.close()
    assert restored.events == store_position(container) == restored.rebuilt_from
    assert after[0] == before[0]
    assert after[1] == before[1]
    assert after[2] == before[2]


def test_a_restore_into_a_database_that_has_tables_is_refused(
    container: Container, tmp_path: Path
) -> None:
    a_history(container)
    file = tmp_path / "grannskap.backup"
    backup(container.settings, file)

    with pytest.raises(BackupRefused, match="not empty"):
        restore(container.settings, file)


def test_a_backup_never_overwrites_a_file(container: Container, tmp_path: Path) -> None:
    file = tmp_path / "kept.backup"
    file.write_text("an earlier backup")

    with pytest.raises(BackupRefused, match="exists already"):
        backup(container.settings, file)

    assert file.read_text() == "an earlier backup"
