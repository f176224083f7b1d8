"""A member's usuals: the resources they starred as favourites at a site, in their order, and
the hours they usually book; "book my favourite" books the first of them that is free on a
day, at the usual hours (or, before any are set, the site's first opening hours that day)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from uuid import UUID

from domain.booking import Booking
from domain.errors import Conflict, RuleViolation
from domain.ids import usual_id
from domain.resource import Resource
from domain.site import Site
from domain.time import Interval
from domain.usual import Usuals
from projections.queries import UsualView
from service.application import metrics
from service.application.bookings import BookingChanged, booking_view
from service.application.context import Context
from service.application.errors import InvalidRequest, NotFound
from service.application.placing import place_first
from service.application.refusals import record_refusal
from service.application.store import Grannskap, retrying
from service.registry.members import Member


@dataclass(frozen=True)
class SetUsual:
    actor: Member
    resource_id: UUID
    start: time
    end: time


def _change(ctx: Context, member_id: UUID, change: Callable[[Usuals, datetime], None]) -> None:
    store = ctx.store

    def attempt() -> int:
        usuals = store.load_or_none(Usuals, usual_id(member_id))
        usuals = usuals or Usuals(member_id=member_id)
        change(usuals, store.clock())
        return store.save_all(usuals)

    ctx.written(retrying(attempt))


def _bookable(store: Grannskap, resource_id: UUID, site_id: UUID | None = None) -> Resource:
    """A resource in use (at ``site_id`` if given); else NotFound naming the resource."""
    try:
        resource = store.resource(resource_id)
    except NotFound:
        raise NotFound("resource") from None
    if resource.retired or (site_id is not None and resource.site_id != site_id):
        raise NotFound("resource")
    return resource


def set_usual(ctx: Context, command: SetUsual) -> UsualView:
    """Makes the resource the member's first favourite at its site, with their usual hours
    (the other favourites stay, after it)."""
    resource = _bookable(ctx.store, command.resource_id)
    _change(
        ctx,
        command.actor.id,
        lambda u, now: u.set(resource.site_id, resource.id, command.start, command.end, now),
    )
    return usual(ctx, command.actor, resource.site_id)


def star(ctx: Context, actor: Member, resource_id: UUID, site_id: UUID | None = None) -> UsualView:
    """Adds the resource last among the member's favourites at its site."""
    resource = _bookable(ctx.store, resource_id, site_id)
    _change(ctx, actor.id, lambda u, now: u.star(resource.site_id, resource.id, now))
    return usual(ctx, actor, resource.site_id)


def unstar(ctx: Context, actor: Member, site_id: UUID, resource_id: UUID) -> None:
    """Takes the resource off the member's favourites at the site (nothing if it is not one:
    a retired resource can be taken off too)."""
    _change(ctx, actor.id, lambda u, now: u.unstar(site_id, resource_id, now))


def arrange(ctx: Context, actor: Member, site_id: UUID, order: list[UUID]) -> UsualView | None:
    """The member's favourites at the site become ``order`` (resources of that site in use;
    empty: none); returns the usuals there, None if nothing is left."""
    store = ctx.store
    store.site(site_id)
    for resource_id in order:
        try:
            _bookable(store, resource_id, site_id)
        except NotFound:
            raise InvalidRequest(
                f"{resource_id} is no resource in use at this site", about="resource_ids"
            ) from None
    _change(ctx, actor.id, lambda u, now: u.arrange(site_id, list(order), now))
    return ctx.queries.usuals(actor.id).get(site_id)


def move_up(ctx: Context, actor: Member, site_id: UUID, resource_id: UUID) -> None:
    """Moves a favourite one place ahead (the first stays first)."""

    def change(usuals: Usuals, now: datetime) -> None:
        order = list(usuals.favourites.get(site_id, []))
        if resource_id not in order:
            raise NotFound("resource")
        i = order.index(resource_id)
        if i > 0:
            order[i - 1], order[i] = order[i], order[i - 1]
            usuals.arrange(site_id, order, now)

    _change(ctx, actor.id, change)


def clear_usual(ctx: Context, actor: Member, site_id: UUID) -> None:
    """Forgets the member's favourites and usual hours at the site."""
    _change(ctx, actor.id, lambda u, now: u.clear(site_id, now))


def usual(ctx: Context, actor: Member, site_id: UUID) -> UsualView:
    found = ctx.queries.usuals(actor.id).get(site_id)
    if found is None:
        raise NotFound("usual")
    return found


def my_usuals(ctx: Context, actor: Member) -> dict[UUID, UsualView]:
    return ctx.queries.usuals(actor.id)


def favourites_at(ctx: Context, actor: Member, site_id: UUID) -> list[UUID]:
    """The member's favourites at the site, in order (none: empty)."""
    found = ctx.queries.usuals(actor.id).get(site_id)
    return list(found.favourites) if found is not None else []


def usual_interval(
    site: Site, found: UsualView, day: date, hours: tuple[time, time] | None = None
) -> Interval:
    """The usual hours on ``day``; before any are set, ``hours`` (the time the member chose
    on the page), else the site's first opening hours then (a day it is closed: the whole
    day, which the booking rules refuse as closed)."""
    if found.start is not None and found.end is not None:
        hours = time.fromisoformat(found.start), time.fromisoformat(found.end)
    if hours is not None:
        start = datetime.combine(day, hours[0], tzinfo=site.tz)
        end = datetime.combine(day, hours[1], tzinfo=site.tz)
        if end <= start:
            raise InvalidRequest("end must be after start", about="end")
        return Interval.of(start, end)
    stretches = site.open_intervals(day)
    if stretches:
        return stretches[0]
    return Interval.of(
        datetime.combine(day, time(8), tzinfo=site.tz),
        datetime.combine(day, time(17), tzinfo=site.tz),
    )


def book_usual(
    ctx: Context,
    actor: Member,
    site_id: UUID,
    day: date,
    hours: tuple[time, time] | None = None,
) -> BookingChanged:
    """Books the first of the member's favourites at the site that is free on ``day`` at
    their usual hours (``hours`` while they have none). A refusal (all taken, closed...) is
    recorded and raised as for any booking, once."""
    store = ctx.store
    found = usual(ctx, actor, site_id)
    site = store.site(site_id)
    interval = usual_interval(site, found, day, hours)
    candidates = [r for r in found.favourites if not store.resource(r).retired]
    if not candidates:
        raise NotFound("usual")
    first = store.resource(candidates[0])
    try:
        position, booking = place_first(
            store, actor.id, site, first.kind, interval, 1, candidates, placed_by=actor.id
        )
    except (Conflict, RuleViolation) as refusal:
        metrics.BOOKINGS_REFUSED.labels(refusal.rule).inc()
        store.save_all(
            record_refusal(store, actor.id, site.id, first.id, first.kind, interval, refusal)
        )
        raise
    return _placed(ctx, position, booking)


def _placed(ctx: Context, position: int, booking: Booking) -> BookingChanged:
    metrics.BOOKINGS_PLACED.labels(booking.kind).inc()
    return BookingChanged(booking_view(booking), ctx.written(position))
