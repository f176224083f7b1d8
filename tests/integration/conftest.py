"""Fixtures of the integration tests: an office set up through the use cases, and a
row-for-row dump of the view tables. Times and builders are in ``tests.builders``."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, select

from projections.db import ViewBase
from service.container import Container
from tests.builders import (
    OPENING_HOURS,
    SATURDAY,
    STOCKHOLM,
    THURSDAY,
    TUESDAY,
    WEDNESDAY,
    WEEKDAY_HOURS,
    Office,
    at,
    open_office,
    slot,
)
from tests.driver import Written

__all__ = [
    "OPENING_HOURS",
    "SATURDAY",
    "STOCKHOLM",
    "THURSDAY",
    "TUESDAY",
    "WEDNESDAY",
    "WEEKDAY_HOURS",
    "Office",
    "at",
    "dump_views",
    "open_office",
    "settle",
    "slot",
    "store_position",
]


def settle(container: Container, written: Written) -> Written:
    """Read-your-writes, as a request handler does it."""
    container.wait_for_all(written.position)
    return written


def store_position(container: Container) -> int:
    return container.store.position


@pytest.fixture
def office(container: Container) -> Office:
    return open_office(container)


def dump_views(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every view table, all columns, ordered by primary key."""
    dump: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as connection:
        for table in ViewBase.metadata.sorted_tables:
            query = select(table).order_by(*table.primary_key.columns)
            dump[table.name] = [tuple(row) for row in connection.execute(query)]
    return dump
