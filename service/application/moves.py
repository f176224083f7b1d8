"""Hosts move a booking to another resource of the same kind at its site, for the same time
(a broken screen, a group that wants to sit together). What it left is offered to the
waitlist, as after any freeing."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.booking import Booking
from domain.ids import resource_day_id
from domain.ledger import ResourceDay
from domain.placement import ledger_day, move_booking
from domain.time import Interval
from service.application.access import require_manager_of, require_site_manager
from service.application.bookings import BookingChanged, booking_view
from service.application.context import Context
from service.application.errors import NotFound
from service.application.store import retrying
from service.registry.members import Member


@dataclass(frozen=True)
class MoveBooking:
    actor: Member
    booking_id: UUID
    to_resource_id: UUID
    site_id: UUID | None = None


def move(ctx: Context, command: MoveBooking) -> BookingChanged:
    require_site_manager(command.actor)
    store = ctx.store
    before = store.booking(command.booking_id)
    if command.site_id is not None and before.site_id != command.site_id:
        raise NotFound("booking")
    require_manager_of(ctx, command.actor, before.site_id)
    to = store.resource(command.to_resource_id)

    def attempt() -> tuple[int, Booking]:
        booking = store.load(Booking, command.booking_id, "booking")
        site = store.site(booking.site_id)
        day = ledger_day(site, Interval(booking.start, booking.end))
        from_ledger = store.load(ResourceDay, resource_day_id(booking.resource_id, day), "booking")
        to_ledger = store.load_or_none(ResourceDay, resource_day_id(to.id, day))
        to_ledger = to_ledger or ResourceDay.open(to.id, day)
        move_booking(
            booking=booking,
            site=site,
            to=to,
            from_ledger=from_ledger,
            to_ledger=to_ledger,
            by=command.actor.id,
            now=store.clock(),
        )
        return store.save_all(booking, from_ledger, to_ledger), booking

    freed = booking_view(before)
    position, booking = retrying(attempt)
    changed = BookingChanged(booking_view(booking), ctx.written(position))
    ctx.react(Booking.Moved, freed)
    return changed
