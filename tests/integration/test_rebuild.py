"""Views are disposable: dropping them and replaying the log gives the same tables."""

from __future__ import annotations

from uuid import uuid4

import pytest

from domain.errors import DomainError
from service.container import Container
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
