"""A member's booking of a resource, and the record of an attempt that was refused."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain import limits
from domain.errors import CheckInClosed, InvalidSetting, NotActive
from domain.vocabulary import CHECK_IN_METHODS, HOLDING

CHECK_IN_OPENS = timedelta(minutes=15)
NOTE_LENGTH = limits.NOTE

# Why a booking was cancelled (``Booking.Cancelled.reason``). Events stored before there
# were reasons have none: they were cancelled by the member or by a host.
BY_MEMBER = "member"
BY_HOST = "host"
SITE_CLOSED = "site-closed"
HOURS_CHANGED = "opening-hours"
RESOURCE_RETIRED = "resource-retired"
ACCOUNT_ERASED = "account-erased"
# Why a declined booking was declined when no host did (``Booking.Declined.expired``).
APPROVAL_EXPIRED = "approval-expired"
CANCEL_REASONS = frozenset(
    {BY_MEMBER, BY_HOST, SITE_CLOSED, HOURS_CHANGED, RESOURCE_RETIRED, ACCOUNT_ERASED}
)


def check_note(note: str) -> str:
    """A host's words to the member: one paragraph of at most 500 characters."""
    return limits.paragraph(note, about="note", length=NOTE_LENGTH)


def check_in_window(start: datetime, end: datetime, grace: timedelta) -> tuple[datetime, datetime]:
    """When a booking can be checked in: from 15 minutes before its start until the grace
    period after the start has passed (or the booking has ended, if that is sooner)."""
    return start - CHECK_IN_OPENS, min(start + grace, end)


def can_check_in(
    *,
    status: str,
    checked_in: bool,
    start: datetime,
    end: datetime,
    grace: timedelta,
    now: datetime,
) -> bool:
    """Whether a check-in now would be accepted (what :meth:`Booking.check_in` decides)."""
    opens, closes = check_in_window(start, end, grace)
    return status == "confirmed" and not checked_in and opens <= now < closes


class Booking(Aggregate):
    """Placed, then possibly cancelled. Never deleted."""

    class Placed(Aggregate.Created):
        member_id: UUID
        site_id: UUID
        resource_id: UUID
        kind: str
        start: datetime
        end: datetime
        quantity: int
        placed_at: datetime
        placed_by: UUID | None = None  # a host booking on the member's behalf
        # The features the member asked for (codes), when they asked for any resource with
        # them; None in events stored before it was kept, and for a resource chosen by name.
        features: list[str] | None = None
        # Waiting for a host's approval (the resource requires it); False in events stored
        # before approvals existed.
        pending: bool = False
        # A walk-in visitor without an account, registered by a host (``placed_by``) while
        # there: checked in as placed. ``member_id`` is an id of its own that no member has.
        drop_in: bool = False

    @event(Placed)
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
        placed_by: UUID | None = None,
        features: list[str] | None = None,
        pending: bool = False,
        drop_in: bool = False,
    ) -> None:
        self.member_id = member_id
        self.drop_in = drop_in
        self.placed_by = placed_by
        self.features_asked = list(features or [])
        self.site_id = site_id
        self.resource_id = resource_id
        self.kind = kind
        self.start = start
        self.end = end
        self.quantity = quantity
        self.placed_at = placed_at
        self.status = "pending" if pending else "confirmed"
        self.cancelled_at: datetime | None = None
        self.checked_in_at: datetime | None = None
        self.checked_out_at: datetime | None = None
        self.released_at: datetime | None = None
        self.cancel_reason: str | None = None
        self.cancel_note = ""
        self.check_in_method: str | None = None
        if drop_in:
            self.checked_in_at = placed_at
            self.check_in_method = "host"

    @property
    def is_active(self) -> bool:
        return self.status == "confirmed"

    @property
    def holds(self) -> bool:
        """Whether it holds its resource: confirmed, or pending a host's approval."""
        return self.status in HOLDING

    def check_cancellable(self, now: datetime) -> None:
        if not self.holds:
            raise NotActive(f"the booking is {self.status}", about="booking")
        if self.end <= now:
            raise NotActive("the booking has already ended", about="booking")

    def cancel(self, by: UUID, now: datetime, reason: str = "", note: str = "") -> None:
        """Cancels the booking. ``reason`` says why (one of ``CANCEL_REASONS``; by default
        the member's own or a host's choice, told apart by ``by``), ``note`` is a host's
        words to the member."""
        self.check_cancellable(now)
        if not reason:
            reason = BY_MEMBER if by == self.member_id else BY_HOST
        if reason not in CANCEL_REASONS:
            raise InvalidSetting(f"unknown reason {reason!r}", about="reason")
        self._cancel(by, now, reason, check_note(note))

    class Cancelled(Aggregate.Event):
        by: UUID
        at: datetime
        reason: str = ""
        note: str = ""

    @event(Cancelled)
    def _cancel(self, by: UUID, at: datetime, reason: str = "", note: str = "") -> None:
        self.status = "cancelled"
        self.cancelled_at = at
        self.cancel_reason = reason or None
        self.cancel_note = note

    # -- a host approves or declines a booking of a resource that requires it -------------

    def check_pending(self) -> None:
        if self.status != "pending":
            raise NotActive(f"the booking is {self.status}, not pending", about="booking")

    def approve(self, by: UUID, now: datetime) -> None:
        """A host of the site approves: the booking is confirmed."""
        self.check_pending()
        if self.end <= now:
            raise NotActive("the booking has already ended", about="booking")
        self._approve(by, now)

    class Approved(Aggregate.Event):
        by: UUID
        at: datetime

    @event(Approved)
    def _approve(self, by: UUID, at: datetime) -> None:
        self.status = "confirmed"

    def decline(self, by: UUID, now: datetime, note: str = "") -> None:
        """A host of the site declines (``note``: their words to the member): the resource is
        free again."""
        self.check_pending()
        self._decline(by, now, check_note(note))

    def answer_due(self, wait: timedelta) -> datetime:
        """When a pending booking that no host answered is declined: ``wait`` after it was
        asked for, or at its start if that comes first (nobody should come to a booking
        that is still unanswered)."""
        return min(self.placed_at + wait, self.start)

    def expire_unanswered(self, by: UUID, now: datetime, wait: timedelta) -> bool:
        """Declines the booking if it is still pending and its answer is overdue; returns
        whether it did (False changes nothing, so the job that calls it may run again)."""
        if self.status != "pending" or now < self.answer_due(wait):
            return False
        self._decline(by, now, "", True)
        return True

    class Declined(Aggregate.Event):
        by: UUID
        at: datetime
        note: str = ""
        # True when no host answered in time and the service declined it; False in events
        # stored before it was kept (a host declined those).
        expired: bool = False

    @event(Declined)
    def _decline(self, by: UUID, at: datetime, note: str = "", expired: bool = False) -> None:
        self.status = "declined"
        self.cancelled_at = at
        self.cancel_note = note
        self.cancel_reason = APPROVAL_EXPIRED if expired else None

    # -- check-in, check-out and no-shows ------------------------------------------------

    def check_in(self, now: datetime, grace: timedelta, method: str = "button") -> None:
        """From 15 minutes before the start until the grace period after it has passed.
        ``method`` is how: by the resource's QR code ("code"), the member's own button
        ("button") or a host for them ("host")."""
        if method not in CHECK_IN_METHODS:
            raise InvalidSetting(f"method is one of {', '.join(CHECK_IN_METHODS)}", about="method")
        if not self.is_active:
            raise NotActive(f"the booking is {self.status}", about="booking")
        if self.checked_in_at is not None:
            raise NotActive("already checked in", about="booking")
        opens, closes = check_in_window(self.start, self.end, grace)
        if now < opens:
            raise CheckInClosed("check-in opens 15 minutes before the start", about="booking")
        if now >= closes:
            raise CheckInClosed("the check-in period has passed", about="booking")
        self._check_in(now, method)

    class CheckedIn(Aggregate.Event):
        at: datetime
        # How (one of CHECK_IN_METHODS); check-ins recorded before it was kept have None.
        method: str | None = None

    @event(CheckedIn)
    def _check_in(self, at: datetime, method: str | None = None) -> None:
        self.checked_in_at = at
        self.check_in_method = method

    def check_out(self, now: datetime) -> None:
        """Optional: leaving before the end frees the rest of the slot."""
        if not self.is_active or self.checked_in_at is None:
            raise NotActive("only a checked-in booking can be checked out", about="booking")
        if self.checked_out_at is not None or now >= self.end:
            raise NotActive("the booking has already ended", about="booking")
        self._check_out(max(now, self.checked_in_at))

    class CheckedOut(Aggregate.Event):
        at: datetime

    @event(CheckedOut)
    def _check_out(self, at: datetime) -> None:
        self.checked_out_at = at
        self.status = "completed"

    # -- a host moves the booking to another resource -----------------------------------

    def check_movable(self, now: datetime) -> None:
        if not self.is_active:
            raise NotActive(f"the booking is {self.status}", about="booking")
        if self.end <= now:
            raise NotActive("the booking has already ended", about="booking")

    def move(self, resource_id: UUID, by: UUID, now: datetime) -> None:
        self.check_movable(now)
        self._move(self.resource_id, resource_id, by, now)

    class Moved(Aggregate.Event):
        from_resource_id: UUID
        resource_id: UUID
        by: UUID
        at: datetime

    @event(Moved)
    def _move(self, from_resource_id: UUID, resource_id: UUID, by: UUID, at: datetime) -> None:
        self.resource_id = resource_id

    @property
    def changed_at(self) -> datetime:
        """When the booking last changed (its last event)."""
        return self.modified_on

    def is_no_show(self, now: datetime, grace: timedelta) -> bool:
        """Not checked in when the grace period after the start has passed."""
        return self.is_active and self.checked_in_at is None and now >= self.start + grace

    def release_as_no_show(self, now: datetime) -> None:
        self._release_no_show(now)

    class ReleasedAsNoShow(Aggregate.Event):
        at: datetime

    @event(ReleasedAsNoShow)
    def _release_no_show(self, at: datetime) -> None:
        self.status = "no-show"
        self.released_at = at


class BookingRefused(Aggregate):
    """One refused booking attempt, kept as data: unmet demand for the evaluators."""

    class Recorded(Aggregate.Created):
        member_id: UUID
        site_id: UUID
        resource_id: UUID | None
        kind: str
        start: datetime
        end: datetime
        rule: str
        reason: str
        at: datetime
        # What was asked for, kept since the specification ranks wishes: the pool ("desk",
        # "room", "equipment:Projector"), the feature codes and the quantity. Events stored
        # before have None (the pool follows from the resource, if any) and 1.
        pool: str | None = None
        features: list[str] | None = None
        quantity: int = 1

    @event(Recorded)
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
        pool: str | None = None,
        features: list[str] | None = None,
        quantity: int = 1,
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
        self.pool = pool
        self.features = list(features or [])
        self.quantity = quantity
