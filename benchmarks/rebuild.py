"""Events per second of a rebuild of every view from the log (a simulated year).

    .venv/bin/python -m benchmarks.rebuild --build <database url> [--days 365]
    .venv/bin/python -m benchmarks.rebuild <database url> [--runs 3]

The first form fills an empty database with a simulated year (``benchmarks/reports.py``'s
office); the second rebuilds its views ``--runs`` times and prints each run's events/s
(wall clock) and this process's CPU per event, and their medians. Two checkouts are
compared on the same stored year by running the second form from each in turn
(``PYTHONPATH=<checkout> <checkout>/.venv/bin/python <this file> <url>``), alternating.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from benchmarks.common import Clock
from benchmarks.reports import FIRST_DAY, build_year, local
from service.container import Container
from service.settings import Settings


def build(url: str, days: int, seed: int) -> None:
    clock = Clock(local(FIRST_DAY, 7))
    container = Container.build(Settings(database_url=url), clock=clock)
    try:
        build_year(container, clock, days, seed)
        print(f"built {days} days: {container.store.recorder.max_notification_id()} events")
    finally:
        container.close()


def rebuild(url: str, runs: int) -> None:
    container = Container.build(Settings(database_url=url), clock=Clock(local(FIRST_DAY, 7)))
    rates, cpus = [], []
    try:
        for _ in range(runs):
            wall, cpu = time.perf_counter(), time.process_time()
            read = container.views.rebuild(container.store)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            rates.append(read / wall)
            cpus.append(cpu / read * 1e6)
    finally:
        container.close()
    print(
        f"rebuild of {read} events: median {statistics.median(rates):,.0f} events/s, "
        f"{statistics.median(cpus):.1f} µs CPU per event; runs "
        + " ".join(f"{r:,.0f}" for r in rates)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--build", action="store_true")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if args.build:
        build(args.url, args.days, args.seed)
    else:
        rebuild(args.url, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
