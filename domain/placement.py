"""Placing and cancelling a booking: the rules of every aggregate a booking touches, in
one place, in the order a member would want to hear them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import UUID

from domain.booking import Booking
from domain.errors import InvalidSetting
from domain.ledger import ResourceDay
from domain.member import MemberSchedule
from domain.resource import Resource
from domain.site import Site
from domain.time import Interval, local_date


def ledger_day(site: Site, interval: Interval) -> date:
    """The local day whose ledger decides a booking (bookings lie within one open span)."""
    return local_date(interval.start, site.tz)


def place_booking(
    *,
    member_schedule: MemberSchedule,
    site: Site,
    resource: Resource,
    ledger: ResourceDay,
    interval: Interval,
    quantity: int,
    now: datetime,
    placed_by: UUID | None = None,
    features: list[str] | None = None,
) -> Booking:
    """Checks every rule, then records the booking on the ledger and the member's schedule.

    The caller saves the three aggregates together: if another command moved any of
    them meanwhile, the save fails and nothing is recorded.
    """
    if resource.site_id != site.id:
        raise InvalidSetting("the resource is not at that site", about="resource")
    interval.check_aligned()
    resource.check_bookable(quantity)
    site.check_bookable(resource.kind, interval, now)
    member_schedule.check_desk_limit(resource.kind, interval)
    member_schedule.check_future_limit(now, site.policy.max_future_bookings)
    booking = Booking(
        member_id=member_schedule.member_id,
        site_id=site.id,
        resource_id=resource.id,
        kind=resource.kind,
        start=interval.start,
        end=interval.end,
        quantity=quantity,
        placed_at=now,
        placed_by=placed_by if placed_by != member_schedule.member_id else None,
        features=list(features) if features else None,
        # A host placing it for the member approves it by doing so.
        pending=resource.requires_approval and placed_by in (None, member_schedule.member_id),
    )
    ledger.hold(booking.id, interval, quantity, resource.capacity)
    member_schedule.hold(booking.id, resource.kind, interval, now)
    return booking


def cancel_booking(
    *,
    booking: Booking,
    ledger: ResourceDay,
    member_schedule: MemberSchedule,
    by: UUID,
    now: datetime,
    reason: str = "",
    note: str = "",
) -> None:
    booking.cancel(by, now, reason, note)
    ledger.release(booking.id)
    member_schedule.release(booking.id)


def decline_booking(
    *,
    booking: Booking,
    ledger: ResourceDay,
    member_schedule: MemberSchedule,
    by: UUID,
    now: datetime,
    note: str = "",
) -> None:
    """A host declines a pending booking: it no longer holds the resource or counts for the
    member."""
    booking.decline(by, now, note)
    ledger.release(booking.id)
    member_schedule.release(booking.id)


def expire_unanswered(
    *,
    booking: Booking,
    ledger: ResourceDay,
    member_schedule: MemberSchedule,
    by: UUID,
    wait: timedelta,
    now: datetime,
) -> bool:
    """Declines a pending booking that no host answered in time (``Booking.answer_due``):
    it no longer holds the resource or counts for the member. False changes nothing."""
    if not booking.expire_unanswered(by, now, wait):
        return False
    ledger.release(booking.id)
    member_schedule.release(booking.id)
    return True


def release_no_show(
    *,
    booking: Booking,
    ledger: ResourceDay,
    member_schedule: MemberSchedule,
    grace: timedelta,
    now: datetime,
) -> bool:
    """Releases a booking nobody checked in for; returns False (and changes nothing) when it
    is not, or no longer, a no-show. Safe to call again: the job that calls it is idempotent."""
    if not booking.is_no_show(now, grace):
        return False
    booking.release_as_no_show(now)
    ledger.release(booking.id)
    member_schedule.release(booking.id)
    return True


def check_out(
    *, booking: Booking, ledger: ResourceDay, member_schedule: MemberSchedule, now: datetime
) -> None:
    """Checks out early: the rest of the slot is free for others again."""
    booking.check_out(now)
    ledger.release(booking.id)
    member_schedule.release(booking.id)


def move_booking(
    *,
    booking: Booking,
    site: Site,
    to: Resource,
    from_ledger: ResourceDay,
    to_ledger: ResourceDay,
    by: UUID,
    now: datetime,
) -> None:
    """A host moves an active booking to another resource of the same kind at the site, for
    the same time: the other resource must be free then (its ledger decides, as for any
    booking); the first is free again. The member's schedule does not change."""
    if to.site_id != site.id or booking.site_id != site.id:
        raise InvalidSetting("the resource is not at that site", about="resource")
    if to.id == booking.resource_id:
        raise InvalidSetting("the booking is already there", about="resource")
    if to.kind != booking.kind:
        raise InvalidSetting(f"a {booking.kind} moves to another {booking.kind}", about="resource")
    booking.check_movable(now)
    to.check_bookable(booking.quantity)
    interval = Interval(booking.start, booking.end)
    to_ledger.hold(booking.id, interval, booking.quantity, to.capacity)
    from_ledger.release(booking.id)
    booking.move(to.id, by, now)
