"""A batch moves the positions of all views it spans in one statement, and still never
applies an event twice when another process got there first."""

from __future__ import annotations

import pytest
from eventsourcing.persistence import IntegrityError, Tracking
from sqlalchemy import create_engine, event

from projections.db import ViewBase
from projections.tracking import SqlView, batch_together

APP = "grannskap"


def _views(names: list[str]):
    engine = create_engine("sqlite://")
    ViewBase.metadata.create_all(engine)
    views = [SqlView(engine, name) for name in names]
    for view in views:
        view.insert_tracking(Tracking(APP, 10))
    return engine, views


def _apply(views, first: int, last: int) -> None:
    spans = [(Tracking(APP, first), Tracking(APP, last))] * len(views)
    with batch_together(views, spans):
        for view in views:
            for n in range(first, last + 1):
                view.insert_tracking(Tracking(APP, n))


def test_the_views_of_a_batch_move_to_its_last_event_in_one_statement() -> None:
    engine, views = _views(["a", "b", "c"])
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    _apply(views, 11, 15)
    assert [v.max_tracking_id(APP) for v in views] == [15, 15, 15]
    assert len([s for s in statements if s.startswith("UPDATE projection_position")]) == 1


def test_a_view_another_process_moved_meanwhile_stops_the_batch_whole() -> None:
    _, views = _views(["a", "b", "c"])
    views[1].insert_tracking(Tracking(APP, 12))  # another process applied 11 and 12
    with pytest.raises(IntegrityError):
        _apply(views, 11, 15)
    assert [v.max_tracking_id(APP) for v in views] == [10, 12, 10]


def test_a_view_without_a_position_yet_starts_at_the_batchs_last_event() -> None:
    engine = create_engine("sqlite://")
    ViewBase.metadata.create_all(engine)
    views = [SqlView(engine, "fresh")]
    _apply(views, 1, 4)
    assert views[0].max_tracking_id(APP) == 4
