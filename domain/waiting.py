"""What one member waits for, across every site and day: the cap on open waitlist entries
is decided here. An entry is open from joining until it is left or served, or its time
starts (when the waitlist expires it)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import RuleViolation
from domain.ids import member_waits_id

MAX_OPEN_ENTRIES = 20


class WaitlistLimit(RuleViolation):
    rule = "waitlist-limit"


class MemberWaits(Aggregate):
    """The open waitlist entries of one member (id: uuid5 of the member id)."""

    @staticmethod
    def create_id(member_id: UUID) -> UUID:
        return member_waits_id(member_id)

    class Started(Aggregate.Created):
        member_id: UUID

    @event(Started)
    def __init__(self, member_id: UUID) -> None:
        self.member_id = member_id
        self.entries: dict[UUID, datetime] = {}  # entry id: when its time starts

    def open_entries(self, now: datetime) -> int:
        return sum(1 for start in self.entries.values() if start > now)

    def check_open_limit(self, now: datetime, limit: int = MAX_OPEN_ENTRIES) -> None:
        """A member waits for at most ``limit`` things at once."""
        if self.open_entries(now) >= limit:
            raise WaitlistLimit(
                f"you may wait for at most {limit} things at once: leave one first",
                about="member",
            )

    def wait(self, entry_id: UUID, start: datetime, now: datetime) -> None:
        self._wait(entry_id, start, now)

    class Waiting(Aggregate.Event):
        entry_id: UUID
        start: datetime
        at: datetime

    @event(Waiting)
    def _wait(self, entry_id: UUID, start: datetime, at: datetime) -> None:
        # Entries whose time has started are expired: forget them (depends on event data
        # only, so a replay gives the same state).
        for old in [e for e, s in self.entries.items() if s <= at]:
            del self.entries[old]
        self.entries[entry_id] = start

    def stop(self, entry_id: UUID, now: datetime) -> None:
        """The entry was left or served: it no longer counts."""
        if entry_id in self.entries:
            self._stop(entry_id, now)

    class Stopped(Aggregate.Event):
        entry_id: UUID
        at: datetime

    @event(Stopped)
    def _stop(self, entry_id: UUID, at: datetime) -> None:
        del self.entries[entry_id]
