"""The jobs every server runs each minute, in the order of ``reactions.EACH_MINUTE``: release
the no-shows (which frees their resources), decline the bookings awaiting approval that no
host answered in time, place the days of recurring bookings that the
booking window has reached, offer what is free to the waitlists (expiring the entries
whose time has started), and delete the walk-in visitors' names whose day is over.

Each is idempotent and safe when several processes run it at once (optimistic concurrency
decides who writes); one that fails is logged and the others still run."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from service.application import approvals, bookings, dropins, reactions, series, waitlist
from service.application.context import Context

log = logging.getLogger(__name__)


@dataclass
class Swept:
    no_shows: int = 0
    unanswered: int = 0
    series_days: int = 0
    waitlist_position: int = 0
    visitor_names: int = 0


def _release_no_shows(ctx: Context, swept: Swept) -> None:
    swept.no_shows = bookings.release_no_shows(ctx)


def _expire_unanswered(ctx: Context, swept: Swept) -> None:
    swept.unanswered = approvals.expire_unanswered_bookings(ctx)


def _place_series_days(ctx: Context, swept: Swept) -> None:
    swept.series_days = series.place_due_series(ctx)


def _sweep_waitlists(ctx: Context, swept: Swept) -> None:
    swept.waitlist_position = waitlist.sweep(ctx)


def _forget_visitor_names(ctx: Context, swept: Swept) -> None:
    swept.visitor_names = dropins.forget_past_visitors(ctx)


Job = Callable[[Context, Swept], None]
HANDLERS: dict[reactions.Reaction, Job] = {
    reactions.RELEASE_NO_SHOWS: _release_no_shows,
    reactions.EXPIRE_UNANSWERED: _expire_unanswered,
    reactions.PLACE_SERIES_DAYS: _place_series_days,
    reactions.SWEEP_WAITLISTS: _sweep_waitlists,
    reactions.FORGET_VISITOR_NAMES: _forget_visitor_names,
}


def run_once(ctx: Context) -> Swept:
    swept = Swept()
    for reaction in reactions.EACH_MINUTE:
        try:
            HANDLERS[reaction](ctx, swept)
        except Exception:
            log.exception("%s failed", reaction.name)
    return swept
