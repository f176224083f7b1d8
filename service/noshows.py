"""The no-show job: a thread that runs the release of no-shows every ``interval`` seconds
(the use case ``service.application.bookings.release_no_shows`` decides each booking)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


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
