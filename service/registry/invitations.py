"""Invitation codes (a site's, with a number of uses and an expiry) and which sites allow
open sign-up."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from domain import limits
from service.registry.refusals import SignUpRefused
from service.registry.tables import InvitationRecord, SiteSignUpRecord

INVITATION_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


@dataclass(frozen=True)
class Invitation:
    code: str
    site_id: UUID
    created_at: datetime
    expires_at: datetime
    uses_left: int
    used: int


def new_invitation_code() -> str:
    raw = "".join(secrets.choice(INVITATION_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def normalise_code(code: str) -> str:
    """The code as stored (``ABCDE-FGHJK``); a text that cannot be a code (too long, or
    with control characters) becomes one that matches nothing."""
    if len(code) > 4 * limits.INVITATION_CODE or not limits.is_clean(code):
        return "-"
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    return f"{raw[:5]}-{raw[5:]}" if len(raw) == 10 else code.strip().upper()


class Invitations:
    """The invitations and open sign-up part of ``Accounts``."""

    sessions: sessionmaker[Session]

    def now(self) -> datetime:
        raise NotImplementedError

    @staticmethod
    def _use_invitation(s: Session, code: str) -> bool:
        result = s.execute(
            update(InvitationRecord)
            .where(InvitationRecord.code == code, InvitationRecord.uses_left > 0)
            .values(uses_left=InvitationRecord.uses_left - 1, used=InvitationRecord.used + 1)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def create_invitation(
        self, site_id: UUID, created_by: UUID, uses: int = 1, days: int = 30
    ) -> Invitation:
        if not 1 <= uses <= 500:
            raise SignUpRefused("invitation-uses", "uses")
        if not 1 <= days <= 365:
            raise SignUpRefused("invitation-days", "days")
        now = self.now()
        for _ in range(5):
            record = InvitationRecord(
                code=new_invitation_code(),
                site_id=site_id,
                created_by=created_by,
                created_at=now,
                expires_at=now + timedelta(days=days),
                uses_left=uses,
                used=0,
            )
            try:
                with self.sessions.begin() as s:
                    s.add(record)
                return self._invitation(record)
            except IntegrityError:
                continue
        raise RuntimeError("could not make a unique invitation code")

    def invitation(self, code: str) -> Invitation | None:
        with self.sessions() as s:
            record = s.get(InvitationRecord, normalise_code(code))
            return self._invitation(record) if record else None

    def invitations(self, site_id: UUID) -> list[Invitation]:
        with self.sessions() as s:
            records = s.scalars(
                select(InvitationRecord)
                .where(InvitationRecord.site_id == site_id)
                .order_by(InvitationRecord.created_at.desc())
                .limit(50)
            ).all()
            return [self._invitation(r) for r in records]

    def withdraw_invitation(self, site_id: UUID, code: str) -> None:
        with self.sessions.begin() as s:
            s.execute(
                update(InvitationRecord)
                .where(InvitationRecord.code == code, InvitationRecord.site_id == site_id)
                .values(uses_left=0)
            )

    @staticmethod
    def _invitation(r: InvitationRecord) -> Invitation:
        return Invitation(r.code, r.site_id, r.created_at, r.expires_at, r.uses_left, r.used)

    def open_sign_up(self, site_id: UUID) -> bool:
        with self.sessions() as s:
            record = s.get(SiteSignUpRecord, site_id)
            return bool(record and record.open_sign_up)

    def open_sign_up_sites(self) -> set[UUID]:
        with self.sessions() as s:
            return set(
                s.scalars(
                    select(SiteSignUpRecord.site_id).where(SiteSignUpRecord.open_sign_up.is_(True))
                )
            )

    def set_open_sign_up(self, site_id: UUID, open_: bool) -> None:
        with self.sessions.begin() as s:
            record = s.get(SiteSignUpRecord, site_id)
            if record is None:
                s.add(SiteSignUpRecord(site_id=site_id, open_sign_up=open_))
            else:
                record.open_sign_up = open_
