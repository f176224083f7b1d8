"""Rejected demand is data: every refused booking attempt adds exactly one BookingRefused
event to the store, and nothing else."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.booking import BookingRefused
from domain.errors import DomainError, InvalidSetting
from domain.time import Interval
from service.application.errors import NotFound
from service.container import Container
from tests.conftest import Clock
from tests.driver import Driver
from tests.integration.conftest import (
    SATURDAY,
    THURSDAY,
    TUESDAY,
    WEDNESDAY,
    Office,
    at,
    slot,
    store_position,
)

ALICE = UUID("00000000-0000-4000-8000-00000000a11c")
BOB = UUID("00000000-0000-4000-8000-000000000b0b")


def _events_after(container: Container, position: int) -> list[object]:
    return [
        container.store.mapper.to_domain_event(n)
        for n in container.store.recorder.select_notifications(start=position + 1, limit=1000)
    ]


def _setup(container: Container, office: Office) -> dict[str, UUID]:
    """Alice holds desk A and two of the three headsets on Tuesday morning; Thursday is
    closed; desk B is retired. Returns the resources by name."""
    app = Driver(container)
    app.book(ALICE, office.desk_a, slot(TUESDAY, "09:00", "12:00"))
    app.book(ALICE, office.headsets, slot(TUESDAY, "09:00", "12:00"), quantity=2)
    app.add_closure(office.site_id, THURSDAY, THURSDAY, "Staff training")
    app.retire_resource(office.desk_b)
    desk_c = app.add_resource(office.site_id, kind="desk", name="Desk C").id
    return {"desk A": office.desk_a, "desk B": office.desk_b, "desk C": desk_c, "room": office.room}


MONDAY_MORNING = Interval.of(at(date(2026, 11, 30), "06:00"), at(date(2026, 11, 30), "07:00"))
FAR_AHEAD = date(2027, 1, 12)  # a Tuesday more than the policy's 28 days ahead

REFUSALS: dict[str, tuple[UUID, str, Interval]] = {
    # rule: (who asks, for what, when)
    "slot-taken": (BOB, "desk A", slot(TUESDAY, "11:00", "13:00")),
    "outside-opening-hours": (BOB, "room", slot(TUESDAY, "16:00", "18:00")),
    "site-closed": (BOB, "room", slot(THURSDAY, "09:00", "10:00")),
    "in-the-past": (BOB, "room", MONDAY_MORNING),
    "outside-booking-window": (BOB, "room", slot(FAR_AHEAD, "09:00", "10:00")),
    "too-long": (BOB, "room", slot(WEDNESDAY, "08:00", "13:00")),
    "not-aligned": (BOB, "room", Interval.of(at(WEDNESDAY, "09:10"), at(WEDNESDAY, "10:00"))),
    "resource-retired": (BOB, "desk B", slot(WEDNESDAY, "09:00", "10:00")),
    "member-desk-limit": (ALICE, "desk C", slot(TUESDAY, "10:00", "11:00")),
}


def test_each_refused_booking_stores_one_refusal_naming_its_rule_and_nothing_else(
    container: Container, office: Office, clock: Clock
) -> None:
    resources = _setup(container, office)
    for rule, (member, name, interval) in REFUSALS.items():
        resource = resources[name]
        before = store_position(container)

        with pytest.raises(DomainError) as refused:
            Driver(container).book(member, resource, interval)

        assert refused.value.rule == rule
        events = _events_after(container, before)
        assert len(events) == 1, f"{rule}: {events}"
        [event] = events
        assert isinstance(event, BookingRefused.Recorded), rule
        assert (event.member_id, event.site_id, event.resource_id, event.rule) == (
            member,
            office.site_id,
            resource,
            rule,
        )
        assert (event.start, event.end, event.at) == (interval.start, interval.end, clock.now)
        assert event.reason == refused.value.message


def test_too_few_items_left_of_a_pool_is_refused_as_taken_and_recorded_once(
    container: Container, office: Office
) -> None:
    _setup(container, office)
    before = store_position(container)

    with pytest.raises(DomainError, match="not enough items"):
        Driver(container).book(BOB, office.headsets, slot(TUESDAY, "10:00", "11:00"), quantity=2)

    [event] = _events_after(container, before)
    assert isinstance(event, BookingRefused.Recorded)
    assert (event.rule, event.kind, event.resource_id) == (
        "slot-taken",
        "equipment",
        office.headsets,
    )


def test_a_member_over_the_limit_of_upcoming_bookings_is_refused_and_recorded_once(
    container: Container, office: Office
) -> None:
    Driver(container).change_policy(office.site_id, {"max_future_bookings": 2})
    Driver(container).book(BOB, office.room, slot(TUESDAY, "09:00", "10:00"))
    Driver(container).book(BOB, office.room, slot(WEDNESDAY, "09:00", "10:00"))
    before = store_position(container)

    with pytest.raises(DomainError) as refused:
        Driver(container).book(BOB, office.headsets, slot(TUESDAY, "09:00", "10:00"))

    assert refused.value.rule == "member-booking-limit"
    [event] = _events_after(container, before)
    assert isinstance(event, BookingRefused.Recorded) and event.rule == "member-booking-limit"


def test_asking_for_any_desk_when_none_is_free_records_one_refusal_for_the_kind(
    container: Container, office: Office
) -> None:
    app = Driver(container)
    wanted = slot(WEDNESDAY, "09:00", "10:00")
    app.book(ALICE, office.desk_a, wanted)
    app.book(uuid4(), office.desk_b, wanted)
    container.wait_for_all(store_position(container))
    candidates = container.queries.candidates(office.site_id, "desk", wanted, [])
    assert len(candidates) == 2
    before = store_position(container)

    with pytest.raises(DomainError) as refused:
        app.book_any(BOB, office.site_id, "desk", wanted)

    assert refused.value.rule == "nothing-free"
    [event] = _events_after(container, before)
    assert isinstance(event, BookingRefused.Recorded)
    assert (event.kind, event.resource_id, event.rule) == ("desk", None, "nothing-free")


def test_asking_for_any_desk_on_a_closed_day_records_one_refusal_not_one_per_desk(
    container: Container, office: Office
) -> None:
    wanted = slot(SATURDAY, "09:00", "10:00")
    before = store_position(container)

    with pytest.raises(DomainError) as refused:
        Driver(container).book_any(BOB, office.site_id, "desk", wanted)

    assert refused.value.rule == "outside-opening-hours"
    [event] = _events_after(container, before)
    assert isinstance(event, BookingRefused.Recorded) and event.rule == "outside-opening-hours"


def test_every_member_who_lost_a_race_for_one_desk_has_one_refusal(
    container: Container, office: Office
) -> None:
    from tests.integration.test_concurrent_booking import _all_at_once

    before = store_position(container)
    members = [uuid4() for _ in range(12)]
    wanted = slot(WEDNESDAY, "13:00", "14:00")
    _all_at_once([lambda m=m: Driver(container).book(m, office.room, wanted) for m in members])

    refusals = [
        e for e in _events_after(container, before) if isinstance(e, BookingRefused.Recorded)
    ]
    assert len(refusals) == len(members) - 1
    assert len({e.member_id for e in refusals}) == len(members) - 1
    assert {e.rule for e in refusals} == {"slot-taken"}


@pytest.mark.parametrize(
    "attempt",
    [
        pytest.param(
            lambda c, o: Driver(c).book(BOB, o.headsets, slot(TUESDAY, "09:00", "10:00"), 4),
            id="more-items-than-the-pool-has",
        ),
        pytest.param(
            lambda c, o: Driver(c).book(BOB, uuid4(), slot(TUESDAY, "09:00", "10:00")),
            id="unknown-resource",
        ),
    ],
)
def test_an_impossible_request_is_not_demand_and_stores_nothing(
    container: Container, office: Office, attempt: Callable[[Container, Office], object]
) -> None:
    before = store_position(container)

    with pytest.raises((InvalidSetting, NotFound)):
        attempt(container, office)

    assert _events_after(container, before) == []
