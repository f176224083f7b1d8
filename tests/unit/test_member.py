"""A member's schedule: one desk at a time and a limit on upcoming bookings."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID, uuid4

import pytest

from domain.errors import MemberBookingLimit, MemberDeskLimit
from domain.ids import member_schedule_id
from domain.member import MemberSchedule
from domain.time import Interval
from tests.builders import NOW, TUESDAY, a_schedule, span


def hold(
    schedule: MemberSchedule, interval: Interval, kind: str = "desk", now: datetime = NOW
) -> UUID:
    booking_id = uuid4()
    schedule.hold(booking_id, kind, interval, now)
    return booking_id


def days_from_now(days: int, hours: int = 1) -> Interval:
    start = NOW + timedelta(days=days)
    return Interval(start, start + timedelta(hours=hours))


# -- one desk at a time ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"), [("09:00", "12:00"), ("11:00", "13:00"), ("07:00", "09:15")]
)
def test_a_member_cannot_hold_two_desks_at_the_same_instant(start: str, end: str) -> None:
    schedule = a_schedule()
    hold(schedule, span(TUESDAY, "09:00", "12:00"))
    with pytest.raises(MemberDeskLimit) as refused:
        schedule.check_desk_limit("desk", span(TUESDAY, start, end))
    assert refused.value.about == "start"


def test_a_member_may_hold_desks_back_to_back() -> None:
    schedule = a_schedule()
    hold(schedule, span(TUESDAY, "09:00", "12:00"))
    schedule.check_desk_limit("desk", span(TUESDAY, "12:00", "15:00"))
    schedule.check_desk_limit("desk", span(TUESDAY, "07:00", "09:00"))


@pytest.mark.parametrize("kind", ["room", "equipment"])
def test_a_room_or_equipment_at_the_same_time_as_a_desk_is_fine(kind: str) -> None:
    schedule = a_schedule()
    hold(schedule, span(TUESDAY, "09:00", "12:00"))
    schedule.check_desk_limit(kind, span(TUESDAY, "10:00", "11:00"))


def test_a_desk_at_the_same_time_as_a_room_is_fine() -> None:
    schedule = a_schedule()
    hold(schedule, span(TUESDAY, "10:00", "11:00"), kind="room")
    schedule.check_desk_limit("desk", span(TUESDAY, "09:00", "12:00"))


def test_releasing_a_desk_lets_the_member_book_another_at_that_time() -> None:
    schedule = a_schedule()
    booking_id = hold(schedule, span(TUESDAY, "09:00", "12:00"))
    schedule.release(booking_id)
    schedule.check_desk_limit("desk", span(TUESDAY, "09:00", "12:00"))
    assert schedule.holds == {}


def test_releasing_an_unknown_booking_records_nothing() -> None:
    schedule = a_schedule()
    schedule.release(uuid4())
    assert schedule.collect_events() == []


# -- a limit on upcoming bookings -----------------------------------------------------


def test_a_member_holds_at_most_the_limit_of_upcoming_bookings() -> None:
    schedule = a_schedule()
    hold(schedule, days_from_now(1))
    schedule.check_future_limit(NOW, 2)
    hold(schedule, days_from_now(2))
    with pytest.raises(MemberBookingLimit) as refused:
        schedule.check_future_limit(NOW, 2)
    assert refused.value.about == "member"


def test_ended_bookings_do_not_count_against_the_limit() -> None:
    schedule = a_schedule()
    hold(schedule, days_from_now(1), now=NOW)
    later = NOW + timedelta(days=1, hours=1)  # the first booking has just ended
    hold(schedule, days_from_now(3), now=later)
    schedule.check_future_limit(later, 2)
    with pytest.raises(MemberBookingLimit):
        schedule.check_future_limit(later - timedelta(minutes=1), 2)


def test_a_booking_under_way_still_counts_against_the_limit() -> None:
    schedule = a_schedule()
    hold(schedule, days_from_now(1, hours=3))
    with pytest.raises(MemberBookingLimit):
        schedule.check_future_limit(NOW + timedelta(days=1, hours=2), 1)


def test_bookings_placed_in_date_order_all_count_against_the_limit() -> None:
    # Placing a booking must not forget earlier upcoming bookings, however far apart.
    schedule = a_schedule()
    for days in (1, 5, 9):
        hold(schedule, days_from_now(days))
    assert len(schedule.holds) == 3
    with pytest.raises(MemberBookingLimit):
        schedule.check_future_limit(NOW, 3)


def test_releasing_a_booking_makes_room_under_the_limit() -> None:
    schedule = a_schedule()
    first = hold(schedule, days_from_now(1))
    with pytest.raises(MemberBookingLimit):
        schedule.check_future_limit(NOW, 1)
    schedule.release(first)
    schedule.check_future_limit(NOW, 1)


def test_bookings_that_ended_days_before_a_new_hold_are_forgotten() -> None:
    schedule = a_schedule()
    old = hold(schedule, days_from_now(1))
    recent = hold(schedule, days_from_now(5))
    hold(schedule, days_from_now(8), now=NOW + timedelta(days=5, hours=2))
    assert old not in schedule.holds  # ended four days before that hold was placed
    assert recent in schedule.holds  # ended one hour before


# -- identity -------------------------------------------------------------------------


def test_a_member_has_one_schedule_with_a_deterministic_id() -> None:
    member_id = uuid4()
    schedule = MemberSchedule(member_id=member_id)
    assert schedule.id == MemberSchedule(member_id=member_id).id == member_schedule_id(member_id)
    assert MemberSchedule(member_id=uuid4()).id != schedule.id
