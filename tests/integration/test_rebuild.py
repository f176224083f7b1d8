"""Views are disposable: dropping them and replaying the log gives the same tables."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from domain.errors import DomainError
from domain.floorplan import Place
from service.container import Container
from tests.builders import MONDAY
from tests.driver import Driver
from tests.integration.conftest import (
    THURSDAY,
    TUESDAY,
    WEDNESDAY,
    dump_views,
    open_office,
    slot,
    store_position,
)


def _mixed_history(container: Container) -> None:
    app = Driver(container)
    office = open_office(container)
    second = open_office(container, headsets=5)
    alice, bob, carol = uuid4(), uuid4(), uuid4()
    app.change_policy(office.site_id, {"days_ahead": 14, "max_future_bookings": 5})
    app.set_opening_hours(
        office.site_id,
        {"mon": [["08:00", "17:00"]], "tue": [["07:00", "12:00"], ["13:00", "18:00"]]}
        | {d: [["08:00", "16:00"]] for d in ("wed", "thu", "fri")},
    )
    app.add_closure(office.site_id, THURSDAY, THURSDAY, "Staff training")
    app.close_on_public_holidays(second.site_id, [2026])
    kept = app.book(alice, office.desk_a, slot(TUESDAY, "07:00", "12:00"))
    cancelled = app.book(bob, office.desk_b, slot(TUESDAY, "09:00", "10:00"))
    app.book(carol, office.headsets, slot(TUESDAY, "13:00", "15:00"), quantity=2)
    app.book(bob, office.room, slot(WEDNESDAY, "10:00", "11:30"))
    app.book(alice, second.desk_a, slot(WEDNESDAY, "08:00", "16:00"))
    app.cancel(cancelled.id, by=bob)
    app.book(carol, office.desk_b, slot(TUESDAY, "09:00", "10:00"))
    for refused in (
        lambda: app.book(bob, office.desk_a, slot(TUESDAY, "10:00", "11:00")),  # taken
        lambda: app.book(bob, office.desk_a, slot(THURSDAY, "09:00", "10:00")),  # closed
    ):
        with pytest.raises(DomainError):
            refused()
    app.retire_resource(second.desk_b)
    app.cancel(kept.id, by=alice)
    _plans(container, office, alice, bob, carol)


def _plans(container: Container, office: Any, alice: UUID, bob: UUID, carol: UUID) -> None:
    """A recurring booking cancelled from a day on, a waitlist served and one left, a
    usual, a moved booking, features set, a floor plan and a check-in by code."""
    app = Driver(container)
    started = app.start_series(
        bob,
        ["mon", "wed"],
        MONDAY,
        MONDAY + timedelta(days=30),
        time(8),
        time(9),
        site_id=office.site_id,
        kind="desk",
    )
    app.cancel_series(started.series.id, MONDAY + timedelta(days=9), by=bob)
    held = app.book(carol, office.room, slot(TUESDAY, "14:00", "15:00"))
    app.join_waitlist(alice, slot(TUESDAY, "14:00", "15:00"), resource_id=office.room)
    app.join_waitlist(bob, slot(TUESDAY, "14:30", "15:00"), resource_id=office.room)
    app.cancel(held.id, by=carol)
    app.set_usual(carol, office.desk_a, time(9), time(12))
    app.set_usual(carol, office.desk_b, time(9), time(13))  # two favourites, desk_b first
    moved = app.book(carol, office.desk_a, slot(WEDNESDAY, "13:00", "14:00"))
    app.move(moved.id, office.desk_b)
    app.set_features(office.desk_a, ["skärm", "fönster"])
    app.set_floor_plan(
        office.site_id, 4, 3, {office.desk_a: Place(1, 1), office.room: Place(2, 2, 2, 2)}
    )


@pytest.fixture
def history(container: Container) -> Container:
    _mixed_history(container)
    container.wait_for_all(store_position(container))
    assert container.follower is not None
    container.follower.stop()  # the rebuild runs as the CLI's does: nobody else follows
    container.follower = None
    return container


def test_a_rebuild_gives_the_same_view_rows_as_following_live(history: Container) -> None:
    live = dump_views(history.engine)
    assert live["view_member_booking"] and live["view_hold"] and live["view_closure"]
    assert live["view_series_day"] and live["view_waitlist_entry"] and live["view_usual"]
    assert live["view_floor_plan"] and live["view_usage_waitlist"]

    read = history.views.rebuild(history.store)

    end = store_position(history)
    assert read == end
    assert dump_views(history.engine) == live
    assert history.views.position == end
    assert set(history.views.reload_positions().values()) == {end}


def test_a_rebuild_in_small_batches_gives_the_same_rows(history: Container) -> None:
    live = dump_views(history.engine)

    history.views.rebuild(history.store, batch=3)

    assert dump_views(history.engine) == live
