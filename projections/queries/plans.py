"""Members' plans (series, waitlist entries, usuals) and sites' floor plans, from the plans
and floor-plan views."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import Select, select

from domain.ids import floor_plan_id
from projections.floorplan import FloorPlanRow
from projections.plans import SeriesDayRow, SeriesRow, UsualRow, WaitlistEntryRow
from projections.queries.catalogue import CatalogueQueries
from projections.tables import SiteRow


class SeriesDayView(msgspec.Struct):
    day: date
    status: str
    """placed, refused, pending (beyond the booking window until it opens) or cancelled"""
    booking_id: UUID | None = None
    rule: str | None = None
    reason: str | None = None


class SeriesView(msgspec.Struct):
    id: UUID
    member_id: UUID
    site_id: UUID
    resource_id: UUID | None
    kind: str
    features: list[str]
    quantity: int
    weekdays: list[str]
    first_day: date
    until: date
    start: str
    end: str
    started_at: datetime
    cancelled_from: date | None
    next_pending: date | None
    decided: list[SeriesDayView] = []


class WaitlistEntryView(msgspec.Struct):
    id: UUID
    site_id: UUID
    day: date
    member_id: UUID
    resource_id: UUID | None
    kind: str
    features: list[str]
    start: datetime
    end: datetime
    quantity: int
    status: str
    """waiting, served (booked: ``booking_id``), expired (never served) or left"""
    joined_at: datetime
    changed_at: datetime
    booking_id: UUID | None = None
    place: int | None = None
    """In line among those still waiting for the same kind at an overlapping time (1: next)."""
    site_name: str = ""
    """The name of the site the entry waits at."""


class UsualView(msgspec.Struct):
    """A member's usuals at a site: ``resource_id`` is the first favourite, ``favourites``
    all of them in order; ``start`` and ``end`` the usual hours (None until set)."""

    site_id: UUID
    resource_id: UUID | None
    start: str | None
    end: str | None
    favourites: list[UUID] = []


class FloorPlanView(msgspec.Struct):
    site_id: UUID
    columns: int
    rows: int
    places: dict[UUID, list[int]]  # resource id: [column, row, width, height]
    background_version: int | None = None  # None: no background drawing


def _series(row: Any, days: list[SeriesDayView]) -> SeriesView:
    return SeriesView(
        id=row.series_id,
        member_id=row.member_id,
        site_id=row.site_id,
        resource_id=row.resource_id,
        kind=row.kind,
        features=list(row.features),
        quantity=row.quantity,
        weekdays=list(row.weekdays),
        first_day=row.first_day,
        until=row.until,
        start=row.start,
        end=row.end,
        started_at=row.started_at,
        cancelled_from=row.cancelled_from,
        next_pending=row.next_pending,
        decided=days,
    )


def _entry(row: Any, place: int | None = None) -> WaitlistEntryView:
    return WaitlistEntryView(
        id=row.entry_id,
        site_id=row.site_id,
        day=row.day,
        member_id=row.member_id,
        resource_id=row.resource_id,
        kind=row.kind,
        features=list(row.features),
        start=row.start,
        end=row.end,
        quantity=row.quantity,
        status=row.status,
        joined_at=row.joined_at,
        changed_at=row.changed_at,
        booking_id=row.booking_id,
        place=place,
        site_name=row.site_name or "",
    )


def _with_site_name() -> Select[WaitlistEntryRow, str]:
    """Waitlist entries with the name of their site (empty if the site is not in view)."""
    return select(WaitlistEntryRow, SiteRow.name.label("site_name")).outerjoin(
        SiteRow, SiteRow.id == WaitlistEntryRow.site_id
    )


class PlanQueries(CatalogueQueries):
    # -- series -------------------------------------------------------------------------

    def series(self, series_id: UUID) -> SeriesView | None:
        with self.engine.connect() as c:
            row = c.execute(select(SeriesRow).where(SeriesRow.series_id == series_id)).first()
            if row is None:
                return None
            days = c.execute(
                select(SeriesDayRow)
                .where(SeriesDayRow.series_id == series_id)
                .order_by(SeriesDayRow.day)
            ).all()
        return _series(
            row,
            [SeriesDayView(d.day, d.status, d.booking_id, d.rule, d.reason) for d in days],
        )

    def member_series(self, member_id: UUID, since: date | None = None) -> list[SeriesView]:
        """The member's series that last until ``since`` or later (all without it)."""
        query = select(SeriesRow).where(SeriesRow.member_id == member_id)
        if since is not None:
            query = query.where(SeriesRow.until >= since)
        with self.engine.connect() as c:
            rows = c.execute(query.order_by(SeriesRow.started_at)).all()
        return [_series(r, []) for r in rows]

    def series_with_pending(self, until: date) -> list[UUID]:
        """Series with a day not yet decided on or before ``until``, for the job."""
        query = select(SeriesRow.series_id).where(
            SeriesRow.next_pending.is_not(None), SeriesRow.next_pending <= until
        )
        with self.engine.connect() as c:
            return list(c.scalars(query.order_by(SeriesRow.next_pending)))

    # -- waitlists ----------------------------------------------------------------------

    def waitlist_entry(self, entry_id: UUID) -> WaitlistEntryView | None:
        with self.engine.connect() as c:
            row = c.execute(_with_site_name().where(WaitlistEntryRow.entry_id == entry_id)).first()
        return _entry(row) if row is not None else None

    def member_waitlist(
        self, member_id: UUID, since: datetime | None = None
    ) -> list[WaitlistEntryView]:
        """The member's entries whose time ends after ``since``, with their place in line."""
        query = _with_site_name().where(WaitlistEntryRow.member_id == member_id)
        if since is not None:
            query = query.where(WaitlistEntryRow.end > since)
        with self.engine.connect() as c:
            rows = c.execute(query.order_by(WaitlistEntryRow.start)).all()
            out = []
            for r in rows:
                place = None
                if r.status == "waiting":
                    ahead = c.execute(
                        select(WaitlistEntryRow.entry_id).where(
                            WaitlistEntryRow.waitlist_id == r.waitlist_id,
                            WaitlistEntryRow.status == "waiting",
                            WaitlistEntryRow.position < r.position,
                            WaitlistEntryRow.start < r.end,
                            WaitlistEntryRow.end > r.start,
                            WaitlistEntryRow.kind == r.kind,
                        )
                    ).all()
                    place = len(ahead) + 1
                out.append(_entry(r, place))
        return out

    def waiting_days(self, limit: int = 1000) -> list[tuple[UUID, date]]:
        """The site days that have entries still waiting, soonest first (for the sweep)."""
        query = (
            select(WaitlistEntryRow.site_id, WaitlistEntryRow.day)
            .where(WaitlistEntryRow.status == "waiting")
            .group_by(WaitlistEntryRow.site_id, WaitlistEntryRow.day)
            .order_by(WaitlistEntryRow.day)
            .limit(limit)
        )
        with self.engine.connect() as c:
            return [(site_id, day) for site_id, day in c.execute(query)]

    # -- usuals -------------------------------------------------------------------------

    def usuals(self, member_id: UUID) -> dict[UUID, UsualView]:
        with self.engine.connect() as c:
            rows = c.execute(select(UsualRow).where(UsualRow.member_id == member_id)).all()
        views = {}
        for r in rows:
            favourites = [UUID(f) for f in r.favourites]
            first = favourites[0] if favourites else None
            views[r.site_id] = UsualView(r.site_id, first, r.start, r.end, favourites)
        return views

    # -- floor plans --------------------------------------------------------------------

    def floor_plan(self, site_id: UUID) -> FloorPlanView | None:
        with self.engine.connect() as c:
            row = c.execute(
                select(
                    FloorPlanRow.site_id,
                    FloorPlanRow.columns,
                    FloorPlanRow.rows,
                    FloorPlanRow.places,
                    FloorPlanRow.background.is_not(None),
                    FloorPlanRow.background_version,
                ).where(FloorPlanRow.plan_id == floor_plan_id(site_id))
            ).first()
        if row is None:
            return None
        site, columns, rows, places, has_background, version = row
        return FloorPlanView(
            site_id=site,
            columns=columns,
            rows=rows,
            places={UUID(k): list(v) for k, v in places.items()},
            background_version=version if has_background else None,
        )

    def floor_plan_background(self, site_id: UUID) -> tuple[str, int] | None:
        """The cleaned SVG drawing and its version, if the plan has one."""
        with self.engine.connect() as c:
            row = c.execute(
                select(FloorPlanRow.background, FloorPlanRow.background_version).where(
                    FloorPlanRow.plan_id == floor_plan_id(site_id)
                )
            ).first()
        if row is None or row[0] is None:
            return None
        return str(row[0]), int(row[1])
