"""Secret calendar feed tokens.

A feed URL ends in a token of 192 random bits (``secrets.token_urlsafe(24)``). Only its
SHA-256 is stored, so the URL can be shown once, when it is issued, and never again: a
member or host who has lost it issues a new one (rotation), which stops the old one at
once. There is at most one live token per feed (a member's bookings, a resource, a site).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import Engine, and_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from service.registry.members import hash_token
from service.registry.tables import AccountRecord, CalendarFeedRecord

TOKEN_BYTES = 24


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
            return None
        feed_kind, subject_id, issued_at, language = row
        return FeedKey(feed_kind, subject_id, issued_at, language or "sv")

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


def _record(feed_kind: str, subject_id: UUID, token: str, now: datetime) -> CalendarFeedRecord:
    return CalendarFeedRecord(
        feed_kind=feed_kind, subject_id=subject_id, token_hash=hash_token(token), issued_at=now
    )
