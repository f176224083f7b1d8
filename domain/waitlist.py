"""The waitlist of one site on one local day: who waits, in order, for which time.

A member refused a desk, a room or equipment for a time can join it, for that resource or
for any of a kind with the features they need. When something frees, the first in line for
whom it is free and who still fits the rules gets it (placed as an ordinary booking, in the
same save as the entry's ``Served``). An entry expires when its time starts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from domain.errors import Conflict, NotActive
from domain.ids import waitlist_id
from domain.time import Interval

MAX_WAITING_PER_MEMBER = 5  # at once, on one site's day


class AlreadyWaiting(Conflict):
    rule = "already-waiting"


@dataclass(frozen=True)
class Entry:
    id: UUID
    member_id: UUID
    resource_id: UUID | None
    kind: str
    features: tuple[str, ...]
    start: datetime
    end: datetime
    quantity: int
    joined_at: datetime
    status: str = "waiting"  # "waiting", "served", "expired" or "left"
    booking_id: UUID | None = None
    changed_at: datetime | None = None

    @property
    def interval(self) -> Interval:
        return Interval(self.start, self.end)

    def wants(self, resource_id: UUID, kind: str, features: list[str]) -> bool:
        """Whether a resource is what this entry waits for."""
        if self.resource_id is not None:
            return self.resource_id == resource_id
        return self.kind == kind and set(self.features) <= set(features)


class Waitlist(Aggregate):
    """The entries of one site's local day (id: uuid5 of site and day), in the order joined."""

    @staticmethod
    def create_id(site_id: UUID, day: str) -> UUID:
        return waitlist_id(site_id, date.fromisoformat(day))

    @classmethod
    def open(cls, site_id: UUID, day: date) -> Waitlist:
        return cls(site_id=site_id, day=day.isoformat())

    class Opened(Aggregate.Created):
        site_id: UUID
        day: str

    @event(Opened)
    def __init__(self, site_id: UUID, day: str) -> None:
        self.site_id = site_id
        self.day = day
        self.entries: dict[UUID, Entry] = {}

    def waiting(self) -> list[Entry]:
        """The entries still waiting, first in line first."""
        return [e for e in self.entries.values() if e.status == "waiting"]

    def entry(self, entry_id: UUID) -> Entry:
        found = self.entries.get(entry_id)
        if found is None:
            raise NotActive("no such waitlist entry", about="entry")
        return found

    # -- joining and leaving ------------------------------------------------------------

    def join(
        self,
        *,
        member_id: UUID,
        resource_id: UUID | None,
        kind: str,
        features: list[str],
        interval: Interval,
        quantity: int,
        now: datetime,
    ) -> UUID:
        """Puts the member last in line; the caller has checked that the request is one the
        rules would take if something were free. Waiting twice for the same is refused."""
        mine = [e for e in self.waiting() if e.member_id == member_id]
        for e in mine:
            if e.resource_id == resource_id and e.kind == kind and e.interval.overlaps(interval):
                raise AlreadyWaiting("you are already on the waitlist for that", about="start")
        if len(mine) >= MAX_WAITING_PER_MEMBER:
            raise AlreadyWaiting(
                f"you may wait for at most {MAX_WAITING_PER_MEMBER} things a day", about="member"
            )
        entry_id = uuid4()
        self._join(
            self.site_id,
            self.day,
            entry_id,
            member_id,
            resource_id,
            kind,
            sorted(features),
            interval.start,
            interval.end,
            quantity,
            now,
        )
        return entry_id

    class Joined(Aggregate.Event):
        site_id: UUID
        day: str
        entry_id: UUID
        member_id: UUID
        resource_id: UUID | None
        kind: str
        features: list[str]
        start: datetime
        end: datetime
        quantity: int
        at: datetime

    @event(Joined)
    def _join(
        self,
        site_id: UUID,
        day: str,
        entry_id: UUID,
        member_id: UUID,
        resource_id: UUID | None,
        kind: str,
        features: list[str],
        start: datetime,
        end: datetime,
        quantity: int,
        at: datetime,
    ) -> None:
        self.entries[entry_id] = Entry(
            entry_id, member_id, resource_id, kind, tuple(features), start, end, quantity, at
        )

    def leave(self, entry_id: UUID, now: datetime) -> None:
        if self.entry(entry_id).status != "waiting":
            raise NotActive("that entry is no longer waiting", about="entry")
        self._leave(entry_id, now)

    class Left(Aggregate.Event):
        entry_id: UUID
        at: datetime

    @event(Left)
    def _leave(self, entry_id: UUID, at: datetime) -> None:
        self.entries[entry_id] = replace(self.entries[entry_id], status="left", changed_at=at)

    # -- served or expired ------------------------------------------------------------

    def serve(self, entry_id: UUID, booking_id: UUID, now: datetime) -> None:
        """The entry got a booking (placed in the same save). The event a notice follows."""
        entry = self.entry(entry_id)
        if entry.status != "waiting":
            raise NotActive("that entry is no longer waiting", about="entry")
        self._serve(entry_id, entry.member_id, booking_id, now)

    class Served(Aggregate.Event):
        entry_id: UUID
        member_id: UUID
        booking_id: UUID
        at: datetime

    @event(Served)
    def _serve(self, entry_id: UUID, member_id: UUID, booking_id: UUID, at: datetime) -> None:
        self.entries[entry_id] = replace(
            self.entries[entry_id], status="served", booking_id=booking_id, changed_at=at
        )

    def expire(self, now: datetime) -> int:
        """Ends every waiting entry whose time has started; returns how many."""
        due = [e.id for e in self.waiting() if e.start <= now]
        for entry_id in due:
            self._expire(entry_id, now)
        return len(due)

    class Expired(Aggregate.Event):
        entry_id: UUID
        at: datetime

    @event(Expired)
    def _expire(self, entry_id: UUID, at: datetime) -> None:
        self.entries[entry_id] = replace(self.entries[entry_id], status="expired", changed_at=at)
