"""Privacy that holds across a report and across the reports of one period: complementary
suppression, and the same days and pools hidden in utilisation, demand, what-if and
specification (week of Monday 2 November 2026, open 08:00-12:00)."""

from __future__ import annotations

from datetime import timedelta

from projections.reports.demand import demand_report
from projections.reports.facts import hidden_cells
from projections.reports.specification import specification_report
from projections.reports.utilisation import utilisation_report
from projections.reports.whatif import what_if
from tests.unit.report_rows import TUESDAY, Rows, members

WEDNESDAY = TUESDAY + timedelta(days=1)
THURSDAY = TUESDAY + timedelta(days=2)


def three_days() -> Rows:
    """Tuesday three members, Wednesday one, Thursday three others, all at desks."""
    rows = Rows()
    desks = [rows.resource("desk", f"Desk {n}") for n in range(1, 4)]
    m = members(7)
    for desk, who in zip(desks, m[:3], strict=True):
        rows.book(who, desk, TUESDAY, "08:00", "10:00")
    rows.book(m[3], desks[0], WEDNESDAY, "08:00", "10:00")
    for desk, who in zip(desks, m[4:], strict=True):
        rows.book(who, desk, THURSDAY, "08:00", "10:00")
    return rows


def test_a_day_hidden_in_utilisation_is_hidden_in_the_specification_too() -> None:
    data = three_days().input(TUESDAY, THURSDAY)

    by_day = {r.key: r.suppressed for r in utilisation_report(data, "day").rows}
    (desk,) = specification_report(data).pools
    daily = {d.day.isoformat(): d.suppressed for d in desk.daily}
    peaks = {p.day.isoformat(): p.suppressed for p in utilisation_report(data).peaks}

    # Wednesday (one member) and, so that the total does not give it, Tuesday
    expected = {TUESDAY.isoformat(): True, WEDNESDAY.isoformat(): True, THURSDAY.isoformat(): False}
    assert by_day == expected
    assert daily == expected
    assert peaks == expected
    assert next(d for d in desk.daily if d.day == THURSDAY).peak_demand == 3


def test_pools_are_hidden_alike_in_the_what_if_the_specification_and_the_demand_report() -> None:
    rows = Rows()
    m = members(7)
    desk, room = rows.resource("desk", "Desk 1"), rows.resource("room", "Room 1")
    headsets = rows.resource("equipment", "Headset", quantity=5)
    for who in m[:3]:
        rows.book(who, headsets, TUESDAY, "08:00", "09:00")
    for who in m[3:6]:
        rows.book(who, desk, TUESDAY, "08:00", "12:00") if who == m[3] else rows.refuse(
            who, "desk", TUESDAY, "09:00", "10:00"
        )
    rows.book(m[6], room, TUESDAY, "08:00", "09:00")
    data = rows.input(TUESDAY, TUESDAY)

    whatif = {p.pool: p.suppressed for p in what_if(data, {}).pools}
    spec = {p.pool: p.suppressed for p in specification_report(data).pools}
    demand = {r.key: r.suppressed for r in demand_report(data).by_pool}

    assert whatif == spec
    assert whatif["room"] and sum(whatif.values()) == 2  # the room, and one more with it
    assert all(demand.get(pool, hidden) == hidden for pool, hidden in whatif.items())


def test_a_hidden_cell_of_a_matrix_takes_others_of_its_weekday_and_hour_with_it() -> None:
    a, b, c, d, e, f = members(6)
    cells = {(1, 9): {a}, (1, 10): {b, c, d}, (2, 9): {d, e, f}, (2, 10): {a, e, f}}

    hide = hidden_cells(cells)

    assert (1, 9) in hide and (1, 10) in hide  # Tuesday's row would give it
    assert (2, 9) in hide  # and so would the 09 column
    assert (2, 10) not in hide  # what is hidden in its row and column comes from 3 members


def test_the_demand_report_hides_two_small_reasons_together_from_the_total() -> None:
    rows = Rows()
    m = members(5)
    rows.resource("desk")
    for who in m[:3]:
        rows.refuse(who, "desk", TUESDAY, "09:00", "10:00", "nothing-free")
    rows.refuse(m[3], "desk", TUESDAY, "09:00", "10:00", "too-long")
    rows.refuse(m[4], "desk", TUESDAY, "09:00", "11:00", "site-closed")

    report = demand_report(rows.input(TUESDAY, TUESDAY))

    assert report.totals.requests == 5
    assert all(r.suppressed for r in report.by_reason)  # m4 and m5 alone: two members
