"""The use cases of a member's booking: book (a given resource, or any free one of a kind),
cancel, check in, check out; and the job that releases no-shows.

Each loads the aggregates it touches, lets the domain decide, saves them in one call (tried
again on fresh state when another command won the race), records a refusal as unmet demand,
counts it, and returns once the views a member reads next show the change."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import msgspec

from domain import placement
from domain.booking import Booking
from domain.errors import Conflict, DomainError, RuleViolation
from domain.ids import member_schedule_id, resource_day_id
from domain.ledger import ResourceDay
from domain.member import MemberSchedule
from domain.placement import cancel_booking, ledger_day, release_no_show
from domain.site import Site
from domain.time import Interval
from projections.queries import BookingView
from service.application import metrics
from service.application.access import (
    manages_site,
    may_see_booking,
    require_manager_of,
    require_site_manager,
)
from service.application.context import Context
from service.application.errors import Busy, NotAllowed, NotFound
from service.application.placing import place_first, place_one
from service.application.refusals import asked_of, check_some_match, record_refusal
from service.application.store import Grannskap, retrying
from service.application.wanted import interval_at, resolve
from service.registry.members import Member

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Book:
    """Book ``resource_id``, or any free resource of ``kind`` at ``site_id`` that has all
    ``features``. A time without an offset is a wall-clock time at the site."""

    actor: Member
    start: datetime
    end: datetime
    resource_id: UUID | None = None
    site_id: UUID | None = None
    kind: str | None = None
    features: tuple[str, ...] = ()
    quantity: int = 1
    # A host books on this member's behalf (None: the actor books for themselves).
    member_id: UUID | None = None

    @property
    def owner(self) -> UUID:
        return self.member_id or self.actor.id


@dataclass(frozen=True)
class ChangeBooking:
    """Cancel, check in or check out one booking: the member's own, or any for a host.
    ``site_id``, when given, is where the asker believes the booking is; ``note`` is a
    host's words to the member when cancelling their booking."""

    actor: Member
    booking_id: UUID
    site_id: UUID | None = None
    note: str = ""
    # How a check-in is made: "code" (the resource's QR code); otherwise "button" when
    # members check in themselves and "host" when a host checks in someone else's.
    method: str | None = None


@dataclass(frozen=True)
class BookingChanged:
    booking: BookingView
    position: int


def booking_view(booking: Booking) -> BookingView:
    """The booking as the views show it (their one shape of a booking), from the aggregate."""
    return msgspec.convert(booking, BookingView, from_attributes=True)


def book(ctx: Context, command: Book) -> BookingChanged:
    """Books one resource or any free one, or records why not and raises the refusal."""
    store = ctx.store
    _check_owner(ctx, command)
    wanted = resolve(
        store,
        command.resource_id,
        command.site_id,
        command.kind,
        command.features,
        command.quantity,
    )
    site, kind, resource = wanted.site, wanted.kind, wanted.resource
    if command.member_id is not None and command.member_id != command.actor.id:
        require_manager_of(ctx, command.actor, site.id)
    interval = interval_at(site, command.start, command.end)
    asked = asked_of(store, kind, wanted.resource_id, None, command.quantity)
    try:
        if resource is not None:
            position, booking = place_one(
                store,
                command.owner,
                resource,
                site,
                interval,
                command.quantity,
                placed_by=command.actor.id,
            )
        else:
            features = wanted.features
            candidates = ctx.queries.candidates(site.id, kind, interval, features)
            asked = asked_of(store, kind, None, features, command.quantity, candidates)
            check_some_match(kind, features, candidates)
            position, booking = place_first(
                store,
                command.owner,
                site,
                kind,
                interval,
                command.quantity,
                candidates,
                placed_by=command.actor.id,
                features=features,
            )
    except (Conflict, RuleViolation) as refusal:
        metrics.BOOKINGS_REFUSED.labels(refusal.rule).inc()
        store.save_all(
            record_refusal(
                store, command.owner, site.id, wanted.resource_id, kind, interval, refusal, asked
            )
        )
        raise
    metrics.BOOKINGS_PLACED.labels(booking.kind).inc()
    return BookingChanged(booking_view(booking), ctx.written(position))


def _check_owner(ctx: Context, command: Book) -> None:
    """Only a host books on another member's behalf, and only for a member who exists."""
    if command.member_id is None or command.member_id == command.actor.id:
        return
    require_site_manager(command.actor)
    if ctx.members.get(command.member_id) is None:
        raise NotFound("member")


# -- changes to one booking -----------------------------------------------------------------


def _visible(ctx: Context, command: ChangeBooking) -> Booking:
    """The booking, if the asker may see it (and it is where they said); else NotFound."""
    booking = ctx.store.booking(command.booking_id)
    if not may_see_booking(ctx, command.actor, booking.member_id, booking.site_id) or (
        command.site_id is not None and booking.site_id != command.site_id
    ):
        raise NotFound("booking")
    return booking


def booking_parts(
    store: Grannskap, booking_id: UUID
) -> tuple[Booking, Site, ResourceDay, MemberSchedule]:
    booking = store.load(Booking, booking_id, "booking")
    site = store.site(booking.site_id)
    day = ledger_day(site, Interval(booking.start, booking.end))
    ledger = store.load(ResourceDay, resource_day_id(booking.resource_id, day), "booking")
    schedule = store.load(MemberSchedule, member_schedule_id(booking.member_id), "booking")
    return booking, site, ledger, schedule


def cancel(ctx: Context, command: ChangeBooking) -> BookingChanged:
    store = ctx.store
    _visible(ctx, command)

    def attempt() -> tuple[int, Booking]:
        booking, _, ledger, schedule = booking_parts(store, command.booking_id)
        cancel_booking(
            booking=booking,
            ledger=ledger,
            member_schedule=schedule,
            by=command.actor.id,
            now=store.clock(),
            note=command.note if booking.member_id != command.actor.id else "",
        )
        return store.save_all(booking, ledger, schedule), booking

    position, booking = retrying(attempt)
    metrics.BOOKINGS_CANCELLED.inc()
    if booking.drop_in:
        ctx.visitors.forget(booking.id)  # a walk-in's name, if a host gave one
    changed = BookingChanged(booking_view(booking), ctx.written(position))
    ctx.react(Booking.Cancelled, changed.booking)
    return changed


def check_in(ctx: Context, command: ChangeBooking) -> BookingChanged:
    """From 15 minutes before the start until the site's grace period after it."""
    store = ctx.store
    visible = _visible(ctx, command)

    if command.method == "host" and not manages_site(ctx, command.actor, visible.site_id):
        raise NotAllowed("only hosts check in for others")

    def attempt() -> tuple[int, Booking]:
        booking = store.load(Booking, command.booking_id, "booking")
        method = command.method or ("button" if booking.member_id == command.actor.id else "host")
        booking.check_in(store.clock(), store.site(booking.site_id).policy.grace, method)
        return store.save_all(booking), booking

    position, booking = retrying(attempt)
    return BookingChanged(booking_view(booking), ctx.written(position))


def check_out(ctx: Context, command: ChangeBooking) -> BookingChanged:
    """Leaving early: the rest of the slot is free for others again."""
    store = ctx.store
    _visible(ctx, command)

    def attempt() -> tuple[int, Booking]:
        booking, _, ledger, schedule = booking_parts(store, command.booking_id)
        placement.check_out(
            booking=booking, ledger=ledger, member_schedule=schedule, now=store.clock()
        )
        return store.save_all(booking, ledger, schedule), booking

    position, booking = retrying(attempt)
    changed = BookingChanged(booking_view(booking), ctx.written(position))
    ctx.react(Booking.CheckedOut, changed.booking)
    return changed


def release_if_no_show(ctx: Context, booking_id: UUID) -> bool:
    """Releases the booking if nobody checked in within its site's grace period; returns
    whether it did. Idempotent, and safe when several processes run it at once: the loser
    of a race looks again and finds nothing left to do."""
    store = ctx.store

    def attempt() -> int | None:
        booking, site, ledger, schedule = booking_parts(store, booking_id)
        if not release_no_show(
            booking=booking,
            ledger=ledger,
            member_schedule=schedule,
            grace=site.policy.grace,
            now=store.clock(),
        ):
            return None
        return store.save_all(booking, ledger, schedule)

    position = retrying(attempt)
    if position is None:
        return False
    metrics.NO_SHOWS_RELEASED.inc()
    ctx.written(position)
    ctx.react(Booking.ReleasedAsNoShow, booking_view(store.booking(booking_id)))
    return True


def release_no_shows(ctx: Context) -> int:
    """Releases every booking nobody checked in for within its site's grace period (the job
    that runs every minute); returns how many."""
    released = 0
    for booking_id in ctx.queries.no_show_candidates(ctx.now()):
        try:
            released += release_if_no_show(ctx, booking_id)
        except (DomainError, NotFound, Busy):
            log.exception("could not release booking %s", booking_id)
    return released
