"""Changes of a site or a resource that hit bookings already made: a closure over booked
days, opening hours that no longer cover a booking, a resource retired with bookings ahead.

The use case makes the change on a copy of the aggregate (a preview saves nothing), and
asks here which of the active bookings that have not ended the changed site or resource no
longer allows; those are cancelled with the reason, in the same step as the change."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.booking import HOURS_CHANGED, SITE_CLOSED
from domain.resource import Resource
from domain.site import Site
from domain.time import Interval, local_date


@dataclass(frozen=True)
class Booked:
    """An active booking as the change needs to know it."""

    booking_id: UUID
    resource_id: UUID
    start: datetime
    end: datetime


def hit_by_site(site: Site, bookings: Iterable[Booked], now: datetime) -> dict[UUID, str]:
    """The bookings that ``site`` (as changed) no longer allows, with the reason: the site
    is closed that day, or its opening hours no longer cover the booking."""
    hit: dict[UUID, str] = {}
    for b in bookings:
        if b.end <= now:
            continue
        interval = Interval(b.start, b.end)
        if site.is_closed_on(local_date(b.start, site.tz)):
            hit[b.booking_id] = SITE_CLOSED
        elif not site.fits(interval):
            hit[b.booking_id] = HOURS_CHANGED
    return hit


def hit_by_retirement(resource: Resource, bookings: Iterable[Booked], now: datetime) -> set[UUID]:
    """The bookings of a retired resource that have not ended."""
    if not resource.retired:
        return set()
    return {b.booking_id for b in bookings if b.resource_id == resource.id and b.end > now}
