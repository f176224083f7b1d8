"""Requests that wait for views another process writes share one watcher: it sees the
views move (on PostgreSQL as soon as the follower notifies), and gives up in time."""

from __future__ import annotations

import threading
import time

import pytest
from eventsourcing.persistence import Tracking

from projections.db import ViewBase, make_engine
from projections.progress import PositionWatch, announce
from projections.tracking import SqlView
from tests.settings import fast_settings

APP = "grannskap"


def _url(database_url: str) -> str:
    return fast_settings(database_url=database_url).sqlalchemy_url()


def _moved_later(view: SqlView, position: int, after: float) -> threading.Thread:
    def move() -> None:
        time.sleep(after)
        view.insert_tracking(Tracking(APP, position))
        announce(view.engine)

    mover = threading.Thread(target=move)
    mover.start()
    return mover


def test_many_waiters_return_once_another_process_moves_the_view(database_url: str) -> None:
    engine = make_engine(_url(database_url))
    ViewBase.metadata.create_all(engine)
    writer = SqlView(make_engine(_url(database_url)), "availability")
    writer.insert_tracking(Tracking(APP, 1))
    reads = 0

    def read() -> dict[str, int]:
        nonlocal reads
        reads += 1
        return {"availability": writer.max_tracking_id(APP) or 0}

    # With a fallback of 30 s on PostgreSQL, only the notification can end the wait in time.
    watch = PositionWatch(engine, read, interval=0.003, fallback=30.0)
    mover = _moved_later(writer, 7, after=0.3)
    done: list[float] = []

    def waiter() -> None:
        started = time.monotonic()
        watch.wait(("availability",), 7, timeout=10)
        done.append(time.monotonic() - started)

    waiters = [threading.Thread(target=waiter) for _ in range(8)]
    for w in waiters:
        w.start()
    for w in [*waiters, mover]:
        w.join()
    watch.close()
    assert len(done) == 8 and max(done) < 5
    if engine.dialect.name == "postgresql":
        assert reads < 8  # one look per notification, not a poll per waiter


def test_a_wait_for_a_position_never_reached_times_out(database_url: str) -> None:
    engine = make_engine(_url(database_url))
    ViewBase.metadata.create_all(engine)
    watch = PositionWatch(engine, lambda: {"availability": 1}, fallback=0.05)
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        watch.wait(("availability",), 2, timeout=0.3)
    assert time.monotonic() - started < 3
    watch.close()
