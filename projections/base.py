"""The base of grannskap's projections: eventsourcing ``Projection`` over a :class:`SqlView`."""

from __future__ import annotations

from typing import Any, TypeVar

from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection
from sqlalchemy.orm import Session

from projections.tracking import SqlView

T = TypeVar("T")


def _memo(session: Session) -> dict[tuple[type, Any], Any]:
    """The rows the projections added or loaded in the session's transaction, by key."""
    return session.info.setdefault("view-rows", {})


def remember(session: Session, row: T, key: Any) -> T:
    """Adds a row, remembered by its primary key for :func:`lookup` in this transaction."""
    session.add(row)
    _memo(session)[(type(row), key)] = row
    return row


def lookup(session: Session, cls: type[T], key: Any) -> T | None:
    """A row by primary key without flushing the session first. Rows added in this
    transaction are remembered (:func:`remember`), so only rows of earlier transactions
    are looked up; with autoflush, every lookup and every UPDATE statement flushed the
    batch so far, which cost more than the rest of an event's work."""
    memo = _memo(session)
    row = memo.get((cls, key))
    if row is None:
        with session.no_autoflush:
            row = session.get(cls, key)
        if row is not None:
            memo[(cls, key)] = row
    return row


def forget(session: Session, cls: type, key: Any) -> None:
    """Deletes a row by primary key, whether added in this transaction or before."""
    row = lookup(session, cls, key)
    if row is None:
        return
    del _memo(session)[(cls, key)]
    if row in session.new:
        session.expunge(row)
    else:
        session.delete(row)


class ViewProjection(Projection[SqlView]):
    """Each subclass declares its own ``process_event`` (a ``singledispatchmethod``) and
    registers a handler per event class. Events a projection does not handle still
    advance its position (:meth:`skip`), so a wait for any write's position ends."""

    tables: tuple[type, ...] = ()

    def skip(self, tracking: Tracking) -> None:
        self.view.insert_tracking(tracking)
