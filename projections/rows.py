"""The rows one batch of events writes, as plain dicts, and how they reach the database.

A projection handler gets the batch's :class:`Rows`: it adds a row (:meth:`Rows.add`),
finds one by primary key (:meth:`Rows.get`), changes it (:meth:`Rows.change`) or removes
it (:meth:`Rows.forget`). Nothing is written until the batch ends (or a statement of the
handler's own runs, :meth:`Rows.execute`): then each table gets at most three Core
statements, each with many parameter sets (an ``executemany``): the deletes, the updates
of rows of earlier batches, the inserts, in that order. A row added and changed in the
same batch is inserted once as it ended; one added and removed is never written.

No ORM object is built on this path: building one and setting its instrumented
attributes cost more than the rest of an event's work. The view tables are still
declared as ORM classes (for the readers); this module writes their ``Table``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, delete, insert, select, tuple_, update
from sqlalchemy.sql.dml import UpdateBase

Key = Any
Row = dict[str, Any]


class _Shape:
    """What the statements of one table need: its primary key, its columns' defaults, and
    the statements by key (built once: SQLAlchemy caches their compiled form)."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.key_columns = [c.key for c in table.primary_key.columns]
        self.single = len(self.key_columns) == 1
        self.template: Row = {}
        for column in table.columns:
            default = column.default
            scalar = default is not None and getattr(default, "is_scalar", False)
            self.template[column.key] = getattr(default, "arg", None) if scalar else None
        by_key = and_(*(table.c[k] == bindparam(f"k_{k}") for k in self.key_columns))
        others = [c.key for c in table.columns if c.key not in self.key_columns]
        self.select = select(table).where(by_key)
        self.delete = delete(table).where(by_key)
        self.update = update(table).where(by_key).values({c: bindparam(f"v_{c}") for c in others})
        self.insert = insert(table)
        self.others = others

    def key_of(self, row: Row) -> Key:
        if self.single:
            return row[self.key_columns[0]]
        return tuple(row[k] for k in self.key_columns)

    def key_parameters(self, key: Key) -> dict[str, Any]:
        values = (key,) if self.single else key
        return {f"k_{k}": v for k, v in zip(self.key_columns, values, strict=True)}


_SHAPES: dict[Table, _Shape] = {}


def table_of(table_or_class: Any) -> Table:
    """The ``Table`` of a view class (or the table itself)."""
    return getattr(table_or_class, "__table__", table_or_class)


def _shape(table: Table) -> _Shape:
    found = _SHAPES.get(table)
    if found is None:
        found = _SHAPES[table] = _Shape(table)
    return found


class Rows:
    """The rows a batch reads and writes over one connection (and its transaction)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        # Every row seen in this batch by table and key; None: known to have no row.
        self._known: dict[Table, dict[Key, Row | None]] = {}
        self._new: dict[Table, dict[Key, Row]] = {}  # to insert
        self._changed: dict[Table, dict[Key, Row]] = {}  # stored rows to update
        self._deleted: dict[Table, dict[Key, None]] = {}  # stored rows to delete

    def _table(self, cls: Any) -> tuple[Table, _Shape]:
        table = table_of(cls)
        return table, _shape(table)

    def add(self, cls: Any, /, **values: Any) -> Row:
        """A new row (columns not given take their defaults), inserted when written."""
        table, shape = self._table(cls)
        row = {**shape.template, **values}
        key = shape.key_of(row)
        self._new.setdefault(table, {})[key] = row
        self._known.setdefault(table, {})[key] = row
        return row

    def get(self, cls: Any, key: Key) -> Row | None:
        """The row with primary key ``key`` (a tuple for a composite key), as this batch
        left it: from memory if seen, else one query."""
        table, shape = self._table(cls)
        known = self._known.setdefault(table, {})
        if key in known:
            return known[key]
        found = self.connection.execute(shape.select, shape.key_parameters(key)).first()
        row = found._asdict() if found is not None else None
        known[key] = row
        return row

    def prefetch(self, cls: Any, keys: Iterable[Key]) -> None:
        """Loads the rows of several keys in one query, for :meth:`get` to find (or know
        absent) without a query each."""
        table, shape = self._table(cls)
        known = self._known.setdefault(table, {})
        wanted = [k for k in keys if k not in known]
        if not wanted:
            return
        columns = [table.c[k] for k in shape.key_columns]
        where = columns[0].in_(wanted) if shape.single else tuple_(*columns).in_(wanted)
        for found in self.connection.execute(select(table).where(where)):
            row = found._asdict()
            known[shape.key_of(row)] = row
        for key in wanted:
            known.setdefault(key, None)

    def change(self, cls: Any, key: Key, /, **values: Any) -> Row | None:
        """Sets ``values`` on the row with ``key``, if there is one; returns it."""
        row = self.get(cls, key)
        if row is None:
            return None
        row.update(values)
        table = table_of(cls)
        if key not in self._new.get(table, ()):
            self._changed.setdefault(table, {})[key] = row
        return row

    def forget(self, cls: Any, key: Key) -> None:
        """Removes the row with ``key``, whether added in this batch or stored before."""
        if self.get(cls, key) is None:
            return
        table = table_of(cls)
        self._known[table][key] = None
        new = self._new.get(table, {})
        if key in new:
            del new[key]
            return
        self._changed.get(table, {}).pop(key, None)
        self._deleted.setdefault(table, {})[key] = None

    def execute(self, statement: Any, parameters: Any = None) -> Any:
        """Runs a statement of the handler's own after writing the rows kept so far (so
        that it sees them); rows it may have changed are read again after it."""
        self.write()
        result = self.connection.execute(statement, parameters)
        if isinstance(statement, UpdateBase):
            self._known.clear()
        return result

    def scalar(self, statement: Any) -> Any:
        self.write()
        return self.connection.scalar(statement)

    def write(self) -> None:
        """Writes what the batch did so far: per table, its deletes, updates and inserts,
        one statement each with many parameter sets."""
        for table, keys in self._deleted.items():
            if keys:
                shape = _shape(table)
                self.connection.execute(shape.delete, [shape.key_parameters(k) for k in keys])
        for table, rows in self._changed.items():
            if rows:
                shape = _shape(table)
                parameters = [
                    {**shape.key_parameters(key), **{f"v_{c}": row[c] for c in shape.others}}
                    for key, row in rows.items()
                ]
                self.connection.execute(shape.update, parameters)
        for table, rows in self._new.items():
            if rows:
                self.connection.execute(_shape(table).insert, list(rows.values()))
        self._deleted, self._changed, self._new = {}, {}, {}
