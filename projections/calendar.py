"""Calendar feeds: every booking as a calendar entry, which feeds show it, and a version per
feed so that a client's poll is answered by one indexed lookup.

A booking shows in three feeds: its member's, its resource's and its site's. It stays in
them until ``visible_until``: 30 days after it ended, or 30 days after it was cancelled or
released as a no-show (so that subscribed clients see that and remove it). A check-out
ends the entry early, since the rest of the slot is free again; a check-in changes
nothing a calendar shows. Names and addresses are learnt
from the site and resource events, so a feed never loads an aggregate.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from sqlalchemy import Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from domain.booking import Booking
from domain.resource import Resource
from domain.site import Site
from projections.base import Rows, ViewProjection
from projections.db import UTCDateTime, ViewBase

KEEP = timedelta(days=30)
FEED_KINDS = ("member", "resource", "site")


class CalendarSiteRow(ViewBase):
    __tablename__ = "view_calendar_site"
    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(Text)
    locality: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64))


class CalendarResourceRow(ViewBase):
    __tablename__ = "view_calendar_resource"
    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    site_id: Mapped[UUID] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))


class CalendarBookingRow(ViewBase):
    """One booking as a calendar entry, with the names it is shown with."""

    __tablename__ = "view_calendar_booking"
    booking_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    member_id: Mapped[UUID] = mapped_column(Uuid)
    site_id: Mapped[UUID] = mapped_column(Uuid)
    resource_id: Mapped[UUID] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(16))
    quantity: Mapped[int] = mapped_column(Integer)
    resource_name: Mapped[str] = mapped_column(String(200))
    site_name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(Text)
    locality: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64))
    start: Mapped[datetime] = mapped_column(UTCDateTime)
    end: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16))
    sequence: Mapped[int] = mapped_column(Integer)
    created: Mapped[datetime] = mapped_column(UTCDateTime)
    last_modified: Mapped[datetime] = mapped_column(UTCDateTime)
    visible_until: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    """why it was cancelled, in the host's words (a closure's reason); "" otherwise"""


class CalendarEntryRow(ViewBase):
    """That a booking shows in a feed (``feed_kind`` of ``subject_id``) until a time."""

    __tablename__ = "view_calendar_entry"
    feed_kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    subject_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    booking_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    visible_until: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("ix_view_calendar_entry_feed_until", "feed_kind", "subject_id", "visible_until"),
    )


class CalendarFeedVersionRow(ViewBase):
    """Bumped whenever an entry of the feed changes: what ETag and Last-Modified come from.

    ``version`` is the notification id of the last change. ``last_modified`` is the time of
    that change, moved on to the next whole second when two changes fall in the same one,
    so that HTTP dates (whole seconds) tell every version apart."""

    __tablename__ = "view_calendar_feed_version"
    feed_kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    subject_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    last_modified: Mapped[datetime] = mapped_column(UTCDateTime)


def _feeds(row: dict[str, Any]) -> tuple[tuple[str, UUID], ...]:
    return (
        ("member", row["member_id"]),
        ("resource", row["resource_id"]),
        ("site", row["site_id"]),
    )


def next_last_modified(previous: datetime | None, at: datetime) -> datetime:
    """``at``, or the second after ``previous``'s when that is not later in whole seconds."""
    if previous is None:
        return at
    floor = previous.replace(microsecond=0)
    return at if at.replace(microsecond=0) > floor else floor + timedelta(seconds=1)


class CalendarProjection(ViewProjection):
    name = "calendar"
    tables = (
        CalendarSiteRow,
        CalendarResourceRow,
        CalendarBookingRow,
        CalendarEntryRow,
        CalendarFeedVersionRow,
    )

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.skip(tracking)

    @process_event.register(Site.Registered)
    def _site_registered(self, e: Site.Registered, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            rows.add(
                CalendarSiteRow,
                id=e.originator_id,
                name=e.name,
                address=e.address,
                locality=e.locality,
                timezone=e.timezone,
            )

    @process_event.register(Resource.Added)
    def _resource_added(self, e: Resource.Added, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            rows.add(
                CalendarResourceRow, id=e.originator_id, site_id=e.site_id, kind=e.kind, name=e.name
            )

    @process_event.register(Booking.Placed)
    def _placed(self, e: Booking.Placed, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            site = self._known(rows, CalendarSiteRow, e.site_id)
            resource = self._known(rows, CalendarResourceRow, e.resource_id)
            row = rows.add(
                CalendarBookingRow,
                booking_id=e.originator_id,
                member_id=e.member_id,
                site_id=e.site_id,
                resource_id=e.resource_id,
                kind=e.kind,
                quantity=e.quantity,
                resource_name=resource["name"] if resource else e.kind,
                site_name=site["name"] if site else "",
                address=site["address"] if site else "",
                locality=site["locality"] if site else "",
                timezone=site["timezone"] if site else "UTC",
                start=e.start,
                end=e.end,
                status="pending" if e.pending else "confirmed",
                sequence=e.originator_version - 1,
                created=e.placed_at,
                last_modified=e.placed_at,
                visible_until=e.end + KEEP,
                note="",
            )
            feeds = _feeds(row)
            rows.prefetch(CalendarFeedVersionRow, feeds)
            for feed_kind, subject_id in feeds:
                rows.add(
                    CalendarEntryRow,
                    feed_kind=feed_kind,
                    subject_id=subject_id,
                    booking_id=e.originator_id,
                    visible_until=row["visible_until"],
                )
                self._touch(rows, feed_kind, subject_id, tracking, e.placed_at)

    @process_event.register(Booking.Cancelled)
    def _cancelled(self, e: Booking.Cancelled, tracking: Tracking) -> None:
        self._change(e, tracking, "cancelled", e.at, e.note)

    @process_event.register(Booking.ReleasedAsNoShow)
    def _no_show(self, e: Booking.ReleasedAsNoShow, tracking: Tracking) -> None:
        self._change(e, tracking, "no-show", e.at)

    @process_event.register(Booking.Declined)
    def _declined(self, e: Booking.Declined, tracking: Tracking) -> None:
        self._change(e, tracking, "cancelled", e.at)

    @process_event.register(Booking.Approved)
    def _approved(self, e: Booking.Approved, tracking: Tracking) -> None:
        """Confirmed: the tentative entry becomes a firm one."""
        with self.view.transaction(tracking) as rows:
            row = rows.change(
                CalendarBookingRow,
                e.originator_id,
                status="confirmed",
                sequence=e.originator_version - 1,
                last_modified=e.at,
            )
            if row is None:
                return
            for feed_kind, subject_id in _feeds(row):
                self._touch(rows, feed_kind, subject_id, tracking, e.at)

    @process_event.register(Booking.CheckedOut)
    def _checked_out(self, e: Booking.CheckedOut, tracking: Tracking) -> None:
        """The rest of the slot is freed: the entry ends at the check-out. One checked out
        before its start freed all of it, and shows as cancelled."""
        self._change(e, tracking, "completed", e.at)

    @process_event.register(Booking.Moved)
    def _moved(self, e: Booking.Moved, tracking: Tracking) -> None:
        """A host moved the booking to another resource: its entry leaves the first
        resource's feed, joins the other's, and shows the new name everywhere."""
        with self.view.transaction(tracking) as rows:
            row = rows.get(CalendarBookingRow, e.originator_id)
            if row is None:
                return
            resource = self._known(rows, CalendarResourceRow, e.resource_id)
            old = ("resource", e.from_resource_id)
            rows.forget(CalendarEntryRow, (*old, e.originator_id))
            self._touch(rows, *old, tracking, e.at)
            rows.change(
                CalendarBookingRow,
                e.originator_id,
                resource_id=e.resource_id,
                resource_name=resource["name"] if resource else row["resource_name"],
                sequence=e.originator_version - 1,
                last_modified=e.at,
            )
            rows.add(
                CalendarEntryRow,
                feed_kind="resource",
                subject_id=e.resource_id,
                booking_id=e.originator_id,
                visible_until=row["visible_until"],
            )
            for feed_kind, subject_id in _feeds(row):
                self._touch(rows, feed_kind, subject_id, tracking, e.at)

    def _change(
        self, e: Any, tracking: Tracking, status: str, at: datetime, note: str = ""
    ) -> None:
        with self.view.transaction(tracking) as rows:
            row = rows.get(CalendarBookingRow, e.originator_id)
            if row is None:
                return
            end = row["end"]
            if status == "completed":
                if at > row["start"]:
                    end = min(end, at)
                else:
                    status = "cancelled"
            visible_until = min(end, at) + KEEP
            rows.change(
                CalendarBookingRow,
                e.originator_id,
                note=note,
                end=end,
                status=status,
                sequence=e.originator_version - 1,
                last_modified=at,
                visible_until=visible_until,
            )
            for feed_kind, subject_id in _feeds(row):
                key = (feed_kind, subject_id, e.originator_id)
                rows.change(CalendarEntryRow, key, visible_until=visible_until)
                self._touch(rows, feed_kind, subject_id, tracking, at)

    def _known(self, rows: Rows, cls: type, key: UUID) -> dict[str, Any] | None:
        """A copy of a site's or resource's row, kept in memory once seen: names,
        addresses and time zones never change (there is no rename event), so a booking
        need not look them up again."""
        known: dict[tuple[type, UUID], dict[str, Any]] = self.__dict__.setdefault("_known_rows", {})
        copy = known.get((cls, key))
        if copy is None:
            row = rows.get(cls, key)
            if row is None:
                return None
            copy = known[(cls, key)] = dict(row)
        return copy

    @staticmethod
    def _touch(
        rows: Rows, feed_kind: str, subject_id: UUID, tracking: Tracking, at: datetime
    ) -> None:
        key = (feed_kind, subject_id)
        version = rows.get(CalendarFeedVersionRow, key)
        if version is None:
            rows.add(
                CalendarFeedVersionRow,
                feed_kind=feed_kind,
                subject_id=subject_id,
                version=tracking.notification_id,
                last_modified=at,
            )
            return
        rows.change(
            CalendarFeedVersionRow,
            key,
            version=tracking.notification_id,
            last_modified=next_last_modified(version["last_modified"], at),
        )
