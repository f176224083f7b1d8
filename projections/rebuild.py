"""A rebuild beside the live views: the whole log is replayed into tables of their own (a
schema ``views_rebuild`` on PostgreSQL, an attached file ``<file>.rebuild`` on SQLite),
and only when every view got through it are the live tables given their rows, in one
transaction. Readers see the old views until that commit and the new ones after it; a
rebuild that fails (or stops at an event) leaves the live views as they were."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, delete, event, insert, select, text

from projections.db import ViewBase, record_shape, shape, stored_shape

log = logging.getLogger(__name__)
SIDE = "views_rebuild"


class RebuildFailed(RuntimeError):
    """The replay stopped at an event a view cannot apply; the live views are unchanged."""


@contextlib.contextmanager
def side_engine(engine: Engine) -> Iterator[tuple[Engine, Engine]]:
    """An engine whose view tables are the side ones (made here, empty), and one that sees
    both the live and the side tables (to swap them in); the side tables are removed
    afterwards."""
    if engine.dialect.name == "sqlite":
        database = engine.url.database or ""
        path = f"{database}.rebuild" if database and database != ":memory:" else ""
        if path:
            with contextlib.suppress(FileNotFoundError):
                os.remove(path)
        side = create_engine(engine.url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(side, "connect")
        def _attach(dbapi_connection: Any, _: Any) -> None:
            dbapi_connection.execute(f"ATTACH DATABASE '{path or ':memory:'}' AS {SIDE}")

        try:
            translated = side.execution_options(schema_translate_map={None: SIDE})
            ViewBase.metadata.create_all(translated, checkfirst=False)
            record_shape(translated)
            yield translated, side
        finally:
            side.dispose()
            for suffix in ("", "-wal", "-shm", "-journal"):
                if path:
                    with contextlib.suppress(FileNotFoundError):
                        os.remove(path + suffix)
        return
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SIDE} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {SIDE}"))
    try:
        translated = engine.execution_options(schema_translate_map={None: SIDE})
        ViewBase.metadata.create_all(translated, checkfirst=False)
        record_shape(translated)
        yield translated, engine
    finally:
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {SIDE} CASCADE"))


def swap_in(engine: Engine, both: Engine) -> None:
    """Gives the live view tables the side tables' rows in one transaction (made again
    first if their shape changed; the side's ``view_shape`` row comes along). ``both``
    sees the live and the side tables."""
    same_shape = stored_shape(engine) == shape()
    with both.begin() as connection:
        _copy(connection, same_shape)


def _copy(connection: Connection, same_shape: bool) -> None:
    tables = ViewBase.metadata.sorted_tables
    if not same_shape:
        ViewBase.metadata.drop_all(connection)
        ViewBase.metadata.create_all(connection)
    for table in reversed(tables):
        connection.execute(delete(table))
    for table in tables:
        source = _in(table, SIDE)
        connection.execute(insert(table).from_select(table.c.keys(), select(source)))


def _in(table: Any, schema: str | None) -> Any:
    """The same table in another schema (a copy of its columns only)."""
    if schema is None:
        return table
    from sqlalchemy import Column, MetaData, Table

    metadata = MetaData(schema=schema)
    columns = [Column(c.name, c.type, primary_key=c.primary_key) for c in table.columns]
    return Table(table.name, metadata, *columns)
