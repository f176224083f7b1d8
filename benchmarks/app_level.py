"""App-level figures: bookings with read-your-writes (``app.book`` then
``container.wait_for``), single-threaded and from several threads on distinct desks and
members; and ``Queries.availability`` on a realistic site."""

from __future__ import annotations

import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from uuid import uuid4

from benchmarks.common import Clock, Figure, Plan, Run, process_cpu, timed_runs
from benchmarks.seed import SlotWalker, availability_site, booking_site, first_hour_after
from service.cli.operator import Operator
from service.container import Container
from service.settings import Settings

# A Monday morning; the settable clock stays there, so every booking is in its future.
START = datetime(2027, 1, 4, 5, 0, tzinfo=UTC)
DESKS = 40
MEMBERS = 200
THREADS = 4


def app_figures(backend: str, url: str, plan: Plan) -> list[Figure]:
    clock = Clock(START)
    container = Container.build(Settings(database_url=url), clock=clock)
    container.start_following()
    try:
        site = booking_site(container, desks=DESKS)
        members = [uuid4() for _ in range(MEMBERS)]
        walker = SlotWalker(site.desks, members, first_hour_after(clock()))
        single = Figure(
            backend,
            "app book + wait_for, 1 thread",
            "bookings/s",
            booking_runs(container, [walker], plan),
            note=f"wait_for: the {len(container.views.projections)} projections "
            "followed in this process",
        )
        n = len(site.desks) // THREADS
        m = len(members) // THREADS
        walkers = [
            SlotWalker(
                site.desks[i * n : (i + 1) * n],
                members[i * m : (i + 1) * m],
                walker.next_free_hour,
            )
            for i in range(THREADS)
        ]
        threaded = Figure(
            backend,
            f"app book + wait_for, {THREADS} threads",
            "bookings/s",
            booking_runs(container, walkers, plan),
            note="distinct desks and members per thread; latency is per booking",
        )
        avail = availability_site(container, (START + timedelta(days=7)).date())
        site_view = container.queries.site(avail.site_id)
        assert site_view is not None
        answer = container.queries.availability(site_view, avail.day)
        assert len(answer.resources) == avail.resources, answer
        runs = timed_runs(plan, lambda: container.queries.availability(site_view, avail.day))
        availability = Figure(
            backend,
            f"Queries.availability ({avail.resources} resources)",
            "queries/s",
            runs,
            note=f"{avail.holds_that_day} holds that day, views holding "
            f"{_bookings(container)} bookings in all",
        )
        return [single, threaded, availability]
    finally:
        container.close()


def _bookings(container: Container) -> int:
    from sqlalchemy import func, select

    from projections.tables import HoldRow

    with container.engine.connect() as c:
        return int(c.scalar(select(func.count()).select_from(HoldRow)) or 0)


def book_one(container: Container, walker: SlotWalker) -> None:
    member, desk, interval = walker.next()
    written = Operator(container).book(member, desk, interval)
    container.wait_for_reads(written.position)


def booking_runs(container: Container, walkers: list[SlotWalker], plan: Plan) -> list[Run]:
    """``plan.runs`` runs of ``plan.seconds``, each walker in a thread of its own (or in
    this thread if there is only one)."""
    if len(walkers) == 1:
        walker = walkers[0]
        return timed_runs(plan, lambda: book_one(container, walker))
    for walker in walkers:  # warm up each walker's desks and members
        for _ in range(max(1, plan.warmup // len(walkers))):
            book_one(container, walker)
    return [_threaded_run(container, walkers, plan.seconds) for _ in range(plan.runs)]


def _threaded_run(container: Container, walkers: list[SlotWalker], seconds: float) -> Run:
    latencies: list[list[float]] = [[] for _ in walkers]
    errors = [0]
    start = threading.Barrier(len(walkers) + 1)
    deadline = [0.0]

    def work(i: int) -> None:
        mine = latencies[i]
        start.wait()
        now = time.perf_counter()
        while now < deadline[0]:
            try:
                book_one(container, walkers[i])
            except Exception as error:
                if not errors[0]:
                    print(f"  first error in thread {i}: {error!r}", file=sys.stderr)
                errors[0] += 1
                now = time.perf_counter()
                continue
            after = time.perf_counter()
            mine.append(after - now)
            now = after

    threads = [
        threading.Thread(target=work, args=(i,), name=f"bench-{i}") for i in range(len(walkers))
    ]
    for t in threads:
        t.start()
    cpu = process_cpu()
    began = time.perf_counter()
    deadline[0] = began + seconds
    start.wait()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    flat = [x for xs in latencies for x in xs]
    return Run(len(flat), elapsed, flat, process_cpu() - cpu, errors=errors[0])
