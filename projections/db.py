"""SQLAlchemy plumbing shared by the view tables."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    DateTime,
    Engine,
    String,
    create_engine,
    delete,
    event,
    insert,
    inspect,
    select,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class ViewBase(DeclarativeBase):
    """Base of the disposable view tables (dropped by a rebuild)."""


class ViewShape(ViewBase):
    """A fingerprint of the view tables' columns, to tell when an upgrade changed them."""

    __tablename__ = "view_shape"
    fingerprint: Mapped[str] = mapped_column(String(64), primary_key=True)


def shape() -> str:
    """The fingerprint of the view tables as this code defines them."""
    parts = [
        f"{table.name}.{column.name}:{column.type!r}:{column.primary_key}:{column.nullable}"
        for table in ViewBase.metadata.sorted_tables
        for column in table.columns
    ]
    return hashlib.sha256("\n".join(sorted(parts)).encode()).hexdigest()


def stored_shape(engine: Engine) -> str | None:
    """The fingerprint the database's view tables were made with; "" for tables made
    before fingerprints were kept; None when there are no view tables yet."""
    names = set(inspect(engine).get_table_names())
    if ViewShape.__tablename__ not in names:
        made = names & {t.name for t in ViewBase.metadata.sorted_tables}
        return "" if made else None
    with engine.connect() as connection:
        return connection.scalar(select(ViewShape.fingerprint)) or ""


def record_shape(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(delete(ViewShape))
        connection.execute(insert(ViewShape).values(fingerprint=shape()))


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as naive UTC, returns them aware again (also on SQLite)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for the view tables. SQLite files get WAL and a busy timeout, so that
    the projection writer and the request readers do not block each other."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"timeout": 30, "check_same_thread": False}, **kwargs
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            # Deleted rows are overwritten, not left in free pages (erasure, retention).
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.close()

        return engine
    return create_engine(url, pool_size=5, max_overflow=10, pool_pre_ping=True, **kwargs)
