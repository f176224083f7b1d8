"""Secret calendar feed URLs and what they serve.

A feed URL ends in a token of 192 random bits (``secrets.token_urlsafe(24)``). Only its
SHA-256 is stored, so the URL can be shown once, when it is issued, and never again: a
member or host who has lost it issues a new one (rotation), which stops the old one at
once. There is at most one live token per feed (a member's bookings, a resource, a
site); tokens are credentials, not history, so they live in a registry table beside the
members, not in the event store, and a rebuild of the views leaves them alone.

A poll is answered from one query: the token's hash (unique index) joined to the feed's
version row that the calendar projection keeps, and the latest time a booking left the
feed's window (an index range). That gives the ETag and Last-Modified without reading
any booking.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import Engine, String, Uuid, and_, bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column, sessionmaker

from projections.calendar import (
    CalendarBookingRow,
    CalendarEntryRow,
    CalendarFeedVersionRow,
    CalendarResourceRow,
    CalendarSiteRow,
)
from projections.db import UTCDateTime
from service import ics
from service.members import RegistryBase, hash_token

TOKEN_BYTES = 24
BODY_CACHE_BYTES = 32 * 1024 * 1024
# Bumped when the rendering changes, so that clients fetch the feed again.
RENDERING = "1"


class CalendarFeedRecord(RegistryBase):
    """The live token of one feed, as a hash."""

    __tablename__ = "calendar_feed"
    feed_kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    subject_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)


@dataclass(frozen=True)
class Issued:
    """A feed token, and whether it was issued now (only then is ``token`` known)."""

    feed_kind: str
    subject_id: UUID
    issued_at: datetime
    token: str | None


@dataclass(frozen=True)
class FeedState:
    """What a conditional request needs: enough to tell whether anything changed."""

    feed_kind: str
    subject_id: UUID
    version: int
    last_modified: datetime
    last_expiry: datetime | None

    def etag(self, base_url: str) -> str:
        expiry = self.last_expiry.isoformat() if self.last_expiry else "-"
        key = f"{RENDERING}|{self.feed_kind}|{self.subject_id}|{self.version}|{expiry}|{base_url}"
        return hashlib.sha256(key.encode()).hexdigest()[:24]


_feed = CalendarFeedRecord.__table__
_version = CalendarFeedVersionRow.__table__
_entry = CalendarEntryRow.__table__
_booking = CalendarBookingRow.__table__

_last_expiry = (
    select(func.max(_entry.c.visible_until))
    .where(
        _entry.c.feed_kind == _feed.c.feed_kind,
        _entry.c.subject_id == _feed.c.subject_id,
        _entry.c.visible_until <= bindparam("now", type_=UTCDateTime()),
    )
    .scalar_subquery()
)
_STATE = (
    select(
        _feed.c.feed_kind,
        _feed.c.subject_id,
        _feed.c.issued_at,
        _version.c.version,
        _version.c.last_modified,
        _last_expiry.label("last_expiry"),
    )
    .select_from(
        _feed.outerjoin(
            _version,
            and_(
                _version.c.feed_kind == _feed.c.feed_kind,
                _version.c.subject_id == _feed.c.subject_id,
            ),
        )
    )
    .where(_feed.c.token_hash == bindparam("token_hash"))
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
    )
]
_ENTRIES = (
    select(*_ENTRY_COLUMNS)
    .join(_entry, _entry.c.booking_id == _booking.c.booking_id)
    .where(
        _entry.c.feed_kind == bindparam("feed_kind"),
        _entry.c.subject_id == bindparam("subject_id"),
        _entry.c.visible_until > bindparam("now", type_=UTCDateTime()),
    )
    .order_by(_booking.c.start, _booking.c.booking_id)
)


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def looks_like_token(token: str) -> bool:
    return len(token) == 32 and all(c.isalnum() or c in "-_" for c in token) and token.isascii()


class BodyCache:
    """Rendered feeds by ETag (which names the feed, its version and window), least
    recently used first out, within a byte budget. Clients that poll without conditional
    headers then cost a lookup; a changed feed has a new ETag, so nothing goes stale."""

    def __init__(self, max_bytes: int = BODY_CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self._bodies: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            body = self._bodies.get(key)
            if body is not None:
                self._bodies.move_to_end(key)
            return body

    def put(self, key: str, body: bytes) -> None:
        if len(body) > self.max_bytes:
            return
        with self._lock:
            if key in self._bodies:
                return
            self._bodies[key] = body
            self._size += len(body)
            while self._size > self.max_bytes:
                _, old = self._bodies.popitem(last=False)
                self._size -= len(old)

    def clear(self) -> None:
        with self._lock:
            self._bodies.clear()
            self._size = 0


class CalendarFeeds:
    def __init__(self, engine: Engine, now: Callable[[], datetime]) -> None:
        self.engine = engine
        self.now = now
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self.bodies = BodyCache()

    def create_tables(self) -> None:
        RegistryBase.metadata.create_all(self.engine, tables=[_feed])

    # -- tokens ------------------------------------------------------------------------

    def issue_if_none(self, feed_kind: str, subject_id: UUID) -> Issued:
        """Issues the feed's first token; when it has one, says when it was issued."""
        with self.sessions() as session:
            record = session.get(CalendarFeedRecord, (feed_kind, subject_id))
            if record is not None:
                return Issued(feed_kind, subject_id, record.issued_at, None)
        token, now = new_token(), self.now()
        try:
            with self.sessions.begin() as session:
                session.add(
                    CalendarFeedRecord(
                        feed_kind=feed_kind,
                        subject_id=subject_id,
                        token_hash=hash_token(token),
                        issued_at=now,
                    )
                )
        except IntegrityError:  # issued by a concurrent request a moment ago
            return self.issue_if_none(feed_kind, subject_id)
        return Issued(feed_kind, subject_id, now, token)

    def rotate(self, feed_kind: str, subject_id: UUID) -> Issued:
        """Issues a new token for the feed; the old one stops working in the same commit."""
        token, now = new_token(), self.now()
        for _ in range(3):
            try:
                with self.sessions.begin() as session:
                    record = session.get(CalendarFeedRecord, (feed_kind, subject_id))
                    if record is None:
                        session.add(
                            CalendarFeedRecord(
                                feed_kind=feed_kind,
                                subject_id=subject_id,
                                token_hash=hash_token(token),
                                issued_at=now,
                            )
                        )
                    else:
                        record.token_hash = hash_token(token)
                        record.issued_at = now
                return Issued(feed_kind, subject_id, now, token)
            except IntegrityError:  # a concurrent first issue: it is there now, update it
                continue
        raise RuntimeError("could not rotate the calendar feed token")

    # -- reading -----------------------------------------------------------------------

    def state(self, token: str) -> FeedState | None:
        """The feed a token opens, with its version: one query. None for any unknown
        token, whether it never existed or was rotated away."""
        if not looks_like_token(token):
            return None
        with self.engine.connect() as connection:
            row = connection.execute(
                _STATE, {"token_hash": hash_token(token), "now": self.now()}
            ).first()
        if row is None:
            return None
        last_modified = row.last_modified or row.issued_at
        if row.last_expiry is not None:
            last_modified = max(last_modified, row.last_expiry)
        return FeedState(
            row.feed_kind, row.subject_id, row.version or 0, last_modified, row.last_expiry
        )

    def entries(self, feed_kind: str, subject_id: UUID) -> list[ics.FeedEntry]:
        """The feed's bookings: from 30 days back, every future one, cancelled ones for
        30 days after their cancellation."""
        params = {"feed_kind": feed_kind, "subject_id": subject_id, "now": self.now()}
        with self.engine.connect() as connection:
            return [ics.FeedEntry(*row) for row in connection.execute(_ENTRIES, params)]

    def booking(self, booking_id: UUID) -> tuple[UUID, ics.FeedEntry] | None:
        """One booking, with the member it belongs to (for the owner-or-host check)."""
        query = select(_booking.c.member_id, *_ENTRY_COLUMNS).where(
            _booking.c.booking_id == booking_id
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return (row[0], ics.FeedEntry(*row[1:])) if row else None

    def subject_name(self, feed_kind: str, subject_id: UUID) -> str | None:
        """The name a resource or site feed is shown with; None if there is no such one."""
        with self.sessions() as session:
            if feed_kind == "site":
                site = session.get(CalendarSiteRow, subject_id)
                return site.name if site else None
            resource = session.get(CalendarResourceRow, subject_id)
            if resource is None:
                return None
            site = session.get(CalendarSiteRow, resource.site_id)
            return f"{resource.name}, {site.name}" if site else resource.name

    def render(self, state: FeedState, base_url: str) -> bytes:
        key = state.etag(base_url)
        body = self.bodies.get(key)
        if body is None:
            body = self._render(state, base_url)
            self.bodies.put(key, body)
        return body

    def _render(self, state: FeedState, base_url: str) -> bytes:
        entries = self.entries(state.feed_kind, state.subject_id)
        if state.feed_kind == "member":
            return ics.member_calendar(entries, state.subject_id, base_url)
        name = self.subject_name(state.feed_kind, state.subject_id) or "grannskap"
        uid = ics.calendar_uid(state.feed_kind, state.subject_id)
        return ics.busy_calendar(f"grannskap: {name}", uid, entries)
