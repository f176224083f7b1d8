"""Placing and cancelling a booking across the site, resource, ledger and member schedule."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from uuid import uuid4

import pytest

from domain.errors import (
    DomainError,
    InThePast,
    InvalidSetting,
    MemberBookingLimit,
    MemberDeskLimit,
    NotActive,
    NotAligned,
    OutsideBookingWindow,
    OutsideOpeningHours,
    ResourceRetired,
    SiteClosed,
    SlotTaken,
    TooLong,
)
from domain.placement import ledger_day
from domain.time import Interval
from tests.builders import NOW, TUESDAY, a_resource, local, span, utc
from tests.unit.office import ANNA, BO, Office

MORNING = span(TUESDAY, "09:00", "12:00")


def test_placing_a_booking_records_who_what_when_and_how_many() -> None:
    office = Office()
    booking = office.book(ANNA, office.desk, MORNING)
    assert booking.member_id == ANNA
    assert (booking.site_id, booking.resource_id, booking.kind) == (
        office.site.id,
        office.desk.id,
        "desk",
    )
    assert (booking.start, booking.end) == (utc(2026, 12, 1, 8), utc(2026, 12, 1, 11))
    assert (booking.quantity, booking.placed_at) == (1, NOW)
    assert booking.status == "confirmed" and booking.is_active
    assert booking.cancelled_at is None


def test_placing_a_booking_holds_the_resource_and_the_members_time() -> None:
    office = Office()
    booking = office.book(ANNA, office.desk, MORNING)
    ledger, schedule = office.ledger(office.desk, MORNING), office.schedule(ANNA)
    assert ledger.holds == {booking.id: (MORNING.start, MORNING.end, 1)}
    assert schedule.holds == {booking.id: ("desk", MORNING.start, MORNING.end)}
    assert [type(e).__name__ for e in booking.collect_events()] == ["Placed"]
    assert [type(e).__name__ for e in ledger.collect_events()] == ["Held"]
    assert [type(e).__name__ for e in schedule.collect_events()] == ["Held"]


def test_equipment_is_placed_in_the_quantity_asked_for() -> None:
    office = Office()
    booking = office.book(ANNA, office.headsets, MORNING, quantity=2)
    assert booking.quantity == 2
    assert office.ledger(office.headsets, MORNING).in_use(MORNING) == 2


def test_two_members_can_book_the_same_desk_back_to_back() -> None:
    office = Office()
    office.book(ANNA, office.desk, span(TUESDAY, "07:00", "12:00"))
    office.book(BO, office.desk, span(TUESDAY, "12:00", "17:00"))
    assert len(office.ledger(office.desk, MORNING).holds) == 2


def test_one_member_can_book_a_desk_and_a_room_at_the_same_time() -> None:
    office = Office()
    office.book(ANNA, office.desk, MORNING)
    office.book(ANNA, office.room, span(TUESDAY, "10:00", "11:00"))
    assert len(office.schedule(ANNA).holds) == 2


Setup = Callable[[Office], dict[str, Any]]


def other_site(office: Office) -> dict[str, Any]:
    return {"resource": a_resource(uuid4(), "desk")}


def retired(office: Office) -> dict[str, Any]:
    office.desk.retire()
    return {}


def closed_on_tuesday(office: Office) -> dict[str, Any]:
    office.site.add_closure(date(2026, 12, 1), date(2026, 12, 1), "Städning")
    return {}


def anna_has_a_desk(office: Office) -> dict[str, Any]:
    other_desk = a_resource(office.site.id, "desk")
    office.book(ANNA, other_desk, span(TUESDAY, "11:00", "13:00"))
    return {}


def anna_has_her_one_booking(office: Office) -> dict[str, Any]:
    office.site.change_policy({"max_future_bookings": 1})
    office.book(ANNA, office.room, span("2026-12-02", "09:00", "10:00"))
    return {}


def bo_has_the_desk(office: Office) -> dict[str, Any]:
    office.book(BO, office.desk, span(TUESDAY, "11:45", "13:00"))
    return {}


def bo_has_both_headsets(office: Office) -> dict[str, Any]:
    office.book(BO, office.headsets, span(TUESDAY, "10:00", "11:00"), quantity=2)
    return {"resource": office.headsets}


REFUSALS: dict[str, tuple[Setup, type[DomainError], str]] = {
    "resource at another site": (other_site, InvalidSetting, "resource"),
    "unaligned": (lambda o: {"interval": span(TUESDAY, "09:05", "12:00")}, NotAligned, "start"),
    "retired resource": (retired, ResourceRetired, "resource"),
    "in the past": (lambda o: {"now": NOW + timedelta(days=1, hours=4)}, InThePast, "start"),
    "beyond the window": (
        lambda o: {"interval": span("2027-01-05", "09:00", "12:00")},
        OutsideBookingWindow,
        "start",
    ),
    "too long": (
        lambda o: {"resource": o.room, "interval": span(TUESDAY, "09:00", "13:15")},
        TooLong,
        "end",
    ),
    "outside hours": (
        lambda o: {"interval": span(TUESDAY, "16:00", "18:00")},
        OutsideOpeningHours,
        "start",
    ),
    "site closed": (closed_on_tuesday, SiteClosed, "start"),
    "member has a desk then": (anna_has_a_desk, MemberDeskLimit, "start"),
    "member at the booking limit": (anna_has_her_one_booking, MemberBookingLimit, "member"),
    "desk taken": (bo_has_the_desk, SlotTaken, "start"),
    "more headsets than the pool": (
        lambda o: {"resource": o.headsets, "quantity": 3},
        InvalidSetting,
        "quantity",
    ),
    "all headsets lent": (bo_has_both_headsets, SlotTaken, "quantity"),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_a_refused_booking_leaves_the_ledger_and_schedule_unchanged(case: str) -> None:
    setup, refusal, field = REFUSALS[case]
    office = Office()
    request: dict[str, Any] = {"resource": office.desk, "interval": MORNING} | setup(office)
    ledger, schedule = (
        office.ledger(request["resource"], request["interval"]),
        office.schedule(ANNA),
    )
    office.settle()
    before = (dict(ledger.holds), ledger.version, dict(schedule.holds), schedule.version)

    with pytest.raises(refusal) as refused:
        office.book(ANNA, **request)

    assert refused.value.about == field
    assert (dict(ledger.holds), ledger.version, dict(schedule.holds), schedule.version) == before
    assert ledger.collect_events() == [] and schedule.collect_events() == []


# -- cancelling -----------------------------------------------------------------------


def test_cancelling_frees_the_desk_and_the_members_time() -> None:
    office = Office()
    booking = office.book(ANNA, office.desk, MORNING)
    office.cancel(booking, now=NOW + timedelta(hours=1))
    assert booking.status == "cancelled" and not booking.is_active
    assert booking.cancelled_at == NOW + timedelta(hours=1)
    assert office.ledger(office.desk, MORNING).holds == {}
    assert office.schedule(ANNA).holds == {}
    office.book(BO, office.desk, MORNING)
    office.book(ANNA, a_resource(office.site.id, "desk"), MORNING)


def test_a_booking_under_way_can_still_be_cancelled() -> None:
    office = Office()
    booking = office.book(ANNA, office.desk, MORNING)
    office.cancel(booking, now=MORNING.end - timedelta(minutes=1))
    assert booking.status == "cancelled"


@pytest.mark.parametrize(
    ("cancel_first", "now"),
    [(True, NOW), (False, MORNING.end), (False, MORNING.end + timedelta(days=1))],
    ids=["already cancelled", "just ended", "long ended"],
)
def test_a_cancelled_or_ended_booking_cannot_be_cancelled(cancel_first: bool, now: Any) -> None:
    office = Office()
    booking = office.book(ANNA, office.desk, MORNING)
    if cancel_first:
        office.cancel(booking)
    office.settle()
    booking.collect_events()
    ledger, schedule = office.ledger_of(booking), office.schedule(ANNA)
    before = (dict(ledger.holds), dict(schedule.holds), booking.status)

    with pytest.raises(NotActive) as refused:
        office.cancel(booking, now=now)

    assert refused.value.about == "booking"
    assert (dict(ledger.holds), dict(schedule.holds), booking.status) == before
    assert booking.collect_events() == []
    assert ledger.collect_events() == [] and schedule.collect_events() == []


# -- daylight-saving days -------------------------------------------------------------

NIGHTS = {"sun": [["00:00", "06:00"]]}


def test_a_booking_from_one_to_four_on_the_spring_day_is_two_real_hours() -> None:
    office = Office(opening_hours=NIGHTS)
    booking = office.book(
        ANNA, office.desk, span("2026-03-29", "01:00", "04:00"), now=utc(2026, 3, 20)
    )
    assert (booking.start, booking.end) == (utc(2026, 3, 29, 0), utc(2026, 3, 29, 2))
    assert booking.end - booking.start == timedelta(hours=2)
    assert office.ledger(office.desk, span("2026-03-29", "01:00", "04:00")).day == "2026-03-29"


def test_a_night_on_the_spring_day_fits_a_six_hour_limit_but_not_on_the_autumn_day() -> None:
    office = Office(opening_hours=NIGHTS, policy={"max_minutes": {"desk": 360}})
    spring = office.book(
        ANNA, office.desk, span("2026-03-29", "00:00", "06:00"), now=utc(2026, 3, 20)
    )
    assert spring.end - spring.start == timedelta(hours=5)
    with pytest.raises(TooLong):
        office.book(ANNA, office.desk, span("2026-10-25", "00:00", "06:00"), now=utc(2026, 10, 20))


def test_the_whole_night_on_the_autumn_day_is_open_and_bookable() -> None:
    office = Office(opening_hours=NIGHTS)
    booking = office.book(
        ANNA, office.desk, span("2026-10-25", "00:00", "06:00"), now=utc(2026, 10, 20)
    )
    assert (booking.start, booking.end) == (utc(2026, 10, 24, 22), utc(2026, 10, 25, 5))
    # The second 02:15-02:30 of the night (CET) is within the booking too.
    second = [local("2026-10-25", clock).replace(fold=1) for clock in ("02:15", "02:30")]
    with pytest.raises(SlotTaken):
        office.book(BO, office.desk, Interval.of(*second), now=utc(2026, 10, 20))


def test_the_repeated_hour_of_the_autumn_night_can_be_booked_twice_over() -> None:
    office = Office(opening_hours=NIGHTS)
    first_two, second_two = (
        local("2026-10-25", "02:00"),
        local("2026-10-25", "02:00").replace(fold=1),
    )
    now = utc(2026, 10, 20)
    office.book(ANNA, office.desk, Interval.of(first_two, second_two), now=now)
    office.book(BO, office.desk, Interval.of(second_two, local("2026-10-25", "03:00")), now=now)
    ledger = office.ledger(office.desk, Interval.of(first_two, second_two))
    assert sorted((s, e) for s, e, _ in ledger.holds.values()) == [
        (utc(2026, 10, 25, 0), utc(2026, 10, 25, 1)),
        (utc(2026, 10, 25, 1), utc(2026, 10, 25, 2)),
    ]
    with pytest.raises(SlotTaken):
        office.book(uuid4(), office.desk, span("2026-10-25", "02:45", "03:00"), now=now)


def test_a_booking_belongs_to_the_ledger_of_its_local_day() -> None:
    office = Office()
    just_after_midnight = span("2026-07-01", "00:30", "01:00")
    assert just_after_midnight.start.date() == date(2026, 6, 30)
    assert ledger_day(office.site, just_after_midnight) == date(2026, 7, 1)
