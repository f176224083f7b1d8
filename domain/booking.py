"""A member's booking of a resource, and the record of an attempt that was refused."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import NotActive


class Booking(Aggregate):
    """Placed, then possibly cancelled. Never deleted."""

    @event("Placed")
    def __init__(
        self,
        member_id: UUID,
        site_id: UUID,
        resource_id: UUID,
        kind: str,
        start: datetime,
        end: datetime,
        quantity: int,
        placed_at: datetime,
    ) -> None:
        self.member_id = member_id
        self.site_id = site_id
        self.resource_id = resource_id
        self.kind = kind
        self.start = start
        self.end = end
        self.quantity = quantity
        self.placed_at = placed_at
        self.status = "confirmed"
        self.cancelled_at: datetime | None = None

    @property
    def is_active(self) -> bool:
        return self.status == "confirmed"

    def check_cancellable(self, now: datetime) -> None:
        if not self.is_active:
            raise NotActive(f"the booking is {self.status}", field="booking_id")
        if self.end <= now:
            raise NotActive("the booking has already ended", field="booking_id")

    def cancel(self, by: UUID, now: datetime) -> None:
        self.check_cancellable(now)
        self._cancel(by, now)

    @event("Cancelled")
    def _cancel(self, by: UUID, at: datetime) -> None:
        self.status = "cancelled"
        self.cancelled_at = at


class BookingRefused(Aggregate):
    """One refused booking attempt, kept as data: unmet demand for the evaluators."""

    @event("Recorded")
    def __init__(
        self,
        member_id: UUID,
        site_id: UUID,
        resource_id: UUID | None,
        kind: str,
        start: datetime,
        end: datetime,
        rule: str,
        reason: str,
        at: datetime,
    ) -> None:
        self.member_id = member_id
        self.site_id = site_id
        self.resource_id = resource_id
        self.kind = kind
        self.start = start
        self.end = end
        self.rule = rule
        self.reason = reason
        self.at = at
