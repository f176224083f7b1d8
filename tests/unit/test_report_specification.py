"""The specification report on hand-built rows: concurrent demand, the capacity serving a
share of it, the hours worth opening and features ranked by use.

Tuesday 3 November 2026, open 08:00-12:00, two desks:
  Desk 1 m1 08-12 and Desk 2 m2 08-10 (booked); m3 09-11 and m4 10-11 refused (nothing free).
  Demand: 08-09 two units, 09-11 three, 11-12 one: 1 h at 1, 1 h at 2, 2 h at 3 = 9 demand-hours.
  Replayed as a loss system, two desks serve the bookings and m4 (Desk 2 is free from 10:00),
  not m3 (refused at 09:00): 3 of 4 requests, 7 of 9 hours; three desks serve all.
"""

from __future__ import annotations

import pytest

from projections.reports.specification import specification_report
from tests.unit.report_rows import TUESDAY, Rows, members


@pytest.fixture
def rows() -> Rows:
    r = Rows()
    m1, m2, m3, m4 = members(4)
    desk1 = r.resource("desk", "Desk 1", features=["screen"])
    desk2 = r.resource("desk", "Desk 2", features=["window"])
    r.book(m1, desk1, TUESDAY, "08:00", "12:00")
    r.book(m2, desk2, TUESDAY, "08:00", "10:00")
    r.refuse(m3, "desk", TUESDAY, "09:00", "11:00")
    r.refuse(m4, "desk", TUESDAY, "10:00", "11:00")
    return r


def test_concurrent_demand_counts_served_and_refused_units(rows: Rows) -> None:
    (desk,) = specification_report(rows.input(TUESDAY, TUESDAY)).pools

    assert [(lv.units, lv.hours_demand) for lv in desk.distribution] == [
        (0, 0.0),
        (1, 1.0),
        (2, 1.0),
        (3, 2.0),
    ]
    assert [(lv.units, lv.hours_served) for lv in desk.distribution] == [
        (0, 0.0),
        (1, 2.0),
        (2, 2.0),
        (3, 0.0),
    ]


def test_capacity_advice_is_read_off_the_replay_of_the_requests(rows: Rows) -> None:
    advice = specification_report(rows.input(TUESDAY, TUESDAY), 0.95).pools[0].capacity

    assert advice is not None
    curve = {p.capacity: (p.served_share, p.served_hours_share) for p in advice.curve}
    assert curve[0] == (0.0, 0.0)
    # two desks: m3 (09-11) is refused at its start and gets nothing; m4 (10-11) gets Desk 2
    assert curve[2] == (0.75, round(7 / 9, 4))
    assert curve[3] == (1.0, 1.0)
    assert (advice.basis, advice.requests, advice.demand_hours) == ("requests", 4, 9.0)
    assert (advice.capacity, advice.served_share) == (3, 1.0)


def test_the_level_of_requests_and_of_requested_hours_can_advise_differently(
    rows: Rows,
) -> None:
    advice = specification_report(rows.input(TUESDAY, TUESDAY), 0.76).pools[0].capacity

    assert advice is not None
    assert (advice.capacity, advice.capacity_by_hours) == (3, 2)


def test_the_share_served_at_the_recorded_capacity_is_what_happened(rows: Rows) -> None:
    advice = specification_report(rows.input(TUESDAY, TUESDAY)).pools[0].capacity

    assert advice is not None
    assert advice.recorded_capacity == 2
    assert advice.served_share_at_recorded == 0.5  # 2 of 4 requests booked
    assert advice.served_hours_share_at_recorded == round(6 / 9, 4)
    assert advice.replay_share_at_recorded == 0.75  # the replay gives m4 the free Desk 2
    assert (advice.interval_low, advice.interval_high, advice.weeks) == (None, None, 1)


def test_hours_with_enough_demand_from_enough_members_justify_opening(rows: Rows) -> None:
    report = specification_report(rows.input(TUESDAY, TUESDAY))
    desk = report.pools[0]
    cells = {(w.weekday, w.hour): w for w in desk.week_hours}

    assert desk.justified_hours == {"tue": [["09:00", "11:00"]]}
    assert cells[("tue", 9)].average_demand == 3.0
    assert cells[("tue", 8)].suppressed and not cells[("tue", 8)].justified  # m1 and m2
    assert cells[("tue", 11)].open_now and not cells[("tue", 11)].justified


def test_a_higher_bar_justifies_fewer_hours(rows: Rows) -> None:
    report = specification_report(rows.input(TUESDAY, TUESDAY), min_average_demand=3.5)

    assert report.pools[0].justified_hours == {}


def test_demand_outside_the_opening_hours_shows_in_the_hours_of_the_week(rows: Rows) -> None:
    for member in members(3):
        rows.refuse(member, "desk", TUESDAY, "07:00", "08:00", "outside-opening-hours")

    report = specification_report(rows.input(TUESDAY, TUESDAY))
    seven = next(w for w in report.opening.week_hours if (w.weekday, w.hour) == ("tue", 7))

    assert seven.justified and not seven.open_now
    assert report.opening.justified_hours == {"tue": [["07:00", "08:00"], ["09:00", "11:00"]]}


def test_daily_demand_sets_the_peak_against_the_units_open(rows: Rows) -> None:
    m5 = members(1)[0]
    desk3 = rows.resource("desk", "Desk 3")
    rows.book(m5, desk3, TUESDAY, "11:00", "12:00")  # a third member booked that day

    (day,) = specification_report(rows.input(TUESDAY, TUESDAY)).pools[0].daily

    assert (day.peak_demand, day.peak_served, day.units_open) == (3, 2, 3)


def test_a_day_only_two_members_booked_shows_no_peaks_as_in_the_utilisation_report(
    rows: Rows,
) -> None:
    (day,) = specification_report(rows.input(TUESDAY, TUESDAY)).pools[0].daily

    # m1 and m2 booked, m3 and m4 were refused: the peak served would be theirs alone
    assert (day.peak_demand, day.peak_served, day.units_open) == (None, None, 2)
    assert day.suppressed


def test_features_are_ranked_by_booked_hours() -> None:
    rows = Rows()
    m = members(4)
    screen = rows.resource("desk", "Desk 1", features=["screen"])
    window = rows.resource("desk", "Desk 2", features=["window"])
    projector = rows.resource("equipment", "Projector", quantity=1)
    for member, start in zip(m[:3], ("08:00", "09:00", "10:00"), strict=True):
        rows.book(member, screen, TUESDAY, start, f"{int(start[:2]) + 1:02d}:00")
        rows.book(member, projector, TUESDAY, start, f"{int(start[:2]) + 1:02d}:00")
    rows.book(m[3], window, TUESDAY, "08:00", "09:00")

    features = specification_report(rows.input(TUESDAY, TUESDAY)).features

    ranked = [(f.kind, f.feature, f.item, f.booked_hours, f.share) for f in features]
    assert ranked == [
        ("desk", "screen", False, 3.0, 0.75),
        ("desk", "window", False, None, None),
        ("equipment", "Projector", True, 3.0, 1.0),  # an item by its name: no "item:" prefix
    ]


def test_every_figure_says_how_it_was_computed(rows: Rows) -> None:
    report = specification_report(rows.input(TUESDAY, TUESDAY))
    desk = report.pools[0]

    assert desk.capacity is not None
    for text in (desk.distribution_method, desk.capacity.method, desk.week_method):
        assert len(text) > 100
    assert "feature" in report.features_method


def test_a_pool_demanded_by_fewer_than_three_members_gives_no_advice() -> None:
    rows = Rows()
    m1, m2 = members(2)
    room = rows.resource("room", "Room")
    rows.book(m1, room, TUESDAY, "08:00", "10:00")
    rows.refuse(m2, "room", TUESDAY, "09:00", "10:00")

    (pool,) = specification_report(rows.input(TUESDAY, TUESDAY)).pools

    assert pool.suppressed and pool.capacity is None and pool.distribution == []
    assert pool.daily[0].peak_demand is None and pool.daily[0].units_open == 1


def test_an_impossible_service_level_is_refused(rows: Rows) -> None:
    with pytest.raises(ValueError, match="service_level"):
        specification_report(rows.input(TUESDAY, TUESDAY), 1.5)
