"""The fixed grid the privacy rule works on: ISO weeks of the site's local days. Every
member is numbered per week (``facts.WEEK``), so that every suppression (days, pools, rows,
matrix cells, totals) is decided in each week alone and comes out the same whatever period
holds the week; the reports are served for whole weeks only (``whole_weeks``), so that two
periods differ by whole weeks, never by a day. Together: the difference of two reports can
only show what a report of the weeks in between shows, and that hides every group of fewer
than three members."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import msgspec

from projections.reports.facts import WEEK, Member, ReportInput, per_input
from projections.reports.timeline import Calendar


def whole_weeks(first: date, last: date, earliest: date, latest: date) -> tuple[date, date]:
    """``first`` back to its Monday and ``last`` on to its Sunday (within the days that
    reports cover)."""
    monday = first - timedelta(days=first.weekday())
    sunday = last + timedelta(days=6 - last.weekday())
    return max(earliest, monday), min(latest, sunday)


def week_of(day: date) -> int:
    """The ISO week of ``day`` as one number: the Monday's day number divided by seven."""
    return (day.toordinal() - day.weekday()) // 7


def by_week(data: ReportInput) -> ReportInput:
    """``data`` with every member numbered per ISO week of the local day its booking,
    request, search or waitlist entry starts on. Applying it again changes nothing. Made once
    per input, so that every report of the input shares what ``per_input`` derives of it."""
    return per_input(data, "by_week", lambda: _numbered(data))


def _numbered(data: ReportInput) -> ReportInput:
    calendar = Calendar(data.site)
    weeks: dict[date, int] = {}

    def number(member: Member, start: datetime) -> Member:
        day = calendar.local_day(start)
        week = weeks.get(day)
        if week is None:
            week = weeks[day] = week_of(day)
        return week * WEEK + member % WEEK

    replace = msgspec.structs.replace
    return replace(
        data,
        bookings=[replace(b, member=number(b.member, b.start)) for b in data.bookings],
        refusals=[replace(r, member=number(r.member, r.start)) for r in data.refusals],
        searches=[replace(s, member=number(s.member, s.start)) for s in data.searches],
        waitlist=[replace(w, member=number(w.member, w.start)) for w in data.waitlist],
    )
