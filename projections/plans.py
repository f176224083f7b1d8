"""Members' plans: recurring bookings (series) with each day's outcome, waitlist entries, and
each member's usual resource and hours. Read by "my bookings" and by the jobs that place a
series' days as the booking window opens and offer what frees to the waitlists."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from sqlalchemy import JSON, Date, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from domain.series import Recurrence, Series
from domain.usual import Usuals
from domain.waitlist import Waitlist
from projections.base import ViewProjection
from projections.db import UTCDateTime, ViewBase
from projections.rows import Row


class SeriesRow(ViewBase):
    __tablename__ = "view_series"
    series_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    member_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    site_id: Mapped[UUID] = mapped_column(Uuid)
    resource_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    kind: Mapped[str] = mapped_column(String(16))
    features: Mapped[list[str]] = mapped_column(JSON)
    quantity: Mapped[int] = mapped_column(Integer)
    weekdays: Mapped[list[str]] = mapped_column(JSON)
    first_day: Mapped[date] = mapped_column(Date)
    until: Mapped[date] = mapped_column(Date)
    start: Mapped[str] = mapped_column(String(5))
    end: Mapped[str] = mapped_column(String(5))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    cancelled_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    decided: Mapped[list[str]] = mapped_column(JSON)
    # The first day not yet decided (None: every day is), for the job that places them.
    next_pending: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)


class SeriesDayRow(ViewBase):
    """One decided day of a series: placed (as which booking) or refused (why)."""

    __tablename__ = "view_series_day"
    series_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    booking_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    rule: Mapped[str | None] = mapped_column(String(64), nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class WaitlistEntryRow(ViewBase):
    __tablename__ = "view_waitlist_entry"
    entry_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    waitlist_id: Mapped[UUID] = mapped_column(Uuid)
    position: Mapped[int] = mapped_column(Integer)  # the order joined, within the waitlist
    site_id: Mapped[UUID] = mapped_column(Uuid)
    day: Mapped[date] = mapped_column(Date)
    member_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    resource_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    kind: Mapped[str] = mapped_column(String(16))
    features: Mapped[list[str]] = mapped_column(JSON)
    start: Mapped[datetime] = mapped_column(UTCDateTime)
    end: Mapped[datetime] = mapped_column(UTCDateTime)
    quantity: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    booking_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)

    __table_args__ = (Index("ix_view_waitlist_entry_status_start", "status", "start"),)


class UsualRow(ViewBase):
    """A member's usuals at a site: the favourites in their order, and the usual hours
    (none until the member sets them)."""

    __tablename__ = "view_usual"
    member_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    site_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    favourites: Mapped[list[str]] = mapped_column(JSON)
    start: Mapped[str | None] = mapped_column(String(5), nullable=True)
    end: Mapped[str | None] = mapped_column(String(5), nullable=True)


def _next_pending(row: dict[str, Any]) -> date | None:
    recurrence = Recurrence(
        tuple(row["weekdays"]),
        row["first_day"],
        row["until"],
        time.fromisoformat(row["start"]),
        time.fromisoformat(row["end"]),
    )
    decided = set(row["decided"])
    cancelled_from = row["cancelled_from"]
    for day in recurrence.days():
        if cancelled_from is not None and day >= cancelled_from:
            return None
        if day.isoformat() not in decided:
            return day
    return None


class PlansProjection(ViewProjection):
    name = "plans"
    tables = (SeriesRow, SeriesDayRow, WaitlistEntryRow, UsualRow)

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.skip(tracking)

    # -- series ------------------------------------------------------------------------

    @process_event.register(Series.Started)
    def _series_started(self, e: Series.Started, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            row = rows.add(
                SeriesRow,
                series_id=e.originator_id,
                member_id=e.member_id,
                site_id=e.site_id,
                resource_id=e.resource_id,
                kind=e.kind,
                features=list(e.features),
                quantity=e.quantity,
                weekdays=list(e.weekdays),
                first_day=date.fromisoformat(e.first_day),
                until=date.fromisoformat(e.until),
                start=e.start,
                end=e.end,
                started_at=e.at,
                cancelled_from=None,
                decided=[],
            )
            row["next_pending"] = _next_pending(row)

    def _decide(self, e: Any, tracking: Tracking, **values: Any) -> None:
        with self.view.transaction(tracking) as rows:
            row = rows.get(SeriesRow, e.originator_id)
            if row is None:
                return
            decided = [*row["decided"], e.day]
            rows.change(
                SeriesRow,
                e.originator_id,
                decided=decided,
                next_pending=_next_pending({**row, "decided": decided}),
            )
            rows.add(
                SeriesDayRow, series_id=e.originator_id, day=date.fromisoformat(e.day), **values
            )

    @process_event.register(Series.OccurrencePlaced)
    def _occurrence_placed(self, e: Series.OccurrencePlaced, tracking: Tracking) -> None:
        self._decide(e, tracking, status="placed", booking_id=e.booking_id, at=e.timestamp)

    @process_event.register(Series.OccurrenceRefused)
    def _occurrence_refused(self, e: Series.OccurrenceRefused, tracking: Tracking) -> None:
        self._decide(e, tracking, status="refused", rule=e.rule, reason=e.reason, at=e.at)

    @process_event.register(Series.CancelledFrom)
    def _series_cancelled(self, e: Series.CancelledFrom, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            row = rows.get(SeriesRow, e.originator_id)
            if row is not None:
                cancelled_from = date.fromisoformat(e.day)
                rows.change(
                    SeriesRow,
                    e.originator_id,
                    cancelled_from=cancelled_from,
                    next_pending=_next_pending({**row, "cancelled_from": cancelled_from}),
                )

    # -- waitlists ---------------------------------------------------------------------

    @process_event.register(Waitlist.Joined)
    def _joined(self, e: Waitlist.Joined, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            rows.add(
                WaitlistEntryRow,
                entry_id=e.entry_id,
                waitlist_id=e.originator_id,
                position=e.originator_version,
                site_id=e.site_id,
                day=date.fromisoformat(e.day),
                member_id=e.member_id,
                resource_id=e.resource_id,
                kind=e.kind,
                features=list(e.features),
                start=e.start,
                end=e.end,
                quantity=e.quantity,
                status="waiting",
                joined_at=e.at,
                changed_at=e.at,
                booking_id=None,
            )

    def _entry(self, e: Any, tracking: Tracking, **values: Any) -> None:
        with self.view.transaction(tracking) as rows:
            rows.change(WaitlistEntryRow, e.entry_id, **values, changed_at=e.at)

    @process_event.register(Waitlist.Left)
    def _left(self, e: Waitlist.Left, tracking: Tracking) -> None:
        self._entry(e, tracking, status="left")

    @process_event.register(Waitlist.Served)
    def _served(self, e: Waitlist.Served, tracking: Tracking) -> None:
        self._entry(e, tracking, status="served", booking_id=e.booking_id)

    @process_event.register(Waitlist.Expired)
    def _expired(self, e: Waitlist.Expired, tracking: Tracking) -> None:
        self._entry(e, tracking, status="expired")

    # -- usuals ------------------------------------------------------------------------

    def _usual(self, e: Any, tracking: Tracking, change: Callable[[Row], None]) -> None:
        with self.view.transaction(tracking) as rows:
            key = (e.member_id, e.site_id)
            row = rows.get(UsualRow, key)
            if row is None:
                row = rows.add(
                    UsualRow,
                    member_id=e.member_id,
                    site_id=e.site_id,
                    favourites=[],
                    start=None,
                    end=None,
                )
            values = dict(row)
            change(values)
            if not values["favourites"] and values["start"] is None:
                rows.forget(UsualRow, key)
            else:
                rows.change(UsualRow, key, **values)

    @process_event.register(Usuals.UsualSet)
    def _usual_set(self, e: Usuals.UsualSet, tracking: Tracking) -> None:
        def change(row: Row) -> None:
            row.update(favourites=[str(e.resource_id)], start=e.start, end=e.end)

        self._usual(e, tracking, change)

    @process_event.register(Usuals.HoursSet)
    def _hours_set(self, e: Usuals.HoursSet, tracking: Tracking) -> None:
        def change(row: Row) -> None:
            row.update(start=e.start, end=e.end)

        self._usual(e, tracking, change)

    @process_event.register(Usuals.Starred)
    def _starred(self, e: Usuals.Starred, tracking: Tracking) -> None:
        def change(row: Row) -> None:
            row["favourites"] = [*row["favourites"], str(e.resource_id)]

        self._usual(e, tracking, change)

    @process_event.register(Usuals.Unstarred)
    def _unstarred(self, e: Usuals.Unstarred, tracking: Tracking) -> None:
        def change(row: Row) -> None:
            row["favourites"] = [r for r in row["favourites"] if r != str(e.resource_id)]

        self._usual(e, tracking, change)

    @process_event.register(Usuals.Reordered)
    def _reordered(self, e: Usuals.Reordered, tracking: Tracking) -> None:
        def change(row: Row) -> None:
            row["favourites"] = [str(r) for r in e.resource_ids]

        self._usual(e, tracking, change)

    @process_event.register(Usuals.UsualCleared)
    def _usual_cleared(self, e: Usuals.UsualCleared, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            rows.forget(UsualRow, (e.member_id, e.site_id))
