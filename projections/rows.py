"""The rows one batch of events writes, and how they reach the database.

A projection adds a row with :func:`remember`, finds one with :func:`lookup` and removes
one with :func:`forget`. Rows added in a batch are not put in the ORM's unit of work: they
are kept by table and written when the batch commits, as one ``INSERT`` with many
parameter sets per table (an ``executemany``). Building and flushing an ORM object per
row cost more than the rest of an event's work; the statement per table costs about as
much as one row. Rows of earlier batches are still loaded and changed through the ORM.

If a statement runs through the session in the middle of a batch (a query or an update,
with autoflush), the rows kept so far are written first and then handed to the ORM, so
that the statement sees them and later changes to them are saved as updates.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import event, insert, inspect, select, tuple_
from sqlalchemy.orm import ORMExecuteState, Session, make_transient_to_detached

T = TypeVar("T")

_MEMO = "view-rows"  # (class, key) -> the row, added or loaded in this transaction
_PENDING = "view-pending"  # class -> {key: row} added in this transaction, not yet written
_DELETED = "view-deleted"  # (class, key) of rows of earlier batches deleted through the ORM
_ABSENT = "view-absent"  # (class, key) that a prefetch found in no row


def _memo(session: Session) -> dict[tuple[type, Any], Any]:
    return session.info.setdefault(_MEMO, {})


def _pending(session: Session) -> dict[type, dict[Any, Any]]:
    return session.info.setdefault(_PENDING, {})


def remember(session: Session, row: T, key: Any) -> T:
    """Adds a row, written when the batch commits; :func:`lookup` finds it before that."""
    cls = type(row)
    session.info.get(_ABSENT, set()).discard((cls, key))
    if (cls, key) in session.info.get(_DELETED, ()):
        # The ORM deletes the earlier row with this key at its flush, which comes after
        # the set-based inserts: let the ORM insert this one too, in order.
        session.add(row)
    else:
        _pending(session).setdefault(cls, {})[key] = row
    _memo(session)[(cls, key)] = row
    return row


def lookup(session: Session, cls: type[T], key: Any) -> T | None:
    """A row by primary key without flushing the session first: rows added in this
    transaction are remembered, so only rows of earlier transactions are looked up."""
    memo = _memo(session)
    row = memo.get((cls, key))
    if row is None and (cls, key) not in session.info.get(_ABSENT, ()):
        with session.no_autoflush:
            row = session.get(cls, key)
        if row is not None:
            memo[(cls, key)] = row
    return row


def prefetch(session: Session, cls: type, keys: list[tuple[Any, ...]]) -> None:
    """Loads the rows of several composite ``keys`` in one query, for :func:`lookup` to
    find (or to know absent) without a query each."""
    memo = _memo(session)
    wanted = [k for k in keys if (cls, k) not in memo]
    if not wanted:
        return
    mapper: Any = inspect(cls)
    columns = mapper.primary_key
    with session.no_autoflush:
        rows: Sequence[Any] = session.scalars(select(cls).where(tuple_(*columns).in_(wanted))).all()
    found = set()
    for row in rows:
        key = tuple(getattr(row, c.key) for c in columns)
        memo[(cls, key)] = row
        found.add(key)
    absent = session.info.setdefault(_ABSENT, set())
    absent.update((cls, k) for k in wanted if k not in found)


def forget(session: Session, cls: type, key: Any) -> None:
    """Deletes a row by primary key, whether added in this transaction or before."""
    row = lookup(session, cls, key)
    if row is None:
        return
    del _memo(session)[(cls, key)]
    kept = session.info.get(_PENDING, {}).get(cls)
    if kept is not None and kept.get(key) is row:
        del kept[key]
    elif row in session.new:
        session.expunge(row)
    else:
        session.delete(row)
        session.info.setdefault(_DELETED, set()).add((cls, key))


def _columns(cls: type) -> list[tuple[str, str, Any]]:
    """(attribute, column key, default) of each column a row of ``cls`` has."""
    found = _COLUMNS.get(cls)
    if found is None:
        found = []
        mapper: Any = inspect(cls)
        for prop in mapper.column_attrs:
            column = prop.columns[0]
            default = column.default
            value = None
            if default is not None and default.is_scalar:
                value = default.arg
            found.append((prop.key, column.key, value))
        _COLUMNS[cls] = found
    return found


_COLUMNS: dict[type, list[tuple[str, str, Any]]] = {}


def write_pending(session: Session, hand_to_orm: bool) -> None:
    """Writes the rows kept so far, one statement per table."""
    pending: dict[type, dict[Any, Any]] | None = session.info.pop(_PENDING, None)
    if not pending:
        return
    connection = session.connection()
    for cls, rows in pending.items():
        if not rows:
            continue
        columns = _columns(cls)
        parameters = []
        for row in rows.values():
            state = row.__dict__
            parameters.append(
                {key: state.get(attribute, default) for attribute, key, default in columns}
            )
        connection.execute(insert(cls.__table__), parameters)  # type: ignore[attr-defined]
        if hand_to_orm:
            for row in rows.values():
                make_transient_to_detached(row)
                session.add(row)


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    if session.info.get(_PENDING):
        write_pending(session, hand_to_orm=False)


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    if session.info.get(_PENDING):
        write_pending(session, hand_to_orm=True)


@event.listens_for(Session, "do_orm_execute")
def _before_query(state: ORMExecuteState) -> None:
    # A statement run with autoflush sees the rows kept so far, as it would the ORM's.
    session = state.session
    if session.autoflush and session.info.get(_PENDING):
        write_pending(session, hand_to_orm=True)


@event.listens_for(Session, "after_transaction_end")
def _after_transaction_end(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        for name in (_MEMO, _PENDING, _DELETED, _ABSENT):
            session.info.pop(name, None)
