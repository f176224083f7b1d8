"""Retention: personal data kept only as long as it is needed. Sign-in failure records
(they hold an e-mail address or a client address) go after the set number of days (the
throttle only looks back minutes); used or expired password-reset and e-mail links after a
day; messages sent (or given up) from the outbox after 30 days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, or_

from service.registry.tables import (
    EmailChangeRecord,
    FailureRecord,
    OutboxRecord,
    PasswordResetRecord,
    SessionRecord,
)

LINKS_KEPT = timedelta(days=1)
MAIL_KEPT = timedelta(days=30)


@dataclass(frozen=True)
class Purged:
    sign_in_failures: int
    sessions: int
    links: int
    messages: int


def _count(result: object) -> int:
    return int(getattr(result, "rowcount", 0))


def purge(engine: Engine, now: datetime, sign_in_days: int) -> Purged:
    with engine.begin() as c:
        failures = c.execute(
            delete(FailureRecord).where(FailureRecord.last_at < now - timedelta(days=sign_in_days))
        )
        sessions = c.execute(delete(SessionRecord).where(SessionRecord.expires_at < now))
        links = _count(
            c.execute(
                delete(PasswordResetRecord).where(PasswordResetRecord.expires_at < now - LINKS_KEPT)
            )
        ) + _count(
            c.execute(
                delete(EmailChangeRecord).where(EmailChangeRecord.expires_at < now - LINKS_KEPT)
            )
        )
        messages = c.execute(
            delete(OutboxRecord).where(
                or_(
                    OutboxRecord.sent_at < now - MAIL_KEPT, OutboxRecord.failed_at < now - MAIL_KEPT
                )
            )
        )
    return Purged(_count(failures), _count(sessions), links, _count(messages))
