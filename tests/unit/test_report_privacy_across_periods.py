"""Privacy across periods: two overlapping periods must not isolate a member. Reports are
served for whole ISO weeks and every suppression is decided in each week alone, so that the
difference of two reports shows only what the report of the weeks between them shows, and
that hides a week of one member. Here the attacker subtracts, figure by figure, the reports
of Monday-Friday and Tuesday-Friday (a member alone on Monday), and of a month and the same
month less its first week (a member alone in that week)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import msgspec
import pytest

from domain.time import local_date
from projections.reports import demand, specification, utilisation, whatif
from projections.reports.demand import demand_report
from projections.reports.grid import whole_weeks
from projections.reports.specification import specification_report
from projections.reports.utilisation import GROUPS, utilisation_reports
from projections.reports.whatif import what_if
from tests.unit.report_rows import Rows, members

EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)
ZONE = ZoneInfo("Europe/Stockholm")
# Figures that no member's action decides: the open time and the units there are.
CAPACITY = {"open_hours", "units_open", "recorded_capacity", "capacity", "days", "resources"}
# Ratios and averages over the open time or the days: their denominators are capacity and
# differ with the period; their numerators (hours, bookings, requests) are compared.
RATIOS = ("rate", "utilisation", "occupancy")


def reports(rows: Rows, first: date, last: date, grid: bool = True) -> dict[str, Any]:
    """Every report of the period as the application serves it: the period on the grid of
    whole weeks, the records of its days (as the usage view gives them)."""
    if grid:
        first, last = whole_weeks(first, last, EARLIEST, LATEST)
    data = rows.input(first, last)
    data = msgspec.structs.replace(
        data,
        bookings=[b for b in data.bookings if first <= local_date(b.start, ZONE) <= last],
        refusals=[r for r in data.refusals if first <= local_date(r.start, ZONE) <= last],
    )
    return {
        **{f"utilisation/{g}": r for g, r in utilisation_reports(data, GROUPS).items()},
        "demand": demand_report(data),
        "specification": specification_report(data),
        "what_if": what_if(data, {}),
    }


def leaves(value: Any, path: str = "") -> dict[str, float]:
    """Every person-derived number of a report, by a path that names rows by their key."""
    if isinstance(value, msgspec.Struct):
        value = msgspec.to_builtins(value)
    out: dict[str, float] = {}
    if isinstance(value, dict):
        for k, v in value.items():
            if k not in CAPACITY and not k.endswith(RATIOS) and not k.startswith("average"):
                out |= leaves(v, f"{path}/{k}")
    elif isinstance(value, list):
        for n, v in enumerate(value):
            name = n
            if isinstance(v, dict):
                name = next((v[k] for k in ("key", "pool", "day", "rule", "units") if k in v), n)
            out |= leaves(v, f"{path}[{name}]")
    elif isinstance(value, int | float) and not isinstance(value, bool):
        out[path] = value
    return out


def differences(a: dict[str, Any], b: dict[str, Any]) -> dict[str, float]:
    """What the attacker learns: the figures shown in both reports that differ."""
    out = {}
    for report in a:
        first, second = leaves(a[report], report), leaves(b[report], report)
        for path in first.keys() & second.keys():
            if first[path] != second[path]:
                out[path] = first[path] - second[path]
    return out


def office() -> tuple[Rows, list[Any]]:
    rows = Rows()
    return rows, [rows.resource("desk", f"Desk {n}") for n in range(1, 5)]


def test_monday_to_friday_minus_tuesday_to_friday_isolates_nobody() -> None:
    rows, desks = office()
    monday = date(2026, 11, 2)
    alone, *others = members(5)
    rows.book(alone, desks[0], monday, "08:00", "11:00")
    for n in range(1, 5):
        for desk, who in zip(desks, others, strict=True):
            rows.book(who, desk, monday + timedelta(days=n), "08:00", "10:00")

    week = reports(rows, monday, monday + timedelta(days=4))
    less_monday = reports(rows, monday + timedelta(days=1), monday + timedelta(days=4))

    assert differences(week, less_monday) == {}
    # without the grid, the same subtraction gave the lone member's Monday: 3 hours, 1 booking
    learned = differences(
        reports(rows, monday, monday + timedelta(days=4), grid=False),
        reports(rows, monday + timedelta(days=1), monday + timedelta(days=4), grid=False),
    )
    assert learned["utilisation/kind/total/booked_hours"] == 3.0
    assert learned["utilisation/kind/total/bookings"] == 1


def period_rule_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rule before the grid: suppression decided over the whole period."""
    for module in (utilisation, demand, specification, whatif):
        monkeypatch.setattr(module, "by_week", lambda data: data)


def test_a_month_minus_its_first_week_isolates_nobody(monkeypatch: pytest.MonkeyPatch) -> None:
    rows, desks = office()
    room = rows.resource("room", "Room 1")
    first_week = date(2026, 11, 2)  # November 2026 starts on a Sunday: this is its week 2
    alone, *others = members(5)
    rows.book(alone, desks[0], first_week + timedelta(days=2), "08:00", "12:00")
    rows.book(alone, room, first_week + timedelta(days=3), "09:00", "10:00")
    rows.refuse(alone, "desk", first_week + timedelta(days=3), "08:00", "12:00")
    for week in range(1, 4):
        for day in range(5):
            when = first_week + timedelta(days=7 * week + day)
            for desk, who in zip(desks, others, strict=True):
                rows.book(who, desk, when, "08:00", "10:00")
            rows.book(others[day % 4], room, when, "10:00", "11:00")

    month = reports(rows, date(2026, 11, 1), date(2026, 11, 29))
    rest = reports(rows, first_week + timedelta(days=7), date(2026, 11, 29))
    weeks = reports(rows, first_week, date(2026, 11, 29))

    assert differences(weeks, rest) == {}
    assert differences(month, rest) == {}
    # the lone member's week is hidden wherever it is part of the period, and the three
    # weeks of four members each are shown alike in both
    by_day = {r.key: r for r in weeks["utilisation/day"].rows}
    assert by_day[str(first_week + timedelta(days=2))].booked_hours is None
    assert by_day[str(first_week + timedelta(days=9))].booked_hours == 9.0  # 4 desks, a room
    # with suppression decided over each period instead of each week, the same subtraction
    # gave the lone member's week away: 4 hours at a desk and 1 in the room
    period_rule_only(monkeypatch)
    learned = differences(
        reports(rows, first_week, date(2026, 11, 29)),
        reports(rows, first_week + timedelta(days=7), date(2026, 11, 29)),
    )
    assert learned["utilisation/kind/total/booked_hours"] == 5.0


def test_a_group_hidden_in_one_week_stays_hidden_in_any_period_holding_that_week() -> None:
    rows, desks = office()
    monday = date(2026, 11, 2)
    m = members(6)
    for day in range(3):  # three members on the desks all week, one member in the room once
        for desk, who in zip(desks, m[:3], strict=False):
            rows.book(who, desk, monday + timedelta(days=day), "08:00", "10:00")
    room = rows.resource("room", "Room 1")
    rows.book(m[3], room, monday, "08:00", "09:00")
    for day in range(7, 12):  # the next week, the room is used by three
        for who in m[3:]:
            rows.book(who, room, monday + timedelta(days=day), "08:00", "09:00")

    for last in (monday + timedelta(days=6), monday + timedelta(days=13)):
        kinds = {r.key: r for r in reports(rows, monday, last)["utilisation/kind"].rows}
        assert kinds["room"].suppressed and kinds["room"].booked_hours is None
