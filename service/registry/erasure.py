"""Erasure: every record that names a person, deleted in one transaction. What stays is
the event history, which refers to the member only by a pseudonymous id (and so the
evaluators' reports, which never named anyone, are unchanged)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Engine, delete, or_

from service.registry.tables import (
    AccountRecord,
    ApiTokenRecord,
    CalendarFeedRecord,
    EmailChangeRecord,
    FailureRecord,
    MemberRecord,
    OutboxRecord,
    PasswordResetRecord,
    SessionRecord,
)


def stop_access(engine: Engine, member_id: UUID) -> None:
    """Revokes every API token and signs out every browser of the member: the first step
    of an erasure, so that nothing new is booked while their bookings are cancelled."""
    with engine.begin() as c:
        c.execute(delete(ApiTokenRecord).where(ApiTokenRecord.member_id == member_id))
        c.execute(delete(SessionRecord).where(SessionRecord.member_id == member_id))


def erase_records(engine: Engine, member_id: UUID, email: str) -> None:
    """Deletes the member's name, e-mail address, password hash, API tokens, calendar feed
    token, sessions, sign-in failure records, links and messages."""
    with engine.begin() as c:
        c.execute(delete(ApiTokenRecord).where(ApiTokenRecord.member_id == member_id))
        c.execute(delete(SessionRecord).where(SessionRecord.member_id == member_id))
        c.execute(
            delete(CalendarFeedRecord).where(
                CalendarFeedRecord.feed_kind == "member", CalendarFeedRecord.subject_id == member_id
            )
        )
        c.execute(delete(FailureRecord).where(FailureRecord.key == f"email:{email}"))
        c.execute(delete(PasswordResetRecord).where(PasswordResetRecord.member_id == member_id))
        c.execute(delete(EmailChangeRecord).where(EmailChangeRecord.member_id == member_id))
        c.execute(
            delete(OutboxRecord).where(
                or_(OutboxRecord.member_id == member_id, OutboxRecord.recipient == email)
            )
        )
        c.execute(delete(AccountRecord).where(AccountRecord.member_id == member_id))
        c.execute(delete(MemberRecord).where(MemberRecord.id == member_id))
