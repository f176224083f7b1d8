"""A year's specification the first time and again: the reports' cache (service/reporting/
cache.py) keyed by site, period, service level and the usage view's position.

    .venv/bin/python -m benchmarks.report_cache [--backend sqlite|postgres] [--days 365]

Builds the same year as ``benchmarks.reports`` (an office with 20 desks, 2 rooms, a pool of
headsets), then times, as CPU seconds of this process (median of several runs):

- the first time: the reports of the site and year computed with an empty cache (every run
  empties it), as the evaluators' pages ask for them (utilisation, demand, specification,
  what-if at the recorded capacity, the decision and the charts);
- repeated: the same request again, answered from the cache (the period, the view's
  position and the decision are still read and made per request);
- the reports as the Kravspecifikation page asks for them (no charts) both ways;
- the standalone report page's HTML (all three reports with their charts and tables) both
  ways;
- the Kravspecifikation as a PDF (WeasyPrint) both ways: the first time with the reports'
  cache emptied, so the reports are computed too.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time as timer
from collections.abc import Callable
from datetime import timedelta

from benchmarks.common import Clock
from benchmarks.databases import database, postgres_problem
from benchmarks.reports import FIRST_DAY, build_year, local
from service import reporting
from service.application.access import SYSTEM
from service.application.reports import reports_for
from service.container import Container
from service.presentation.i18n import Lang
from service.reporting.cache import cache_for
from service.reporting.document import site_document
from service.settings import Settings

RUNS = 7


def cpu(call: Callable[[], object], before: Callable[[], object] = lambda: None) -> list[float]:
    """CPU seconds of each run of ``call`` (``before`` runs first each time, untimed)."""
    runs = []
    for _ in range(RUNS):
        before()
        started = timer.process_time()
        call()
        runs.append(timer.process_time() - started)
    return runs


def run(backend: str, days: int, seed: int) -> list[str]:
    clock = Clock(local(FIRST_DAY, 7))
    lines = []
    with database(backend, "report_cache") as url:
        container = Container.build(Settings(database_url=url), clock=clock)
        try:
            counts = build_year(container, clock, days, seed)
            container.views.catch_up_fully(container.store)
            lines.append(
                f"{backend}: {days} days, {counts.placed} bookings placed, "
                f"{counts.refused} attempts refused"
            )
            reports = reports_for(container.ctx, SYSTEM)
            site = reports.source.find_site("Frövi")
            assert site is not None
            last = FIRST_DAY + timedelta(days=days - 1)
            cache = cache_for(container.queries.engine)
            t = Lang("sv")

            def reports_once() -> object:
                return reporting.site_reports(reports, site, FIRST_DAY, last, t)

            def specification_once() -> object:
                return reporting.site_reports(reports, site, FIRST_DAY, last, t, with_charts=False)

            def page_once() -> object:
                return reporting.report_page(reports, site, FIRST_DAY, last)

            def pdf_once() -> object:
                return site_document(reports, site, FIRST_DAY, last, t)

            reports_once()  # warm the code paths (imports, the catalogues of messages)
            cases = [
                ("reports of the period, first time", cpu(reports_once, cache.clear)),
                ("reports of the period, repeated", cpu(reports_once)),
                ("Kravspecifikation (no charts), first", cpu(specification_once, cache.clear)),
                ("Kravspecifikation (no charts), repeated", cpu(specification_once)),
                ("report page (HTML), first time", cpu(page_once, cache.clear)),
                ("report page (HTML), repeated", cpu(page_once)),
                ("Kravspecifikation PDF, first time", cpu(pdf_once, cache.clear)),
                ("Kravspecifikation PDF, repeated", cpu(pdf_once)),
            ]
            width = max(len(name) for name, _ in cases)
            lines.append("")
            lines.append(f"{'case'.ljust(width)}  median CPU ms  runs (CPU ms)")
            for name, runs in cases:
                each = " ".join(f"{r * 1000:.1f}" for r in runs)
                lines.append(f"{name.ljust(width)}  {statistics.median(runs) * 1000:13.1f}  {each}")
        finally:
            container.close()
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.report_cache", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.backend == "postgres" and (problem := postgres_problem()):
        print(f"no PostgreSQL: {problem}", file=sys.stderr)
        return 2
    print(f"command: .venv/bin/python -m benchmarks.report_cache {' '.join(argv or sys.argv[1:])}")
    for line in run(args.backend, args.days, args.seed):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
