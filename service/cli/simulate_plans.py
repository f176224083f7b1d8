"""The simulator's members use what desk-booking users use every week, in plausible shares:
some office regulars book the same days every week for a couple of months (a recurring
booking, whose later days the job places as the booking window opens), many of those refused
a desk or a room join the waitlist (and check in when it serves them), and most check-ins
are made by scanning the desk's code. Every step is a use case at the simulated instant."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from functools import partial
from uuid import UUID

from domain.errors import DomainError
from domain.time import Interval, local_instant
from domain.vocabulary import CAPACITY_RULES
from service.application import bookings, series, waitlist
from service.application.access import SYSTEM
from service.application.errors import ApplicationError
from service.cli.sim_world import SimMember, SiteInfo, World, pick

SERIES_SHARE = 0.2  # of the office's regulars: a weekly recurring desk booking
SERIES_WEEKS = (4, 6, 8, 12)
SERIES_DAYS = [
    (("tue", "thu"), 40),
    (("mon", "wed"), 25),
    (("tue", "wed", "thu"), 20),
    (("fri",), 15),
]
WAITLIST_SHARE = 0.45  # of members refused because it was taken or nothing was free
# How check-ins are made: scanning the desk's code, the button on "my bookings", or a host.
CHECK_IN_METHODS = [("code", 62), ("button", 30), ("host", 8)]


def plan(sim: World, first_day: date, days: int) -> None:
    """Recurring bookings of some office regulars, and the daily run of the jobs that place
    their later days and offer what is free to the waitlists."""
    rng: random.Random = sim.rng
    office = sim.office
    regulars = [m for m in sim.members if m.locality == office.locality]
    for member in regulars:
        if rng.random() >= SERIES_SHARE or days < 7:
            continue
        first = first_day + timedelta(days=rng.randrange(0, max(1, days - 7)))
        weeks = rng.choice(SERIES_WEEKS)
        weekdays = pick(rng, SERIES_DAYS)
        start = rng.choice([time(7, 30), time(8), time(8), time(8, 30)])
        asked = local_instant(first - timedelta(days=rng.randint(1, 6)), time(20), office.tz)
        sim.at(asked, partial(_start_series, sim, member, first, weeks, weekdays, start))
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        sim.at(local_instant(day, time(0, 5), office.tz), lambda: _daily_jobs(sim))


def _start_series(
    sim: World,
    member: SimMember,
    first: date,
    weeks: int,
    weekdays: tuple[str, ...],
    start: time,
) -> None:
    end = (datetime.combine(first, start) + timedelta(hours=8)).time()
    command = series.StartSeries(
        actor=sim.actor(member.id),
        weekdays=weekdays,
        first_day=first,
        until=first + timedelta(weeks=weeks),
        start=start,
        end=end,
        site_id=sim.office.id,
        kind="desk",
    )
    try:
        started = series.start_series(sim.c.ctx, command)
    except (DomainError, ApplicationError):
        return
    sim.outcome.series += 1
    for day in started.days:
        at = local_instant(day.day, start, sim.office.tz) + timedelta(
            minutes=sim.rng.randint(-10, 15)
        )
        sim.at(at, partial(_turn_up, sim, member, started.series.id, day.day))


def _turn_up(sim: World, member: SimMember, series_id: UUID, day: date) -> None:
    """A regular turns up on a day of their series (most do), and checks in."""
    result = series.read_series(sim.c.ctx, SYSTEM, series_id)
    booking_id = next((d.booking_id for d in result.days if d.day == day), None)
    if booking_id is None or sim.rng.random() < 0.15:
        return
    check_in(sim, member, booking_id)


def _daily_jobs(sim: World) -> None:
    sim.outcome.series_days += series.place_due_series(sim.c.ctx)
    waitlist.sweep(sim.c.ctx)


def after_refusal(
    sim: World,
    member: SimMember,
    site: SiteInfo,
    kind: str,
    interval: Interval,
    resource_id: UUID | None,
    error: Exception,
) -> None:
    """Some members refused because it was taken or nothing was free join the waitlist."""
    if getattr(error, "rule", "") not in CAPACITY_RULES or sim.rng.random() >= WAITLIST_SHARE:
        return
    command = waitlist.JoinWaitlist(
        actor=sim.actor(member.id),
        start=interval.start,
        end=interval.end,
        resource_id=resource_id,
        site_id=None if resource_id else site.id,
        kind=None if resource_id else kind,
    )
    try:
        joined = waitlist.join(sim.c.ctx, command)
    except (DomainError, ApplicationError):
        return
    sim.outcome.waitlisted += 1
    entry_id = joined.entry.id
    sim.at(
        interval.start + timedelta(minutes=sim.rng.randint(0, 15)),
        lambda: _if_served(sim, member, entry_id),
    )


def _if_served(sim: World, member: SimMember, entry_id: UUID) -> None:
    entry = waitlist.entry(sim.c.ctx, SYSTEM, entry_id)
    if entry.status == "served" and entry.booking_id is not None:
        sim.outcome.served += 1
        check_in(sim, member, entry.booking_id)


def check_in(sim: World, member: SimMember, booking_id: UUID) -> None:
    """Checks in by the desk's code, the member's button, or a host, in plausible shares."""
    method = pick(sim.rng, CHECK_IN_METHODS)
    actor = SYSTEM if method == "host" else sim.actor(member.id)
    change = bookings.ChangeBooking(actor, booking_id, method=method if method != "host" else None)
    try:
        bookings.check_in(sim.c.ctx, change)
    except (DomainError, ApplicationError):
        return
    sim.outcome.checked_in += 1
    if method == "code":
        sim.outcome.by_code += 1
