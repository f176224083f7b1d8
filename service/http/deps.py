"""Dependencies the controllers ask for, and small helpers they share."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from litestar.datastructures import State

from domain.booking import Booking
from domain.time import Interval
from projections.queries import BookingView
from service.application import Written
from service.container import Container
from service.http.errors import problem

log = logging.getLogger(__name__)


def provide_container(state: State) -> Container:
    return state.container  # type: ignore[no-any-return]


def parse_instant(text: str, field: str, tz: ZoneInfo) -> datetime:
    """An ISO 8601 date-time; one without an offset is a wall-clock time in ``tz``."""
    try:
        instant = datetime.fromisoformat(text)
    except ValueError:
        raise problem(
            400,
            "Invalid request",
            "not an ISO 8601 date-time such as 2026-12-01T09:00",
            "invalid-request",
            field,
        ) from None
    return instant if instant.tzinfo is not None else instant.replace(tzinfo=tz)


def parse_interval(start: str, end: str, tz: ZoneInfo) -> Interval:
    """The interval asked for; one that ends before it starts is no demand for anything,
    so it is refused as bad input, like a time that cannot be read."""
    first, last = parse_instant(start, "start", tz), parse_instant(end, "end", tz)
    if last <= first:
        raise problem(400, "Invalid request", "end must be after start", "invalid-request", "end")
    return Interval.of(first, last)


def settle(container: Container, written: Written) -> None:
    """Read-your-writes: wait (bounded) until the views show what was just written."""
    try:
        container.wait_for_reads(written.position)
    except TimeoutError:
        log.warning("views lag behind write %s", written.position)


def settle_view(container: Container, name: str, timeout: float = 2.0) -> None:
    """Before reading a view that responses do not wait for (calendar feeds, reports): wait,
    bounded, until it shows everything the store had when the request came."""
    try:
        container.views.wait(container.app.recorder.max_notification_id() or 0, timeout, (name,))
    except TimeoutError:
        log.warning("the %s view lags behind the store", name)


def booking_out(booking: Booking | Any) -> BookingView:
    return BookingView(
        id=booking.id,
        status=booking.status,
        member_id=booking.member_id,
        site_id=booking.site_id,
        resource_id=booking.resource_id,
        kind=booking.kind,
        start=booking.start,
        end=booking.end,
        quantity=booking.quantity,
        placed_at=booking.placed_at,
        changed_at=booking.modified_on,
        version=booking.version,
        checked_in_at=booking.checked_in_at,
    )
