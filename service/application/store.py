"""The event store as the use cases see it: eventsourcing's ``Application`` with typed
loading, saving that reports the log position, and a bounded retry on lost races.

Every use case loads the aggregates it touches, lets the domain decide, and saves them in
one ``save()`` call. Optimistic concurrency does the rest: if another command moved one of
them meanwhile, the save fails with ``IntegrityError`` and the command is tried again on
fresh state (a bounded number of times, after a short random pause).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from copy import deepcopy
from datetime import UTC, date, datetime, timedelta
from datetime import time as time_of_day
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from domain.booking import Booking
from domain.resource import Resource
from domain.site import Site
from service.application.errors import Busy, NotFound

A = TypeVar("A", bound=Aggregate)
T = TypeVar("T")
RETRIES = 16
BACKOFF = 0.002  # seconds before the first retry (at most), doubled after each lost race
MAX_BACKOFF = 0.1
LOAD_LOCKS = 64


class Grannskap(Application[UUID]):
    name = "grannskap"
    # No snapshots: the aggregates' state (UUID-keyed dicts, OpeningHours, BookingPolicy)
    # does not survive the JSON transcoder, so taking one failed the command that had just
    # been saved. Aggregates stay small per day or are kept warm in the aggregate cache.

    def __init__(
        self, env: dict[str, str] | None = None, clock: Callable[[], datetime] | None = None
    ):
        super().__init__(env)
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now(UTC))
        self.after_write: list[Callable[[int], None]] = []
        self._load_locks = [threading.Lock() for _ in range(LOAD_LOCKS)]

    @property
    def position(self) -> int:
        """The id of the last notification in the store's log."""
        return self.recorder.max_notification_id() or 0

    def written_after(self, position: int) -> datetime | None:
        """When the first event after log position ``position`` was recorded (its domain
        event's timestamp), or None when the log ends there."""
        found = self.recorder.select_notifications(position, 1, inclusive_of_start=False)
        if not found:
            return None
        stamp = getattr(self.mapper.to_domain_event(found[0]), "timestamp", None)
        return stamp if isinstance(stamp, datetime) else None

    def save_all(self, *aggregates: Aggregate) -> int:
        """Saves the aggregates' new events atomically; returns the log position to wait
        for (the current one when nothing changed, so repeating a change is harmless)."""
        recordings = self.save(*aggregates)
        if not recordings:
            return self.position
        position = max(r.notification.id for r in recordings)
        for hook in self.after_write:
            hook(position)
        return position

    def load(self, cls: type[A], aggregate_id: UUID, what: str, for_change: bool = True) -> A:
        """The aggregate, or ``NotFound(what)``. Only one loaded ``for_change`` is a copy
        of the cached one; others are the shared cached instance, to be read only."""
        try:
            aggregate = self._load(aggregate_id, for_change)
        except AggregateNotFoundError:
            raise NotFound(what) from None
        if not isinstance(aggregate, cls):
            raise NotFound(what)
        return aggregate

    def load_or_none(self, cls: type[A], aggregate_id: UUID) -> A | None:
        try:
            aggregate = self._load(aggregate_id, True)
        except AggregateNotFoundError:
            return None
        return aggregate if isinstance(aggregate, cls) else None

    def _load(self, aggregate_id: UUID, for_change: bool) -> Any:
        """``repository.get``, one thread at a time per aggregate. eventsourcing 9.5.6
        fast-forwards the cached aggregate under a lock but deep-copies it after releasing
        that lock, so a copy could be taken while another thread was advancing the same
        object ("dictionary changed size during iteration", or a torn copy)."""
        with self._load_locks[aggregate_id.int % LOAD_LOCKS]:
            aggregate: Any = self.repository.get(aggregate_id, deepcopy_from_cache=False)
            if for_change and self.repository.cache is not None:
                aggregate = copy_aggregate(aggregate)
            return aggregate

    # Shared instances of the current state, to be read, never changed.

    def site(self, site_id: UUID) -> Site:
        return self.load(Site, site_id, "site", for_change=False)

    def resource(self, resource_id: UUID) -> Resource:
        return self.load(Resource, resource_id, "resource", for_change=False)

    def booking(self, booking_id: UUID) -> Booking:
        return self.load(Booking, booking_id, "booking", for_change=False)


_SHARED = (str, int, float, bool, bytes, UUID, datetime, date, time_of_day, timedelta, Decimal)


def _copied(value: Any, memo: dict[int, Any]) -> Any:
    kind = type(value)
    if value is None or kind in _SHARED or isinstance(value, Enum):
        return value
    if kind is dict:
        return {key: _copied(item, memo) for key, item in value.items()}
    if kind is tuple:
        return tuple(_copied(item, memo) for item in value)
    if kind is list:
        return [_copied(item, memo) for item in value]
    if kind is set:
        return set(value)  # members are hashable, hence not changed in place here
    return deepcopy(value, memo)


def copy_aggregate(aggregate: A) -> A:
    """A copy of a cached aggregate for a command to change: what ``copy.deepcopy`` makes,
    for a fraction of its cost. Values that cannot change (strings, numbers, UUIDs, dates
    and times, enums) are shared; dicts, lists and tuples are copied item by item; any
    other object is deep-copied. ``deepcopy`` spent most of its time on the holds of a
    resource's or member's day, which are dicts of tuples of such values."""
    memo: dict[int, Any] = {}
    twin = object.__new__(type(aggregate))
    twin.__dict__.update({k: _copied(v, memo) for k, v in aggregate.__dict__.items()})
    return twin


def retrying(command: Callable[[], T]) -> T:
    """Runs ``command`` again on fresh state while another command wins the race for the
    same aggregates, after a random pause that grows with each lost race (so that the
    losers of one race do not all meet again in the next); ``Busy`` when it never wins."""
    for attempt in range(RETRIES):
        try:
            return command()
        except IntegrityError:
            if attempt + 1 < RETRIES:
                time.sleep(random.uniform(0, min(MAX_BACKOFF, BACKOFF * 2**attempt)))
    raise Busy("too many concurrent changes, try again")
