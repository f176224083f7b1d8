"""The part every report begins with: which site, which period, as of when, and the
privacy threshold it was computed with."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

import msgspec

from projections.reports.facts import MIN_MEMBERS, WEEKDAYS, ReportInput

PRIVACY = (
    "Aggregates only: no report shows who booked what. A group (a row, a cell, a day, a "
    f"reason) whose person-derived figures come from fewer than {MIN_MEMBERS} distinct "
    "members shows them as null with suppressed=true; open hours and capacity, which no "
    "person's actions decide, are always shown. Reports cover whole ISO weeks, and what is "
    "hidden is decided in each week alone (see the privacy method)."
)


class Scope(msgspec.Struct, kw_only=True):
    site_id: UUID
    site_name: str
    timezone: str
    first_day: date = msgspec.field(name="from")
    last_day: date = msgspec.field(name="to")
    as_of: datetime
    days: int
    min_members: int = MIN_MEMBERS
    privacy: str = PRIVACY


def scope_of(data: ReportInput) -> Scope:
    return Scope(
        site_id=data.site.id,
        site_name=data.site.name,
        timezone=data.site.timezone,
        first_day=data.first_day,
        last_day=data.last_day,
        as_of=data.as_of,
        days=(data.last_day - data.first_day).days + 1,
    )


class HourWeekdayMatrix(msgspec.Struct, kw_only=True):
    """Rows are local weekdays (mon..sun), columns local hours of the day (0..23)."""

    weekdays: list[str] = msgspec.field(default_factory=lambda: list(WEEKDAYS))
    hours: list[int] = msgspec.field(default_factory=lambda: list(range(24)))
    values: dict[str, list[list[float | None]]]
    method: str
