"""Drop-ins: a host of the site registers a walk-in visitor without an account at a free
resource (a given one, or the first free of a kind), from the current quarter hour or later
today. The rules are ``domain.dropin``'s. The visitor gets an id of their own; the host may
give a name to tell the day's visitors apart, which is kept in the registry (never in an
event, a view, a feed, a report or an export) and shown on that day's host page only, until
the day is over (the minute's job deletes it then) or the drop-in is cancelled. The reports
count drop-ins as drop-in use, never per person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial
from uuid import UUID, uuid4

from domain import limits
from domain.booking import Booking
from domain.dropin import current_quarter, place_drop_in
from domain.errors import Conflict, DomainError, NothingFree
from domain.ids import resource_day_id
from domain.ledger import ResourceDay
from domain.member import MemberSchedule
from domain.placement import ledger_day
from domain.resource import Resource
from domain.site import Site
from domain.time import Interval, day_bounds, local_date
from domain.vocabulary import KINDS
from service.application import metrics
from service.application.access import require_manager_of
from service.application.bookings import BookingChanged, booking_view
from service.application.context import Context
from service.application.errors import InvalidRequest, NotFound
from service.application.store import Grannskap, retrying
from service.application.wanted import interval_at
from service.registry.members import Member


@dataclass(frozen=True)
class RegisterDropIn:
    """A walk-in at ``resource_id``, or at any free resource of ``kind``, from ``start``
    (the current quarter hour without it) until ``end``; a time without an offset is a
    wall-clock time at the site."""

    actor: Member
    site_id: UUID
    end: datetime
    start: datetime | None = None
    resource_id: UUID | None = None
    kind: str | None = None
    visitor_name: str = ""  # optional; kept for the day only


def register(ctx: Context, command: RegisterDropIn) -> BookingChanged:
    store = ctx.store
    require_manager_of(ctx, command.actor, command.site_id)
    name = limits.one_line(command.visitor_name, about="name", length=limits.VISITOR_NAME)
    site = store.site(command.site_id)
    start = command.start or current_quarter(store.clock()).astimezone(site.tz)
    interval = interval_at(site, start, command.end)
    if command.resource_id is not None:
        candidates = [command.resource_id]
    elif command.kind in KINDS:
        candidates = ctx.queries.candidates(site.id, command.kind, interval, ())
    else:
        raise InvalidRequest(f"kind is one of {', '.join(KINDS)}", about="kind")
    last: DomainError = NothingFree("nothing of that kind is free then", about="start")
    for resource_id in candidates:
        resource = store.resource(resource_id)
        if resource.site_id != site.id:
            raise NotFound("resource")
        try:
            position, booking = retrying(
                partial(_place, store, site, resource, interval, command.actor.id)
            )
        except Conflict as taken:
            last = taken
            continue
        metrics.BOOKINGS_PLACED.labels(booking.kind).inc()
        if name:
            day = local_date(booking.start, site.tz)
            ctx.visitors.keep(booking.id, site.id, name, day_bounds(day, site.tz).end)
        return BookingChanged(booking_view(booking), ctx.written(position))
    raise last


def forget_past_visitors(ctx: Context) -> int:
    """Deletes the names of walk-in visitors whose day is over (the minute's job)."""
    return ctx.visitors.forget_past()


def _place(
    store: Grannskap, site: Site, resource: Resource, interval: Interval, by: UUID
) -> tuple[int, Booking]:
    day = ledger_day(site, interval)
    ledger = store.load_or_none(ResourceDay, resource_day_id(resource.id, day))
    ledger = ledger or ResourceDay.open(resource.id, day)
    visitor = MemberSchedule(member_id=uuid4())
    booking = place_drop_in(
        site=site,
        resource=resource,
        ledger=ledger,
        visitor=visitor,
        interval=interval,
        now=store.clock(),
        by=by,
    )
    return store.save_all(booking, ledger, visitor), booking
