"""The adapters' one way to the views: the catalogue, availability and bookings as the views
give them (and the types of the results), and the reads that need more than one view, the
member registry, or a rule of the domain: one booking for whoever may see it, a member's
bookings with what they can do about each, and a site's day for its hosts. No page,
endpoint or command reads a view any other way (an import-linter contract says so)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.booking import can_check_in, check_in_window
from domain.site import BookingPolicy
from domain.time import Interval, day_bounds
from domain.vocabulary import HOLDING
from projections.queries import (
    Availability,
    BookingView,
    DayCounts,
    FloorPlanView,
    FreeSpan,
    ResourceView,
    SeriesDayView,
    SeriesView,
    SiteView,
    UsualView,
    WaitlistEntryView,
    natural,
)
from service.application.access import may_see_booking, require_manager_of, require_site_manager
from service.application.context import Context
from service.application.errors import NotFound
from service.registry.members import Member

__all__ = [
    "Availability",
    "BookingLine",
    "BookingView",
    "DayCounts",
    "DayState",
    "FloorPlanView",
    "FreeSpan",
    "ResourceView",
    "SeriesDayView",
    "SeriesView",
    "SiteView",
    "UsualView",
    "WaitlistEntryView",
    "availability",
    "booking",
    "day_state",
    "find_booking",
    "find_series",
    "find_site",
    "lines",
    "my_booking_lines",
    "my_bookings",
    "natural",
    "open_intervals",
    "policy",
    "resource_names",
    "resources",
    "site",
    "site_day",
    "sites",
    "week",
]


@dataclass(frozen=True)
class BookingLine:
    """A booking as a list shows it, with what can be done about it now."""

    booking: BookingView
    site_name: str
    timezone: str
    resource_name: str
    can_cancel: bool
    can_check_in: bool
    check_in_until: datetime | None
    member_name: str | None = None
    can_check_out: bool = False


@dataclass(frozen=True)
class DayState:
    """Whether a local day of a site can be booked now, and if not, why: it has passed,
    or it lies beyond the booking window (``opens_on``: the day it can be booked from).
    ``not_before`` is the earliest start today (hours already passed are not offered)."""

    bookable: bool
    passed: bool = False
    opens_on: date | None = None
    not_before: datetime | None = None


def day_state(ctx: Context, site_view: SiteView, day: date) -> DayState:
    tz = ZoneInfo(site_view.timezone)
    now = ctx.now()
    today = now.astimezone(tz).date()
    policy = ctx.queries.policy(site_view.id)
    if day < today:
        return DayState(False, passed=True)
    if day > policy.last_day_to_book(today):
        return DayState(False, opens_on=policy.first_day_to_book(day))
    return DayState(True, not_before=now if day == today else None)


def sites(ctx: Context) -> list[SiteView]:
    return ctx.queries.sites()


def find_site(ctx: Context, site_id: UUID) -> SiteView | None:
    return ctx.queries.site(site_id)


def site(ctx: Context, site_id: UUID) -> SiteView:
    found = ctx.queries.site(site_id)
    if found is None:
        raise NotFound("site")
    return found


def policy(ctx: Context, site_id: UUID) -> BookingPolicy:
    return ctx.queries.policy(site_id)


def resources(
    ctx: Context, site_id: UUID, kind: str | None = None, include_retired: bool = False
) -> list[ResourceView]:
    """The site's resources of ``kind`` (every kind without it), in their natural order."""
    return ctx.queries.resources(site_id, kind, include_retired)


def resource_names(ctx: Context, site_id: UUID) -> dict[UUID, str]:
    """Every resource's name at the site, retired ones too (old bookings name them)."""
    return ctx.queries.resource_names(site_id)


def open_intervals(ctx: Context, site_view: SiteView, day: date) -> list[Interval]:
    """When the site is open that local day (nothing on a closure)."""
    return ctx.queries.open_intervals(site_view, day)


def availability(
    ctx: Context,
    site_view: SiteView,
    day: date,
    kind: str | None = None,
    now: datetime | None = None,
) -> Availability:
    return ctx.queries.availability(site_view, day, kind, now)


def week(ctx: Context, site_view: SiteView, monday: date) -> list[DayCounts]:
    return ctx.queries.week(site_view, monday)


def find_series(ctx: Context, actor: Member, series_id: UUID) -> SeriesView | None:
    """One series: the member's own, or any at a site the host manages; None for any other."""
    found = ctx.queries.series(series_id)
    if found is None or not may_see_booking(ctx, actor, found.member_id, found.site_id):
        return None
    return found


def booking(ctx: Context, actor: Member, booking_id: UUID) -> BookingView:
    """One booking: the member's own, or any for a host."""
    found = ctx.queries.booking(booking_id)
    if found is None or not may_see_booking(ctx, actor, found.member_id, found.site_id):
        raise NotFound("booking")
    return found


def find_booking(ctx: Context, actor: Member, booking_id: UUID) -> BookingView | None:
    """One booking: the member's own, or any at a site the host manages; None for any other."""
    found = ctx.queries.booking(booking_id)
    if found is None or not may_see_booking(ctx, actor, found.member_id, found.site_id):
        return None
    return found


def my_bookings(ctx: Context, actor: Member, since: datetime | None) -> list[BookingView]:
    """The member's bookings that end after ``since`` (all of them without it)."""
    return ctx.queries.member_bookings(actor.id, since=since)


def my_booking_lines(ctx: Context, actor: Member, since: datetime | None) -> list[BookingLine]:
    return lines(ctx, ctx.queries.member_bookings(actor.id, since=since))


def site_day(ctx: Context, actor: Member, site_id: UUID, day: date) -> list[BookingLine]:
    """Every booking at the site that local day, with its member's name, or the name a host
    gave a walk-in visitor while the day lasts (hosts of the site only; the day's host page
    is the one place a visitor's name is shown)."""
    require_site_manager(actor)
    found = site(ctx, site_id)
    require_manager_of(ctx, actor, site_id)
    bookings = ctx.queries.site_bookings(site_id, day_bounds(day, ZoneInfo(found.timezone)))
    names = ctx.members.names(b.member_id for b in bookings)
    visitors = ctx.visitors.names(b.id for b in bookings if b.drop_in)
    names.update({b.member_id: visitors[b.id] for b in bookings if b.id in visitors})
    return lines(ctx, bookings, names)


def lines(
    ctx: Context, bookings: Iterable[BookingView], names: dict[UUID, str] | None = None
) -> list[BookingLine]:
    now = ctx.now()
    out = []
    for b in bookings:
        site_view = ctx.queries.site(b.site_id)
        grace = ctx.queries.policy(b.site_id).grace
        resource = ctx.queries.resource_names(b.site_id).get(b.resource_id)
        active = b.status == "confirmed"
        out.append(
            BookingLine(
                booking=b,
                site_name=site_view.name if site_view else "",
                timezone=site_view.timezone if site_view else ctx.timezone,
                resource_name=resource or b.kind,
                can_cancel=b.status in HOLDING and b.end > now,
                can_check_in=can_check_in(
                    status=b.status,
                    checked_in=b.checked_in_at is not None,
                    start=b.start,
                    end=b.end,
                    grace=grace,
                    now=now,
                ),
                check_in_until=check_in_window(b.start, b.end, grace)[1] if active else None,
                member_name=names.get(b.member_id) if names is not None else None,
                can_check_out=active and b.checked_in_at is not None and b.end > now,
            )
        )
    return out
