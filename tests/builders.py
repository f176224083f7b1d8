"""Builders every layer of the tests shares: Stockholm times and days, real domain objects,
and an office set up through the use cases.

The shared clock (``tests.conftest.Clock``) starts on Monday 2026-11-30 at 07:00 in
Stockholm (CET, UTC+1); the days below are ahead of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from domain.ledger import ResourceDay
from domain.member import MemberSchedule
from domain.resource import Resource
from domain.site import Site
from domain.time import Interval
from service.cli.operator import Operator
from service.container import Container

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)  # Monday 2026-11-30, 07:00 in Stockholm
MONDAY = date(2026, 11, 30)
TUESDAY = date(2026, 12, 1)
WEDNESDAY = date(2026, 12, 2)
THURSDAY = date(2026, 12, 3)
SATURDAY = date(2026, 12, 5)
WEEKDAY_HOURS = [["08:00", "17:00"]]
OPENING_HOURS = {day: WEEKDAY_HOURS for day in ("mon", "tue", "wed", "thu", "fri")}
WEEKDAYS_7_TO_17 = {day: [["07:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}


# -- times ----------------------------------------------------------------------------------


def at(day: date | str, clock: str) -> datetime:
    """A wall-clock time in Stockholm (the first if repeated), as an aware UTC instant."""
    local_day = date.fromisoformat(day) if isinstance(day, str) else day
    return datetime.combine(local_day, time.fromisoformat(clock), tzinfo=STOCKHOLM).astimezone(UTC)


def local(day: date | str, clock: str) -> datetime:
    """The same wall-clock time, as an aware datetime in Stockholm."""
    local_day = date.fromisoformat(day) if isinstance(day, str) else day
    return datetime.combine(local_day, time.fromisoformat(clock), tzinfo=STOCKHOLM)


def slot(day: date | str, start: str, end: str) -> Interval:
    """The interval between two wall-clock times on one local day in Stockholm."""
    return Interval.of(at(day, start), at(day, end))


span = slot


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


# -- domain objects ---------------------------------------------------------------------------


def a_site(
    opening_hours: dict[str, list[list[str]]] | None = None,
    policy: dict[str, Any] | None = None,
) -> Site:
    return Site.register(
        name="Grannskapskontoret Frövi",
        address="Storgatan 1",
        locality="Frövi",
        opening_hours=WEEKDAYS_7_TO_17 if opening_hours is None else opening_hours,
        policy=policy,
    )


def a_resource(site_id: UUID, kind: str = "desk", **options: Any) -> Resource:
    if kind == "room":
        options.setdefault("seats", 6)
    return Resource.add(site_id=site_id, kind=kind, name=f"{kind} 1", **options)


def a_ledger(
    resource_id: UUID | None = None, day: date | str = TUESDAY, *, saved: bool = True
) -> ResourceDay:
    """A ledger as loaded from the store (``saved``: no pending events) or brand new."""
    local_day = date.fromisoformat(day) if isinstance(day, str) else day
    ledger = ResourceDay.open(resource_id or uuid4(), local_day)
    if saved:
        ledger.collect_events()
    return ledger


def a_schedule(member_id: UUID | None = None, *, saved: bool = True) -> MemberSchedule:
    """A member schedule as loaded from the store (``saved``) or brand new."""
    schedule = MemberSchedule(member_id=member_id or uuid4())
    if saved:
        schedule.collect_events()
    return schedule


# -- an office, through the use cases ---------------------------------------------------------


@dataclass
class Office:
    """A site open 08-17 on weekdays with two desks, a room and a pool of headsets."""

    site_id: UUID
    desk_a: UUID
    desk_b: UUID
    room: UUID
    headsets: UUID


def open_office(container: Container, headsets: int = 3) -> Office:
    operator = Operator(container)
    site = operator.register_site(
        name="Grannskapskontoret Frövi",
        address="Storgatan 1",
        locality="Frövi",
        opening_hours=OPENING_HOURS,
    ).id
    office = Office(
        site_id=site,
        desk_a=operator.add_resource(site, kind="desk", name="Desk A", features=["Monitor"]).id,
        desk_b=operator.add_resource(site, kind="desk", name="Desk B").id,
        room=operator.add_resource(site, kind="room", name="Room Ljusnan", seats=6).id,
        headsets=operator.add_resource(
            site, kind="equipment", name="Headset", quantity=headsets
        ).id,
    )
    container.wait_for_all(container.store.position)
    return office
