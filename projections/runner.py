"""The one projection runtime: a batched follower of the notification log that applies
each batch to every view in one transaction per group of views. The server runs it in
process; ``grannskap projections run`` runs the same follower in a worker, woken by
PostgreSQL's LISTEN/NOTIFY; a rebuild replays the log through it."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, Tracking
from sqlalchemy import Engine, select

from projections.base import ViewProjection
from projections.bookings import AvailabilityProjection, MemberBookingsProjection
from projections.calendar import CalendarProjection
from projections.catalogue import CatalogueProjection
from projections.db import ViewBase, record_shape, shape, stored_shape
from projections.floorplan import FloorPlanProjection
from projections.plans import PlansProjection
from projections.progress import PositionWatch, announce
from projections.tracking import Position, SqlView, batch_together
from projections.usage import UsageProjection

log = logging.getLogger(__name__)
BATCH = 1000
# The views a member reads right after a write (availability, my bookings, the catalogue):
# a write's response waits for these. The calendar feeds and reports follow a moment later.
READ_YOUR_WRITES = ("catalogue", "availability", "member_bookings", "plans", "floor_plan")

PROJECTIONS: tuple[type[ViewProjection], ...] = (
    CatalogueProjection,
    AvailabilityProjection,
    MemberBookingsProjection,
    CalendarProjection,
    UsageProjection,
    PlansProjection,
    FloorPlanProjection,
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
        # For requests waiting while another process writes the views.
        self.watch = PositionWatch(engine, self.stored_positions)

    def create_tables(self, drop_if_changed: bool = True) -> None:
        """Makes the view tables. Views are disposable: when their shape differs from what
        the database has (an upgrade changed a column), they are dropped and made again
        here, and the follower fills them from the start of the log."""
        if drop_if_changed and stored_shape(self.engine) not in (None, shape()):
            log.warning("the view tables changed shape: dropping them to rebuild from events")
            ViewBase.metadata.drop_all(self.engine)
        ViewBase.metadata.create_all(self.engine)
        if drop_if_changed:
            record_shape(self.engine)
        self.reload_positions()

    def drop_tables(self) -> None:
        ViewBase.metadata.drop_all(self.engine)
        self._positions = {}

    def positions(self) -> dict[str, int]:
        """How far each view is: as this process knows it when it follows the store, else as
        the database has it."""
        if self.following_here:
            return dict(self._positions)
        return self.reload_positions()

    def reload_positions(self) -> dict[str, int]:
        self._positions = {
            p.name: p.view.max_tracking_id(self.application_name) or 0 for p in self.projections
        }
        return dict(self._positions)

    @property
    def position(self) -> int:
        """The notification id every projection has reached."""
        return min(self._positions.values(), default=0)

    def catalogue_position(self) -> int:
        """How far the catalogue view is: known here when this process follows the store,
        else read from the database (one small query)."""
        if self.following_here:
            return self._positions.get("catalogue", 0)
        return self._stored_position(("catalogue",))

    @property
    def read_your_writes_position(self) -> int:
        """The notification id the views that responses wait for have reached."""
        return min((self._positions.get(name, 0) for name in READ_YOUR_WRITES), default=0)

    def catch_up(self, app: Application[Any], limit: int = 1000) -> int:
        """Applies the next batch of notifications to every projection that lacks them, in
        one transaction with every projection's new position. Returns how many
        notifications were read."""
        notifications = app.recorder.select_notifications(start=self.position + 1, limit=limit)
        if not notifications:
            return 0
        events = [(app.mapper.to_domain_event(n), Tracking(app.name, n.id)) for n in notifications]
        pending = []
        for projection in self.projections:
            reached = self._positions.get(projection.name, 0)
            todo = [(e, t) for e, t in events if t.notification_id > reached]
            if todo:
                pending.append((projection, todo))
        # First the views a response waits for, then the others, each group in one
        # transaction: a write's response need not wait for the slower views.
        first = [item for item in pending if item[0].name in READ_YOUR_WRITES]
        later = [item for item in pending if item[0].name not in READ_YOUR_WRITES]
        for group in (first, later):
            if group and not self._apply(group):
                break
        return len(notifications)

    def _apply(self, group: list[tuple[ViewProjection, list[tuple[Any, Tracking]]]]) -> bool:
        try:
            with batch_together(
                [projection.view for projection, _ in group],
                spans=[(todo[0][1], todo[-1][1]) for _, todo in group],
            ):
                for projection, todo in group:
                    # Only the events the view handles: its position moves to the batch's
                    # last event anyway (``spans``).
                    for domain_event, tracking in todo:
                        handle = projection.handler(type(domain_event))
                        if handle is not None:
                            handle(projection, domain_event, tracking)
        except IntegrityError:
            # Another process applied some of these first: take its positions, go on.
            log.info("views moved by another process")
            self.reload_positions()
            return False
        for projection, todo in group:
            self._positions[projection.name] = todo[-1][1].notification_id
        with self._progress:
            self._progress.notify_all()
        announce(self.engine)
        return True

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

    def wait(
        self, notification_id: int, timeout: float = 5.0, names: tuple[str, ...] = READ_YOUR_WRITES
    ) -> None:
        """Blocks until the views ``names`` (by default those a member reads right after a
        write) have applied ``notification_id``: in this process by a condition the
        follower signals, else by the process's one :class:`PositionWatch`."""
        deadline = time.monotonic() + timeout
        if self.following_here:
            with self._progress:
                while min(self._positions.get(n, 0) for n in names) < notification_id:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise TimeoutError(f"views did not reach {notification_id}")
                    self._progress.wait(remaining)
            return
        self.watch.wait(names, notification_id, max(0.0, deadline - time.monotonic()))

    def stored_positions(self) -> dict[str, int]:
        """Every view's position as the database has it (one query)."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(Position.projection, Position.notification_id).where(
                    Position.application_name == self.application_name
                )
            ).all()
        return {name: position for name, position in rows}

    def _stored_position(self, names: tuple[str, ...]) -> int:
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(Position.projection, Position.notification_id).where(
                    Position.application_name == self.application_name,
                    Position.projection.in_(names),
                )
            ).all()
        reached = dict(rows)
        return min((reached.get(name, 0) for name in names), default=0)


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
            # Cleared before reading, so that a nudge for a write made while this batch is
            # applied is not lost: it makes the wait below return at once.
            self._wake.clear()
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
