"""Drop-ins: a host registers a walk-in visitor without an account at a free resource.

A drop-in is an ordinary booking on the resource's day ledger (so nobody can book it over
the visitor), placed by the host, checked in as placed, and counted in the reports as
drop-in use. Its member id is an id of its own (uuid4) that no member has: nothing about the
visitor is in the events."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from domain.booking import Booking
from domain.errors import InThePast, InvalidSetting, OutsideBookingWindow
from domain.ledger import ResourceDay
from domain.member import MemberSchedule
from domain.resource import Resource
from domain.site import Site
from domain.time import Interval, local_date

QUARTER = timedelta(minutes=15)


def current_quarter(now: datetime) -> datetime:
    """The start of the quarter hour ``now`` is in (where a drop-in from now starts)."""
    return now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0)


def place_drop_in(
    *,
    site: Site,
    resource: Resource,
    ledger: ResourceDay,
    visitor: MemberSchedule,
    interval: Interval,
    now: datetime,
    by: UUID,
) -> Booking:
    """Checks the rules of a drop-in (today, from the current quarter hour on, open, not too
    long, a resource in use and free), then records it on the ledger and the visitor's own
    schedule. The caller saves the three aggregates together."""
    if resource.site_id != site.id:
        raise InvalidSetting("the resource is not at that site", about="resource")
    interval.check_aligned()
    resource.check_bookable(1)
    if interval.start < current_quarter(now):
        raise InThePast("a drop-in starts in the current quarter hour or later", about="start")
    if local_date(interval.start, site.tz) != local_date(now, site.tz):
        raise OutsideBookingWindow("a drop-in is for today", about="start")
    site.check_duration(resource.kind, interval)
    site.check_open(interval)
    booking = Booking(
        member_id=visitor.member_id,
        site_id=site.id,
        resource_id=resource.id,
        kind=resource.kind,
        start=interval.start,
        end=interval.end,
        quantity=1,
        placed_at=now,
        placed_by=by,
        drop_in=True,
    )
    ledger.hold(booking.id, interval, 1, resource.capacity)
    visitor.hold(booking.id, resource.kind, interval, now)
    return booking
