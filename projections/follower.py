"""The follower that keeps the views up to date: a thread of the server, nudged after every
write of this process and polling for the writes of others, or the worker's loop woken by
PostgreSQL's LISTEN/NOTIFY. Only the holder of the views' lock follows; another follower
waits for the lock and takes over when the holder goes."""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, Any

from eventsourcing.application import Application

if TYPE_CHECKING:
    from projections.runner import Views

log = logging.getLogger(__name__)
BATCH = 1000
LOCK_RETRY = 2.0  # seconds between attempts to take the views' lock, and checks that it holds


class Follower:
    """Keeps the views up to date inside this process: a thread that catches up whenever it
    is nudged after a write, and polls now and then for writes of other processes."""

    def __init__(self, views: Views, app: Application[Any], poll_interval: float = 0.25):
        self.views = views
        self.app = app
        self.poll_interval = poll_interval
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="projection-follower", daemon=True)
        self.error: BaseException | None = None
        self._checked = time.monotonic()

    def start(self) -> None:
        """Follows from this process if no other process does (the views' lock); else
        waits for the lock, trying now and then, and reads the positions meanwhile."""
        self.views.reload_positions()
        self._take_lock()
        self._thread.start()

    def _take_lock(self) -> bool:
        if self.views.lock.acquire():
            if not self.views.following_here:
                self.views.reload_positions()
                self.views.following_here = True
            return True
        return False

    def _holds_lock(self) -> bool:
        """Whether this process may write the views now: it has the lock (checked now and
        then, as a lost PostgreSQL connection loses it) or has just taken it."""
        now = time.monotonic()
        if self.views.lock.held and now - self._checked < LOCK_RETRY:
            return True
        self._checked = now
        if self.views.lock.held and self.views.lock.still_held():
            return True
        self.views.following_here = False
        return self._take_lock()

    def nudge(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=10)
        self.views.following_here = False
        self.views.lock.release()

    def _run(self) -> None:
        while not self._stop.is_set():
            # Cleared before reading, so that a nudge for a write made while this batch is
            # applied is not lost: it makes the wait below return at once.
            self._wake.clear()
            try:
                # Asking for the lock can fail too (a pooled connection the database cut):
                # the follower must outlive that, as it outlives a failed batch.
                holds = self._holds_lock()
            except Exception:
                log.warning("could not take the views' lock; trying again", exc_info=True)
                holds = False
            if not holds:
                self._stop.wait(LOCK_RETRY)
                continue
            try:
                read = self.views.catch_up(self.app, limit=BATCH)
            except Exception as error:  # keep following; report and back off
                log.exception("projection catch-up failed")
                self.error = error
                read = 0
                self._stop.wait(1.0)
            if read < BATCH:  # caught up: no need to ask the store again until nudged
                self._wake.wait(self.poll_interval)


def follow_with_listen_notify(
    app: Application[Any], views: Views, conninfo: str, stop: threading.Event
) -> None:
    """Keeps the views up to date from a worker process in batches: a :class:`Follower`
    applies whatever the log has in one transaction per group of views, and PostgreSQL's
    LISTEN/NOTIFY (the channel eventsourcing notifies on every insert) wakes it at once.
    Cheaper per event than one runner per projection with a transaction per event."""
    import psycopg
    from psycopg import sql

    follower = Follower(views, app, poll_interval=1.0)
    follower.start()
    channel = app.recorder.channel_name  # type: ignore[attr-defined]
    try:
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
            follower.nudge()
            while not stop.is_set():
                for _ in connection.notifies(timeout=0.5):
                    follower.nudge()
                if follower.error is not None:
                    error, follower.error = follower.error, None
                    log.warning("projection follower: %s", error)
    finally:
        follower.stop()
