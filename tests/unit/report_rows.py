"""Hand-built rows for the report computations: a site in Stockholm, resources, bookings
and refusals at wall-clock times, without any store or projection."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from projections.reports.facts import (
    BookingFacts,
    HoursSetting,
    RefusalFacts,
    ReportInput,
    ResourceFacts,
    SearchFacts,
    SiteFacts,
)
from tests.builders import at

WEEKDAYS_8_TO_12 = {d: [["08:00", "12:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}
# Monday 2 to Friday 6 November 2026: an ordinary week (CET, UTC+1).
MONDAY = date(2026, 11, 2)
TUESDAY = date(2026, 11, 3)
WEDNESDAY = date(2026, 11, 4)
BEFORE = datetime(2026, 10, 30, 9, 0, tzinfo=UTC)


@dataclass
class Rows:
    """Builds a ReportInput step by step."""

    hours: dict[str, list[list[str]]] = field(default_factory=lambda: dict(WEEKDAYS_8_TO_12))
    closures: list[tuple[date, date]] = field(default_factory=list)
    settings: list[HoursSetting] = field(default_factory=list)
    resources: list[ResourceFacts] = field(default_factory=list)
    bookings: list[BookingFacts] = field(default_factory=list)
    refusals: list[RefusalFacts] = field(default_factory=list)
    searches: list[SearchFacts] = field(default_factory=list)
    site_id: UUID = field(default_factory=uuid4)

    def resource(self, kind: str = "desk", name: str | None = None, **details: Any) -> UUID:
        r = ResourceFacts(
            id=uuid4(),
            kind=kind,
            name=name or f"{kind} {len(self.resources) + 1}",
            features=details.pop("features", []),
            seats=details.pop("seats", 4 if kind == "room" else None),
            quantity=details.pop("quantity", 1),
            **details,
        )
        self.resources.append(r)
        return r.id

    def book(
        self,
        member: int,
        resource: UUID,
        day: date,
        start: str,
        end: str,
        *,
        quantity: int = 1,
        placed_at: datetime = BEFORE,
        **what: str | None,
    ) -> BookingFacts:
        """``what`` maps checked_in_at / checked_out_at / cancelled_at / released_at to
        wall-clock times on ``day`` (or "before" for a cancellation the day before)."""
        times: dict[str, datetime | None] = {}
        for key, clock in what.items():
            if clock is None:
                continue
            times[key] = (
                at(day - timedelta(days=1), "12:00") if clock == "before" else at(day, clock)
            )
        status = "confirmed"
        if "cancelled_at" in times:
            status = "cancelled"
        elif "checked_out_at" in times:
            status = "completed"
        elif "released_at" in times:
            status = "no-show"
        kind = next(r.kind for r in self.resources if r.id == resource)
        b = BookingFacts(
            id=str(uuid4()),
            resource_id=resource,
            kind=kind,
            quantity=quantity,
            start=at(day, start),
            end=at(day, end),
            placed_at=placed_at,
            status=status,
            member=member,
            **times,
        )
        self.bookings.append(b)
        return b

    def refuse(
        self,
        member: int,
        kind: str,
        day: date,
        start: str,
        end: str,
        rule: str = "nothing-free",
        *,
        resource: UUID | None = None,
        when: datetime = BEFORE,
        **asked: Any,
    ) -> RefusalFacts:
        r = RefusalFacts(
            id=str(uuid4()),
            resource_id=resource,
            kind=kind,
            start=at(day, start),
            end=at(day, end),
            rule=rule,
            at=when,
            member=member,
            **asked,
        )
        self.refusals.append(r)
        return r

    def search(self, member: int, kind: str, day: date, start: str, end: str) -> None:
        """A search for that time that found nothing free."""
        self.searches.append(
            SearchFacts(kind, at(day, start), at(day, end), at(day, "07:00"), member)
        )

    def input(self, first: date, last: date, as_of: datetime | None = None) -> ReportInput:
        return ReportInput(
            site=SiteFacts(
                id=self.site_id,
                name="Testkontoret",
                timezone="Europe/Stockholm",
                hours=self.settings or [HoursSetting(None, self.hours)],
                closures=self.closures,
            ),
            resources=self.resources,
            bookings=self.bookings,
            refusals=self.refusals,
            searches=self.searches,
            first_day=first,
            last_day=last,
            as_of=as_of or at(last, "23:00"),
        )


_numbers = itertools.count(1)


def members(n: int) -> list[int]:
    """Members as the computations know them: numbers."""
    return [next(_numbers) for _ in range(n)]
