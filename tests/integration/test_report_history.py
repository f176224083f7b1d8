"""The reports on a history driven through the application and read from the usage
projection, on SQLite and PostgreSQL. The history (tests/report_history.py) has a closure
day and the spring daylight-saving change; every figure below is computed by hand there
and in docs/reports.md."""

from __future__ import annotations

import pytest

from service.container import Container
from service.reporting import Reports
from tests.conftest import Clock
from tests.report_history import FRIDAY, SATURDAY, SUNDAY, THURSDAY, History, build_history


@pytest.fixture
def history(container: Container, clock: Clock) -> History:
    return build_history(container, clock)


@pytest.fixture
def reports(container: Container) -> Reports:
    return Reports(container)


def test_utilisation_totals_match_the_hand_computation(reports: Reports, history: History) -> None:
    total = reports.utilisation(history.site_id, THURSDAY, SUNDAY).total

    # The period is served as its whole ISO week (the privacy rule's grid): Monday to
    # Wednesday, open 08-12 for five units and never booked, add 60 open hours
    assert total.open_hours == 90.0  # Thursday 20, Sunday 10; Friday closed, Saturday shut
    assert total.booked_hours == 14.0
    assert total.checked_in_hours == 10.75
    assert total.utilisation == round(14 / 90, 4)
    assert total.occupancy == round(10.75 / 90, 4)
    assert (total.bookings, total.cancelled, total.checked_in, total.no_shows) == (9, 1, 5, 2)
    assert total.cancellation_rate == round(1 / 9, 4)
    assert total.no_show_rate == round(2 / 7, 4)


def test_the_closure_day_and_the_daylight_saving_day_are_counted_as_they_were_open(
    reports: Reports, history: History
) -> None:
    by_day = {r.key: r for r in reports.utilisation(history.site_id, THURSDAY, SUNDAY, "day").rows}

    assert by_day[FRIDAY.isoformat()].open_hours == 0.0
    assert by_day[SATURDAY.isoformat()].open_hours == 0.0
    sunday = by_day[SUNDAY.isoformat()]
    assert sunday.open_hours == 10.0  # 01:00-04:00 on the clock is 2 real hours, x 5 units
    assert (sunday.booked_hours, sunday.checked_in_hours) == (4.5, 2.0)
    thursday = by_day[THURSDAY.isoformat()]
    assert (thursday.open_hours, thursday.booked_hours, thursday.checked_in_hours) == (
        20.0,
        9.5,
        8.75,
    )


def test_on_the_spring_change_the_missing_hour_is_never_open(
    reports: Reports, history: History
) -> None:
    matrix = reports.utilisation(history.site_id, THURSDAY, SUNDAY).matrix.values

    assert matrix["open_hours"][6][0:5] == [0.0, 5.0, 0.0, 5.0, 0.0]
    # 01 is from m2, m3 and m4, but 03 from m2 and m4 alone: Sunday's total less 01 would
    # give 03, so both are hidden (complementary suppression)
    assert matrix["utilisation"][6][1] is None and matrix["utilisation"][6][3] is None
    assert matrix["booked_hours"][3][10] == 3.0  # Thursday 10-11 (m1, m3, m5), shown


def test_desks_are_shown_and_kinds_used_by_fewer_than_three_members_are_hidden(
    reports: Reports, history: History
) -> None:
    by_kind = {r.key: r for r in reports.utilisation(history.site_id, THURSDAY, SUNDAY).rows}

    desk = by_kind["desk"]
    # 12 open desk-hours on Thursday and Sunday, 24 on Monday-Wednesday of the same week
    assert (desk.open_hours, desk.booked_hours, desk.checked_in_hours) == (36.0, 8.0, 6.9167)
    assert (desk.no_shows, desk.checked_in, desk.no_show_rate) == (2, 3, 0.4)
    assert by_kind["room"].suppressed and by_kind["room"].open_hours == 18.0
    assert by_kind["equipment"].suppressed and by_kind["equipment"].open_hours == 36.0


def test_demand_counts_retries_once_and_leaves_out_requests_met_later(
    reports: Reports, history: History
) -> None:
    report = reports.demand(history.site_id, THURSDAY, SUNDAY)
    totals = report.totals

    assert (totals.attempts, totals.requests, totals.met_later) == (9, 7, 2)
    assert (totals.unmet_requests, totals.unmet_hours) == (4, 5.0)
    assert (totals.unmet_capacity_hours, totals.unmet_closed_hours) == (3.0, 2.0)
    slot_taken = next(r for r in report.by_reason if r.rule == "slot-taken")
    assert (slot_taken.attempts, slot_taken.requests, slot_taken.met_later) == (4, 3, 2)
    assert all(r.suppressed for r in report.by_reason if r.rule != "slot-taken")


def test_the_specification_asks_for_three_desks_to_serve_95_percent(
    reports: Reports, history: History
) -> None:
    report = reports.specification(history.site_id, THURSDAY, SUNDAY, 0.95)
    desk = next(p for p in report.pools if p.pool == "desk")

    assert [(lv.units, lv.hours_demand) for lv in desk.distribution] == [
        (0, 12.0),  # Monday-Wednesday of the week, open and asked for by no one
        (1, 4.0),
        (2, 3.0),
        (3, 1.0),
    ]
    assert desk.capacity is not None
    # the replay counts the requests within opening hours: 5 bookings (8 hours held) and
    # m4's and m5's unmet requests (3 hours); the two closed ones no capacity could serve
    assert (desk.capacity.requests, desk.capacity.demand_hours) == (7, 11.0)
    assert desk.capacity.capacity == 3
    assert desk.capacity.served_share_at_recorded == round(5 / 7, 4)
    assert desk.capacity.served_hours_share_at_recorded == round(8 / 11, 4)
    assert report.opening.justified_hours == {
        "thu": [["10:00", "12:00"]],
        "sun": [["01:00", "02:00"]],
    }
    screen = next(f for f in report.features if f.feature == "screen")
    assert (screen.resources, screen.booked_hours, screen.share) == (2, 8.0, 1.0)


def test_what_if_with_the_recorded_capacity_reproduces_what_happened(
    reports: Reports, history: History
) -> None:
    report = reports.what_if(history.site_id, THURSDAY, SUNDAY, {})

    assert report.total.served == report.total.recorded_served == 9
    assert (report.total.refused_capacity, report.total.refused_closed) == (2, 2)
    assert report.not_replayed == 1
    desk = next(p for p in report.pools if p.pool == "desk")
    # of 36 open desk-hours in the whole week (12 on Thursday and Sunday)
    assert (desk.served_hours, desk.unmet_hours, desk.utilisation) == (8.0, 5.0, round(8 / 36, 4))


def test_what_if_with_a_large_capacity_serves_every_request_in_opening_hours(
    reports: Reports, history: History
) -> None:
    big = {"desk": 50, "room": 50, "equipment": 50}
    report = reports.what_if(history.site_id, THURSDAY, SUNDAY, big)
    longer = reports.what_if(
        history.site_id,
        THURSDAY,
        SUNDAY,
        big,
        {"thu": [["07:00", "12:00"]], "sun": [["01:00", "04:00"]]},
    )

    assert (report.total.served, report.total.refused_capacity) == (11, 0)
    assert report.total.refused_closed == 2  # before opening on Thursday; the closure day
    assert (longer.total.served, longer.total.refused_closed) == (12, 1)  # the closure stays


def test_what_if_with_no_capacity_serves_nothing(reports: Reports, history: History) -> None:
    report = reports.what_if(
        history.site_id, THURSDAY, SUNDAY, {"desk": 0, "room": 0, "equipment": 0}
    )

    assert (report.total.served, report.total.refused_capacity) == (0, 11)
    assert report.total.served_hours == 0.0
