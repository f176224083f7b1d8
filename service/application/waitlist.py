"""The waitlist: join it for a resource or any of a kind, leave it, and offer what frees to
the first in line.

An offer is tried right after each command that frees something (a cancellation, a
check-out, a no-show released, a booking moved away: ``OFFER_FREED`` in the table of
``reactions``, run by ``Context.react``) and again by a sweep every minute, which also
catches what frees without such a command (a closure lifted, a resource added) and expires
the entries whose time has started. A crash between a freeing command and its offer loses
nothing: the sweep finds the entry still waiting. Serving an entry places an ordinary
booking and records ``Served`` on the waitlist in one save, so two processes offering at
once serve it once. ``Served`` is the event a notice to the member follows; until there are
notices, "my bookings" shows it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.booking import Booking
from domain.errors import DomainError, NotActive
from domain.ids import member_schedule_id, member_waits_id, waitlist_id
from domain.member import MemberSchedule
from domain.placement import ledger_day
from domain.site import Site
from domain.time import Interval
from domain.waiting import MemberWaits
from domain.waitlist import Entry, Waitlist
from projections.queries import BookingView, WaitlistEntryView
from service.application import metrics
from service.application.access import may_see_booking
from service.application.context import Context
from service.application.errors import Busy, NotFound
from service.application.placing import place_first
from service.application.store import Grannskap, retrying
from service.application.wanted import interval_at, resolve
from service.registry.members import Member

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JoinWaitlist:
    """Wait for ``resource_id``, or for any of ``kind`` at ``site_id`` with ``features``,
    from ``start`` to ``end`` (a time without an offset is a wall-clock time at the site)."""

    actor: Member
    start: datetime
    end: datetime
    resource_id: UUID | None = None
    site_id: UUID | None = None
    kind: str | None = None
    features: tuple[str, ...] = ()
    quantity: int = 1


@dataclass(frozen=True)
class EntryResult:
    entry: WaitlistEntryView
    position: int


def join(ctx: Context, command: JoinWaitlist) -> EntryResult:
    """Puts the member last in line, if the request is one the rules would take were
    something free; then offers at once (if something is free, the member gets it now)."""
    store = ctx.store
    wanted = resolve(
        store,
        command.resource_id,
        command.site_id,
        command.kind,
        command.features,
        command.quantity,
    )
    site, kind, features, resource = wanted.site, wanted.kind, wanted.features, wanted.resource
    interval = interval_at(site, command.start, command.end)
    now = store.clock()
    # Only what the rules would take if it were free: on the quarter hour, ahead, within
    # the window, open, not too long, a resource in use.
    interval.check_aligned()
    site.check_bookable(kind, interval, now)
    if resource is not None:
        resource.check_bookable(command.quantity)
    day = ledger_day(site, interval)

    def attempt() -> tuple[int, UUID]:
        schedule(store, command.actor.id).check_not_holding(kind, interval)
        waits = member_waits(store, command.actor.id)
        waits.check_open_limit(now)
        waitlist = store.load_or_none(Waitlist, waitlist_id(site.id, day))
        waitlist = waitlist or Waitlist.open(site.id, day)
        entry_id = waitlist.join(
            member_id=command.actor.id,
            resource_id=resource.id if resource is not None else None,
            kind=kind,
            features=features,
            interval=interval,
            quantity=command.quantity,
            now=now,
        )
        waits.wait(entry_id, interval.start, now)
        return store.save_all(waitlist, waits), entry_id

    position, entry_id = retrying(attempt)
    metrics.WAITLIST_JOINED.labels(kind).inc()
    position = max(position, offer(ctx, site.id, day))
    return EntryResult(_entry_view(ctx, site.id, day, entry_id), ctx.written(position))


def leave(ctx: Context, actor: Member, entry_id: UUID) -> EntryResult:
    """The member's own entry (or any, for a host) stops waiting."""
    found = _visible(ctx, actor, entry_id)
    store = ctx.store

    def attempt() -> int:
        waitlist = store.load(Waitlist, waitlist_id(found.site_id, found.day), "entry")
        waitlist.leave(entry_id, store.clock())
        waits = member_waits(store, found.member_id)
        waits.stop(entry_id, store.clock())
        return store.save_all(waitlist, waits)

    position = ctx.written(retrying(attempt))
    return EntryResult(_entry_view(ctx, found.site_id, found.day, entry_id), position)


def member_waits(store: Grannskap, member_id: UUID) -> MemberWaits:
    """What the member waits for across sites and days (where the cap is decided)."""
    return store.load_or_none(MemberWaits, member_waits_id(member_id)) or MemberWaits(
        member_id=member_id
    )


def schedule(store: Grannskap, member_id: UUID) -> MemberSchedule:
    """What the member holds (an entry for what they have is refused, and never served)."""
    return store.load_or_none(MemberSchedule, member_schedule_id(member_id)) or MemberSchedule(
        member_id=member_id
    )


def entry(ctx: Context, actor: Member, entry_id: UUID) -> WaitlistEntryView:
    found = _visible(ctx, actor, entry_id)
    return _entry_view(ctx, found.site_id, found.day, entry_id)


def my_entries(ctx: Context, actor: Member, since: datetime | None) -> list[WaitlistEntryView]:
    return ctx.queries.member_waitlist(actor.id, since)


def _visible(ctx: Context, actor: Member, entry_id: UUID) -> WaitlistEntryView:
    found = ctx.queries.waitlist_entry(entry_id)
    if found is None or not may_see_booking(ctx, actor, found.member_id, found.site_id):
        raise NotFound("entry")
    return found


def _entry_view(ctx: Context, site_id: UUID, day: date, entry_id: UUID) -> WaitlistEntryView:
    """The entry as the store has it now, with its place among those still waiting."""
    waitlist = ctx.store.load(Waitlist, waitlist_id(site_id, day), "entry", for_change=False)
    e = waitlist.entry(entry_id)
    place = None
    if e.status == "waiting":
        ahead = [
            w for w in waitlist.waiting() if w.kind == e.kind and w.interval.overlaps(e.interval)
        ]
        place = [w.id for w in ahead].index(e.id) + 1
    return WaitlistEntryView(
        id=e.id,
        site_id=site_id,
        day=day,
        member_id=e.member_id,
        resource_id=e.resource_id,
        kind=e.kind,
        features=list(e.features),
        start=e.start,
        end=e.end,
        quantity=e.quantity,
        status=e.status,
        joined_at=e.joined_at,
        changed_at=e.changed_at or e.joined_at,
        booking_id=e.booking_id,
        place=place,
        site_name=ctx.store.site(site_id).name,
    )


# -- offering what frees --------------------------------------------------------------------


def offer_freed(ctx: Context, booking: BookingView) -> int:
    """The hook after a freeing command: offers the freed booking's day to its waitlist."""
    site = ctx.store.site(booking.site_id)
    position = offer(ctx, site.id, ledger_day(site, Interval(booking.start, booking.end)))
    return ctx.written(position) if position else 0


def offer(ctx: Context, site_id: UUID, day: date) -> int:
    """Expires the entries of the site's day whose time has started, then books, in line
    order, each waiting entry for which something is free and which the rules still allow.
    Returns the log position reached (0: nothing changed). Safe to run anywhere, any time."""
    store = ctx.store
    waitlist = store.load_or_none(Waitlist, waitlist_id(site_id, day))
    if waitlist is None or not waitlist.waiting():
        return 0
    position = 0
    if any(e.start <= store.clock() for e in waitlist.waiting()):
        position = _expire(store, site_id, day)
    site = store.site(site_id)
    for waiting in list(waitlist.waiting()):
        if waiting.start <= store.clock():
            continue
        try:
            position = max(position, _serve(ctx, site, day, waiting))
        except (DomainError, NotFound):
            continue  # nothing free for it, or it no longer fits the rules: the next in line
    return position


def _expire(store: Grannskap, site_id: UUID, day: date) -> int:
    def attempt() -> int:
        waitlist = store.load(Waitlist, waitlist_id(site_id, day), "entry")
        waitlist.expire(store.clock())
        return store.save_all(waitlist)

    return retrying(attempt)


def _serve(ctx: Context, site: Site, day: date, waiting: Entry) -> int:
    store = ctx.store
    # Booked meanwhile (directly, or served by another entry): the entry waits on, unserved.
    schedule(store, waiting.member_id).check_not_holding(waiting.kind, waiting.interval)

    def attach(booking: Booking) -> list[Aggregate]:
        fresh = store.load(Waitlist, waitlist_id(site.id, day), "entry")
        fresh.serve(waiting.id, booking.id, store.clock())  # NotActive: served already
        waits = member_waits(store, waiting.member_id)
        waits.stop(waiting.id, store.clock())
        return [fresh, waits]

    if waiting.resource_id is not None:
        candidates = [waiting.resource_id]
    else:
        candidates = ctx.queries.candidates(
            site.id, waiting.kind, waiting.interval, waiting.features
        )
    try:
        position, booking = place_first(
            store,
            waiting.member_id,
            site,
            waiting.kind,
            waiting.interval,
            waiting.quantity,
            candidates,
            attach,
        )
    except NotActive as done:
        if done.about == "entry":
            return 0
        raise
    metrics.BOOKINGS_PLACED.labels(booking.kind).inc()
    metrics.WAITLIST_SERVED.labels(booking.kind).inc()
    log.debug("waitlist entry %s served by booking %s", waiting.id, booking.id)
    return position


def sweep(ctx: Context) -> int:
    """The job (every minute in each server): offers and expires on every site day that has
    entries still waiting. Returns the log position reached (0: nothing changed)."""
    position = 0
    for site_id, day in ctx.queries.waiting_days():
        try:
            position = max(position, offer(ctx, site_id, day))
        except (DomainError, NotFound, Busy):
            log.exception("could not offer the waitlist of %s on %s", site_id, day)
    return position


def offer_at_site(ctx: Context, site_id: UUID, first_day: date, last_day: date) -> int:
    """Offers every waiting day of a site in a period: for a command that frees a site's
    days at once (a closure lifted) to call right after it."""
    position = 0
    for site, day in ctx.queries.waiting_days():
        if site == site_id and first_day <= day <= last_day:
            position = max(position, offer(ctx, site, day))
    return position
