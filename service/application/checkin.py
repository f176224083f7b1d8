"""Check-in at the desk: what the page a resource's QR code opens offers the signed-in member
(check in the booking they have there now, or book it now if it is free), and doing it.

A check-in made here is recorded with the method "code": the member stood at the resource
(or at least at its code), which a check-in from a list anywhere does not show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.booking import check_in_window
from domain.time import SLOT, Interval, local_date
from projections.queries import BookingView, ResourceView, SiteView
from service.application import bookings, reads
from service.application.bookings import Book, BookingChanged, ChangeBooking
from service.application.context import Context
from service.application.errors import NotFound
from service.registry.members import Member

# How long "book it now" books when the member does not say: as the booking pages propose.
NOW_MINUTES = {"desk": 8 * 60, "room": 60, "equipment": 4 * 60}


@dataclass(frozen=True)
class Here:
    """What the member can do at a resource now."""

    resource: ResourceView
    site: SiteView
    booking: BookingView | None  # theirs there now: check-in open, or checked in and on
    can_check_in: bool
    # When it is free now: from when "book it now" books, the times it may end at, and
    # the end proposed.
    start: datetime | None
    ends: list[datetime]
    proposed_end: datetime | None = None
    # The member's next booking here whose check-in has not opened yet, and from when it
    # can be checked in.
    later: BookingView | None = None
    check_in_from: datetime | None = None
    # When it is not free now because the site is not open yet today: when it opens.
    opens_at: datetime | None = None


def _resource(ctx: Context, resource_id: UUID) -> tuple[ResourceView, SiteView]:
    store_resource = ctx.store.resource(resource_id)
    site = reads.site(ctx, store_resource.site_id)
    found = next(
        (r for r in ctx.queries.resources(site.id, include_retired=True) if r.id == resource_id),
        None,
    )
    if found is None:
        raise NotFound("resource")
    return found, site


def here(ctx: Context, actor: Member, resource_id: UUID) -> Here:
    resource, site = _resource(ctx, resource_id)
    now = ctx.now()
    grace = ctx.queries.policy(site.id).grace
    mine = later = None
    for b in ctx.queries.member_bookings(actor.id, since=now):
        if b.resource_id != resource_id or b.status != "confirmed":
            continue
        opens, closes = check_in_window(b.start, b.end, grace)
        if opens <= now < closes or (b.checked_in_at is not None and b.start - SLOT <= now):
            mine = b
            break
        if now < opens and b.checked_in_at is None and (later is None or b.start < later.start):
            later = b
    can = mine is not None and mine.checked_in_at is None
    if mine is not None or resource.retired:
        return Here(resource, site, mine, can, None, [])
    check_in_from = check_in_window(later.start, later.end, grace)[0] if later else None
    start, ends = _free_now(ctx, site, resource, now)
    proposed = None
    if start is not None and ends:
        wanted = start + timedelta(minutes=NOW_MINUTES.get(resource.kind, 60))
        proposed = max((e for e in ends if e <= wanted), default=ends[0])
    opens_at = None
    if start is None:
        today = reads.open_intervals(ctx, site, local_date(now, ZoneInfo(site.timezone)))
        if not any(i.start <= now < i.end for i in today):
            opens_at = next((i.start for i in today if i.start > now), None)
    return Here(resource, site, mine, can, start, ends, proposed, later, check_in_from, opens_at)


def coming_quarter(now: datetime) -> datetime:
    """The first quarter hour (:00, :15, :30, :45) at or after ``now``: at 09:30:05 that is
    09:45, not 09:30, which has passed by five seconds (a booking may not start then)."""
    start = now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0)
    return start if start >= now else start + timedelta(minutes=15)


def _free_now(
    ctx: Context, site: SiteView, resource: ResourceView, now: datetime
) -> tuple[datetime | None, list[datetime]]:
    """From the coming quarter hour, if the resource is free then: the possible ends."""
    tz = ZoneInfo(site.timezone)
    start = coming_quarter(now)
    day = local_date(start, tz)
    availability = ctx.queries.availability(site, day, resource.kind)
    row = next((r for r in availability.resources if r.resource_id == resource.id), None)
    if row is None:
        return None, []
    span = next(
        (s for s in row.free if s.start <= start and start + SLOT <= s.end and s.available),
        None,
    )
    if span is None:
        return None, []
    limit = ctx.queries.policy(site.id).max_minutes.get(resource.kind, 600)
    last = min(span.end, start + timedelta(minutes=limit))
    ends = []
    moment = start + SLOT
    while moment <= last:
        ends.append(moment)
        moment += SLOT
    return start, ends


def check_in_here(ctx: Context, actor: Member, resource_id: UUID) -> BookingChanged:
    """Checks in the member's booking at the resource, by its code."""
    found = here(ctx, actor, resource_id)
    if found.booking is None:
        raise NotFound("booking")
    return bookings.check_in(ctx, ChangeBooking(actor, found.booking.id, method="code"))


def book_here_now(
    ctx: Context, actor: Member, resource_id: UUID, end: datetime | None = None
) -> BookingChanged:
    """Books the resource from the coming quarter hour (until ``end``, or as proposed) and
    checks it in by its code at once. The booking rules decide as for any booking."""
    found = here(ctx, actor, resource_id)
    now = ctx.now()
    start = found.start or coming_quarter(now)
    until = end or found.proposed_end or start + SLOT
    interval = Interval.of(start, until)
    placed = bookings.book(ctx, Book(actor, interval.start, interval.end, resource_id=resource_id))
    return bookings.check_in(ctx, ChangeBooking(actor, placed.booking.id, method="code"))
