"""What recurring bookings and the waitlist cost, on a SQLite file with the views followed in
process: starting a series (each day placed through the booking rules, refusals recorded),
and a cancellation with and without the waitlist's offer that follows it.

    .venv/bin/python -m benchmarks.plans
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import date
from datetime import time as clock
from uuid import uuid4

from service.container import Container
from service.settings import Settings
from tests.builders import WEDNESDAY, open_office, slot
from tests.conftest import Clock
from tests.driver import Driver

RUNS = 30


def main() -> None:
    folder = tempfile.mkdtemp()
    c = Container.build(Settings(database_url=f"sqlite:///{folder}/plans.db"), clock=Clock())
    c.start_following()
    try:
        office = open_office(c)
        app = Driver(c)
        series_ms = []
        for _ in range(RUNS):  # Tue and Thu 08-09 for four weeks: 8 days in the window
            started = time.perf_counter()
            app.start_series(
                uuid4(),
                ["tue", "thu"],
                date(2026, 11, 30),
                date(2026, 12, 27),
                clock(8),
                clock(9),
                resource_id=office.headsets,  # a pool of 3: placed, then refused when full
            )
            series_ms.append((time.perf_counter() - started) * 1000)

        def cancellations(offer: bool) -> list[float]:
            handlers = dict(c.ctx.handlers)
            if not offer:
                c.ctx.handlers.clear()
            took = []
            for n in range(RUNS * 2):
                who = uuid4()
                desk = office.desk_a if n % 2 else office.desk_b
                booked = app.book(who, desk, slot(WEDNESDAY, "08:00", "09:00"))
                started = time.perf_counter()
                app.cancel(booked.id, by=who)
                took.append((time.perf_counter() - started) * 1000)
            c.ctx.handlers.update(handlers)
            return took

        plain, offered = cancellations(False), cancellations(True)
    finally:
        c.close()
    print(f"start a series of 8 days: median {statistics.median(series_ms):.1f} ms ({RUNS} runs)")
    print(f"cancel without the waitlist's offer: median {statistics.median(plain):.2f} ms")
    print(f"cancel with the offer (nobody waiting): median {statistics.median(offered):.2f} ms")


if __name__ == "__main__":
    main()
