"""Hosts move a booking to another resource of the same kind at its site, for the same time
(a broken screen, a group that wants to sit together). What it left is offered to the
waitlist, as after any freeing. The host's picker offers only resources free for the
booking's whole time with what the member asked for; a move to a taken one posted anyway
is refused by the target's ledger, as any booking would be, and changes nothing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.booking import Booking
from domain.ids import resource_day_id
from domain.ledger import ResourceDay
from domain.placement import ledger_day, move_booking
from domain.time import Interval, local_date
from projections.queries import Availability, FreeSpan, ResourceAvailability
from service.application import reads
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


def covers(spans: list[FreeSpan], start: datetime, end: datetime, quantity: int) -> bool:
    """Whether free spans with room for ``quantity`` cover the whole of [start, end)."""
    reached = start
    for span in sorted(spans, key=lambda s: s.start):
        if span.available < quantity or span.start > reached:
            continue
        reached = max(reached, span.end)
        if reached >= end:
            return True
    return reached >= end


def move_choices(
    ctx: Context, actor: Member, site_id: UUID, booking_ids: Iterable[UUID]
) -> dict[UUID, list[ResourceAvailability]]:
    """For each booking a host may still move, where it may go: the other resources of its
    kind at its site that have every feature the member asked for and are free for the
    booking's whole time (for its quantity). A taken resource is never offered."""
    require_site_manager(actor)
    require_manager_of(ctx, actor, site_id)
    site = reads.site(ctx, site_id)
    store = ctx.store
    now = store.clock()
    days: dict[date, Availability] = {}
    choices: dict[UUID, list[ResourceAvailability]] = {}
    for booking_id in booking_ids:
        booking = store.booking(booking_id)
        if booking.site_id != site_id or not booking.is_active or booking.end <= now:
            continue
        day = local_date(booking.start, ZoneInfo(site.timezone))
        if day not in days:
            days[day] = reads.availability(ctx, site, day)
        wanted = set(booking.features_asked)
        choices[booking_id] = [
            r
            for r in days[day].resources
            if r.kind == booking.kind
            and r.resource_id != booking.resource_id
            and wanted <= set(r.features)
            and covers(r.free, booking.start, booking.end, booking.quantity)
        ]
    return choices
