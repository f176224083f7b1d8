"""Open time, local hours and concurrency for the reports, across daylight-saving changes."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

from domain.capacity import levels, peak
from projections.reports.facts import HoursSetting, ResourceFacts, SiteFacts
from projections.reports.timeline import Calendar, level_hours, local_hours, seconds
from tests.builders import STOCKHOLM, at

SPRING = date(2026, 3, 29)  # Sunday: 02:00 CET -> 03:00 CEST
AUTUMN = date(2026, 10, 25)  # Sunday: 03:00 CEST -> 02:00 CET
NIGHT = {"sun": [["01:00", "04:00"]], "mon": [["08:00", "17:00"]]}


def site(*settings: HoursSetting, closures: list[tuple[date, date]] | None = None) -> SiteFacts:
    return SiteFacts(
        id=uuid4(),
        name="Testkontoret",
        timezone="Europe/Stockholm",
        hours=list(settings),
        closures=closures or [],
    )


def open_hours(calendar: Calendar, day: date) -> float:
    return seconds(calendar.open_spans(day)) / 3600


def test_wall_clock_hours_across_the_spring_change_are_an_hour_shorter() -> None:
    calendar = Calendar(site(HoursSetting(None, NIGHT)))

    assert open_hours(calendar, SPRING - timedelta(days=7)) == 3.0
    assert open_hours(calendar, SPRING) == 2.0


def test_wall_clock_hours_across_the_autumn_change_are_an_hour_longer() -> None:
    calendar = Calendar(site(HoursSetting(None, NIGHT)))

    assert open_hours(calendar, AUTUMN) == 4.0
    assert open_hours(calendar, AUTUMN + timedelta(days=1)) == 9.0


def test_a_closure_day_has_no_open_time() -> None:
    calendar = Calendar(site(HoursSetting(None, NIGHT), closures=[(SPRING, SPRING)]))

    assert calendar.open_spans(SPRING) == []
    assert open_hours(calendar, SPRING + timedelta(days=1)) == 9.0


def test_a_change_of_hours_applies_from_the_next_day() -> None:
    monday = date(2026, 11, 2)
    changed_on_monday = at(monday, "10:00")
    calendar = Calendar(
        site(
            HoursSetting(None, {"mon": [["08:00", "17:00"]], "tue": [["08:00", "17:00"]]}),
            HoursSetting(
                changed_on_monday, {"mon": [["08:00", "12:00"]], "tue": [["08:00", "12:00"]]}
            ),
        )
    )

    assert open_hours(calendar, monday) == 9.0
    assert open_hours(calendar, monday + timedelta(days=1)) == 4.0


def test_the_first_hours_of_a_site_apply_from_the_day_it_was_registered() -> None:
    monday = date(2026, 11, 2)
    calendar = Calendar(site(HoursSetting(at(monday, "10:00"), {"mon": [["08:00", "17:00"]]})))

    assert open_hours(calendar, monday - timedelta(days=7)) == 0.0
    assert open_hours(calendar, monday) == 9.0


def test_a_resource_is_open_from_its_addition_until_its_retirement() -> None:
    monday = date(2026, 11, 2)
    calendar = Calendar(site(HoursSetting(None, {"mon": [["08:00", "17:00"]]})))
    desk = ResourceFacts(
        id=uuid4(),
        kind="desk",
        name="Desk",
        features=[],
        seats=None,
        quantity=1,
        added_from=at(monday, "10:00"),
        retired_from=at(monday, "15:30"),
    )

    assert calendar.resource_spans(desk, monday) == [(at(monday, "10:00"), at(monday, "15:30"))]
    assert calendar.resource_spans(desk, monday + timedelta(days=7)) == []


def test_local_hours_skip_the_missing_hour_in_spring_and_count_the_repeated_one_twice() -> None:
    spring = [
        (h, s) for _, h, s in local_hours(at(SPRING, "01:00"), at(SPRING, "04:00"), STOCKHOLM)
    ]
    autumn_start = at(AUTUMN, "01:00")
    autumn = [
        (h, s)
        for _, h, s in local_hours(autumn_start, autumn_start + timedelta(hours=4), STOCKHOLM)
    ]

    assert spring == [(1, 3600.0), (3, 3600.0)]
    assert autumn == [(1, 3600.0), (2, 3600.0), (2, 3600.0), (3, 3600.0)]


def test_local_hours_split_a_quarter_hour_booking_exactly() -> None:
    day = date(2026, 11, 2)
    pieces = list(local_hours(at(day, "08:45"), at(day, "10:15"), STOCKHOLM))

    assert [(h, s / 60) for _, h, s in pieces] == [(8, 15.0), (9, 60.0), (10, 15.0)]


def test_levels_count_units_held_at_once_and_the_peak_is_their_maximum() -> None:
    day = date(2026, 11, 2)
    holds = [
        (at(day, "08:00"), at(day, "10:00"), 1),
        (at(day, "09:00"), at(day, "11:00"), 2),
        (at(day, "10:00"), at(day, "12:00"), 1),
    ]

    assert [(n, (e - s).total_seconds() / 3600) for s, e, n in levels(holds)] == [
        (1, 1.0),
        (3, 1.0),
        (3, 1.0),
        (1, 1.0),
    ]
    assert peak(holds) == 3


def test_level_hours_count_idle_open_time_as_level_zero_and_demand_outside_it_too() -> None:
    day = date(2026, 11, 2)
    open_spans = [(at(day, "08:00"), at(day, "12:00"))]
    demand = [(at(day, "07:00"), at(day, "09:00"), 1), (at(day, "08:00"), at(day, "09:00"), 1)]

    hours = {k: s / 3600 for k, s in level_hours(demand, open_spans).items()}

    assert hours == {1: 1.0, 2: 1.0, 0: 3.0}
