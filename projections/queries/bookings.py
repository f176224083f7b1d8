"""Availability, a site's bookings and members' bookings, from the availability and
member-bookings views."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import msgspec
from sqlalchemy import select

from domain.capacity import Hold, free_spans
from domain.time import Interval, day_bounds
from domain.vocabulary import KINDS, feature_code
from projections.queries.catalogue import CatalogueQueries, ResourceView, SiteView
from projections.tables import HoldRow, MemberBookingRow

# A hold starts at most this long before the day it touches (bookings lie within one day).
LONGEST_HOLD = timedelta(days=1)


class FreeSpan(msgspec.Struct):
    start: datetime
    end: datetime
    available: int


class ResourceAvailability(msgspec.Struct):
    resource_id: UUID
    name: str
    kind: str
    features: list[str]
    seats: int | None
    quantity: int
    free: list[FreeSpan]


class Availability(msgspec.Struct):
    site_id: UUID
    date: date
    timezone: str
    open: list[FreeSpan]
    resources: list[ResourceAvailability]


class BookingView(msgspec.Struct):
    id: UUID
    status: str
    """confirmed, pending (a host's approval), declined, cancelled, completed or no-show"""
    member_id: UUID
    site_id: UUID
    resource_id: UUID
    kind: str
    start: datetime
    end: datetime
    quantity: int
    placed_at: datetime
    changed_at: datetime
    version: int
    checked_in_at: datetime | None = None
    cancel_reason: str | None = None
    """member, host, site-closed, opening-hours, resource-retired or account-erased"""
    cancel_note: str = ""
    """A host's words to the member when cancelling or declining"""
    placed_by: UUID | None = None
    drop_in: bool = False
    """A walk-in visitor without an account, registered by a host (``placed_by``)"""


@dataclass(frozen=True)
class KindCount:
    kind: str
    free_all_day: int
    free_some_time: int
    total: int


@dataclass(frozen=True)
class DayCounts:
    """One day of a site's week: whether it is closed, when it is open, and per kind how
    many resources are free all day and how many some of the time."""

    day: date
    closure_reason: str | None
    opening: list[Interval]
    counts: list[KindCount]


class BookingQueries(CatalogueQueries):
    def _holds(self, site_id: UUID, within: Interval) -> dict[UUID, list[Hold]]:
        with self.engine.connect() as c:
            rows = c.execute(
                select(HoldRow.resource_id, HoldRow.start, HoldRow.end, HoldRow.quantity).where(
                    HoldRow.site_id == site_id,
                    HoldRow.start < within.end,
                    HoldRow.end > within.start,
                    HoldRow.start >= within.start - LONGEST_HOLD,
                )
            ).all()
        holds: dict[UUID, list[Hold]] = {}
        for resource_id, start, end, quantity in rows:
            holds.setdefault(resource_id, []).append((start, end, quantity))
        return holds

    def open_intervals(self, site: SiteView, day: date) -> list[Interval]:
        if site.closure_on(day) is not None:
            return []
        return self.opening_hours(site.id).intervals_on(day, ZoneInfo(site.timezone))

    def availability(
        self, site: SiteView, day: date, kind: str | None = None, now: datetime | None = None
    ) -> Availability:
        """Free spans per resource that local day; with ``now``, time already passed is
        not free (it starts at the next quarter hour)."""
        tz = ZoneInfo(site.timezone)
        opening = self.open_intervals(site, day)
        if now is not None:
            quarter = now.replace(second=0, microsecond=0)
            quarter += timedelta(minutes=(15 - quarter.minute % 15) % 15)
            opening = [Interval(max(i.start, quarter), i.end) for i in opening if i.end > quarter]
        holds = self._holds(site.id, day_bounds(day, tz))

        def local(spans: Iterable[tuple[Interval, int]]) -> list[FreeSpan]:
            return [FreeSpan(i.start.astimezone(tz), i.end.astimezone(tz), n) for i, n in spans]

        return Availability(
            site_id=site.id,
            date=day,
            timezone=site.timezone,
            open=local((i, 1) for i in opening),
            resources=[
                ResourceAvailability(
                    resource_id=r.id,
                    name=r.name,
                    kind=r.kind,
                    features=r.features,
                    seats=r.seats,
                    quantity=r.quantity,
                    free=local(free_spans(opening, holds.get(r.id, []), r.quantity)),
                )
                for r in self.resources(site.id, kind)
            ],
        )

    def week(self, site: SiteView, monday: date) -> list[DayCounts]:
        """Seven days from one read of the week's holds."""
        tz = ZoneInfo(site.timezone)
        week = Interval(day_bounds(monday, tz).start, day_bounds(monday + timedelta(6), tz).end)
        holds = self._holds(site.id, week)
        resources = self.resources(site.id)
        days = []
        for offset in range(7):
            day = monday + timedelta(days=offset)
            closure = site.closure_on(day)
            opening = self.open_intervals(site, day)
            open_seconds = sum((o.end - o.start).total_seconds() for o in opening)
            counts = []
            for kind in KINDS:
                of_kind = [r for r in resources if r.kind == kind]
                if not of_kind:
                    continue
                whole = some = 0
                for r in of_kind:
                    free = free_spans(opening, holds.get(r.id, []), r.quantity)
                    some += bool(free)
                    untouched = sum(
                        (i.end - i.start).total_seconds() for i, n in free if n == r.quantity
                    )
                    whole += bool(opening) and untouched == open_seconds
                counts.append(KindCount(kind, whole, some, len(of_kind)))
            days.append(DayCounts(day, closure.reason if closure else None, opening, counts))
        return days

    def candidates(
        self, site_id: UUID, kind: str, interval: Interval, features: Iterable[str]
    ) -> list[UUID]:
        """Resources of ``kind`` at the site with all ``features``, those free first (as
        far as the view knows; the domain has the last word either way)."""
        busy = set(self._holds(site_id, interval))
        wanted = {feature_code(f) or f.strip().lower() for f in features}
        fitting = [r for r in self.resources(site_id, kind) if wanted.issubset(r.features)]
        return [r.id for r in fitting if r.id not in busy] + [r.id for r in fitting if r.id in busy]

    def member_bookings(
        self, member_id: UUID, since: datetime | None = None, limit: int = 500
    ) -> list[BookingView]:
        query = select(MemberBookingRow).where(MemberBookingRow.member_id == member_id)
        if since is not None:
            query = query.where(MemberBookingRow.end > since)
        with self.engine.connect() as c:
            rows = c.execute(query.order_by(MemberBookingRow.start).limit(limit)).all()
        return [_booking(r) for r in rows]

    def site_bookings(self, site_id: UUID, within: Interval) -> list[BookingView]:
        """Every booking at the site that overlaps ``within``, active or not."""
        query = (
            select(MemberBookingRow)
            .where(
                MemberBookingRow.site_id == site_id,
                MemberBookingRow.start < within.end,
                MemberBookingRow.end > within.start,
            )
            .order_by(MemberBookingRow.start)
        )
        with self.engine.connect() as c:
            return [_booking(r) for r in c.execute(query)]

    def no_show_candidates(self, now: datetime, limit: int = 500) -> list[UUID]:
        """Confirmed bookings that started at least 5 minutes ago without a check-in (the
        domain decides with the site's grace period whether each is a no-show yet)."""
        query = (
            select(MemberBookingRow.booking_id)
            .where(
                MemberBookingRow.status == "confirmed",
                MemberBookingRow.checked_in_at.is_(None),
                MemberBookingRow.start <= now - timedelta(minutes=5),
                MemberBookingRow.end > now - timedelta(days=2),
            )
            .order_by(MemberBookingRow.start)
            .limit(limit)
        )
        with self.engine.connect() as c:
            return list(c.scalars(query))

    def unanswered(self, now: datetime, wait: timedelta, limit: int = 500) -> list[UUID]:
        """Pending bookings whose answer is overdue: asked for ``wait`` ago or more, or
        starting by ``now`` (the domain decides each with ``Booking.answer_due``)."""
        query = (
            select(MemberBookingRow.booking_id)
            .where(
                MemberBookingRow.status == "pending",
                (MemberBookingRow.placed_at <= now - wait) | (MemberBookingRow.start <= now),
            )
            .order_by(MemberBookingRow.start)
            .limit(limit)
        )
        with self.engine.connect() as c:
            return list(c.scalars(query))

    def booking(self, booking_id: UUID) -> BookingView | None:
        with self.engine.connect() as c:
            row = c.execute(
                select(MemberBookingRow).where(MemberBookingRow.booking_id == booking_id)
            ).first()
        return _booking(row) if row else None


def _booking(r: Any) -> BookingView:
    return BookingView(
        id=r.booking_id,
        status=r.status,
        member_id=r.member_id,
        site_id=r.site_id,
        resource_id=r.resource_id,
        kind=r.kind,
        start=r.start,
        end=r.end,
        quantity=r.quantity,
        placed_at=r.placed_at,
        changed_at=r.changed_at,
        version=r.version,
        checked_in_at=r.checked_in_at,
        cancel_reason=r.cancel_reason,
        cancel_note=r.cancel_note or "",
        placed_by=r.placed_by,
        drop_in=bool(r.drop_in),
    )


__all__ = ["Availability", "BookingView", "FreeSpan", "ResourceAvailability", "ResourceView"]
