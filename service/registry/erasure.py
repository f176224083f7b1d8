"""Erasure: every record that names a person, deleted in one transaction. What stays is
the event history, which refers to the member only by a pseudonymous id (and so the
evaluators' reports, which never named anyone, are unchanged)."""

from __future__ import annotations

import time
from uuid import UUID

from sqlalchemy import Engine, delete, or_, text, update

from service.registry.tables import (
    AccountRecord,
    ApiTokenRecord,
    CalendarFeedRecord,
    CalendarLinkRecord,
    EmailChangeRecord,
    FailureRecord,
    InvitationRecord,
    MemberRecord,
    OidcIdentityRecord,
    OutboxRecord,
    PasswordResetRecord,
    PresenceRecord,
    SessionRecord,
    SiteAssignmentRecord,
)

CHECKPOINT_TRIES = 20


def stop_access(engine: Engine, member_id: UUID) -> None:
    """Revokes every API token, calendar feed token and live link of the member, signs out
    every browser, unlinks their identities at the municipality's sign-in (OIDC) and
    withdraws the invitation codes they made: the first step of an erasure, so that nothing
    new is started for them while the rest is ended."""
    with engine.begin() as c:
        c.execute(delete(OidcIdentityRecord).where(OidcIdentityRecord.member_id == member_id))
        c.execute(delete(ApiTokenRecord).where(ApiTokenRecord.member_id == member_id))
        c.execute(delete(SessionRecord).where(SessionRecord.member_id == member_id))
        c.execute(
            delete(CalendarFeedRecord).where(
                CalendarFeedRecord.feed_kind == "member", CalendarFeedRecord.subject_id == member_id
            )
        )
        c.execute(delete(CalendarLinkRecord).where(CalendarLinkRecord.member_id == member_id))
        c.execute(delete(PresenceRecord).where(PresenceRecord.member_id == member_id))
        c.execute(delete(PasswordResetRecord).where(PasswordResetRecord.member_id == member_id))
        c.execute(delete(EmailChangeRecord).where(EmailChangeRecord.member_id == member_id))
        c.execute(
            update(InvitationRecord)
            .where(InvitationRecord.created_by == member_id)
            .values(uses_left=0)
        )


def erase_records(engine: Engine, member_id: UUID, email: str) -> None:
    """Deletes the member's name, e-mail address, password hash, API tokens, calendar feed
    token and named links, sessions, sign-in failure records, links and messages, the
    who's-in choice, the sites they host or evaluate and their OIDC identities, in one
    transaction."""
    with engine.begin() as c:
        c.execute(delete(OidcIdentityRecord).where(OidcIdentityRecord.member_id == member_id))
        c.execute(delete(SiteAssignmentRecord).where(SiteAssignmentRecord.member_id == member_id))
        c.execute(delete(ApiTokenRecord).where(ApiTokenRecord.member_id == member_id))
        c.execute(delete(SessionRecord).where(SessionRecord.member_id == member_id))
        c.execute(
            delete(CalendarFeedRecord).where(
                CalendarFeedRecord.feed_kind == "member", CalendarFeedRecord.subject_id == member_id
            )
        )
        c.execute(delete(CalendarLinkRecord).where(CalendarLinkRecord.member_id == member_id))
        c.execute(delete(PresenceRecord).where(PresenceRecord.member_id == member_id))
        c.execute(
            delete(FailureRecord).where(
                FailureRecord.key.in_([f"email:{email}", f"reset-email:{email}"])
            )
        )
        c.execute(delete(PasswordResetRecord).where(PasswordResetRecord.member_id == member_id))
        c.execute(delete(EmailChangeRecord).where(EmailChangeRecord.member_id == member_id))
        c.execute(
            delete(OutboxRecord).where(
                or_(OutboxRecord.member_id == member_id, OutboxRecord.recipient == email)
            )
        )
        c.execute(delete(AccountRecord).where(AccountRecord.member_id == member_id))
        c.execute(delete(MemberRecord).where(MemberRecord.id == member_id))


def scrub_storage(engine: Engine) -> None:
    """After an erasure on SQLite: the WAL, which still holds the pages as they were before
    the deletes, is written into the database and truncated (tried again while a reader
    holds it back). Deleted rows are overwritten as they are deleted (``secure_delete``,
    set on every connection by ``projections.db.make_engine``). PostgreSQL needs nothing
    here: a deleted row's space is reused by autovacuum, and no table holds it readably."""
    if engine.dialect.name != "sqlite":
        return
    for _ in range(CHECKPOINT_TRIES):
        with engine.connect() as c:
            busy = c.execute(text("PRAGMA wal_checkpoint(TRUNCATE)")).first()
        if busy is None or not busy[0]:
            return
        time.sleep(0.05)
