"""CPU per app-level booking (the command and its views, read-your-writes included): five
runs of 200 bookings after 100 to warm up, median. To compare two checkouts side by side on
a noisy machine, run it from each in turn with ``PYTHONPATH=<checkout>``.

.venv/bin/python -m benchmarks.booking_cpu [memory|sqlite|<database url>]
"""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
import time
from uuid import uuid4

from benchmarks.app_level import DESKS, MEMBERS, START, book_one
from benchmarks.common import Clock
from benchmarks.seed import SlotWalker, booking_site, first_hour_after
from service.container import Container
from service.settings import Settings

RUNS, BOOKINGS, WARMUP = 5, 200, 100


def main(argv: list[str]) -> int:
    where = argv[0] if argv else "memory"
    with tempfile.TemporaryDirectory(prefix="grannskap-booking-cpu-") as folder:
        url = {"memory": "memory:", "sqlite": f"sqlite:///{folder}/grannskap.db"}.get(where, where)
        container = Container.build(Settings(database_url=url), clock=Clock(START))
        container.start_following()
        try:
            site = booking_site(container, desks=DESKS)
            members = [uuid4() for _ in range(MEMBERS)]
            walker = SlotWalker(site.desks, members, first_hour_after(START))
            for _ in range(WARMUP):
                book_one(container, walker)
            runs, user, system = [], [], []
            for _ in range(RUNS):
                before, cpu = resource.getrusage(resource.RUSAGE_SELF), time.process_time()
                for _ in range(BOOKINGS):
                    book_one(container, walker)
                after = resource.getrusage(resource.RUSAGE_SELF)
                runs.append((time.process_time() - cpu) / BOOKINGS * 1000)
                user.append((after.ru_utime - before.ru_utime) / BOOKINGS * 1000)
                system.append((after.ru_stime - before.ru_stime) / BOOKINGS * 1000)
        finally:
            container.close()
    print(
        f"{where}: median {statistics.median(runs):.2f} ms of CPU per booking "
        f"(user {statistics.median(user):.2f}, system {statistics.median(system):.2f}); "
        f"runs {' '.join(f'{r:.2f}' for r in runs)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
