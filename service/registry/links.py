"""Single-use links sent by e-mail: a password reset (valid one hour) and the confirmation
of a new e-mail address (valid one day). The link holds a random token; only its hash is
kept, and using it marks it used in the same statement that checks it, so it works once."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.orm import sessionmaker

from service.registry.members import hash_token
from service.registry.tables import EmailChangeRecord, PasswordResetRecord

RESET_VALID = timedelta(hours=1)
EMAIL_VALID = timedelta(days=1)


@dataclass(frozen=True)
class EmailChange:
    member_id: UUID
    new_email: str


class Links:
    def __init__(self, engine: Engine, clock: Callable[[], datetime]) -> None:
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self.clock = clock

    def new_reset(self, member_id: UUID) -> str:
        """A new password-reset token; any earlier one of the member stops working."""
        token, now = secrets.token_urlsafe(32), self.clock()
        with self.sessions.begin() as s:
            s.execute(delete(PasswordResetRecord).where(PasswordResetRecord.member_id == member_id))
            s.add(
                PasswordResetRecord(
                    token_hash=hash_token(token),
                    member_id=member_id,
                    created_at=now,
                    expires_at=now + RESET_VALID,
                )
            )
        return token

    def reset_member(self, token: str) -> UUID | None:
        """The member a live reset token is for (without using it up)."""
        now = self.clock()
        with self.sessions() as s:
            return s.scalar(
                select(PasswordResetRecord.member_id).where(
                    PasswordResetRecord.token_hash == hash_token(token[:200]),
                    PasswordResetRecord.used_at.is_(None),
                    PasswordResetRecord.expires_at > now,
                )
            )

    def use_reset(self, token: str) -> UUID | None:
        """Uses the token up; returns its member, or None when it was not live."""
        member_id = self.reset_member(token)
        if member_id is None:
            return None
        with self.sessions.begin() as s:
            used = s.execute(
                update(PasswordResetRecord)
                .where(
                    PasswordResetRecord.token_hash == hash_token(token),
                    PasswordResetRecord.used_at.is_(None),
                )
                .values(used_at=self.clock())
            )
        return member_id if getattr(used, "rowcount", 0) else None

    def new_email_change(self, member_id: UUID, new_email: str) -> str:
        token, now = secrets.token_urlsafe(32), self.clock()
        with self.sessions.begin() as s:
            s.execute(delete(EmailChangeRecord).where(EmailChangeRecord.member_id == member_id))
            s.add(
                EmailChangeRecord(
                    token_hash=hash_token(token),
                    member_id=member_id,
                    new_email=new_email,
                    created_at=now,
                    expires_at=now + EMAIL_VALID,
                )
            )
        return token

    def use_email_change(self, token: str) -> EmailChange | None:
        now = self.clock()
        with self.sessions.begin() as s:
            record = s.scalar(
                select(EmailChangeRecord).where(
                    EmailChangeRecord.token_hash == hash_token(token[:200]),
                    EmailChangeRecord.used_at.is_(None),
                    EmailChangeRecord.expires_at > now,
                )
            )
            if record is None:
                return None
            used = s.execute(
                update(EmailChangeRecord)
                .where(
                    EmailChangeRecord.token_hash == record.token_hash,
                    EmailChangeRecord.used_at.is_(None),
                )
                .values(used_at=now)
            )
            if not getattr(used, "rowcount", 0):
                return None
            return EmailChange(record.member_id, record.new_email)

    def forget_member(self, member_id: UUID) -> None:
        with self.sessions.begin() as s:
            s.execute(delete(PasswordResetRecord).where(PasswordResetRecord.member_id == member_id))
            s.execute(delete(EmailChangeRecord).where(EmailChangeRecord.member_id == member_id))
