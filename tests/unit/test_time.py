"""Instants, intervals and local days, including the daylight-saving changes in Stockholm."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from domain.errors import InvalidInterval, NotAligned
from domain.site import OpeningHours
from domain.time import Interval, day_bounds, local_date, local_instant, subtract
from tests.builders import STOCKHOLM, local, span, utc

SPRING_FORWARD = date(2026, 3, 29)  # 02:00 CET -> 03:00 CEST: a 23-hour day
FALL_BACK = date(2026, 10, 25)  # 03:00 CEST -> 02:00 CET: a 25-hour day


def hours(n: float) -> timedelta:
    return timedelta(hours=n)


def utc_interval(day: int, start: int, end: int) -> Interval:
    """[start:00, end:00) UTC on 2026-12-``day``."""
    return Interval(utc(2026, 12, day, start), utc(2026, 12, day, end))


# -- Interval ---------------------------------------------------------------------------


def test_a_naive_start_is_refused_naming_the_start() -> None:
    with pytest.raises(InvalidInterval) as refused:
        Interval.of(datetime(2026, 12, 1, 9), local("2026-12-01", "10:00"))
    assert refused.value.about == "start"


def test_a_naive_end_is_refused_naming_the_end() -> None:
    with pytest.raises(InvalidInterval) as refused:
        Interval.of(local("2026-12-01", "09:00"), datetime(2026, 12, 1, 10))
    assert refused.value.about == "end"


@pytest.mark.parametrize("end", ["09:00", "08:45"])
def test_an_interval_must_end_after_it_starts(end: str) -> None:
    with pytest.raises(InvalidInterval) as refused:
        span("2026-12-01", "09:00", end)
    assert refused.value.about == "end"


def test_an_interval_is_kept_in_utc_whatever_offset_it_was_given_in() -> None:
    interval = span("2026-12-01", "09:00", "10:30")
    assert interval.start == utc(2026, 12, 1, 8)
    assert interval.start.utcoffset() == timedelta(0)
    assert interval.end.tzinfo is not None and interval.end.utcoffset() == timedelta(0)
    assert interval.duration == hours(1.5)


def test_quarter_hour_boundaries_are_aligned() -> None:
    span("2026-12-01", "09:15", "10:45").check_aligned()


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [("09:10", "10:00", "start"), ("09:00", "10:05", "end"), ("09:00:30", "10:00", "start")],
)
def test_a_time_off_the_quarter_hour_is_not_aligned_and_named(
    start: str, end: str, field: str
) -> None:
    with pytest.raises(NotAligned) as refused:
        span("2026-12-01", start, end).check_aligned()
    assert refused.value.about == field


def test_intervals_that_only_touch_do_not_overlap() -> None:
    nine_to_ten, ten_to_eleven = utc_interval(1, 9, 10), utc_interval(1, 10, 11)
    assert not nine_to_ten.overlaps(ten_to_eleven)
    assert not ten_to_eleven.overlaps(nine_to_ten)


def test_intervals_that_share_any_time_overlap_both_ways() -> None:
    nine_to_eleven = utc_interval(1, 9, 11)
    for other in (utc_interval(1, 10, 12), utc_interval(1, 8, 10), utc_interval(1, 9, 10)):
        assert nine_to_eleven.overlaps(other)
        assert other.overlaps(nine_to_eleven)


def test_an_interval_contains_another_up_to_and_including_its_bounds() -> None:
    day = utc_interval(1, 7, 17)
    assert day.contains(utc_interval(1, 7, 17))
    assert day.contains(utc_interval(1, 9, 10))
    assert not day.contains(utc_interval(1, 6, 8))
    assert not day.contains(utc_interval(1, 16, 18))


def test_subtracting_nothing_leaves_the_base() -> None:
    assert subtract([utc_interval(1, 7, 17)], []) == [utc_interval(1, 7, 17)]


def test_subtracting_a_middle_part_leaves_both_ends() -> None:
    assert subtract([utc_interval(1, 7, 17)], [utc_interval(1, 9, 10)]) == [
        utc_interval(1, 7, 9),
        utc_interval(1, 10, 17),
    ]


def test_subtracting_a_touching_interval_leaves_the_base_whole() -> None:
    base = [utc_interval(1, 9, 12)]
    assert subtract(base, [utc_interval(1, 7, 9), utc_interval(1, 12, 13)]) == base


def test_subtracting_a_covering_interval_leaves_nothing() -> None:
    assert subtract([utc_interval(1, 9, 12)], [utc_interval(1, 8, 13)]) == []


def test_subtracting_unsorted_cuts_from_several_spans() -> None:
    base = [utc_interval(1, 13, 17), utc_interval(1, 7, 12)]
    taken = [utc_interval(1, 14, 15), utc_interval(1, 11, 14), utc_interval(1, 7, 8)]
    assert subtract(base, taken) == [
        utc_interval(1, 8, 11),
        utc_interval(1, 15, 17),
    ]


# -- local days and daylight saving ---------------------------------------------------


def test_an_ordinary_winter_day_is_24_hours_from_23_utc() -> None:
    bounds = day_bounds(date(2026, 12, 1), STOCKHOLM)
    assert bounds.start == utc(2026, 11, 30, 23)
    assert bounds.duration == hours(24)


def test_the_spring_forward_day_is_23_hours_long() -> None:
    bounds = day_bounds(SPRING_FORWARD, STOCKHOLM)
    assert bounds.start == utc(2026, 3, 28, 23)
    assert bounds.end == utc(2026, 3, 29, 22)
    assert bounds.duration == hours(23)


def test_the_fall_back_day_is_25_hours_long() -> None:
    bounds = day_bounds(FALL_BACK, STOCKHOLM)
    assert bounds.start == utc(2026, 10, 24, 22)
    assert bounds.end == utc(2026, 10, 25, 23)
    assert bounds.duration == hours(25)


def test_a_wall_clock_time_skipped_in_spring_is_moved_forward_by_the_gap() -> None:
    # 02:30 does not exist on 2026-03-29: it is read as 03:30 CEST.
    assert local_instant(SPRING_FORWARD, time(2, 30), STOCKHOLM) == utc(2026, 3, 29, 1, 30)


def test_a_wall_clock_time_repeated_in_autumn_is_its_first_occurrence() -> None:
    # 02:30 happens twice on 2026-10-25: the first time is 02:30 CEST.
    assert local_instant(FALL_BACK, time(2, 30), STOCKHOLM) == utc(2026, 10, 25, 0, 30)


def test_wall_clock_times_either_side_of_the_changes_use_their_own_offset() -> None:
    assert local_instant(SPRING_FORWARD, time(1, 0), STOCKHOLM) == utc(2026, 3, 29, 0)
    assert local_instant(SPRING_FORWARD, time(4, 0), STOCKHOLM) == utc(2026, 3, 29, 2)
    assert local_instant(FALL_BACK, time(1, 0), STOCKHOLM) == utc(2026, 10, 24, 23)
    assert local_instant(FALL_BACK, time(4, 0), STOCKHOLM) == utc(2026, 10, 25, 3)


def test_the_local_date_of_an_instant_is_the_date_in_the_site_zone() -> None:
    assert local_date(utc(2026, 6, 30, 22, 30), STOCKHOLM) == date(2026, 7, 1)
    assert local_date(utc(2026, 6, 30, 21, 45), STOCKHOLM) == date(2026, 6, 30)


def test_a_booking_from_one_to_four_on_the_spring_day_lasts_two_real_hours() -> None:
    assert span("2026-03-29", "01:00", "04:00").duration == hours(2)


def test_a_booking_from_one_to_four_on_the_autumn_day_lasts_four_real_hours() -> None:
    assert span("2026-10-25", "01:00", "04:00").duration == hours(4)


@pytest.mark.parametrize(
    ("day", "opens", "closes", "start", "end"),
    [
        (SPRING_FORWARD, "00:00", "06:00", utc(2026, 3, 28, 23), utc(2026, 3, 29, 4)),
        (FALL_BACK, "00:00", "06:00", utc(2026, 10, 24, 22), utc(2026, 10, 25, 5)),
        (SPRING_FORWARD, "07:00", "17:00", utc(2026, 3, 29, 5), utc(2026, 3, 29, 15)),
        (FALL_BACK, "07:00", "17:00", utc(2026, 10, 25, 6), utc(2026, 10, 25, 16)),
        (date(2026, 3, 28), "07:00", "17:00", utc(2026, 3, 28, 6), utc(2026, 3, 28, 16)),
    ],
)
def test_opening_hours_on_daylight_saving_days_give_the_right_utc_instants(
    day: date, opens: str, closes: str, start: datetime, end: datetime
) -> None:
    hours_ = OpeningHours.parse({"sat": [[opens, closes]], "sun": [[opens, closes]]})
    assert hours_.intervals_on(day, STOCKHOLM) == [Interval(start, end)]


def test_night_opening_hours_are_five_real_hours_in_spring_and_seven_in_autumn() -> None:
    night = OpeningHours.parse({"sun": [["00:00", "06:00"]]})
    [spring] = night.intervals_on(SPRING_FORWARD, STOCKHOLM)
    [autumn] = night.intervals_on(FALL_BACK, STOCKHOLM)
    assert (spring.duration, autumn.duration) == (hours(5), hours(7))
