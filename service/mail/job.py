"""The thread that runs the mail outbox in a server process: every few seconds, and at once
when a write nudges it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger("grannskap.mail")


class MailJob:
    """Runs the outbox every ``interval`` seconds, and at once when nudged after a write."""

    def __init__(self, run: Callable[[], int], interval: float = 5.0) -> None:
        self.run = run
        self.interval = interval
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="mail-outbox", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def nudge(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=30)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                self.run()
            except Exception:
                log.exception("mail outbox round failed")
            self._wake.wait(self.interval)
