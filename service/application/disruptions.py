"""Changes that hit bookings already made: a closure, new opening hours, a retired
resource. The change is made on a fresh copy of the aggregate; the domain
(``domain.disruption``) says which active bookings it no longer allows; a preview returns
them without saving anything, and the change itself cancels them with the reason in the
same atomic save as the change (so a member is told, by the mail outbox, why)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.booking import RESOURCE_RETIRED, SITE_CLOSED, Booking
from domain.disruption import Booked, hit_by_retirement, hit_by_site
from domain.ids import member_schedule_id, resource_day_id
from domain.ledger import ResourceDay
from domain.member import MemberSchedule
from domain.placement import cancel_booking, ledger_day
from domain.resource import Resource
from domain.site import Site
from domain.time import Interval
from domain.vocabulary import HOLDING
from projections.queries import BookingView
from service.application import metrics
from service.application.access import require_manager_of, require_site_manager
from service.application.context import Context
from service.application.errors import NotFound
from service.application.reads import BookingLine, lines
from service.application.store import Grannskap, retrying
from service.registry.members import Member

A = TypeVar("A", bound=Aggregate)


@dataclass(frozen=True)
class Disrupted:
    """What a change concerns, the log position the views have reached for it, and the
    bookings it cancelled (or, for a preview, would cancel)."""

    id: UUID
    position: int
    cancelled: list[BookingLine]


def active_bookings(ctx: Context, site_id: UUID) -> list[BookingView]:
    """The site's confirmed bookings that have not ended, as the views have them once they
    show everything the store had when asked."""
    ctx.wait_for_reads(ctx.store.position)
    now = ctx.now()
    return [
        b
        for b in ctx.queries.site_bookings(site_id, Interval(now, now.replace(year=now.year + 2)))
        if b.status in HOLDING
    ]


def _booked(views: list[BookingView]) -> list[Booked]:
    return [Booked(b.id, b.resource_id, b.start, b.end) for b in views]


class _Loaded:
    """Aggregates loaded once each for one atomic change (several bookings of one member
    share their schedule; several of one resource and day share the ledger)."""

    def __init__(self, store: Grannskap) -> None:
        self.store = store
        self.aggregates: dict[UUID, Aggregate] = {}

    def get(self, cls: type[A], aggregate_id: UUID, what: str) -> A:
        found = self.aggregates.get(aggregate_id)
        if found is None:
            found = self.aggregates[aggregate_id] = self.store.load(cls, aggregate_id, what)
        assert isinstance(found, cls)
        return found


def _cancel_all(
    loaded: _Loaded, site: Site, hit: dict[UUID, str], actor: Member, now: datetime
) -> list[UUID]:
    cancelled = []
    for booking_id, reason in hit.items():
        booking = loaded.get(Booking, booking_id, "booking")
        if not booking.holds or booking.end <= now:  # pending ones too
            continue
        day = ledger_day(site, Interval(booking.start, booking.end))
        ledger = loaded.get(ResourceDay, resource_day_id(booking.resource_id, day), "booking")
        schedule = loaded.get(MemberSchedule, member_schedule_id(booking.member_id), "booking")
        closure = next((c for c in site.closures if c.covers(day)), None)
        cancel_booking(
            booking=booking,
            ledger=ledger,
            member_schedule=schedule,
            by=actor.id,
            now=now,
            reason=reason,
            note=closure.reason if reason == SITE_CLOSED and closure else "",
        )
        cancelled.append(booking_id)
    return cancelled


def _report(
    ctx: Context, subject: UUID, position: int, views: list[BookingView], ids: set[UUID]
) -> Disrupted:
    hit = [b for b in views if b.id in ids]
    if position:  # after the change: the bookings as they are now; what waits is offered
        hit = [ctx.queries.booking(b.id) or b for b in hit]
        for booking in hit:
            ctx.react(Booking.Cancelled, booking)
    names = ctx.members.names(b.member_id for b in hit)
    return Disrupted(subject, position, lines(ctx, hit, names))


def change_site(
    ctx: Context,
    actor: Member,
    site_id: UUID,
    change: Callable[[Site], Any],
    preview: bool = False,
) -> Disrupted:
    """Makes ``change`` to the site and cancels the bookings it no longer allows, in one
    save; with ``preview``, only says which bookings that would be. ``id`` is what
    ``change`` returns when it is a UUID (a new closure's), else the site's."""
    require_manager_of(ctx, actor, site_id)
    store = ctx.store
    views = active_bookings(ctx, site_id)

    def attempt() -> tuple[int, UUID, set[UUID]]:
        site = store.load(Site, site_id, "site")
        made = change(site)
        subject = made if isinstance(made, UUID) else site_id
        now = store.clock()
        hit = hit_by_site(site, _booked(views), now)
        if preview:
            return 0, subject, set(hit)
        loaded = _Loaded(store)
        cancelled = _cancel_all(loaded, site, hit, actor, now)
        position = store.save_all(site, *loaded.aggregates.values())
        return position, subject, set(cancelled)

    position, subject, ids = retrying(attempt)
    if not preview:
        metrics.BOOKINGS_CANCELLED.inc(len(ids))
        ctx.written(position)
    return _report(ctx, subject, position, views, ids)


def retire_resource(
    ctx: Context, actor: Member, resource_id: UUID, site_id: UUID | None, preview: bool = False
) -> Disrupted:
    """Retires the resource and cancels its bookings that have not ended, in one save."""
    require_site_manager(actor)
    store = ctx.store
    resource = store.resource(resource_id)
    if site_id is not None and resource.site_id != site_id:
        raise NotFound("resource")
    require_manager_of(ctx, actor, resource.site_id)
    views = [b for b in active_bookings(ctx, resource.site_id) if b.resource_id == resource_id]

    def attempt() -> tuple[int, set[UUID]]:
        changed = store.load(Resource, resource_id, "resource")
        changed.retire()
        now = store.clock()
        hit = hit_by_retirement(changed, _booked(views), now)
        if preview:
            return 0, hit
        site = store.site(changed.site_id)
        loaded = _Loaded(store)
        cancelled = _cancel_all(loaded, site, dict.fromkeys(hit, RESOURCE_RETIRED), actor, now)
        return store.save_all(changed, *loaded.aggregates.values()), set(cancelled)

    position, ids = retrying(attempt)
    if not preview:
        metrics.BOOKINGS_CANCELLED.inc(len(ids))
        ctx.written(position)
    return _report(ctx, resource_id, position, views, ids)


def cancel_bookings(ctx: Context, actor: Member, booking_ids: list[UUID], reason: str) -> int:
    """Cancels the bookings (those still active and not ended) with the reason, in one
    save; returns how many were cancelled."""
    store = ctx.store

    def attempt() -> tuple[int, int]:
        loaded = _Loaded(store)
        now = store.clock()
        cancelled = 0
        for booking_id in booking_ids:
            booking = loaded.get(Booking, booking_id, "booking")
            site = store.site(booking.site_id)
            cancelled += len(_cancel_all(loaded, site, {booking_id: reason}, actor, now))
        if not cancelled:
            return 0, 0
        return store.save_all(*loaded.aggregates.values()), cancelled

    position, count = retrying(attempt)
    if count:
        metrics.BOOKINGS_CANCELLED.inc(count)
        ctx.written(position)
        for booking_id in booking_ids:
            view = ctx.queries.booking(booking_id)
            if view is not None and view.status == "cancelled":
                ctx.react(Booking.Cancelled, view)
    return count
