"""Queries on the views. They return msgspec structs that the HTTP layer sends as they are."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

import msgspec
from sqlalchemy import Engine, select

from domain.site import OpeningHours
from domain.time import Interval, day_bounds, subtract
from projections.tables import ClosureRow, HoldRow, MemberBookingRow, ResourceRow, SiteRow


class Closure(msgspec.Struct):
    first_day: date
    last_day: date
    reason: str


class SiteView(msgspec.Struct):
    id: UUID
    name: str
    address: str
    locality: str
    timezone: str
    opening_hours: dict[str, list[list[str]]]
    policy: dict[str, object]
    closures: list[Closure]


class ResourceView(msgspec.Struct):
    id: UUID
    site_id: UUID
    kind: str
    name: str
    features: list[str]
    seats: int | None
    quantity: int
    retired: bool


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


def _local(instant: datetime, tz: ZoneInfo) -> datetime:
    return instant.astimezone(tz)


@dataclass(frozen=True)
class Catalogue:
    """Every site (with its closures) and resource, as the catalogue view had them."""

    sites: dict[UUID, SiteView]
    resources: dict[UUID, list[ResourceView]]
    opening: dict[UUID, OpeningHours]


class Queries:
    """Reads of the views. The catalogue (sites, closures, resources: small, and changed
    only by hosts) is kept in memory and read again only when the catalogue projection's
    position has moved, which ``catalogue_position`` tells (without it, every read goes
    to the database)."""

    def __init__(self, engine: Engine, catalogue_position: Callable[[], int] | None = None):
        self.engine = engine
        self.catalogue_position = catalogue_position
        self._cached: tuple[int, Catalogue] | None = None

    def catalogue(self) -> Catalogue:
        if self.catalogue_position is None:
            return self._load_catalogue()
        position = self.catalogue_position()  # before loading: a later change reloads
        cached = self._cached
        if cached is not None and cached[0] == position:
            return cached[1]
        catalogue = self._load_catalogue()
        self._cached = (position, catalogue)
        return catalogue

    def _load_catalogue(self) -> Catalogue:
        with self.engine.connect() as c:
            closures: dict[UUID, list[Closure]] = {}
            for row in c.execute(select(ClosureRow).order_by(ClosureRow.first_day)):
                closures.setdefault(row.site_id, []).append(
                    Closure(row.first_day, row.last_day, row.reason)
                )
            sites = {
                row.id: self._site(row, closures.get(row.id, []))
                for row in c.execute(select(SiteRow).order_by(SiteRow.name))
            }
            resources: dict[UUID, list[ResourceView]] = {}
            for r in c.execute(select(ResourceRow).order_by(ResourceRow.kind, ResourceRow.name)):
                resources.setdefault(r.site_id, []).append(
                    ResourceView(
                        id=r.id,
                        site_id=r.site_id,
                        kind=r.kind,
                        name=r.name,
                        features=list(r.features),
                        seats=r.seats,
                        quantity=r.quantity,
                        retired=r.retired,
                    )
                )
        opening = {i: OpeningHours.parse(site.opening_hours) for i, site in sites.items()}
        return Catalogue(sites, resources, opening)

    def sites(self) -> list[SiteView]:
        return list(self.catalogue().sites.values())

    def site(self, site_id: UUID) -> SiteView | None:
        return self.catalogue().sites.get(site_id)

    @staticmethod
    def _site(row: object, closures: list[Closure]) -> SiteView:
        return SiteView(
            id=row.id,
            name=row.name,
            address=row.address,
            locality=row.locality,  # type: ignore[attr-defined]
            timezone=row.timezone,
            opening_hours=row.opening_hours,
            policy=row.policy,  # type: ignore[attr-defined]
            closures=closures,
        )

    def resources(
        self, site_id: UUID, kind: str | None = None, include_retired: bool = False
    ) -> list[ResourceView]:
        return [
            r
            for r in self.catalogue().resources.get(site_id, [])
            if (kind is None or r.kind == kind) and (include_retired or not r.retired)
        ]

    def availability(self, site: SiteView, day: date, kind: str | None = None) -> Availability:
        tz = ZoneInfo(site.timezone)
        closed = any(c.first_day <= day <= c.last_day for c in site.closures)
        hours = self.catalogue().opening.get(site.id) or OpeningHours.parse(site.opening_hours)
        opening = [] if closed else hours.intervals_on(day, tz)
        bounds = day_bounds(day, tz)
        resources = self.resources(site.id, kind)
        with self.engine.connect() as c:
            holds = c.execute(
                select(HoldRow.resource_id, HoldRow.start, HoldRow.end, HoldRow.quantity).where(
                    HoldRow.site_id == site.id,
                    HoldRow.start < bounds.end,
                    HoldRow.end > bounds.start,
                    HoldRow.start >= bounds.start - timedelta(days=1),
                )
            ).all()
        by_resource: dict[UUID, list[tuple[Interval, int]]] = {}
        for resource_id, start, end, quantity in holds:
            by_resource.setdefault(resource_id, []).append((Interval(start, end), quantity))
        return Availability(
            site_id=site.id,
            date=day,
            timezone=site.timezone,
            open=[FreeSpan(_local(i.start, tz), _local(i.end, tz), 1) for i in opening],
            resources=[
                ResourceAvailability(
                    resource_id=r.id,
                    name=r.name,
                    kind=r.kind,
                    features=r.features,
                    seats=r.seats,
                    quantity=r.quantity,
                    free=[
                        FreeSpan(_local(s.start, tz), _local(s.end, tz), n)
                        for s, n in free_spans(opening, by_resource.get(r.id, []), r.quantity)
                    ],
                )
                for r in resources
            ],
        )

    def candidates(
        self, site_id: UUID, kind: str, interval: Interval, features: list[str]
    ) -> list[UUID]:
        """Resources of ``kind`` at the site with all ``features``, those free first."""
        with self.engine.connect() as c:
            busy = set(
                c.scalars(
                    select(HoldRow.resource_id).where(
                        HoldRow.site_id == site_id,
                        HoldRow.start < interval.end,
                        HoldRow.end > interval.start,
                        HoldRow.start >= interval.start - timedelta(days=1),
                    )
                )
            )
        return _candidates(self.resources(site_id, kind), busy, features)

    def member_bookings(
        self, member_id: UUID, since: datetime | None = None, limit: int = 500
    ) -> list[BookingView]:
        query = select(MemberBookingRow).where(MemberBookingRow.member_id == member_id)
        if since is not None:
            query = query.where(MemberBookingRow.end > since)
        with self.engine.connect() as c:
            rows = c.execute(query.order_by(MemberBookingRow.start).limit(limit)).all()
        return [_booking(r) for r in rows]

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

    def booking(self, booking_id: UUID) -> BookingView | None:
        with self.engine.connect() as c:
            row = c.execute(
                select(MemberBookingRow).where(MemberBookingRow.booking_id == booking_id)
            ).first()
        return _booking(row) if row else None


def _booking(r: object) -> BookingView:
    return BookingView(
        id=r.booking_id,
        status=r.status,
        member_id=r.member_id,
        site_id=r.site_id,  # type: ignore[attr-defined]
        resource_id=r.resource_id,
        kind=r.kind,
        start=r.start,
        end=r.end,  # type: ignore[attr-defined]
        quantity=r.quantity,
        placed_at=r.placed_at,
        changed_at=r.changed_at,  # type: ignore[attr-defined]
        version=r.version,  # type: ignore[attr-defined]
        checked_in_at=r.checked_in_at,  # type: ignore[attr-defined]
    )


def free_spans(
    opening: list[Interval], holds: list[tuple[Interval, int]], capacity: int
) -> list[tuple[Interval, int]]:
    """The parts of the opening hours where fewer than ``capacity`` items are held, with
    how many are still free."""
    if capacity == 1:
        return [(i, 1) for i in subtract(opening, [h for h, _ in holds])]
    spans: list[tuple[Interval, int]] = []
    for span in opening:
        cuts = {span.start, span.end}
        for hold, _ in holds:
            if hold.overlaps(span):
                cuts.update(t for t in (hold.start, hold.end) if span.start < t < span.end)
        points = sorted(cuts)
        for a, b in itertools.pairwise(points):
            piece = Interval(a, b)
            used = sum(q for h, q in holds if h.overlaps(piece))
            free = capacity - used
            if free <= 0:
                continue
            if spans and spans[-1][0].end == a and spans[-1][1] == free:
                spans[-1] = (Interval(spans[-1][0].start, b), free)
            else:
                spans.append((piece, free))
    return spans


def _candidates(resources: list[ResourceView], busy: set[UUID], features: list[str]) -> list[UUID]:
    wanted = {f.strip().lower() for f in features}
    fitting = [r for r in resources if wanted.issubset(r.features)]
    # Free ones (as far as the view knows) first; the domain has the last word either way.
    return [r.id for r in fitting if r.id not in busy] + [r.id for r in fitting if r.id in busy]
