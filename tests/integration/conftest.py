"""Helpers for the integration tests: a site with opening hours, local times, and a
row-for-row dump of the view tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, select

from domain.time import Interval
from projections.db import ViewBase
from service.container import Container
from tests.driver import Driver, Written

STOCKHOLM = ZoneInfo("Europe/Stockholm")
WEEKDAY_HOURS = [["08:00", "17:00"]]
OPENING_HOURS = {day: WEEKDAY_HOURS for day in ("mon", "tue", "wed", "thu", "fri")}

# The clock starts on Monday 2026-11-30 at 07:00 in Stockholm; these days are ahead of it.
TUESDAY = date(2026, 12, 1)
WEDNESDAY = date(2026, 12, 2)
THURSDAY = date(2026, 12, 3)
SATURDAY = date(2026, 12, 5)


def at(day: date, clock: str) -> datetime:
    """A wall-clock time in Stockholm, as an aware datetime in UTC."""
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=STOCKHOLM).astimezone(
        ZoneInfo("UTC")
    )


def slot(day: date, start: str, end: str) -> Interval:
    return Interval.of(at(day, start), at(day, end))


def settle(container: Container, written: Written) -> Written:
    """Read-your-writes, as a request handler does it."""
    container.wait_for_all(written.position)
    return written


def store_position(container: Container) -> int:
    return container.store.recorder.max_notification_id() or 0


@dataclass
class Office:
    """A site with two desks, a room and a pool of three headsets."""

    site_id: UUID
    desk_a: UUID
    desk_b: UUID
    room: UUID
    headsets: UUID


def open_office(container: Container, headsets: int = 3) -> Office:
    app = Driver(container)
    site = app.register_site(
        name="Grannskapskontoret Frövi",
        address="Storgatan 1",
        locality="Frövi",
        opening_hours=OPENING_HOURS,
    ).id
    office = Office(
        site_id=site,
        desk_a=app.add_resource(site, kind="desk", name="Desk A", features=["Monitor"]).id,
        desk_b=app.add_resource(site, kind="desk", name="Desk B").id,
        room=app.add_resource(site, kind="room", name="Room Ljusnan", seats=6).id,
        headsets=app.add_resource(site, kind="equipment", name="Headset", quantity=headsets).id,
    )
    container.wait_for_all(store_position(container))
    return office


@pytest.fixture
def office(container: Container) -> Office:
    return open_office(container)


def dump_views(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every view table, all columns, ordered by primary key."""
    dump: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as connection:
        for table in ViewBase.metadata.sorted_tables:
            query = select(table).order_by(*table.primary_key.columns)
            dump[table.name] = [tuple(row) for row in connection.execute(query)]
    return dump
