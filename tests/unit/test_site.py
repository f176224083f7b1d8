"""A site: opening hours, closures, public holidays and the booking policy."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from domain.errors import (
    InThePast,
    InvalidSetting,
    OutsideBookingWindow,
    OutsideOpeningHours,
    SiteClosed,
    TooLong,
)
from domain.holidays import swedish_public_holidays
from domain.site import BookingPolicy, OpeningHours, Site
from tests.builders import NOW, STOCKHOLM, TUESDAY, a_site, local, span, utc

# -- opening hours --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"monday": [["07:00", "17:00"]]}, "opening_hours.monday"),
        ({"mon": [["17:00", "07:00"]]}, "opening_hours.mon[0]"),
        ({"mon": [["07:00", "07:00"]]}, "opening_hours.mon[0]"),
        ({"mon": [["07:00", "12:00"], ["11:00", "17:00"]]}, "opening_hours.mon"),
        ({"tue": [["13:00", "17:00"], ["08:00", "16:00"]]}, "opening_hours.tue"),
        ({"mon": [["07:10", "17:00"]]}, "opening_hours.mon[0]"),
        ({"mon": [["07:00", "16:50"]]}, "opening_hours.mon[0]"),
        ({"mon": [["08:00", "12:00"], ["13:00", "seven"]]}, "opening_hours.mon[1]"),
        ({"mon": [["08:00", "12:00", "17:00"]]}, "opening_hours.mon[0]"),
    ],
    ids=[
        "unknown weekday",
        "close before open",
        "close at open",
        "overlapping spans",
        "overlapping spans given out of order",
        "unaligned opening",
        "unaligned closing",
        "not a time",
        "not a pair",
    ],
)
def test_impossible_opening_hours_are_refused_naming_the_field(
    raw: dict[str, list[list[str]]], field: str
) -> None:
    with pytest.raises(InvalidSetting) as refused:
        OpeningHours.parse(raw)
    assert refused.value.about == field


def test_opening_hours_are_kept_sorted_by_opening_time() -> None:
    hours = OpeningHours.parse({"mon": [["13:00", "17:00"], ["08:00", "12:00"]]})
    assert hours.to_raw() == {"mon": [["08:00", "12:00"], ["13:00", "17:00"]]}


def test_a_site_with_impossible_opening_hours_is_not_registered() -> None:
    with pytest.raises(InvalidSetting) as refused:
        a_site(opening_hours={"mon": [["17:00", "07:00"]]})
    assert refused.value.about == "opening_hours.mon[0]"


@pytest.mark.parametrize(
    ("options", "field"), [({"name": "  "}, "name"), ({"timezone": "Europe/Frövi"}, "timezone")]
)
def test_a_site_needs_a_name_and_a_known_time_zone(options: dict[str, str], field: str) -> None:
    details = {"name": "Servicepunkt", "address": "Storgatan 1", "locality": "Frövi"}
    with pytest.raises(InvalidSetting) as refused:
        Site.register(**{**details, **options})
    assert refused.value.about == field


def test_a_booking_inside_the_opening_hours_is_open() -> None:
    a_site().check_open(span(TUESDAY, "07:00", "17:00"))


@pytest.mark.parametrize(
    ("start", "end"), [("06:45", "08:00"), ("16:00", "17:15"), ("17:00", "18:00")]
)
def test_a_booking_reaching_outside_the_opening_hours_is_refused(start: str, end: str) -> None:
    with pytest.raises(OutsideOpeningHours) as refused:
        a_site().check_open(span(TUESDAY, start, end))
    assert refused.value.about == "start"


def test_a_day_without_opening_hours_is_not_open() -> None:
    with pytest.raises(OutsideOpeningHours):
        a_site().check_open(span("2026-12-05", "10:00", "11:00"))  # a Saturday


def test_a_booking_spanning_the_lunch_break_between_two_spans_is_refused() -> None:
    site = a_site(opening_hours={"tue": [["08:00", "12:00"], ["13:00", "17:00"]]})
    site.check_open(span(TUESDAY, "13:00", "15:00"))
    with pytest.raises(OutsideOpeningHours):
        site.check_open(span(TUESDAY, "11:00", "14:00"))


def test_a_booking_spanning_two_spans_that_touch_is_open() -> None:
    site = a_site(opening_hours={"tue": [["08:00", "12:00"], ["12:00", "17:00"]]})
    site.check_open(span(TUESDAY, "11:00", "14:00"))


def test_spans_that_touch_are_one_stretch_of_opening() -> None:
    hours = OpeningHours.parse({"tue": [["12:00", "17:00"], ["08:00", "12:00"]]})
    assert hours.intervals_on(date(2026, 12, 1), STOCKHOLM) == [span(TUESDAY, "08:00", "17:00")]


def test_changed_opening_hours_apply_to_later_checks() -> None:
    site = a_site()
    site.set_opening_hours({"tue": [["09:00", "12:00"]]})
    site.check_open(span(TUESDAY, "09:00", "12:00"))
    with pytest.raises(OutsideOpeningHours):
        site.check_open(span(TUESDAY, "08:00", "09:00"))


# -- closures and public holidays -----------------------------------------------------


def test_a_single_day_closure_closes_that_day_only() -> None:
    site = a_site()
    site.add_closure(date(2026, 12, 2), date(2026, 12, 2), "Inventering")
    assert [site.is_closed_on(date(2026, 12, d)) for d in (1, 2, 3)] == [False, True, False]
    assert site.open_intervals(date(2026, 12, 2)) == []
    with pytest.raises(SiteClosed) as refused:
        site.check_open(span("2026-12-02", "09:00", "10:00"))
    assert refused.value.about == "start"
    site.check_open(span("2026-12-03", "09:00", "10:00"))


def test_a_closure_covers_every_day_from_first_to_last() -> None:
    site = a_site()
    closure_id = site.add_closure(date(2026, 12, 7), date(2026, 12, 9), "  Renovering ")
    closed = [d for d in range(6, 11) if site.is_closed_on(date(2026, 12, d))]
    assert closed == [7, 8, 9]
    assert site.closures == [(date(2026, 12, 7), date(2026, 12, 9), "Renovering", closure_id)]


def test_a_closure_ending_before_it_begins_is_refused_and_not_recorded() -> None:
    site = a_site()
    site.collect_events()
    with pytest.raises(InvalidSetting) as refused:
        site.add_closure(date(2026, 12, 9), date(2026, 12, 7), "Renovering")
    assert refused.value.about == "last_day"
    assert site.closures == []
    assert site.collect_events() == []


def test_a_closure_longer_than_a_year_is_refused() -> None:
    with pytest.raises(InvalidSetting) as refused:
        a_site().add_closure(date(2026, 1, 1), date(2027, 1, 3), "Ombyggnad")
    assert refused.value.about == "last_day"


def test_the_site_closes_on_swedish_public_holidays_but_not_ordinary_sundays() -> None:
    site = a_site()
    site.add_public_holidays(swedish_public_holidays(2026))
    assert site.is_closed_on(date(2026, 12, 25))
    assert site.is_closed_on(date(2026, 6, 6))  # Nationaldagen
    assert not site.is_closed_on(date(2026, 12, 27))  # an ordinary Sunday
    assert not site.is_closed_on(date(2026, 12, 28))
    assert (date(2026, 12, 25), date(2026, 12, 25), "Juldagen") in [c[:3] for c in site.closures]
    with pytest.raises(SiteClosed):
        site.check_open(span("2026-12-25", "09:00", "10:00"))  # a Friday


def test_holidays_already_closed_are_not_closed_again() -> None:
    site = a_site()
    site.add_closure(date(2026, 12, 24), date(2026, 12, 31), "Jullov")
    site.add_public_holidays(swedish_public_holidays(2026))
    christmas = [c for c in site.closures if c[0] <= date(2026, 12, 25) <= c[1]]
    assert [c[:3] for c in christmas] == [(date(2026, 12, 24), date(2026, 12, 31), "Jullov")]
    assert len(site.closures) == 1 + len(swedish_public_holidays(2026)) - 2


# -- the booking window, duration and the past ----------------------------------------


def test_a_booking_may_be_placed_up_to_days_ahead_but_not_beyond() -> None:
    site = a_site(policy={"days_ahead": 7})
    site.check_within_window(span("2026-12-07", "09:00", "10:00"), NOW)
    with pytest.raises(OutsideBookingWindow) as refused:
        site.check_within_window(span("2026-12-08", "09:00", "10:00"), NOW)
    assert refused.value.about == "start"


def test_the_booking_window_counts_local_days_not_utc_days() -> None:
    # 23:30 UTC on Sunday is already Monday 00:30 in Stockholm: Tuesday is one day ahead.
    site = a_site(policy={"days_ahead": 1})
    site.check_within_window(span(TUESDAY, "09:00", "10:00"), utc(2026, 11, 29, 23, 30))
    with pytest.raises(OutsideBookingWindow):
        site.check_within_window(span("2026-12-02", "09:00", "10:00"), utc(2026, 11, 29, 23, 30))


def test_each_kind_is_booked_for_at_most_its_maximum_duration() -> None:
    site = a_site(policy={"max_minutes": {"desk": 600, "room": 120}})
    site.check_duration("room", span(TUESDAY, "09:00", "11:00"))
    site.check_duration("desk", span(TUESDAY, "07:00", "17:00"))
    with pytest.raises(TooLong) as refused:
        site.check_duration("room", span(TUESDAY, "09:00", "11:15"))
    assert refused.value.about == "end"


def test_the_default_policy_limits_a_room_to_four_hours() -> None:
    site = a_site()
    site.check_bookable("room", span(TUESDAY, "09:00", "13:00"), NOW)
    with pytest.raises(TooLong):
        site.check_bookable("room", span(TUESDAY, "09:00", "13:15"), NOW)


def test_a_booking_may_start_now_but_not_before() -> None:
    site = a_site()
    site.check_bookable("desk", span("2026-11-30", "07:00", "08:00"), NOW)
    with pytest.raises(InThePast) as refused:
        site.check_bookable(
            "desk", span("2026-11-30", "07:00", "08:00"), NOW + timedelta(minutes=1)
        )
    assert refused.value.about == "start"


def test_a_booking_that_has_started_is_in_the_past_even_if_it_has_not_ended() -> None:
    with pytest.raises(InThePast):
        Site.check_not_in_past(span("2026-11-30", "06:45", "09:00"), local("2026-11-30", "07:00"))


# -- the policy -----------------------------------------------------------------------


def test_the_default_policy() -> None:
    assert a_site().policy == BookingPolicy(
        days_ahead=28, max_minutes={"desk": 600, "room": 240, "equipment": 600}
    )
    assert a_site().policy.max_future_bookings == 10
    assert a_site().policy.grace == timedelta(minutes=30)


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"colour": "blue"}, "policy.colour"),
        ({"days_ahead": 0}, "policy.days_ahead"),
        ({"days_ahead": 367}, "policy.days_ahead"),
        ({"max_future_bookings": 0}, "policy.max_future_bookings"),
        ({"max_minutes": {"sofa": 60}}, "policy.max_minutes"),
        ({"max_minutes": {"desk": 10}}, "policy.max_minutes"),
        ({"max_minutes": {"desk": 1445}}, "policy.max_minutes"),
        ({"grace_minutes": 4}, "policy.grace_minutes"),
        ({"grace_minutes": 241}, "policy.grace_minutes"),
    ],
)
def test_an_impossible_policy_is_refused_naming_the_setting(
    raw: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidSetting) as refused:
        BookingPolicy.parse(raw)
    assert refused.value.about == field


def test_a_new_policy_applies_and_a_refused_one_changes_nothing() -> None:
    site = a_site()
    site.change_policy({"days_ahead": 14, "max_future_bookings": 3})
    assert (site.policy.days_ahead, site.policy.max_future_bookings) == (14, 3)
    site.collect_events()
    with pytest.raises(InvalidSetting):
        site.change_policy({"days_ahead": 14, "unknown": 1})
    assert site.policy.days_ahead == 14
    assert site.collect_events() == []


def test_the_check_order_puts_the_past_before_the_window_and_hours() -> None:
    # A Saturday in the past, far too long: the member hears that it is in the past.
    with pytest.raises(InThePast):
        a_site().check_bookable("room", span("2026-11-28", "00:00", "23:45"), NOW)


def test_a_policy_value_of_the_wrong_type_is_refused_naming_the_setting():
    import pytest

    from domain.errors import InvalidSetting
    from domain.site import BookingPolicy

    with pytest.raises(InvalidSetting) as refused:
        BookingPolicy.parse({"days_ahead": "many"})
    assert refused.value.about == "policy.days_ahead"
    with pytest.raises(InvalidSetting) as refused:
        BookingPolicy.parse({"max_minutes": {"desk": "all day"}})
    assert refused.value.about == "policy.max_minutes"
