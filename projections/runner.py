"""The one projection runtime: a batched follower of the notification log that applies
each batch to every view in one transaction per group of views. The server runs it in
process; ``grannskap projections run`` runs the same follower in a worker, woken by
PostgreSQL's LISTEN/NOTIFY; a rebuild replays the log through it."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, Tracking
from sqlalchemy import Engine, select
from sqlalchemy import exc as sa_exc

from projections import stalls as stall_table
from projections.base import ViewProjection
from projections.bookings import AvailabilityProjection, MemberBookingsProjection
from projections.calendar import CalendarProjection
from projections.catalogue import CatalogueProjection
from projections.db import ViewBase, record_shape, shape, stored_shape
from projections.floorplan import FloorPlanProjection
from projections.locks import ViewsBusy, ViewsLock
from projections.plans import PlansProjection
from projections.progress import PositionWatch, announce, announce_on_commit
from projections.rebuild import RebuildFailed, side_engine, swap_in
from projections.stalls import Stall, describe
from projections.tracking import Position, SqlView, batch_together
from projections.usage import UsageProjection

log = logging.getLogger(__name__)
# The views a member reads right after a write (availability, my bookings, the catalogue):
# a write's response waits for these. The calendar feeds and reports follow a moment later.
READ_YOUR_WRITES = ("catalogue", "availability", "member_bookings", "plans", "floor_plan")

# Failures of the database, not of an event: the batch is tried again as it was. Any other
# error applying an event stops that view at it (see ``projections/stalls.py``).
TRANSIENT = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.DisconnectionError,
    sa_exc.TimeoutError,
    OSError,
    MemoryError,
)

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
        # Views that could not apply an event, by name: they wait at it, the others go on.
        self.stalls: dict[str, Stall] = {}
        self.on_stall: list[Callable[[Stall], None]] = []
        # Held by the one process that writes these views (following or rebuilding them).
        self.lock = ViewsLock(engine, application_name)
        self._applying = threading.RLock()  # a batch, or a rebuild's swap, at a time
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
        """The notification id every projection that is not stalled has reached (where the
        next batch is read from)."""
        going = [p for name, p in self._positions.items() if name not in self.stalls]
        return min(going or self._positions.values(), default=0)

    def stalled(self) -> dict[str, Stall]:
        """The views that stopped at an event they cannot apply: as this process knows
        it when it follows the store, else as the database has it."""
        if self.following_here:
            return dict(self.stalls)
        try:
            return stall_table.stored(self.engine, self.application_name)
        except Exception:  # no stall table yet (views being made): nothing known to stall
            return {}

    def catalogue_position(self) -> int:
        """How far the catalogue view is: known here when this process follows the store,
        else read from the database (one small query)."""
        if self.following_here:
            return self._positions.get("catalogue", 0)
        return self.stored_positions().get("catalogue", 0)

    @property
    def read_your_writes_position(self) -> int:
        """The notification id the views that responses wait for have reached."""
        return min((self._positions.get(name, 0) for name in READ_YOUR_WRITES), default=0)

    def catch_up(self, app: Application[Any], limit: int = 1000) -> int:
        """Applies the next batch of notifications to every projection that lacks them, in
        one transaction with every projection's new position. Returns how many
        notifications were read."""
        with self._applying:
            return self._catch_up(app, limit)

    def _catch_up(self, app: Application[Any], limit: int) -> int:
        self._retry_stalled(app, limit)
        notifications = app.recorder.select_notifications(start=self.position + 1, limit=limit)
        if not notifications:
            return 0
        events = [(app.mapper.to_domain_event(n), Tracking(app.name, n.id)) for n in notifications]
        pending = []
        for projection in self.projections:
            if projection.name in self.stalls:
                continue
            reached = self._positions.get(projection.name, 0)
            todo = [(e, t) for e, t in events if t.notification_id > reached]
            if todo:
                pending.append((projection, todo))
        if not pending:  # every view that goes on has these already; stalled ones wait
            return 0
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
            ) as rows:
                for projection, todo in group:
                    # Only the events the view handles: its position moves to the batch's
                    # last event anyway (``spans``). Each class's handler looked up once.
                    handlers: dict[type, Any] = {}
                    for domain_event, tracking in todo:
                        cls = type(domain_event)
                        if cls in handlers:
                            handle = handlers[cls]
                        else:
                            handle = handlers[cls] = projection.handler(cls)
                        if handle is not None:
                            handle(projection, domain_event, tracking)
                announce_on_commit(rows.connection)  # not a transaction of its own
        except IntegrityError:
            # Another process applied some of these first: take its positions, go on.
            log.info("views moved by another process")
            self.reload_positions()
            return False
        except TRANSIENT:
            raise  # the database went away: the whole batch again, later
        except Exception:
            # One of the views cannot apply an event: each goes on alone, up to where it can.
            for projection, todo in group:
                self._apply_alone(projection, todo)
            self._advanced()
            return True
        for projection, todo in group:
            self._positions[projection.name] = todo[-1][1].notification_id
            self._cleared(projection.name)
        self._advanced(announced=True)
        return True

    def _retry_stalled(self, app: Application[Any], limit: int) -> None:
        """Tries the views that stopped again, from where each stopped, once in a while."""
        for projection in self.projections:
            stall = self.stalls.get(projection.name)
            if stall is None or not stall.retry_due:
                continue
            self.stalls[projection.name] = Stall(stall.view, stall.position, stall.error)
            start = self._positions.get(projection.name, 0) + 1
            notifications = app.recorder.select_notifications(start=start, limit=limit)
            todo = [
                (app.mapper.to_domain_event(n), Tracking(app.name, n.id)) for n in notifications
            ]
            if todo:
                self._apply_alone(projection, todo)

    def _apply_alone(self, projection: ViewProjection, todo: list[tuple[Any, Tracking]]) -> None:
        """Applies one view's events, one transaction each once the batch failed, and stops
        the view at the first event it cannot apply."""
        try:
            with batch_together([projection.view]):
                for domain_event, tracking in todo:
                    projection.process_event(domain_event, tracking)
            self._positions[projection.name] = todo[-1][1].notification_id
            self._cleared(projection.name)
            return
        except IntegrityError:
            self.reload_positions()
            return
        except TRANSIENT:
            raise
        except Exception:  # found below, event by event
            pass
        for domain_event, tracking in todo:
            try:
                with batch_together([projection.view]):
                    projection.process_event(domain_event, tracking)
            except IntegrityError:
                self.reload_positions()
                return
            except TRANSIENT:
                raise
            except Exception as error:
                self._stalled(Stall(projection.name, tracking.notification_id, describe(error)))
                return
            self._positions[projection.name] = tracking.notification_id
        self._cleared(projection.name)

    def _stalled(self, stall: Stall) -> None:
        known = self.stalls.get(stall.view)
        self.stalls[stall.view] = stall
        if known is not None and known.position == stall.position:
            return  # said already: tried again, still stuck
        log.error(
            "view %s stopped at notification %d and follows no further until it can apply "
            "it (the other views go on): %s",
            stall.view,
            stall.position,
            stall.error,
        )
        stall_table.record(self.engine, self.application_name, stall)
        for hook in self.on_stall:
            hook(stall)

    def _cleared(self, name: str) -> None:
        if self.stalls.pop(name, None) is not None:
            log.warning("view %s follows the store again", name)
            stall_table.clear(self.engine, self.application_name, name)

    def _advanced(self, announced: bool = False) -> None:
        with self._progress:
            self._progress.notify_all()
        if not announced:
            announce(self.engine)

    def catch_up_fully(self, app: Application[Any], batch: int = 5000) -> int:
        """Applies everything the store has now. Returns events read."""
        total = 0
        while read := self.catch_up(app, limit=batch):
            total += read
        return total

    def rebuild(self, app: Application[Any], batch: int = 5000) -> int:
        """Replays the whole notification log into fresh tables beside the live views and
        swaps them in, in one transaction (``projections/rebuild.py``). Refused with
        ``ViewsBusy`` while another process follows these views. Returns events read."""
        took = not self.lock.held
        if took and not self.lock.acquire():
            raise ViewsBusy("another process follows these views: stop it before a rebuild")
        try:
            if self.engine.dialect.name == "sqlite" and self.engine.url.database in (
                None,
                "",
                ":memory:",
            ):
                # A database in memory has no other readers: rebuilt in place.
                with self._applying:
                    self.drop_tables()
                    self.create_tables()
                    self.stalls.clear()
                    return self.catch_up_fully(app, batch)
            with side_engine(self.engine) as (side, both):
                fresh = Views(side, self.application_name)
                fresh.reload_positions()
                read = fresh.catch_up_fully(app, batch)
                for stall in fresh.stalls.values():
                    raise RebuildFailed(
                        f"view {stall.view} stopped at notification {stall.position}: "
                        f"{stall.error}; the live views are unchanged"
                    )
                with self._applying:
                    swap_in(self.engine, both)
                    self.stalls.clear()
                    self.reload_positions()
            return read
        finally:
            if took:
                self.lock.release()

    def wait(
        self, notification_id: int, timeout: float = 5.0, names: tuple[str, ...] = READ_YOUR_WRITES
    ) -> None:
        """Blocks until the views ``names`` (by default those a member reads right after a
        write) have applied ``notification_id``: in this process by a condition the
        follower signals, else by the process's one :class:`PositionWatch`."""
        deadline = time.monotonic() + timeout
        if self.following_here:
            # A stalled view is not waited for: it would not come (health tells of it).
            names = tuple(n for n in names if n not in self.stalls) or names
            with self._progress:
                while min(self._positions.get(n, 0) for n in names) < notification_id:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise TimeoutError(f"views did not reach {notification_id}")
                    self._progress.wait(remaining)
            return
        try:
            self.watch.wait(names, notification_id, min(0.05, deadline - time.monotonic()))
            return
        except TimeoutError:
            pass
        # Slow: is a view stalled elsewhere? It would not come (health tells of it).
        stalled = self.stalled()
        names = tuple(n for n in names if n not in stalled) or names
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
