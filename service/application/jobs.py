"""The jobs every server runs each minute, in this order: release the no-shows (which frees
their resources), place the days of recurring bookings that the booking window has reached,
and offer what is free to the waitlists (expiring the entries whose time has started).

Each is idempotent and safe when several processes run it at once (optimistic concurrency
decides who writes); one that fails is logged and the others still run."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from service.application import bookings, series, waitlist
from service.application.context import Context

log = logging.getLogger(__name__)


@dataclass
class Swept:
    no_shows: int = 0
    series_days: int = 0
    waitlist_position: int = 0


def run_once(ctx: Context) -> Swept:
    swept = Swept()
    try:
        swept.no_shows = bookings.release_no_shows(ctx)
    except Exception:
        log.exception("releasing no-shows failed")
    try:
        swept.series_days = series.place_due_series(ctx)
    except Exception:
        log.exception("placing the days of recurring bookings failed")
    try:
        swept.waitlist_position = waitlist.sweep(ctx)
    except Exception:
        log.exception("offering to the waitlists failed")
    return swept
