"""Small builders for the unit tests: real domain objects, local Stockholm times."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from domain.ledger import ResourceDay
from domain.member import MemberSchedule
from domain.resource import Resource
from domain.site import Site
from domain.time import Interval

STOCKHOLM = ZoneInfo("Europe/Stockholm")
WEEKDAYS_7_TO_17 = {day: [["07:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}

# Monday 2026-11-30, 07:00 in Stockholm (CET, UTC+1).
NOW = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)
TUESDAY = "2026-12-01"


def local(day: str, clock: str) -> datetime:
    """A wall-clock time on a local day in Stockholm (first occurrence if repeated)."""
    return datetime.combine(date.fromisoformat(day), time.fromisoformat(clock), tzinfo=STOCKHOLM)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def span(day: str, start: str, end: str) -> Interval:
    """The interval between two wall-clock times on one local day in Stockholm."""
    return Interval.of(local(day, start), local(day, end))


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
    resource_id: UUID | None = None, day: str = TUESDAY, *, saved: bool = True
) -> ResourceDay:
    """A ledger as loaded from the store (``saved``: no pending events) or brand new."""
    ledger = ResourceDay.open(resource_id or uuid4(), date.fromisoformat(day))
    if saved:
        ledger.collect_events()
    return ledger


def a_schedule(member_id: UUID | None = None, *, saved: bool = True) -> MemberSchedule:
    """A member schedule as loaded from the store (``saved``) or brand new."""
    schedule = MemberSchedule(member_id=member_id or uuid4())
    if saved:
        schedule.collect_events()
    return schedule
