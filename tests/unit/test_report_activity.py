"""The activity report from hand-built rows: the period split in weeks (or months when it is
long), check-ins counted by method, and a week of fewer than three members hidden together
with as many others as keep it from being worked out from the total."""

from __future__ import annotations

from datetime import date, timedelta

from msgspec.structs import replace

from projections.reports.activity import activity_report, parts_of
from tests.unit.report_rows import MONDAY, Rows, members


def test_a_short_period_goes_by_iso_weeks_and_a_long_one_by_months_cut_at_its_ends() -> None:
    grain, weeks = parts_of(date(2026, 11, 4), date(2026, 11, 17))
    assert grain == "week"
    assert weeks == [
        ("2026-W45", date(2026, 11, 4), date(2026, 11, 8)),
        ("2026-W46", date(2026, 11, 9), date(2026, 11, 15)),
        ("2026-W47", date(2026, 11, 16), date(2026, 11, 17)),
    ]
    grain, months = parts_of(date(2026, 1, 15), date(2026, 12, 10))
    assert grain == "month"
    assert months[0] == ("2026-01", date(2026, 1, 15), date(2026, 1, 31))
    assert months[-1] == ("2026-12", date(2026, 12, 1), date(2026, 12, 10))
    assert len(months) == 12


def checked_in(rows: Rows, member: int, desk: object, day: date, method: str | None) -> None:
    booking = rows.book(member, desk, day, "08:00", "12:00", checked_in_at="08:05")  # type: ignore[arg-type]
    rows.bookings[-1] = replace(booking, check_in_method=method)


def test_check_ins_are_counted_by_method_per_week() -> None:
    rows = Rows()
    desks = [rows.resource("desk") for _ in range(4)]
    m = members(4)
    for n, method in enumerate(("code", "code", "button", None)):
        checked_in(rows, m[n], desks[n], MONDAY, method)

    report = activity_report(rows.input(MONDAY, MONDAY + timedelta(days=6)))

    assert report.grain == "week"
    assert report.check_ins.total == {"code": 2, "button": 1, "host": 0, "unrecorded": 1}
    assert report.check_ins.categories == ["code", "button", "host", "unrecorded"]
    assert report.check_ins.parts[0].counts == report.check_ins.total


def test_a_week_of_two_members_is_hidden_and_so_is_every_total_over_it() -> None:
    rows = Rows()
    desks = [rows.resource("desk") for _ in range(5)]
    m = members(9)
    weeks = [MONDAY + timedelta(days=7 * k) for k in range(3)]
    for n in range(2):  # week 1: two members
        checked_in(rows, m[n], desks[n], weeks[0], "code")
    for n in range(2, 5):  # week 2: three members
        checked_in(rows, m[n], desks[n - 2], weeks[1], "code")
    for n in range(4, 9):  # week 3: five members
        checked_in(rows, m[n], desks[n - 4], weeks[2], "button")

    report = activity_report(rows.input(weeks[0], weeks[2] + timedelta(days=6)))
    later = activity_report(rows.input(weeks[1], weeks[2] + timedelta(days=6)))

    # Decided week by week, as every report of the period: a week of fewer than three members
    # is hidden, and so is any total that holds it, or the report of weeks 2-3 subtracted
    # from that of weeks 1-3 would give week 1.
    assert [p.suppressed for p in report.check_ins.parts] == [True, False, False]
    assert report.check_ins.parts[0].counts is None
    assert report.check_ins.parts[2].counts == {"code": 0, "button": 5, "host": 0, "unrecorded": 0}
    assert report.check_ins.total is None and report.check_ins.suppressed
    assert later.check_ins.total == {"code": 3, "button": 5, "host": 0, "unrecorded": 0}
