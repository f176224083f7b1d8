"""The day ledger of one resource: the single place that decides whether it is free.

"A desk cannot be booked twice" is :meth:`ResourceDay.check_free`: a desk or room has a
capacity of one, so no two active holds may overlap; a pool of equipment may never be lent
beyond its quantity at any instant.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.capacity import peak
from domain.errors import SlotTaken
from domain.ids import resource_day_id
from domain.time import Interval


class ResourceDay(Aggregate):
    """The holds on one resource during one local day (id: uuid5 of resource and day)."""

    @staticmethod
    def create_id(resource_id: UUID, day: str) -> UUID:
        return resource_day_id(resource_id, date.fromisoformat(day))

    @classmethod
    def open(cls, resource_id: UUID, day: date) -> ResourceDay:
        return cls(resource_id=resource_id, day=day.isoformat())

    class Opened(Aggregate.Created):
        resource_id: UUID
        day: str

    @event(Opened)
    def __init__(self, resource_id: UUID, day: str) -> None:
        self.resource_id = resource_id
        self.day = day
        self.holds: dict[UUID, tuple[datetime, datetime, int]] = {}

    def in_use(self, interval: Interval) -> int:
        """The most items held at any instant of ``interval``."""
        return peak(self.holds.values(), within=interval)

    def check_free(self, interval: Interval, quantity: int, capacity: int) -> None:
        if self.in_use(interval) + quantity > capacity:
            if capacity == 1:
                raise SlotTaken("the resource is already booked at that time", about="start")
            raise SlotTaken("not enough items are free at that time", about="quantity")

    def hold(self, booking_id: UUID, interval: Interval, quantity: int, capacity: int) -> None:
        self.check_free(interval, quantity, capacity)
        self._hold(booking_id, interval.start, interval.end, quantity)

    class Held(Aggregate.Event):
        booking_id: UUID
        start: datetime
        end: datetime
        quantity: int

    @event(Held)
    def _hold(self, booking_id: UUID, start: datetime, end: datetime, quantity: int) -> None:
        self.holds[booking_id] = (start, end, quantity)

    def release(self, booking_id: UUID) -> None:
        if booking_id in self.holds:
            self._release(booking_id)

    class Released(Aggregate.Event):
        booking_id: UUID

    @event(Released)
    def _release(self, booking_id: UUID) -> None:
        del self.holds[booking_id]
