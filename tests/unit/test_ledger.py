"""The resource-day ledger: the one place that decides whether a resource is free."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.errors import SlotTaken
from domain.ids import resource_day_id
from domain.ledger import ResourceDay
from domain.time import Interval
from tests.builders import TUESDAY, a_ledger, span

DESK = 1  # a desk or a room: one booking at a time


def at(start: str, end: str) -> Interval:
    return span(TUESDAY, start, end)


def hold(
    ledger: ResourceDay, start: str, end: str, quantity: int = 1, capacity: int = DESK
) -> UUID:
    booking_id = uuid4()
    ledger.hold(booking_id, at(start, end), quantity, capacity)
    return booking_id


# -- a desk or a room -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("09:00", "10:00"),
        ("09:30", "10:30"),
        ("08:30", "09:15"),
        ("08:00", "12:00"),
        ("09:15", "09:45"),
    ],
    ids=["same time", "later overlap", "earlier overlap", "around", "inside"],
)
def test_a_desk_cannot_be_booked_twice_for_overlapping_times(start: str, end: str) -> None:
    ledger = a_ledger()
    first = hold(ledger, "09:00", "10:00")
    ledger.collect_events()
    with pytest.raises(SlotTaken) as refused:
        hold(ledger, start, end)
    assert refused.value.about == "start"
    assert list(ledger.holds) == [first]
    assert ledger.collect_events() == []


def test_a_desk_can_be_booked_back_to_back() -> None:
    ledger = a_ledger()
    hold(ledger, "09:00", "10:00")
    hold(ledger, "10:00", "11:00")
    hold(ledger, "08:00", "09:00")
    assert len(ledger.holds) == 3


def test_a_hold_records_its_booking_interval_and_quantity() -> None:
    ledger = a_ledger()
    booking_id = hold(ledger, "09:00", "10:00")
    assert ledger.holds == {booking_id: (at("09:00", "10:00").start, at("09:00", "10:00").end, 1)}
    assert [type(e).__name__ for e in ledger.collect_events()] == ["Held"]


def test_releasing_a_booking_frees_the_desk() -> None:
    ledger = a_ledger()
    first = hold(ledger, "09:00", "10:00")
    ledger.release(first)
    assert ledger.holds == {}
    hold(ledger, "09:00", "10:00")


def test_releasing_an_unknown_booking_records_nothing() -> None:
    ledger = a_ledger()
    hold(ledger, "09:00", "10:00")
    ledger.collect_events()
    ledger.release(uuid4())
    assert ledger.collect_events() == []
    assert len(ledger.holds) == 1


# -- a pool of equipment --------------------------------------------------------------


def test_two_of_two_items_can_be_lent_at_the_same_time() -> None:
    ledger = a_ledger()
    hold(ledger, "09:00", "11:00", capacity=2)
    hold(ledger, "10:00", "12:00", capacity=2)
    assert ledger.in_use(at("10:00", "11:00")) == 2


def test_a_third_overlapping_loan_of_two_items_is_refused() -> None:
    ledger = a_ledger()
    hold(ledger, "09:00", "11:00", capacity=2)
    hold(ledger, "10:00", "12:00", capacity=2)
    with pytest.raises(SlotTaken) as refused:
        hold(ledger, "10:30", "10:45", capacity=2)
    assert refused.value.about == "quantity"
    assert len(ledger.holds) == 2


def test_a_third_loan_overlapping_only_one_of_two_is_allowed() -> None:
    ledger = a_ledger()
    hold(ledger, "09:00", "11:00", capacity=2)
    hold(ledger, "10:00", "12:00", capacity=2)
    hold(ledger, "11:00", "13:00", capacity=2)  # overlaps only 10-12
    hold(ledger, "08:00", "10:00", capacity=2)  # overlaps only 9-11
    assert len(ledger.holds) == 4


def test_loans_that_never_overlap_each_other_fit_in_a_pool_of_one_more() -> None:
    # 9-10 and 11-12 never overlap each other, so a loan of 9-12 meets at most one of them.
    ledger = a_ledger()
    hold(ledger, "09:00", "10:00", capacity=2)
    hold(ledger, "11:00", "12:00", capacity=2)
    hold(ledger, "09:00", "12:00", capacity=2)
    with pytest.raises(SlotTaken):
        hold(ledger, "09:30", "09:45", capacity=2)


def test_a_loan_across_two_back_to_back_loans_meets_only_one_at_a_time() -> None:
    ledger = a_ledger()
    hold(ledger, "09:00", "10:00", capacity=2)
    hold(ledger, "10:00", "11:00", capacity=2)
    assert ledger.in_use(at("09:00", "11:00")) == 1
    hold(ledger, "09:00", "11:00", capacity=2)


def test_a_loan_of_several_items_counts_each_item() -> None:
    ledger = a_ledger()
    hold(ledger, "09:00", "11:00", quantity=2, capacity=3)
    with pytest.raises(SlotTaken):
        hold(ledger, "10:00", "12:00", quantity=2, capacity=3)
    hold(ledger, "10:00", "12:00", quantity=1, capacity=3)
    hold(ledger, "11:00", "12:00", quantity=2, capacity=3)


def test_in_use_is_the_peak_number_of_items_held_at_any_instant() -> None:
    ledger = a_ledger()
    hold(ledger, "09:00", "11:00", quantity=1, capacity=10)
    hold(ledger, "10:00", "12:00", quantity=2, capacity=10)
    hold(ledger, "10:30", "10:45", quantity=4, capacity=10)
    hold(ledger, "11:00", "13:00", quantity=1, capacity=10)
    assert ledger.in_use(at("07:00", "17:00")) == 7  # 10:30-10:45: 1 + 2 + 4
    assert ledger.in_use(at("09:00", "10:00")) == 1
    assert ledger.in_use(at("10:00", "10:30")) == 3
    assert ledger.in_use(at("11:00", "12:00")) == 3  # 9-11 ended as 11-13 began
    assert ledger.in_use(at("12:00", "13:00")) == 1
    assert ledger.in_use(at("13:00", "14:00")) == 0


def test_a_released_loan_no_longer_counts() -> None:
    ledger = a_ledger()
    first = hold(ledger, "09:00", "11:00", capacity=2)
    hold(ledger, "09:00", "11:00", capacity=2)
    ledger.release(first)
    assert ledger.in_use(at("09:00", "11:00")) == 1
    hold(ledger, "10:00", "11:00", capacity=2)


# -- identity -------------------------------------------------------------------------


def test_the_ledger_of_a_resource_and_day_has_one_deterministic_id() -> None:
    resource_id = uuid4()
    ledger = ResourceDay.open(resource_id, date(2026, 12, 1))
    again = ResourceDay.open(resource_id, date(2026, 12, 1))
    assert ledger.id == again.id == resource_day_id(resource_id, date(2026, 12, 1))
    assert ResourceDay.open(resource_id, date(2026, 12, 2)).id != ledger.id
    assert ResourceDay.open(uuid4(), date(2026, 12, 1)).id != ledger.id
    assert (ledger.resource_id, ledger.day) == (resource_id, "2026-12-01")
