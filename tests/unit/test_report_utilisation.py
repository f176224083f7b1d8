"""The utilisation report on hand-built rows: every figure against a hand computation.

Tuesday 3 November 2026, open 08:00-12:00; two desks, a room and a pool of three headsets:
24 open resource-hours (4 + 4 + 4 + 3 x 4). Wednesday is closed by a closure added after
m1 had booked Desk 1 08:00-10:00 that day.

  Desk 1   m1 08:00-12:00, checked in 08:00, out 10:30   held 2.5  attended 2.5
  Desk 2   m2 08:00-10:00, no-show released 08:30        held 0.5
  Desk 2   m3 10:00-12:00, in 10:00, cancelled 10:45     held 0.75 attended 0.75
  Room     m4 08:00-09:00, cancelled the day before      held 0
  Room     m3 09:00-11:00, never settled                 held 2
  Headsets m4 x3 09:00-10:00, in 09:00                   held 3    attended 3
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from projections.reports.facts import hidden
from projections.reports.utilisation import utilisation_report
from tests.unit.report_rows import TUESDAY, WEDNESDAY, Rows, members


@pytest.fixture
def rows() -> Rows:
    r = Rows(closures=[(WEDNESDAY, WEDNESDAY)])
    m1, m2, m3, m4 = members(4)
    desk1, desk2 = r.resource("desk", "Desk 1"), r.resource("desk", "Desk 2")
    room = r.resource("room", "Room")
    headsets = r.resource("equipment", "Headset", quantity=3)
    r.book(m1, desk1, TUESDAY, "08:00", "12:00", checked_in_at="08:00", checked_out_at="10:30")
    r.book(m2, desk2, TUESDAY, "08:00", "10:00", released_at="08:30")
    r.book(m3, desk2, TUESDAY, "10:00", "12:00", checked_in_at="10:00", cancelled_at="10:45")
    r.book(m4, room, TUESDAY, "08:00", "09:00", cancelled_at="before")
    r.book(m3, room, TUESDAY, "09:00", "11:00")
    r.book(m4, headsets, TUESDAY, "09:00", "10:00", quantity=3, checked_in_at="09:00")
    r.book(m1, desk1, WEDNESDAY, "08:00", "10:00")
    return r


def test_the_totals_match_the_hand_computation(rows: Rows) -> None:
    total = utilisation_report(rows.input(TUESDAY, WEDNESDAY)).total

    assert total.open_hours == 24.0
    assert total.booked_hours == 8.75
    assert total.checked_in_hours == 6.25
    assert total.utilisation == round(8.75 / 24, 4)
    assert total.occupancy == round(6.25 / 24, 4)
    assert (total.bookings, total.cancelled, total.checked_in, total.no_shows) == (7, 2, 3, 1)
    assert total.cancellation_rate == round(2 / 7, 4)
    assert total.no_show_rate == 0.25
    assert total.suppressed is False


def test_time_booked_on_a_day_closed_afterwards_is_reported_apart(rows: Rows) -> None:
    total = utilisation_report(rows.input(TUESDAY, WEDNESDAY)).total

    assert total.booked_hours_outside_open == 2.0


def test_rows_by_kind_hide_kinds_of_few_members_and_desks_lest_the_total_give_them_away(
    rows: Rows,
) -> None:
    report = utilisation_report(rows.input(TUESDAY, TUESDAY), "kind")
    by_kind = {r.key: r for r in report.rows}

    # rooms (m3, m4) and headsets (m4): two members together, so the total minus the desks
    # would give them: the desks are hidden too (their open hours stay)
    desk = by_kind["desk"]
    assert (desk.open_hours, desk.booked_hours, desk.suppressed) == (8.0, None, True)
    assert report.total.suppressed is False  # from 4 members
    assert by_kind["room"].suppressed and by_kind["room"].booked_hours is None
    assert by_kind["room"].open_hours == 4.0
    assert by_kind["equipment"].suppressed and by_kind["equipment"].open_hours == 12.0


def test_equipment_counts_item_hours(rows: Rows) -> None:
    m = members(3)
    headsets = next(r.id for r in rows.resources if r.kind == "equipment")
    rows.book(m[0], headsets, TUESDAY, "10:00", "11:00", quantity=2)
    rows.book(m[1], headsets, TUESDAY, "11:00", "12:00")

    by_kind = {r.key: r for r in utilisation_report(rows.input(TUESDAY, TUESDAY)).rows}

    assert by_kind["equipment"].booked_hours == 3.0 + 2.0 + 1.0
    assert by_kind["equipment"].utilisation == round(6 / 12, 4)


def test_rows_by_hour_split_bookings_at_local_hour_boundaries(rows: Rows) -> None:
    report = utilisation_report(rows.input(TUESDAY, TUESDAY), "hour")
    by_hour = {r.key: r for r in report.rows}

    assert list(by_hour) == ["08", "09", "10", "11"]
    assert [r.open_hours for r in report.rows] == [6.0, 6.0, 6.0, 6.0]
    assert by_hour["09"].booked_hours == 1.0 + 1.0 + 3.0  # Desk 1, the room, headsets
    assert by_hour["09"].bookings == 2  # the room and the headsets start then
    assert by_hour["11"].booked_hours == 0.0  # checked out and cancelled before 11
    assert by_hour["10"].suppressed  # only m1 and m3
    assert by_hour["08"].suppressed  # else 08 = total - the others


def test_a_resource_used_by_one_or_two_members_shows_only_its_open_hours(rows: Rows) -> None:
    report = utilisation_report(rows.input(TUESDAY, TUESDAY), "resource")

    assert [r.label for r in report.rows] == ["Desk 1", "Desk 2", "Headset", "Room"]
    assert all(r.suppressed and r.booked_hours is None for r in report.rows)
    assert [r.open_hours for r in report.rows] == [4.0, 4.0, 12.0, 4.0]


def test_a_single_hidden_day_also_hides_the_smallest_shown_one(rows: Rows) -> None:
    report = utilisation_report(rows.input(TUESDAY, WEDNESDAY), "day")
    by_day = {r.key: r for r in report.rows}

    assert by_day[WEDNESDAY.isoformat()].suppressed  # one member
    assert by_day[TUESDAY.isoformat()].suppressed  # else Tuesday = total - Wednesday
    assert by_day[TUESDAY.isoformat()].open_hours == 24.0
    assert report.total.booked_hours == 8.75


def test_hidden_groups_are_joined_by_others_until_together_they_come_from_three_members() -> None:
    a, b, c, d, e = members(5)

    assert hidden([{a, b, c}, {a}, {b, c, d}]) == {0, 1}
    assert hidden([{a, b, c, d}, {a}, {b}]) == {0, 1, 2}  # {a} and {b}: still two members
    assert hidden([{a, b, c}, {d}, {e, a}]) == {1, 2}  # {d} and {e, a}: three together
    assert hidden([{a, b, c}, set(), {a, b, c, d}]) == set()
    # hidden by another report of the period: hidden here; three members need no company
    assert hidden([{a, b, c}, {b, c, d}, {a, b, d}], forced=[1]) == {1}


def test_peaks_per_day_give_the_most_units_held_at_once(rows: Rows) -> None:
    m = members(3)
    desk1 = rows.resources[0].id
    rows.book(m[0], desk1, TUESDAY + timedelta(days=7), "08:00", "09:00")
    rows.book(m[1], rows.resources[1].id, TUESDAY + timedelta(days=7), "08:30", "09:30")
    rows.book(m[2], desk1, TUESDAY + timedelta(days=7), "09:00", "10:00")
    next_week = TUESDAY + timedelta(days=7)

    report = utilisation_report(rows.input(next_week, next_week))

    desks = next(p for p in report.peaks if p.pool == "desk")
    assert (desks.peak_in_use, desks.units_open, desks.suppressed) == (2, 2, False)


def test_the_matrix_puts_open_and_booked_hours_in_their_weekday_and_hour(rows: Rows) -> None:
    matrix = utilisation_report(rows.input(TUESDAY, TUESDAY)).matrix.values

    assert matrix["open_hours"][1][8:12] == [6.0, 6.0, 6.0, 6.0]
    assert matrix["open_hours"][1][12] == 0.0
    assert matrix["booked_hours"][1][9] == 5.0  # from m1, m3 and m4
    assert matrix["utilisation"][1][9] == round(5 / 6, 4)
    assert matrix["booked_hours"][1][8] is None  # only m1 and m2 held anything then
    assert matrix["utilisation"][1][11] == 0.0


def test_an_unknown_group_is_refused() -> None:
    with pytest.raises(ValueError, match="group"):
        utilisation_report(Rows().input(TUESDAY, TUESDAY), "member")
