"""How long the evaluators' reports take on a year of data.

    .venv/bin/python -m benchmarks.reports [--backend sqlite|postgres] [--days 365] [--seed 1]

Builds a year (2026, both daylight-saving changes and Swedish public holidays as closures)
of an office with 20 desks, 2 rooms and a pool of 4 headsets by driving the application
directly with a settable clock: about 40 desk bookings per weekday (placed the evening
before, free desks first), room and headset bookings, retries of refused slots, attempts
on closure days, cancellations the evening before, no-shows released after the grace
period, check-ins and early check-outs. Then it times rebuilding all projections from the
log (events/s) and answering each report for the whole year (median of 5 runs).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time as timer
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from benchmarks.common import Clock
from benchmarks.databases import database, postgres_problem
from domain.errors import DomainError
from domain.time import Interval
from service import reporting
from service.application.access import SYSTEM
from service.application.reports import reports_for
from service.cli.operator import Operator
from service.container import Container
from service.settings import Settings

TZ = ZoneInfo("Europe/Stockholm")
FIRST_DAY = date(2026, 1, 1)
HOURS = {d: [["08:00", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}
POLICY = {"days_ahead": 28, "max_future_bookings": 20}
DESKS, MEMBERS = 20, 150
RUNS = 5


def local(day: date, hour: float) -> datetime:
    h, m = int(hour), round((hour - int(hour)) * 60)
    return datetime.combine(day, time(h, m), tzinfo=TZ).astimezone(UTC)


@dataclass
class Office:
    site_id: UUID
    desks: list[UUID]
    rooms: list[UUID]
    headsets: UUID
    members: list[UUID]


@dataclass
class Day:
    """The bookings of one day and what will happen to them."""

    placed: list[tuple[UUID, datetime, datetime]] = field(default_factory=list)  # id, start, end
    desk_holds: dict[UUID, list[tuple[datetime, datetime]]] = field(default_factory=dict)


@dataclass
class Counts:
    placed: int = 0
    refused: int = 0
    cancelled: int = 0
    no_shows: int = 0
    checked_in: int = 0


def set_up(container: Container) -> Office:
    app = Operator(container)
    site = app.register_site(
        name="Grannskapskontoret Frövi",
        address="Storgatan 1",
        locality="Frövi",
        opening_hours=HOURS,
        policy=POLICY,
    ).id
    app.close_on_public_holidays(site, [FIRST_DAY.year, FIRST_DAY.year + 1])
    desks = [
        app.add_resource(
            site, kind="desk", name=f"Skrivbord {n:02}", features=["screen"] if n % 2 else []
        ).id
        for n in range(1, DESKS + 1)
    ]
    rooms = [
        app.add_resource(
            site, kind="room", name="Mötesrum Kvarnen", seats=8, features=["video"]
        ).id,
        app.add_resource(
            site, kind="room", name="Mötesrum Ån", seats=4, features=["whiteboard"]
        ).id,
    ]
    headsets = app.add_resource(site, kind="equipment", name="Headset", quantity=4).id
    return Office(site, desks, rooms, headsets, [uuid4() for _ in range(MEMBERS)])


def attempt(counts: Counts, call: Callable[[], UUID]) -> UUID | None:
    try:
        booking = call()
    except DomainError:
        counts.refused += 1
        return None
    counts.placed += 1
    return booking


def book_day(
    container: Container, office: Office, day: date, rng: random.Random, counts: Counts
) -> Day:
    """Places the day's bookings from the evening before (clock at 18:00 the day before)."""
    app = Operator(container)
    plan = Day()
    wanted = 42 + rng.randint(-6, 6)
    for _ in range(wanted):
        member = rng.choice(office.members)
        start = rng.choice([8, 8, 8.5, 9, 9, 9.5, 10, 10.5, 11, 12, 13, 13.5, 14])
        length = rng.choice([1, 2, 2, 3, 3, 3.5, 4, 4, 5, 8])
        end = min(start + length, 17)
        interval = Interval(local(day, start), local(day, end))
        free = [
            d
            for d in office.desks
            if all(e <= interval.start or interval.end <= s for s, e in plan.desk_holds.get(d, []))
        ]
        tries = 2 if rng.random() < 0.3 else 1  # some retry the same slot
        for _ in range(tries):
            booking = attempt(
                counts, lambda i=interval, f=free[:3], m=member: book_any(app, office, m, i, f)
            )
            if booking is not None:
                desk = container.store.booking(booking).resource_id
                plan.desk_holds.setdefault(desk, []).append((interval.start, interval.end))
                plan.placed.append((booking, interval.start, interval.end))
                break
    for _ in range(rng.randint(3, 8)):
        room = rng.choice(office.rooms)
        start = rng.choice([8, 9, 10, 11, 13, 14, 15])
        interval = Interval(local(day, start), local(day, min(start + rng.choice([1, 1.5, 2]), 17)))
        booking = attempt(
            counts, lambda r=room, i=interval: app.book(rng.choice(office.members), r, i).id
        )
        if booking is not None:
            plan.placed.append((booking, interval.start, interval.end))
    for _ in range(rng.randint(2, 6)):
        start = rng.choice([8, 9, 10, 13, 14])
        interval = Interval(local(day, start), local(day, start + 2))
        booking = attempt(
            counts,
            lambda i=interval: (
                app.book(rng.choice(office.members), office.headsets, i, rng.choice([1, 1, 2])).id
            ),
        )
        if booking is not None:
            plan.placed.append((booking, interval.start, interval.end))
    return plan


def book_any(app, office: Office, member: UUID, interval: Interval, free: list[UUID]) -> UUID:  # type: ignore[no-untyped-def]
    return app.book_any(member, office.site_id, "desk", interval).id


def live_day(
    container: Container, clock: Clock, plan: Day, rng: random.Random, counts: Counts
) -> None:
    """Cancellations the evening before, then the day: check-ins, no-shows, check-outs."""
    app = Operator(container)
    events: list[tuple[datetime, int, UUID]] = []
    for booking, start, end in plan.placed:
        fate = rng.random()
        if fate < 0.10:
            events.append((start - timedelta(hours=14), 0, booking))  # cancel at 18:00-ish
        elif fate < 0.20:
            events.append((start + timedelta(minutes=30), 2, booking))  # no-show release
        else:
            events.append((start + timedelta(minutes=rng.choice([-10, 0, 5, 20])), 1, booking))
            if rng.random() < 0.3 and end - start > timedelta(hours=1):
                events.append((end - timedelta(minutes=45), 3, booking))  # leaves early
    for when, what, booking in sorted(events, key=lambda e: (e[0], e[1])):
        clock.now = max(clock.now, when)
        try:
            if what == 0:
                app.cancel(booking)
                counts.cancelled += 1
            elif what == 1:
                app.check_in(booking)
                counts.checked_in += 1
            elif what == 2:
                counts.no_shows += app.release_if_no_show(booking)
            else:
                app.check_out(booking)
        except DomainError:
            pass


def build_year(container: Container, clock: Clock, days: int, seed: int) -> Counts:
    rng = random.Random(seed)
    clock.now = local(FIRST_DAY - timedelta(days=1), 7)
    office = set_up(container)
    closures = {
        FIRST_DAY + timedelta(days=n)
        for n in range(days)
        if container.store.site(office.site_id).is_closed_on(FIRST_DAY + timedelta(days=n))
    }
    counts = Counts()
    for n in range(days):
        day = FIRST_DAY + timedelta(days=n)
        clock.now = max(clock.now, local(day - timedelta(days=1), 18))
        if day.weekday() >= 5:
            continue
        if day in closures:
            for _ in range(3):  # some try anyway
                attempt(
                    counts,
                    lambda d=day: (
                        Operator(container)
                        .book(
                            rng.choice(office.members),
                            office.desks[0],
                            Interval(local(d, 9), local(d, 12)),
                        )
                        .id
                    ),
                )
            continue
        plan = book_day(container, office, day, rng, counts)
        live_day(container, clock, plan, rng, counts)
        if n % 30 == 29:
            print(f"  {day}: {counts.placed} placed, {counts.refused} refused", file=sys.stderr)
    return counts


def timed(call: Callable[[], object]) -> tuple[float, float, list[float]]:
    """Median wall seconds, median CPU seconds of this process, and each run's wall time."""
    call()  # warm-up
    walls, cpus = [], []
    for _ in range(RUNS):
        wall, cpu = timer.perf_counter(), timer.process_time()
        call()
        cpus.append(timer.process_time() - cpu)
        walls.append(timer.perf_counter() - wall)
    return statistics.median(walls), statistics.median(cpus), walls


def run(backend: str, days: int, seed: int) -> list[str]:
    clock = Clock(local(FIRST_DAY, 7))
    lines = []
    with database(backend, "reports") as url:
        container = Container.build(Settings(database_url=url), clock=clock)
        try:
            started = timer.perf_counter()
            counts = build_year(container, clock, days, seed)
            built = timer.perf_counter() - started
            events = container.store.recorder.max_notification_id() or 0
            lines.append(
                f"{backend}: built {days} days in {built:.0f} s: {counts.placed} bookings placed, "
                f"{counts.refused} attempts refused, {counts.cancelled} cancelled, "
                f"{counts.no_shows} no-shows, {counts.checked_in} check-ins; {events} events"
            )
            started = timer.perf_counter()
            read = container.views.rebuild(container.store)
            rebuilt = timer.perf_counter() - started
            lines.append(
                f"{backend}: rebuilt all projections from {read} events in {rebuilt:.1f} s "
                f"({read / rebuilt:,.0f} events/s)"
            )
            reports = reports_for(container.ctx, SYSTEM)
            site = reports.source.find_site("Frövi")
            assert site is not None
            last = FIRST_DAY + timedelta(days=days - 1)
            period = (site, FIRST_DAY, last)
            cases: list[tuple[str, Callable[[], object]]] = [
                ("read the year's rows (input only)", lambda: reports.input(*period)),
                ("utilisation, group=kind", lambda: reports.utilisation(*period, "kind")),
                ("utilisation, group=day", lambda: reports.utilisation(*period, "day")),
                ("utilisation, group=hour", lambda: reports.utilisation(*period, "hour")),
                ("utilisation, group=resource", lambda: reports.utilisation(*period, "resource")),
                ("demand", lambda: reports.demand(*period)),
                ("specification, 0.95", lambda: reports.specification(*period, 0.95)),
                ("what-if, recorded capacity", lambda: reports.what_if(*period, {})),
                ("what-if, 15 desks", lambda: reports.what_if(*period, {"desk": 15})),
                ("report page (HTML, all three)", lambda: reporting.report_page(reports, *period)),
            ]
            width = max(len(name) for name, _ in cases)
            lines.append("")
            lines.append(f"{'report (whole year)'.ljust(width)}  median s  CPU s  runs (wall s)")
            lines.append(f"{'-' * width}  --------  -----  -------------")
            for name, call in cases:
                wall, cpu, runs = timed(call)
                each = " ".join(f"{r:.3f}" for r in runs)
                lines.append(f"{name.ljust(width)}  {wall:8.3f}  {cpu:5.3f}  {each}")
        finally:
            container.close()
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.reports", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.backend == "postgres" and (problem := postgres_problem()):
        print(f"no PostgreSQL: {problem}", file=sys.stderr)
        return 2
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    print(f"command: .venv/bin/python -m benchmarks.reports {' '.join(argv or sys.argv[1:])}")
    print(
        f"machine: nproc={os.cpu_count()}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, load average {load:.2f}"
    )
    for line in run(args.backend, args.days, args.seed):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
