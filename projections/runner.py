"""Running the projections: batched catch-up from the notification log (in the server on
SQLite, and for rebuilds), and eventsourcing's runners following PostgreSQL's
LISTEN/NOTIFY in a separate worker process."""

from __future__ import annotations

import logging
import threading
import time
from contextlib import ExitStack
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.projection import BaseProjectionRunner
from sqlalchemy import Engine

from projections.base import ViewProjection
from projections.bookings import AvailabilityProjection, MemberBookingsProjection
from projections.calendar import CalendarProjection
from projections.catalogue import CatalogueProjection
from projections.db import ViewBase
from projections.tracking import SqlView
from projections.usage import UsageProjection

log = logging.getLogger(__name__)

PROJECTIONS: tuple[type[ViewProjection], ...] = (
    CatalogueProjection,
    AvailabilityProjection,
    MemberBookingsProjection,
    CalendarProjection,
    UsageProjection,
)


class Views:
    """All projections over one database, with their positions."""

    def __init__(self, engine: Engine, application_name: str) -> None:
        self.engine = engine
        self.application_name = application_name
        self.projections = [cls(view=SqlView(engine, cls.name)) for cls in PROJECTIONS]
        self._progress = threading.Condition()
        self._positions: dict[str, int] = {}
        self.following_here = False

    def create_tables(self) -> None:
        ViewBase.metadata.create_all(self.engine)
        self.reload_positions()

    def drop_tables(self) -> None:
        ViewBase.metadata.drop_all(self.engine)
        self._positions = {}

    def reload_positions(self) -> dict[str, int]:
        self._positions = {
            p.name: p.view.max_tracking_id(self.application_name) or 0 for p in self.projections
        }
        return dict(self._positions)

    @property
    def position(self) -> int:
        """The notification id every projection has reached."""
        return min(self._positions.values(), default=0)

    def catch_up(self, app: Application[Any], limit: int = 1000) -> int:
        """Applies the next batch of notifications to every projection that lacks them,
        one transaction per projection. Returns how many notifications were read."""
        notifications = app.recorder.select_notifications(start=self.position + 1, limit=limit)
        if not notifications:
            return 0
        events = [(app.mapper.to_domain_event(n), Tracking(app.name, n.id)) for n in notifications]
        for projection in self.projections:
            reached = self._positions.get(projection.name, 0)
            todo = [(e, t) for e, t in events if t.notification_id > reached]
            if not todo:
                continue
            try:
                with projection.view.batch():
                    for domain_event, tracking in todo:
                        projection.process_event(domain_event, tracking)
            except IntegrityError:
                # Another process applied these first: take its position and go on.
                log.info("%s moved by another process", projection.name)
                self.reload_positions()
                continue
            self._positions[projection.name] = todo[-1][1].notification_id
        with self._progress:
            self._progress.notify_all()
        return len(notifications)

    def catch_up_fully(self, app: Application[Any], batch: int = 5000) -> int:
        """Applies everything the store has now. Returns events read."""
        total = 0
        while read := self.catch_up(app, limit=batch):
            total += read
        return total

    def rebuild(self, app: Application[Any], batch: int = 5000) -> int:
        """Drops the views and replays the whole notification log. Returns events read."""
        self.drop_tables()
        self.create_tables()
        return self.catch_up_fully(app, batch)

    def wait(self, notification_id: int, timeout: float = 5.0) -> None:
        """Blocks until every projection has applied ``notification_id`` (read-your-writes)."""
        if self.following_here:
            deadline = time.monotonic() + timeout
            with self._progress:
                while self.position < notification_id:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise TimeoutError(f"views did not reach {notification_id}")
                    self._progress.wait(remaining)
            return
        for projection in self.projections:
            projection.view.wait(self.application_name, notification_id, timeout)
        self.reload_positions()


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

    def start(self) -> None:
        self.views.reload_positions()
        self.views.following_here = True
        self._thread.start()

    def nudge(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=10)
        self.views.following_here = False

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                read = self.views.catch_up(self.app)
            except Exception as error:  # keep following; report and back off
                log.exception("projection catch-up failed")
                self.error = error
                read = 0
                self._stop.wait(1.0)
            if not read:
                self._wake.wait(self.poll_interval)
                self._wake.clear()


def run_listen_notify_workers(
    application_class: type[Application[Any]],
    engine: Engine,
    env: dict[str, str],
    stop: threading.Event,
) -> None:
    """Runs one eventsourcing ``BaseProjectionRunner`` per projection, each subscribed to
    the PostgreSQL store by LISTEN/NOTIFY, until ``stop`` is set or a runner fails."""
    views = Views(engine, application_class.name)
    views.create_tables()
    # Each runner has an application of its own, which only listens and reads the log: a
    # few connections each, not the server's pool of ten that eventsourcing opens at once
    # (one per projection, the worker alone held half of PostgreSQL's default 100).
    env = {**env, "POSTGRES_POOL_SIZE": "2", "POSTGRES_MAX_OVERFLOW": "2"}
    # Entered as context managers: leaving them stops every runner, joins its threads and
    # closes its application, and re-raises the error of a runner that failed.
    with ExitStack() as stack:
        runners = [
            stack.enter_context(
                BaseProjectionRunner(
                    projection=projection,
                    application_class=application_class,
                    tracking_recorder=projection.view,
                    topics=(),
                    env=env,
                )
            )
            for projection in views.projections
        ]
        while not stop.wait(0.2):
            for runner in runners:
                runner.run_forever(timeout=0)  # raises the error of a failed runner
                if runner.is_interrupted.is_set():
                    stop.set()
