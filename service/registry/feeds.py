"""Secret calendar feed tokens.

A feed URL ends in a token of 192 random bits (``secrets.token_urlsafe(24)``). Only its
SHA-256 is stored, so the URL can be shown once, when it is issued, and never again: a
member or host who has lost it issues a new one (rotation), which stops the old one at
once. There is at most one live token per feed (a member's bookings, a resource, a site).

A member may also hold named links to their feed (``calendar_link``: a phone, a laptop),
each revoked or renewed on its own; the first link above keeps working beside them.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy import Engine, and_, delete, literal, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from service.registry.members import hash_token
from service.registry.tables import AccountRecord, CalendarFeedRecord, CalendarLinkRecord

TOKEN_BYTES = 24
MAX_LINKS = 10  # named calendar links per member


@dataclass(frozen=True)
class Link:
    """A member's named calendar link (its URL is known only when it is issued)."""

    id: UUID | None  # None: the member's first link (``calendar_feed``)
    name: str
    issued_at: datetime
    mark: str  # which URL it is now (a prefix of its hash): a renewal changes it


@dataclass(frozen=True)
class Issued:
    """A feed token, and whether it was issued now (only then is ``token`` known)."""

    feed_kind: str
    subject_id: UUID
    issued_at: datetime
    token: str | None


@dataclass(frozen=True)
class FeedKey:
    feed_kind: str
    subject_id: UUID
    issued_at: datetime
    language: str = "sv"  # a member feed's: the member's; Swedish otherwise


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def looks_like_token(token: str) -> bool:
    return len(token) == 32 and token.isascii() and all(c.isalnum() or c in "-_" for c in token)


class FeedTokens:
    def __init__(self, engine: Engine, now: Callable[[], datetime]) -> None:
        self.engine = engine
        self.now = now
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    def lookup(self, token: str) -> FeedKey | None:
        """The feed a token opens; None for any unknown token, whether it never existed or
        was rotated away. One indexed query, and none for what cannot be a token."""
        if not looks_like_token(token):
            return None
        with self.engine.connect() as connection:
            row = connection.execute(
                select(
                    CalendarFeedRecord.feed_kind,
                    CalendarFeedRecord.subject_id,
                    CalendarFeedRecord.issued_at,
                    AccountRecord.language,
                )
                .outerjoin(
                    AccountRecord,
                    and_(
                        CalendarFeedRecord.feed_kind == "member",
                        AccountRecord.member_id == CalendarFeedRecord.subject_id,
                    ),
                )
                .where(CalendarFeedRecord.token_hash == hash_token(token))
            ).first()
            if row is None:
                row = connection.execute(
                    select(
                        literal("member"),
                        CalendarLinkRecord.member_id,
                        CalendarLinkRecord.issued_at,
                        AccountRecord.language,
                    )
                    .outerjoin(
                        AccountRecord, AccountRecord.member_id == CalendarLinkRecord.member_id
                    )
                    .where(CalendarLinkRecord.token_hash == hash_token(token))
                ).first()
        if row is None:
            return None
        feed_kind, subject_id, issued_at, language = row
        return FeedKey(feed_kind, subject_id, issued_at, language or "sv")

    # -- a member's named links -------------------------------------------------------

    def links(self, member_id: UUID) -> list[Link]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(
                    CalendarLinkRecord.id,
                    CalendarLinkRecord.name,
                    CalendarLinkRecord.issued_at,
                    CalendarLinkRecord.token_hash,
                )
                .where(CalendarLinkRecord.member_id == member_id)
                .order_by(CalendarLinkRecord.name, CalendarLinkRecord.id)
            )
            return [Link(i, name, at, _mark(hashed)) for i, name, at, hashed in rows]

    def first_link(self, member_id: UUID, name: str) -> Link | None:
        """The member's first link (``calendar_feed``), under the name given."""
        with self.sessions() as session:
            record = session.get(CalendarFeedRecord, ("member", member_id))
            return Link(None, name, record.issued_at, _mark(record.token_hash)) if record else None

    def add_link(self, member_id: UUID, name: str) -> Issued | None:
        """A new named link; None when the member already has one of that name (so that
        sending the same form again makes no second link) or has ``MAX_LINKS``."""
        token, now = new_token(), self.now()
        with self.sessions.begin() as session:
            names = session.scalars(
                select(CalendarLinkRecord.name).where(CalendarLinkRecord.member_id == member_id)
            ).all()
            if name.casefold() in (n.casefold() for n in names) or len(names) >= MAX_LINKS:
                return None
            session.add(
                CalendarLinkRecord(
                    id=uuid4(),
                    member_id=member_id,
                    name=name,
                    token_hash=hash_token(token),
                    issued_at=now,
                )
            )
        return Issued("member", member_id, now, token)

    def rotate_link(self, member_id: UUID, link_id: UUID, seen: str) -> Issued | None:
        """A new URL for one named link, if it is still the one ``seen`` (its mark when the
        confirmation was shown): sending the same confirmation again renews nothing.
        None: no such link, or renewed since."""
        token, now = new_token(), self.now()
        with self.sessions.begin() as session:
            record = session.get(CalendarLinkRecord, link_id)
            if record is None or record.member_id != member_id or _mark(record.token_hash) != seen:
                return None
            record.token_hash = hash_token(token)
            record.issued_at = now
        return Issued("member", member_id, now, token)

    def rotate_seen(self, feed_kind: str, subject_id: UUID, seen: str) -> Issued | None:
        """Like :meth:`rotate`, only if the feed's token is still the one ``seen`` (its
        mark; "" for none yet): a confirmation sent again renews nothing."""
        with self.sessions() as session:
            record = session.get(CalendarFeedRecord, (feed_kind, subject_id))
            current = _mark(record.token_hash) if record else ""
        if current != seen:
            return None
        return self.rotate(feed_kind, subject_id)

    def revoke_link(self, member_id: UUID, link_id: UUID) -> bool:
        with self.engine.begin() as connection:
            gone = connection.execute(
                delete(CalendarLinkRecord).where(
                    CalendarLinkRecord.id == link_id, CalendarLinkRecord.member_id == member_id
                )
            )
        return bool(gone.rowcount)

    def revoke(self, feed_kind: str, subject_id: UUID) -> bool:
        """Stops the feed's (first) token."""
        with self.engine.begin() as connection:
            gone = connection.execute(
                delete(CalendarFeedRecord).where(
                    CalendarFeedRecord.feed_kind == feed_kind,
                    CalendarFeedRecord.subject_id == subject_id,
                )
            )
        return bool(gone.rowcount)

    def issued_at(self, feed_kind: str, subject_id: UUID) -> datetime | None:
        with self.sessions() as session:
            record = session.get(CalendarFeedRecord, (feed_kind, subject_id))
            return record.issued_at if record else None

    def issue_if_none(self, feed_kind: str, subject_id: UUID) -> Issued:
        """Issues the feed's first token; when it has one, says when it was issued."""
        issued_at = self.issued_at(feed_kind, subject_id)
        if issued_at is not None:
            return Issued(feed_kind, subject_id, issued_at, None)
        token, now = new_token(), self.now()
        try:
            with self.sessions.begin() as session:
                session.add(_record(feed_kind, subject_id, token, now))
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
                        session.add(_record(feed_kind, subject_id, token, now))
                    else:
                        record.token_hash = hash_token(token)
                        record.issued_at = now
                return Issued(feed_kind, subject_id, now, token)
            except IntegrityError:  # a concurrent first issue: it is there now, update it
                continue
        raise RuntimeError("could not rotate the calendar feed token")


def _mark(token_hash: str) -> str:
    return token_hash[:16]


def _record(feed_kind: str, subject_id: UUID, token: str, now: datetime) -> CalendarFeedRecord:
    return CalendarFeedRecord(
        feed_kind=feed_kind, subject_id=subject_id, token_hash=hash_token(token), issued_at=now
    )
