"""OpenID Connect sign-in's records: the sign-ins sent to the provider and not yet back
(single use, ten minutes), and who each person at a provider is here (issuer and subject to
a member)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from service.registry.members import rowcount
from service.registry.tables import OidcIdentityRecord, OidcPendingRecord

PENDING_FOR = timedelta(minutes=10)


@dataclass(frozen=True)
class Pending:
    nonce: str
    verifier: str
    next_path: str


def _hash(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest()


class OidcRecords:
    def __init__(self, engine: Engine, clock: Callable[[], datetime] | None = None) -> None:
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self.clock = clock or (lambda: datetime.now(UTC))

    def remember(self, state: str, pending: Pending) -> None:
        now = self.clock()
        with self.sessions.begin() as session:
            session.execute(delete(OidcPendingRecord).where(OidcPendingRecord.expires_at <= now))
            session.add(
                OidcPendingRecord(
                    state_hash=_hash(state),
                    nonce=pending.nonce,
                    verifier=pending.verifier,
                    next_path=pending.next_path,
                    expires_at=now + PENDING_FOR,
                )
            )

    def take(self, state: str) -> Pending | None:
        """The sign-in of this state, once: a second call (a replay) finds nothing, and
        so does one after ten minutes."""
        with self.sessions.begin() as session:
            record = session.get(OidcPendingRecord, _hash(state))
            if record is None:
                return None
            taken = session.execute(
                delete(OidcPendingRecord).where(OidcPendingRecord.state_hash == record.state_hash)
            )
            if not rowcount(taken) or record.expires_at <= self.clock():
                return None
            return Pending(record.nonce, record.verifier, record.next_path)

    def member_of(self, issuer: str, subject: str) -> UUID | None:
        with self.sessions.begin() as session:
            record = session.get(OidcIdentityRecord, (issuer, subject))
            if record is None:
                return None
            record.seen_at = self.clock()
            return record.member_id

    def link(self, issuer: str, subject: str, member_id: UUID) -> UUID:
        """Links the identity to the member; returns the member it is linked to (another
        one's, when a sign-in of the same person at the same time linked it first)."""
        now = self.clock()
        try:
            with self.sessions.begin() as session:
                session.add(
                    OidcIdentityRecord(
                        issuer=issuer,
                        subject=subject,
                        member_id=member_id,
                        created_at=now,
                        seen_at=now,
                    )
                )
        except IntegrityError:
            linked = self.member_of(issuer, subject)
            if linked is None:
                raise
            return linked
        return member_id

    def identities(self, member_id: UUID) -> list[tuple[str, str]]:
        with self.sessions() as session:
            rows = session.execute(
                select(OidcIdentityRecord.issuer, OidcIdentityRecord.subject).where(
                    OidcIdentityRecord.member_id == member_id
                )
            )
            return [(issuer, subject) for issuer, subject in rows]
