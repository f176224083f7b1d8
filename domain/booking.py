"""A member's booking of a resource, and the record of an attempt that was refused."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import CheckInClosed, NotActive

CHECK_IN_OPENS = timedelta(minutes=15)


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
        self.checked_in_at: datetime | None = None
        self.checked_out_at: datetime | None = None
        self.released_at: datetime | None = None

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

    # -- check-in, check-out and no-shows ------------------------------------------------

    def check_in(self, now: datetime, grace: timedelta) -> None:
        """From 15 minutes before the start until the grace period after it has passed."""
        if not self.is_active:
            raise NotActive(f"the booking is {self.status}", field="booking_id")
        if self.checked_in_at is not None:
            raise NotActive("already checked in", field="booking_id")
        if now < self.start - CHECK_IN_OPENS:
            raise CheckInClosed("check-in opens 15 minutes before the start", field="booking_id")
        if now >= self.start + grace or now >= self.end:
            raise CheckInClosed("the check-in period has passed", field="booking_id")
        self._check_in(now)

    @event("CheckedIn")
    def _check_in(self, at: datetime) -> None:
        self.checked_in_at = at

    def check_out(self, now: datetime) -> None:
        """Optional: leaving before the end frees the rest of the slot."""
        if not self.is_active or self.checked_in_at is None:
            raise NotActive("only a checked-in booking can be checked out", field="booking_id")
        if self.checked_out_at is not None or now >= self.end:
            raise NotActive("the booking has already ended", field="booking_id")
        self._check_out(max(now, self.checked_in_at))

    @event("CheckedOut")
    def _check_out(self, at: datetime) -> None:
        self.checked_out_at = at
        self.status = "completed"

    def is_no_show(self, now: datetime, grace: timedelta) -> bool:
        """Not checked in when the grace period after the start has passed."""
        return self.is_active and self.checked_in_at is None and now >= self.start + grace

    def release_as_no_show(self, now: datetime) -> None:
        self._release_no_show(now)

    @event("ReleasedAsNoShow")
    def _release_no_show(self, at: datetime) -> None:
        self.status = "no-show"
        self.released_at = at


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
