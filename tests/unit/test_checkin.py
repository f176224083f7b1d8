"""Check-in, check-out and the release of no-shows."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.booking import Booking
from domain.errors import CheckInClosed, NotActive
from domain.placement import check_out, release_no_show
from tests.builders import NOW, TUESDAY, span
from tests.unit.office import ANNA, BO, Office

MORNING = span(TUESDAY, "09:00", "12:00")
GRACE = timedelta(minutes=30)


def minutes(n: int) -> timedelta:
    return timedelta(minutes=n)


def booked() -> tuple[Office, Booking]:
    office = Office()
    booking = office.book(ANNA, office.desk, MORNING)
    office.settle()
    booking.collect_events()
    return office, booking


def leave(office: Office, booking: Booking, at_offset: timedelta) -> None:
    check_out(
        booking=booking,
        ledger=office.ledger_of(booking),
        member_schedule=office.schedule(ANNA),
        now=MORNING.start + at_offset,
    )


def release(office: Office, booking: Booking, at_offset: timedelta) -> bool:
    return release_no_show(
        booking=booking,
        ledger=office.ledger_of(booking),
        member_schedule=office.schedule(ANNA),
        grace=GRACE,
        now=MORNING.start + at_offset,
    )


# -- check-in -------------------------------------------------------------------------


@pytest.mark.parametrize("offset", [-15, 0, 29])
def test_check_in_is_open_from_15_minutes_before_until_the_grace_period_ends(
    offset: int,
) -> None:
    _, booking = booked()
    booking.check_in(MORNING.start + minutes(offset), GRACE)
    assert booking.checked_in_at == MORNING.start + minutes(offset)


@pytest.mark.parametrize("offset", [-16, 30, 180])
def test_check_in_is_closed_before_that_and_after(offset: int) -> None:
    _, booking = booked()
    with pytest.raises(CheckInClosed) as refused:
        booking.check_in(MORNING.start + minutes(offset), GRACE)
    assert refused.value.about == "booking"
    assert booking.checked_in_at is None and booking.collect_events() == []


def test_check_in_closes_at_the_end_even_if_the_grace_is_longer() -> None:
    office = Office()
    short = office.book(ANNA, office.room, span(TUESDAY, "09:00", "09:15"))
    with pytest.raises(CheckInClosed):
        short.check_in(short.end, timedelta(minutes=60))


def test_a_member_checks_in_once() -> None:
    _, booking = booked()
    booking.check_in(MORNING.start, GRACE)
    with pytest.raises(NotActive):
        booking.check_in(MORNING.start + minutes(1), GRACE)
    assert booking.checked_in_at == MORNING.start


def test_a_cancelled_booking_cannot_be_checked_in() -> None:
    office, booking = booked()
    office.cancel(booking)
    with pytest.raises(NotActive):
        booking.check_in(MORNING.start, GRACE)


# -- check-out ------------------------------------------------------------------------


def test_checking_out_early_frees_the_rest_of_the_slot() -> None:
    office, booking = booked()
    booking.check_in(MORNING.start, GRACE)
    leave(office, booking, minutes(60))
    assert booking.status == "completed" and not booking.is_active
    assert booking.checked_out_at == MORNING.start + minutes(60)
    assert office.ledger_of(booking).holds == {}
    assert office.schedule(ANNA).holds == {}
    office.book(BO, office.desk, span(TUESDAY, "10:00", "12:00"), now=MORNING.start + minutes(60))


def test_only_a_checked_in_booking_can_be_checked_out() -> None:
    office, booking = booked()
    with pytest.raises(NotActive):
        leave(office, booking, minutes(10))
    assert booking.is_active and len(office.ledger_of(booking).holds) == 1


def test_a_booking_cannot_be_checked_out_after_its_end_or_twice() -> None:
    office, booking = booked()
    booking.check_in(MORNING.start, GRACE)
    with pytest.raises(NotActive):
        leave(office, booking, MORNING.duration)
    leave(office, booking, minutes(30))
    with pytest.raises(NotActive):
        leave(office, booking, minutes(45))
    assert booking.checked_out_at == MORNING.start + minutes(30)


def test_a_completed_booking_cannot_be_cancelled() -> None:
    office, booking = booked()
    booking.check_in(MORNING.start, GRACE)
    leave(office, booking, minutes(30))
    with pytest.raises(NotActive):
        office.cancel(booking, now=MORNING.start + minutes(40))


# -- no-shows -------------------------------------------------------------------------


def test_a_booking_nobody_checked_in_for_is_released_when_the_grace_has_passed() -> None:
    office, booking = booked()
    assert release(office, booking, GRACE)
    assert booking.status == "no-show" and not booking.is_active
    assert booking.released_at == MORNING.start + GRACE
    assert office.ledger_of(booking).holds == {}
    assert office.schedule(ANNA).holds == {}


def test_a_booking_is_not_a_no_show_before_the_grace_has_passed() -> None:
    office, booking = booked()
    assert not release(office, booking, GRACE - minutes(1))
    assert booking.is_active and booking.collect_events() == []
    assert len(office.ledger_of(booking).holds) == 1
    assert office.ledger_of(booking).collect_events() == []


def test_a_checked_in_booking_is_never_a_no_show() -> None:
    office, booking = booked()
    booking.check_in(MORNING.start + minutes(5), GRACE)
    assert not release(office, booking, minutes(120))
    assert booking.is_active and len(office.ledger_of(booking).holds) == 1


def test_releasing_a_no_show_again_changes_nothing() -> None:
    office, booking = booked()
    release(office, booking, GRACE)
    booking.collect_events()
    office.settle()
    assert not release(office, booking, GRACE + minutes(15))
    assert booking.released_at == MORNING.start + GRACE
    assert booking.collect_events() == [] and office.ledger_of(booking).collect_events() == []


def test_a_cancelled_booking_is_not_a_no_show() -> None:
    office, booking = booked()
    office.cancel(booking, now=NOW)
    assert not release(office, booking, GRACE)
    assert booking.status == "cancelled"
