"""The mail outbox: messages composed once and kept until they are sent, and how far the
outbox has read the event log.

Messages derived from events are added in the same transaction as the new position, and
that position only moves forward from where it was read (compare and set), so each event
gives its messages exactly once even when several processes follow the log. Delivery
claims one message at a time for a while; a process that dies after sending but before
marking it sent leaves it to be sent once more after the claim runs out, as the same bytes
with the same Message-ID."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import Engine, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from service.registry.tables import MailPositionRecord, OutboxRecord

CLAIM = timedelta(minutes=2)
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)
GIVE_UP_AFTER = 30  # attempts: about a day of trying at the longest pause


def rowcount(result: object) -> int:
    """How many rows a DELETE or UPDATE touched."""
    return int(getattr(result, "rowcount", 0))


@dataclass(frozen=True)
class Outgoing:
    """A composed message to add to the outbox."""

    id: str
    message_id: str
    kind: str
    recipient: str
    body: bytes
    not_before: datetime
    member_id: UUID | None = None
    booking_id: UUID | None = None


@dataclass(frozen=True)
class Due:
    id: str
    message_id: str
    kind: str
    recipient: str
    body: bytes
    attempts: int
    member_id: UUID | None
    booking_id: UUID | None


class PositionMoved(RuntimeError):
    """Another process recorded messages for these events first."""


def retry_pause(attempts: int) -> timedelta:
    """30 s after the first failure, doubling each time, at most an hour."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


class Outbox:
    def __init__(self, engine: Engine, clock: Callable[[], datetime], name: str = "grannskap"):
        self.engine = engine
        self.clock = clock
        self.name = name
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    # -- reading the log ------------------------------------------------------------------

    def position(self) -> int:
        with self.sessions() as s:
            return int(
                s.scalar(
                    select(MailPositionRecord.notification_id).where(
                        MailPositionRecord.name == self.name
                    )
                )
                or 0
            )

    def record(self, messages: Sequence[Outgoing], read_from: int, reached: int) -> None:
        """Adds the messages of the events after ``read_from`` up to ``reached``, and moves
        the position there, in one transaction; ``PositionMoved`` if it was not at
        ``read_from`` any more."""
        now = self.clock()
        with self.sessions.begin() as s:
            if read_from == 0 and s.get(MailPositionRecord, self.name) is None:
                try:
                    with s.begin_nested():
                        s.add(MailPositionRecord(name=self.name, notification_id=reached))
                except IntegrityError:
                    raise PositionMoved from None
            else:
                moved = s.execute(
                    update(MailPositionRecord)
                    .where(
                        MailPositionRecord.name == self.name,
                        MailPositionRecord.notification_id == read_from,
                    )
                    .values(notification_id=reached)
                )
                if not rowcount(moved):
                    raise PositionMoved
            self._add(s, messages, now)

    def add(self, messages: Sequence[Outgoing]) -> None:
        """Adds messages that no event stands behind (password resets, invitations)."""
        with self.sessions.begin() as s:
            self._add(s, messages, self.clock())

    @staticmethod
    def _add(s: Session, messages: Sequence[Outgoing], now: datetime) -> None:
        if not messages:
            return
        rows = [
            {
                "id": m.id,
                "message_id": m.message_id,
                "kind": m.kind,
                "member_id": m.member_id,
                "booking_id": m.booking_id,
                "recipient": m.recipient,
                "body": m.body,
                "created_at": now,
                "not_before": m.not_before,
                "next_attempt_at": m.not_before,
                "attempts": 0,
            }
            for m in messages
        ]
        s.execute(insert(OutboxRecord), rows)

    # -- delivering -----------------------------------------------------------------------

    def due(self, limit: int = 20) -> list[Due]:
        """Messages whose time has come and that nobody is delivering now."""
        now = self.clock()
        with self.sessions() as s:
            records = s.scalars(
                select(OutboxRecord)
                .where(
                    OutboxRecord.sent_at.is_(None),
                    OutboxRecord.failed_at.is_(None),
                    OutboxRecord.next_attempt_at <= now,
                    or_(OutboxRecord.claimed_until.is_(None), OutboxRecord.claimed_until < now),
                )
                .order_by(OutboxRecord.next_attempt_at, OutboxRecord.id)
                .limit(limit)
            ).all()
            return [
                Due(
                    r.id,
                    r.message_id,
                    r.kind,
                    r.recipient,
                    r.body,
                    r.attempts,
                    r.member_id,
                    r.booking_id,
                )
                for r in records
            ]

    def claim(self, message: Due) -> bool:
        """Takes the message for delivery for a while; False if another process has it."""
        now = self.clock()
        with self.sessions.begin() as s:
            claimed = s.execute(
                update(OutboxRecord)
                .where(
                    OutboxRecord.id == message.id,
                    OutboxRecord.sent_at.is_(None),
                    or_(OutboxRecord.claimed_until.is_(None), OutboxRecord.claimed_until < now),
                )
                .values(claimed_until=now + CLAIM)
            )
            return bool(rowcount(claimed))

    def composed(self, message: Due, body: bytes, member_id: UUID | None = None) -> None:
        """Keeps a message composed when it fell due (a reminder, a password reset)."""
        values: dict[str, object] = {"body": body}
        if member_id is not None:
            values["member_id"] = member_id
        with self.sessions.begin() as s:
            s.execute(update(OutboxRecord).where(OutboxRecord.id == message.id).values(**values))

    def uncomposed(self, kind: str, limit: int) -> list[Due]:
        """Messages of ``kind`` not composed yet and not sent (password-reset requests)."""
        with self.sessions() as s:
            records = s.scalars(
                select(OutboxRecord)
                .where(
                    OutboxRecord.kind == kind,
                    OutboxRecord.body == b"",
                    OutboxRecord.sent_at.is_(None),
                    OutboxRecord.failed_at.is_(None),
                )
                .order_by(OutboxRecord.created_at, OutboxRecord.id)
                .limit(limit)
            ).all()
            return [
                Due(r.id, r.message_id, r.kind, r.recipient, r.body, r.attempts, None, None)
                for r in records
            ]

    def delete(self, message_id: str) -> None:
        """Deletes one message (a reset request for an address nobody has)."""
        with self.sessions.begin() as s:
            s.execute(delete(OutboxRecord).where(OutboxRecord.id == message_id))

    def sent(self, message: Due) -> None:
        with self.sessions.begin() as s:
            s.execute(
                update(OutboxRecord)
                .where(OutboxRecord.id == message.id)
                .values(sent_at=self.clock(), claimed_until=None, attempts=message.attempts + 1)
            )

    def dropped(self, message: Due, why: str) -> None:
        """Not to be sent after all (a reminder of a booking since cancelled)."""
        with self.sessions.begin() as s:
            s.execute(
                update(OutboxRecord)
                .where(OutboxRecord.id == message.id)
                .values(failed_at=self.clock(), claimed_until=None, last_error=why[:1000])
            )

    def failed(self, message: Due, error: str) -> None:
        """Tried again later, after a pause that doubles each time; given up at last."""
        now = self.clock()
        attempts = message.attempts + 1
        values: dict[str, object] = {
            "attempts": attempts,
            "claimed_until": None,
            "last_error": error[:1000],
            "next_attempt_at": now + retry_pause(attempts),
        }
        if attempts >= GIVE_UP_AFTER:
            values["failed_at"] = now
        with self.sessions.begin() as s:
            s.execute(update(OutboxRecord).where(OutboxRecord.id == message.id).values(**values))

    # -- what is held -----------------------------------------------------------------------

    def message_ids_of(self, member_id: UUID, email: str) -> list[str]:
        """The ids of every message to or about the member (what a folder names them by)."""
        with self.sessions() as s:
            return list(
                s.scalars(
                    select(OutboxRecord.id).where(
                        or_(OutboxRecord.member_id == member_id, OutboxRecord.recipient == email)
                    )
                )
            )

    def forget_member(self, member_id: UUID, email: str) -> None:
        """Deletes every message to or about the member (erasure)."""
        with self.sessions.begin() as s:
            s.execute(
                delete(OutboxRecord).where(
                    or_(OutboxRecord.member_id == member_id, OutboxRecord.recipient == email)
                )
            )

    def purge_sent(self, before: datetime) -> int:
        """Deletes messages sent (or given up) before ``before``."""
        with self.sessions.begin() as s:
            result = s.execute(
                delete(OutboxRecord).where(
                    or_(OutboxRecord.sent_at < before, OutboxRecord.failed_at < before)
                )
            )
            return rowcount(result)

    def pending(self) -> int:
        with self.sessions() as s:
            return len(
                s.scalars(
                    select(OutboxRecord.id).where(
                        OutboxRecord.sent_at.is_(None), OutboxRecord.failed_at.is_(None)
                    )
                ).all()
            )
