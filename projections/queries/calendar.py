"""What the calendar feeds show, from the calendar view: a feed's version (for ETag and
Last-Modified without reading any booking), its entries, one booking as an entry, and the
name a resource or site feed is shown with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import bindparam, func, select

from projections.calendar import (
    CalendarBookingRow,
    CalendarEntryRow,
    CalendarFeedVersionRow,
    CalendarResourceRow,
    CalendarSiteRow,
)
from projections.db import UTCDateTime
from projections.queries.bookings import BookingQueries


@dataclass(frozen=True)
class FeedEntry:
    """One booking as a feed shows it."""

    booking_id: UUID
    kind: str
    quantity: int
    resource_name: str
    site_name: str
    address: str
    locality: str
    timezone: str
    start: datetime
    end: datetime
    status: str
    sequence: int
    created: datetime
    last_modified: datetime
    note: str = ""  # why it was cancelled, in the host's words (a closure's reason)


@dataclass(frozen=True)
class FeedVersion:
    """How far a feed has changed: the notification id of its last change and that
    change's time, and the latest time one of its entries left the feed's window."""

    version: int
    last_modified: datetime | None
    last_expiry: datetime | None


_version = CalendarFeedVersionRow.__table__
_entry = CalendarEntryRow.__table__
_booking = CalendarBookingRow.__table__
_NOW = bindparam("now", type_=UTCDateTime())
_VERSION = select(
    select(_version.c.version)
    .where(_version.c.feed_kind == bindparam("kind"), _version.c.subject_id == bindparam("id"))
    .scalar_subquery()
    .label("version"),
    select(_version.c.last_modified)
    .where(_version.c.feed_kind == bindparam("kind"), _version.c.subject_id == bindparam("id"))
    .scalar_subquery()
    .label("last_modified"),
    select(func.max(_entry.c.visible_until))
    .where(
        _entry.c.feed_kind == bindparam("kind"),
        _entry.c.subject_id == bindparam("id"),
        _entry.c.visible_until <= _NOW,
    )
    .scalar_subquery()
    .label("last_expiry"),
)
_ENTRY_COLUMNS = [
    _booking.c[name]
    for name in (
        "booking_id",
        "kind",
        "quantity",
        "resource_name",
        "site_name",
        "address",
        "locality",
        "timezone",
        "start",
        "end",
        "status",
        "sequence",
        "created",
        "last_modified",
        "note",
    )
]
_ENTRIES = (
    select(*_ENTRY_COLUMNS)
    .join(_entry, _entry.c.booking_id == _booking.c.booking_id)
    .where(
        _entry.c.feed_kind == bindparam("kind"),
        _entry.c.subject_id == bindparam("id"),
        _entry.c.visible_until > _NOW,
    )
    .order_by(_booking.c.start, _booking.c.booking_id)
)


class CalendarQueries(BookingQueries):
    def feed_version(self, feed_kind: str, subject_id: UUID, now: datetime) -> FeedVersion:
        """One query of the feed's version row and the index of its entries."""
        params = {"kind": feed_kind, "id": subject_id, "now": now}
        with self.engine.connect() as connection:
            row = connection.execute(_VERSION, params).one()
        return FeedVersion(row.version or 0, row.last_modified, row.last_expiry)

    def feed_entries(self, feed_kind: str, subject_id: UUID, now: datetime) -> list[FeedEntry]:
        """The feed's bookings: from 30 days back, every future one, cancelled ones for
        30 days after their cancellation."""
        params = {"kind": feed_kind, "id": subject_id, "now": now}
        with self.engine.connect() as connection:
            return [FeedEntry(*row) for row in connection.execute(_ENTRIES, params)]

    def feed_booking(self, booking_id: UUID) -> tuple[UUID, FeedEntry] | None:
        """One booking as an entry, with the member it belongs to."""
        query = select(_booking.c.member_id, *_ENTRY_COLUMNS).where(
            _booking.c.booking_id == booking_id
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return (row[0], FeedEntry(*row[1:])) if row else None

    def feed_subject_name(self, feed_kind: str, subject_id: UUID) -> str | None:
        """The name a resource or site feed is shown with; None if there is no such one."""
        with self.engine.connect() as connection:
            if feed_kind == "site":
                return connection.scalar(
                    select(CalendarSiteRow.name).where(CalendarSiteRow.id == subject_id)
                )
            row = connection.execute(
                select(CalendarResourceRow.name, CalendarSiteRow.name)
                .outerjoin(CalendarSiteRow, CalendarSiteRow.id == CalendarResourceRow.site_id)
                .where(CalendarResourceRow.id == subject_id)
            ).first()
        if row is None:
            return None
        return f"{row[0]}, {row[1]}" if row[1] else str(row[0])
