"""``make bench``: the benchmark figures on SQLite and PostgreSQL, as one table.

.venv/bin/python -m benchmarks.run [--quick] [--only sqlite|postgres]
                                   [--http-client raw|httpx] [--no-http] [--profile]
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from benchmarks.common import FULL, QUICK, Figure, machine, table
from benchmarks.databases import PG_ADMIN_URL, database, postgres_problem

BACKENDS = ("sqlite", "postgres")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    p.add_argument("--quick", action="store_true", help="3 runs of 1 s instead of 5 of 2.5 s")
    p.add_argument("--only", choices=BACKENDS, help="one store only")
    p.add_argument("--no-http", action="store_true", help="app-level figures only")
    p.add_argument(
        "--http-client",
        choices=("raw", "httpx"),
        default="raw",
        help="the HTTP load client (raw: a minimal asyncio keep-alive client; default)",
    )
    p.add_argument(
        "--profile",
        action="store_true",
        help="instead of the figures, profile app-level bookings with cProfile",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    plan = QUICK if args.quick else FULL
    backends = [args.only] if args.only else list(BACKENDS)
    began = time.perf_counter()
    head = machine()
    print("\n".join(head), flush=True)
    print(
        f"plan:    median of {plan.runs} runs of {plan.seconds:g} s per figure "
        f"(after {plan.warmup} warm-up operations)\n",
        flush=True,
    )
    if os.getloadavg()[0] > 1.0:
        print("warning: other work is running on this machine; the figures will be noisy\n")
    if "postgres" in backends:
        problem = postgres_problem()
        if problem is not None:
            message = f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {problem}"
            if os.environ.get("CI") == "true":
                print(f"error: {message} (required with CI=true)", file=sys.stderr)
                return 1
            print(f"skipping PostgreSQL: {message} (set GRANNSKAP_BENCH_PG)\n", flush=True)
            backends.remove("postgres")
    if not backends:
        print("nothing to measure")
        return 0

    if args.profile:
        from benchmarks.profiling import profile_bookings

        for backend in backends:
            with database(backend, "profile") as url:
                print(profile_bookings(backend, url), "\n", flush=True)
        return 0

    from benchmarks.app_level import app_figures
    from benchmarks.http_level import http_figures

    figures: list[Figure] = []
    for backend in backends:
        print(f"{backend}: app-level bookings and availability ...", flush=True)
        with database(backend, "app") as url:
            figures += app_figures(backend, url, plan)
        if not args.no_http:
            print(f"{backend}: HTTP against 'grannskap serve' ...", flush=True)
            with database(backend, "http") as url:
                figures += http_figures(backend, url, plan, args.http_client)
    print()
    print("\n".join(head))
    print(table(figures))
    load = os.getloadavg()[0]
    print(f"\n(total {time.perf_counter() - began:.0f} s; load average at the end {load:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
