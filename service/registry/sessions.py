"""Browser sessions: a new token at every sign-in, kept only as a hash, sliding expiry
(touched at most every ten minutes), ended one by one or all at once."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from service.registry.members import Member, MemberRegistry
from service.registry.tables import SessionRecord

SESSION_DAYS = 14
SESSION_TOUCH = timedelta(minutes=10)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class BrowserSessions:
    """The sessions part of ``Accounts``."""

    sessions: sessionmaker[Session]
    members: MemberRegistry

    def now(self) -> datetime:
        raise NotImplementedError

    def end_sessions(self, member_id: UUID) -> None:
        with self.sessions.begin() as s:
            s.execute(delete(SessionRecord).where(SessionRecord.member_id == member_id))

    def start_session(self, member_id: UUID) -> str:
        """A new session (a new token every sign-in, so none can be planted beforehand)."""
        token = secrets.token_urlsafe(32)
        now = self.now()
        with self.sessions.begin() as s:
            s.add(
                SessionRecord(
                    token_hash=token_hash(token),
                    member_id=member_id,
                    created_at=now,
                    seen_at=now,
                    expires_at=now + timedelta(days=SESSION_DAYS),
                )
            )
            s.execute(delete(SessionRecord).where(SessionRecord.expires_at < now))
        return token

    def session_member(self, token: str) -> Member | None:
        now = self.now()
        with self.sessions() as s:
            record = s.get(SessionRecord, token_hash(token))
            if record is None or record.expires_at <= now:
                return None
            member_id, seen_at = record.member_id, record.seen_at
        if now - seen_at > SESSION_TOUCH:
            with self.sessions.begin() as s:
                s.execute(
                    update(SessionRecord)
                    .where(SessionRecord.token_hash == token_hash(token))
                    .values(seen_at=now, expires_at=now + timedelta(days=SESSION_DAYS))
                )
        return self.members.get(member_id)

    def end_session(self, token: str) -> None:
        with self.sessions.begin() as s:
            s.execute(delete(SessionRecord).where(SessionRecord.token_hash == token_hash(token)))

    def session_count(self, member_id: UUID) -> int:
        with self.sessions() as s:
            return len(
                s.scalars(
                    select(SessionRecord.token_hash).where(
                        SessionRecord.member_id == member_id,
                        SessionRecord.expires_at > self.now(),
                    )
                ).all()
            )
