"""Each projection records its position with its rows: a follower that stops and another
that starts later apply every event exactly once."""

from __future__ import annotations

import itertools
from collections import Counter
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import IntegrityError, Tracking
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from domain.booking import Booking
from domain.resource import Resource
from domain.site import Site
from projections.runner import Views
from projections.tables import HoldRow, MemberBookingRow
from service.container import Container
from tests.conftest import Clock
from tests.driver import Driver
from tests.integration.conftest import (
    TUESDAY,
    WEDNESDAY,
    dump_views,
    open_office,
    slot,
    store_position,
)
from tests.settings import fast_settings

HOURS = ["08:00", "09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00"]


def _book_hours(container: Container, desk: UUID, day, hours: list[str]) -> list[UUID]:
    return [
        Driver(container).book(uuid4(), desk, slot(day, start, end)).id
        for start, end in itertools.pairwise(hours)
    ]


def _booking_ids_in_views(container: Container) -> tuple[Counter[UUID], Counter[UUID]]:
    with container.engine.connect() as c:
        members = Counter(c.scalars(select(MemberBookingRow.booking_id)))
        holds = Counter(c.scalars(select(HoldRow.booking_id)))
    return members, holds


def _placed_in_store(container: Container) -> list[UUID]:
    app = container.store
    return [
        n.originator_id
        for n in app.recorder.select_notifications(start=1, limit=100_000)
        if isinstance(app.mapper.to_domain_event(n), Booking.Placed)
    ]


def test_a_new_follower_resumes_where_the_stopped_one_left_off(
    container: Container, database_url: str, clock: Clock
) -> None:
    office = open_office(container)
    before = _book_hours(container, office.desk_a, TUESDAY, HOURS)
    container.wait_for_all(store_position(container))
    assert container.follower is not None
    container.follower.stop()
    container.follower = None
    stopped_at = container.views.reload_positions()

    after = _book_hours(container, office.desk_b, TUESDAY, HOURS)
    after += _book_hours(container, office.desk_a, WEDNESDAY, HOURS)
    assert set(container.views.reload_positions().values()) == set(stopped_at.values())
    assert _booking_ids_in_views(container)[0] == Counter(before)

    restarted = Container.build(fast_settings(database_url=database_url), clock=clock)
    try:
        restarted.start_following()
        end = store_position(restarted)
        restarted.wait_for_all(end)

        members, holds = _booking_ids_in_views(restarted)
        assert sorted(_placed_in_store(restarted)) == sorted(before + after)
        assert members == Counter(before + after)  # each booking exactly once
        assert holds == Counter(before + after)
        assert set(restarted.views.reload_positions().values()) == {end}
    finally:
        restarted.close()


def test_a_follower_that_fails_midway_through_a_batch_leaves_neither_rows_nor_position(
    container: Container, database_url: str, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    office = open_office(container)
    _book_hours(container, office.desk_a, TUESDAY, HOURS[:3])
    container.wait_for_all(store_position(container))
    assert container.follower is not None
    container.follower.stop()
    container.follower = None
    _book_hours(container, office.desk_b, TUESDAY, HOURS)
    rows_before = dump_views(container.engine)["view_member_booking"]
    position_before = container.views.reload_positions()["member_bookings"]

    crashing = Views(container.engine, container.store.name)
    crashing.reload_positions()
    projection = next(p for p in crashing.projections if p.name == "member_bookings")
    real = type(projection).process_event
    calls = Counter[str]()

    def fail_on_the_fourth(self, domain_event, tracking):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 4:
            raise OperationalError("INSERT", {}, Exception("power cut"))  # connection lost
        return real.__get__(self)(domain_event, tracking)

    monkeypatch.setattr(type(projection), "process_event", fail_on_the_fourth)
    with pytest.raises(OperationalError, match="power cut"):
        crashing.catch_up(container.store)
    monkeypatch.undo()

    assert calls["n"] == 4
    assert dump_views(container.engine)["view_member_booking"] == rows_before
    assert container.views.reload_positions()["member_bookings"] == position_before

    restarted = Container.build(fast_settings(database_url=database_url), clock=clock)
    try:
        restarted.start_following()
        end = store_position(restarted)
        restarted.wait_for_all(end)
        members, holds = _booking_ids_in_views(restarted)
        placed = _placed_in_store(restarted)
        assert members == Counter(placed) and holds == Counter(placed)
        assert set(restarted.views.reload_positions().values()) == {end}
    finally:
        restarted.close()


def _tracked(container: Container, event_class: type) -> tuple[object, Tracking]:
    """The last stored event of a class, with its tracking position."""
    app = container.store
    for n in reversed(app.recorder.select_notifications(start=1, limit=100_000)):
        domain_event = app.mapper.to_domain_event(n)
        if isinstance(domain_event, event_class):
            return domain_event, Tracking(app.name, n.id)
    raise AssertionError(f"no {event_class.__name__} stored")


def test_an_event_applied_again_at_its_position_is_refused_and_changes_no_rows(
    container: Container,
) -> None:
    office = open_office(container)
    alice = uuid4()
    cancelled = Driver(container).book(alice, office.desk_a, slot(TUESDAY, "09:00", "10:00"))
    Driver(container).book(alice, office.desk_a, slot(TUESDAY, "10:00", "11:00"))
    Driver(container).cancel(cancelled.id, by=alice)
    container.wait_for_all(store_position(container))
    rows = dump_views(container.engine)

    for event_class in (Site.Registered, Resource.Added, Booking.Placed, Booking.Cancelled):
        domain_event, tracking = _tracked(container, event_class)
        for projection in container.views.projections:
            with pytest.raises(IntegrityError):
                projection.process_event(domain_event, tracking)
            assert dump_views(container.engine) == rows, (projection.name, event_class)


def test_an_already_recorded_position_cannot_be_recorded_again(container: Container) -> None:
    open_office(container)
    end = store_position(container)
    container.wait_for_all(end)
    view = container.views.projections[0].view

    with pytest.raises(IntegrityError):
        view.insert_tracking(Tracking(container.store.name, end))
    with pytest.raises(IntegrityError):
        view.insert_tracking(Tracking(container.store.name, end - 1))
    assert view.max_tracking_id(container.store.name) == end


def test_two_followers_on_one_database_apply_each_event_once(
    container: Container, database_url: str, clock: Clock
) -> None:
    """Two processes (say two server processes) follow the same views: the slower one
    finds the position moved and goes on from there instead of failing."""
    office = open_office(container)
    other = Container.build(fast_settings(database_url=database_url), clock=clock)
    try:
        other.start_following()
        ids = _book_hours(container, office.desk_a, TUESDAY, HOURS)
        ids += _book_hours(other, office.desk_b, TUESDAY, HOURS)
        end = store_position(container)
        container.wait_for_all(end)
        other.wait_for_all(end)
        assert container.follower is not None and other.follower is not None
        assert container.follower.error is None and other.follower.error is None
        members, holds = _booking_ids_in_views(container)
        assert members == Counter(ids) and holds == Counter(ids)
        with container.engine.connect() as c:
            assert c.scalar(select(func.count()).select_from(MemberBookingRow)) == len(ids)
    finally:
        other.close()
