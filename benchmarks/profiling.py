"""``--profile``: where a booking's time goes. cProfile over single-threaded app-level
bookings with read-your-writes; the booking thread and the projection follower thread
are profiled separately and shown per booking."""

from __future__ import annotations

import cProfile
import os
import pstats
import statistics
import time
from uuid import uuid4

from benchmarks.app_level import DESKS, MEMBERS, START, book_one
from benchmarks.common import Clock
from benchmarks.seed import SlotWalker, booking_site, first_hour_after
from service.cli.operator import Operator
from service.container import Container
from service.settings import Settings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def profile_bookings(backend: str, url: str, bookings: int = 1000, top: int = 22) -> str:
    clock = Clock(START)
    container = Container.build(Settings(database_url=url), clock=clock)
    follower_profile = cProfile.Profile()
    catch_up = container.views.catch_up

    def profiled_catch_up(*args, **kwargs):  # runs in the follower thread
        return follower_profile.runcall(catch_up, *args, **kwargs)

    container.views.catch_up = profiled_catch_up  # type: ignore[method-assign]
    container.start_following()
    try:
        site = booking_site(container, desks=DESKS)
        walker = SlotWalker(site.desks, [uuid4() for _ in range(MEMBERS)], first_hour_after(START))
        for _ in range(100):
            book_one(container, walker)
        split = _split(container, walker, 300)
        follower_profile.disable()
        follower_profile = cProfile.Profile()  # forget the warm-up
        booking_profile = cProfile.Profile()
        started = time.perf_counter()
        booking_profile.enable()
        for _ in range(bookings):
            book_one(container, walker)
        booking_profile.disable()
        elapsed = time.perf_counter() - started
    finally:
        container.close()
    lines = [
        f"== profile: {bookings} app-level bookings + wait_for on {backend}, "
        f"{elapsed / bookings * 1000:.2f} ms each under cProfile "
        f"({bookings / elapsed:,.0f}/s; cProfile slows small calls down) ==",
        f"without the profiler, median of 300: app.book {split[0]:.2f} ms, "
        f"then container.wait_for {split[1]:.2f} ms",
        "",
        "-- booking thread (app.book + container.wait_for), by cumulative time --",
        *_top(booking_profile, "cumulative", bookings, top),
        "",
        "-- booking thread, by own time --",
        *_top(booking_profile, "tottime", bookings, top),
        "",
        "-- projection follower thread (Views.catch_up), by cumulative time --",
        *_top(follower_profile, "cumulative", bookings, top),
        "",
        "-- projection follower thread, by own time --",
        *_top(follower_profile, "tottime", bookings, top),
    ]
    return "\n".join(lines)


def _split(container: Container, walker: SlotWalker, n: int) -> tuple[float, float]:
    """Median milliseconds of ``app.book`` and of the ``wait_for`` after it."""
    book, wait = [], []
    for _ in range(n):
        member, desk, interval = walker.next()
        t0 = time.perf_counter()
        written = Operator(container).book(member, desk, interval)
        t1 = time.perf_counter()
        container.wait_for_all(written.position)
        t2 = time.perf_counter()
        book.append(t1 - t0)
        wait.append(t2 - t1)
    return statistics.median(book) * 1000, statistics.median(wait) * 1000


def _short(filename: str) -> str:
    for marker in ("site-packages/", ROOT + "/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return os.path.basename(filename) if filename.startswith("/") else filename


def _top(profile: cProfile.Profile, key: str, per: int, top: int) -> list[str]:
    stats = pstats.Stats(profile)
    rows = []
    for (filename, line, name), (_cc, calls, own, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        where = f"{_short(filename)}:{line}({name})" if line else name
        rows.append((own if key == "tottime" else cumulative, own, cumulative, calls, where))
    rows.sort(reverse=True)
    out = [f"{'own us/bk':>10} {'cum us/bk':>10} {'calls/bk':>9}  function"]
    for _, own, cumulative, calls, where in rows[:top]:
        out.append(
            f"{own / per * 1e6:10.0f} {cumulative / per * 1e6:10.0f} {calls / per:9.1f}  {where}"
        )
    return out
