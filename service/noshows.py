"""The no-show job: releases bookings nobody checked in for once the grace period is over.

It runs inside the server (and the projection worker) every ``interval`` seconds. It reads
candidates from the views and lets the domain decide each one, so it is idempotent, and
several processes may run it at once: optimistic concurrency lets one release a booking and
the others find nothing left to do.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from domain.errors import DomainError
from projections.queries import Queries
from service.application import Busy, Grannskap, NotFound

log = logging.getLogger(__name__)


def release_no_shows(app: Grannskap, queries: Queries) -> int:
    """One sweep; returns how many bookings it released."""
    released = 0
    for booking_id in queries.no_show_candidates(app.clock()):
        try:
            if app.release_if_no_show(booking_id) is not None:
                released += 1
        except (DomainError, NotFound, Busy):
            log.exception("could not release booking %s", booking_id)
    return released


class NoShowJob:
    def __init__(self, sweep: Callable[[], int], interval: float = 60.0) -> None:
        self.sweep = sweep
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="no-show-job", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                count = self.sweep()
                if count:
                    log.info("released %d no-show bookings", count)
            except Exception:
                log.exception("no-show sweep failed")
