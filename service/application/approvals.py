"""Approvals: a resource can require a host's approval; a member's booking of it is pending
(and holds the resource) until a host of its site approves or declines it.

The rules are the domain's (``Resource.set_approval``, ``Booking.approve`` and
``Booking.decline``, ``placement.decline_booking``); what follows a decision (a mail to the
member, a declined booking's time offered to the waitlist) is in the table of
``reactions``."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from domain.booking import Booking
from domain.errors import DomainError
from domain.placement import decline_booking, expire_unanswered
from domain.resource import Resource
from domain.time import Interval
from projections.queries import BookingView
from service.application.access import SYSTEM, require_manager_of, require_site_manager
from service.application.bookings import BookingChanged, booking_parts, booking_view
from service.application.context import Context
from service.application.errors import Busy, NotFound
from service.application.reads import BookingLine, lines
from service.application.sites import Changed
from service.application.store import retrying
from service.registry.members import Member

log = logging.getLogger(__name__)
AHEAD = timedelta(days=2 * 366)  # beyond any booking window


@dataclass(frozen=True)
class SetApproval:
    """Whether members' bookings of ``resource_id`` wait for a host's approval."""

    actor: Member
    resource_id: UUID
    required: bool
    site_id: UUID | None = None


@dataclass(frozen=True)
class Decide:
    """A host approves or declines a pending booking (``note``: words to the member when
    declining)."""

    actor: Member
    booking_id: UUID
    note: str = ""
    site_id: UUID | None = None


def set_approval(ctx: Context, command: SetApproval) -> Changed:
    """A host of the resource's site turns approval on or off. Bookings already pending stay
    pending until decided."""
    require_site_manager(command.actor)
    store = ctx.store

    def attempt() -> int:
        resource = store.load(Resource, command.resource_id, "resource")
        if command.site_id is not None and resource.site_id != command.site_id:
            raise NotFound("resource")
        require_manager_of(ctx, command.actor, resource.site_id)
        resource.set_approval(command.required)
        return store.save_all(resource)

    return Changed(command.resource_id, ctx.written(retrying(attempt)))


def _check_host(ctx: Context, command: Decide) -> None:
    """Only a host of the booking's site decides; to anyone else it does not exist."""
    booking = ctx.store.booking(command.booking_id)
    if command.site_id is not None and booking.site_id != command.site_id:
        raise NotFound("booking")
    require_manager_of(ctx, command.actor, booking.site_id)


def approve(ctx: Context, command: Decide) -> BookingChanged:
    """The booking is confirmed; the member is told."""
    _check_host(ctx, command)
    store = ctx.store

    def attempt() -> tuple[int, Booking]:
        booking = store.load(Booking, command.booking_id, "booking")
        booking.approve(command.actor.id, store.clock())
        return store.save_all(booking), booking

    position, booking = retrying(attempt)
    changed = BookingChanged(booking_view(booking), ctx.written(position))
    ctx.react(Booking.Approved, changed.booking)
    return changed


def decline(ctx: Context, command: Decide) -> BookingChanged:
    """The booking is declined and its resource free again; the member is told."""
    _check_host(ctx, command)
    store = ctx.store

    def attempt() -> tuple[int, Booking]:
        booking, _, ledger, schedule = booking_parts(store, command.booking_id)
        decline_booking(
            booking=booking,
            ledger=ledger,
            member_schedule=schedule,
            by=command.actor.id,
            now=store.clock(),
            note=command.note,
        )
        return store.save_all(booking, ledger, schedule), booking

    position, booking = retrying(attempt)
    changed = BookingChanged(booking_view(booking), ctx.written(position))
    ctx.react(Booking.Declined, changed.booking)
    return changed


def pending_lines(ctx: Context, actor: Member, site_id: UUID) -> list[BookingLine]:
    """The pending bookings as the host's page lists them, with each member's name."""
    pending = pending_at(ctx, actor, site_id)
    return lines(ctx, pending, ctx.members.names(b.member_id for b in pending))


def pending_at(ctx: Context, actor: Member, site_id: UUID) -> list[BookingView]:
    """The site's bookings waiting for approval that have not ended, soonest first."""
    require_manager_of(ctx, actor, site_id)
    now = ctx.now()
    return [
        b
        for b in ctx.queries.site_bookings(site_id, Interval(now, now + AHEAD))
        if b.status == "pending"
    ]


def expire_unanswered_bookings(ctx: Context) -> int:
    """Declines every pending booking that no host answered in time (the job that runs every
    minute): ``ctx.approval_wait`` after it was asked for, or at its start if that comes
    first. The member is told as of any decline, and the resource is free again. Returns
    how many."""
    declined = 0
    for booking_id in ctx.queries.unanswered(ctx.now(), ctx.approval_wait):
        try:
            declined += _expire(ctx, booking_id)
        except (DomainError, NotFound, Busy):
            log.exception("could not decline unanswered booking %s", booking_id)
    return declined


def _expire(ctx: Context, booking_id: UUID) -> bool:
    store = ctx.store

    def attempt() -> tuple[int, Booking] | None:
        booking, _, ledger, schedule = booking_parts(store, booking_id)
        if not expire_unanswered(
            booking=booking,
            ledger=ledger,
            member_schedule=schedule,
            by=SYSTEM.id,
            wait=ctx.approval_wait,
            now=store.clock(),
        ):
            return None
        return store.save_all(booking, ledger, schedule), booking

    done = retrying(attempt)
    if done is None:
        return False
    position, booking = done
    ctx.written(position)
    ctx.react(Booking.Declined, booking_view(booking))
    return True
