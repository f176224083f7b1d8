"""Waiting for views that another process writes (``GRANNSKAP_PROJECTIONS=external``).

Each request that had to see its own write used to poll the views' positions itself, a
query every 1-10 ms until they moved: with eight requests waiting about 100 ms each, that
was over a hundred queries a second and, measured, more of a server's CPU than the rest
of a booking. Here one thread per process does the looking for all of them: on PostgreSQL
it listens on a channel the follower notifies after each batch it commits (one query per
batch, not per request), and looks every ``fallback`` seconds in case a notification was
missed; on SQLite it looks every ``interval`` seconds while anyone waits. Idle, it does
nothing.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from sqlalchemy import Connection, Engine, text

log = logging.getLogger(__name__)

CHANNEL = "grannskap_views"


_NOTIFY = text("SELECT pg_notify(:channel, '')")


def announce_on_commit(connection: Connection) -> None:
    """Tells the waiting processes that the views moved when ``connection``'s transaction
    commits (PostgreSQL delivers a notification at commit): no transaction of its own."""
    if connection.dialect.name == "postgresql":
        connection.execute(_NOTIFY, {"channel": CHANNEL})


def announce(engine: Engine) -> None:
    """Tells the processes waiting for the views that they moved (PostgreSQL only)."""
    if engine.dialect.name != "postgresql":
        return
    try:
        with engine.connect() as connection:
            connection.execute(_NOTIFY, {"channel": CHANNEL})
            connection.commit()
    except Exception:  # the waiters look now and then anyway
        log.warning("could not notify the waiting processes", exc_info=True)


class PositionWatch:
    """The views' positions as this process last read them, read again when they move."""

    def __init__(
        self,
        engine: Engine,
        read: Callable[[], dict[str, int]],
        interval: float = 0.003,
        fallback: float = 0.1,
    ) -> None:
        self.engine = engine
        self.read = read
        self.listens = engine.dialect.name == "postgresql"
        self.interval = fallback if self.listens else interval
        self._known: dict[str, int] = {}
        self._changed = threading.Condition()
        self._waiting = 0
        self._thread: threading.Thread | None = None
        self._closed = False

    def wait(self, names: tuple[str, ...], position: int, timeout: float) -> None:
        """Returns once every view of ``names`` has applied ``position``; ``TimeoutError``
        after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        with self._changed:
            if self._reached(names) >= position:
                return
            self._waiting += 1
            self._start()
            self._changed.notify_all()  # wakes the watcher if it was idle
            try:
                while self._reached(names) < position:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise TimeoutError(f"views did not reach {position}")
                    self._changed.wait(remaining)
            finally:
                self._waiting -= 1

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    def _reached(self, names: tuple[str, ...]) -> int:
        return min((self._known.get(name, 0) for name in names), default=0)

    def _start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="views-watch", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while not self._closed:
            try:
                if self.listens:
                    self._listen()
                else:
                    self._poll()
                return
            except Exception:  # a lost connection: look again after a pause
                log.warning("watching the views' positions failed", exc_info=True)
                time.sleep(0.5)

    def _idle(self) -> bool:
        """Waits until somebody waits; False once closed."""
        with self._changed:
            while self._waiting == 0 and not self._closed:
                self._changed.wait()
            return not self._closed

    def _look(self) -> None:
        known = self.read()
        with self._changed:
            self._known = known
            self._changed.notify_all()

    def _poll(self) -> None:
        while self._idle():
            self._look()
            time.sleep(self.interval)

    def _listen(self) -> None:
        with self.engine.connect() as connection:
            connection = connection.execution_options(isolation_level="AUTOCOMMIT")
            raw = connection.connection.driver_connection
            raw.execute(f"LISTEN {CHANNEL}")  # type: ignore[union-attr]
            while self._idle():
                self._look()  # also when waiting begins: the views may have moved since
                for _ in raw.notifies(timeout=self.interval, stop_after=1):  # type: ignore[union-attr]
                    break
