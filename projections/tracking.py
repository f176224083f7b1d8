"""A tracking recorder whose positions live beside the view rows, in the same database and
the same transaction: eventsourcing's ``TrackingRecorder`` interface over SQLAlchemy."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from eventsourcing.persistence import (
    IntegrityError,
    Tracking,
    TrackingRecorder,
    WaitInterruptedError,
)
from sqlalchemy import Connection, Engine, Integer, String, bindparam, exc, insert, select, update
from sqlalchemy.orm import Mapped, mapped_column

from projections.db import ViewBase
from projections.rows import Rows


class Position(ViewBase):
    """How far one projection has read one application's notification log."""

    __tablename__ = "projection_position"
    projection: Mapped[str] = mapped_column(String(64), primary_key=True)
    application_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    notification_id: Mapped[int] = mapped_column(Integer)


@dataclass
class _Batch:
    rows: Rows
    tracking: Tracking | None = None
    claimed: Tracking | None = None
    first: Tracking | None = None  # the batch's first and last event for this view, when
    last: Tracking | None = None  # known (``spans``)


_ADVANCE = (
    update(Position)
    .where(
        Position.projection == bindparam("view"),
        Position.application_name == bindparam("app"),
        Position.notification_id < bindparam("first"),
    )
    .values(notification_id=bindparam("new_position"))
)


_ADVANCE_TOGETHER = (
    update(Position)
    .where(
        Position.application_name == bindparam("app"),
        Position.projection.in_(bindparam("names", expanding=True)),
        Position.notification_id < bindparam("first"),
    )
    .values(notification_id=bindparam("new_position"))
    .returning(Position.projection)
)

_POSITION = select(Position.notification_id).where(
    Position.projection == bindparam("view"), Position.application_name == bindparam("app")
)


@contextmanager
def batch_together(
    views: Sequence[SqlView], spans: Sequence[tuple[Tracking, Tracking]] | None = None
) -> Iterator[Rows]:
    """One transaction for many events and several views on one database: each view's
    rows and its new position are committed together, once for the whole batch. Given
    each view's ``spans`` (its first and last event of the batch), the positions of views
    with the same span move in one statement before any row is written (else each moves
    as its first row is written, and again at the end)."""
    with views[0].engine.begin() as connection:
        rows = Rows(connection)
        states = [_Batch(rows) for _ in views]
        if spans is not None:
            _claim_together(connection, views, states, spans)
        for view, state in zip(views, states, strict=True):
            view._local.batch = state
        try:
            yield rows
        finally:
            for view in views:
                view._local.batch = None
        rows.write()
        for view, state in zip(views, states, strict=True):
            reached = state.last or state.tracking
            if reached is None:
                continue
            if state.claimed is None:  # no event of the batch was given to this view
                first = state.first or reached
                view._advance(connection, reached, first=first.notification_id)
            elif state.claimed.notification_id < reached.notification_id:
                view._advance(connection, reached)  # claimed at its first event only


def _claim_together(
    connection: Connection,
    views: Sequence[SqlView],
    states: Sequence[_Batch],
    spans: Sequence[tuple[Tracking, Tracking]],
) -> None:
    """Moves the positions of the views whose batch spans the same events, one statement
    for each span: only those still before the span's first event move (RETURNING tells
    which). A view that did not move claims its own position as its first row is written:
    it has no position yet, or another process moved it, which that claim then reports."""
    together: dict[tuple[str, int, int], list[int]] = {}
    for index, (first, last) in enumerate(spans):
        states[index].first, states[index].last = first, last
        key = (first.application_name, first.notification_id, last.notification_id)
        together.setdefault(key, []).append(index)
    for (app, first_id, last_id), indexes in together.items():
        names = [views[i].projection_name for i in indexes]
        moved = set(
            connection.execute(
                _ADVANCE_TOGETHER,
                {"app": app, "names": names, "first": first_id, "new_position": last_id},
            ).scalars()
        )
        for i in indexes:
            if views[i].projection_name in moved:
                states[i].claimed = spans[i][1]


class SqlView(TrackingRecorder):
    """The view of one projection. ``transaction(tracking)`` yields the :class:`Rows` that
    are committed together with the new position; a position already reached raises
    ``IntegrityError`` and rolls the rows back, so no event is ever applied twice."""

    def __init__(self, engine: Engine, projection_name: str) -> None:
        self.engine = engine
        self.projection_name = projection_name
        self._local = threading.local()

    @contextmanager
    def transaction(self, tracking: Tracking) -> Iterator[Rows]:
        batch: _Batch | None = getattr(self._local, "batch", None)
        if batch is not None:
            if batch.claimed is None:
                # Claim the batch's positions before its rows are written, so that a batch
                # someone else applied first fails on the position, not on a row.
                claim = batch.last or tracking
                first = batch.first or tracking
                self._advance(batch.rows.connection, claim, first=first.notification_id)
                batch.claimed = claim
            yield batch.rows
            batch.tracking = tracking
            return
        with self.engine.begin() as connection:
            self._advance(connection, tracking)  # first: the rows of an applied event never clash
            rows = Rows(connection)
            yield rows
            rows.write()

    @contextmanager
    def batch(self) -> Iterator[Rows]:
        """Groups many events in one transaction; the last tracking given is recorded."""
        with batch_together([self]) as rows:
            yield rows

    def _advance(
        self, connection: Connection, tracking: Tracking, first: int | None = None
    ) -> None:
        """Moves the position to ``tracking``, if it is still before ``first`` (the first
        event being applied; by default ``tracking`` itself): no event is applied twice."""
        moved = connection.execute(
            _ADVANCE,
            {
                "view": self.projection_name,
                "app": tracking.application_name,
                "first": tracking.notification_id if first is None else first,
                "new_position": tracking.notification_id,
            },
        ).rowcount
        if moved:
            return
        current = self._position(connection, tracking.application_name)
        if current is not None:
            msg = (
                f"{self.projection_name} is at {current}, "
                f"cannot record {tracking.notification_id} again"
            )
            raise IntegrityError(msg)
        try:
            connection.execute(
                insert(Position),
                {
                    "projection": self.projection_name,
                    "application_name": tracking.application_name,
                    "notification_id": tracking.notification_id,
                },
            )
        except exc.IntegrityError as error:  # another process recorded the first position
            raise IntegrityError(str(error)) from error

    def _position(self, connection: Connection, application_name: str) -> int | None:
        return connection.scalar(_POSITION, {"view": self.projection_name, "app": application_name})

    def insert_tracking(self, tracking: Tracking) -> None:
        with self.transaction(tracking):
            pass

    def max_tracking_id(self, application_name: str) -> int | None:
        with self.engine.connect() as connection:
            return self._position(connection, application_name)

    def wait(
        self,
        application_name: str,
        notification_id: int | None,
        timeout: float = 1.0,
        interrupt: threading.Event | None = None,
    ) -> None:
        """Polls briefly (a few ms) rather than with the base class's 100 ms back-off, so
        that read-your-writes costs little when another process runs the projection."""
        deadline = time.monotonic() + timeout
        interval = 0.002
        while not self.has_tracking_id(application_name, notification_id):
            if time.monotonic() > deadline:
                msg = f"{self.projection_name} did not reach {notification_id} in {timeout}s"
                raise TimeoutError(msg)
            if interrupt is not None and interrupt.wait(interval):
                raise WaitInterruptedError
            if interrupt is None:
                time.sleep(interval)
            interval = min(interval * 2, 0.05)
