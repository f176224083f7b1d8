"""The activity report: what members did around their bookings, per week or month of the
period: check-ins by how they were made, what became of waitlist entries, and the searches
that found nothing free (a hint of demand that never became a request). Every row of a
breakdown counts the members behind it and is hidden under the privacy rule."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import msgspec

from domain.vocabulary import CHECK_IN_METHODS
from projections.reports.facts import MIN_MEMBERS, Member, ReportInput, hidden, shown
from projections.reports.grid import by_week
from projections.reports.privacy import PRIVACY_METHOD, hidden_days
from projections.reports.scope import Scope, scope_of
from projections.reports.timeline import Calendar

# Periods up to this many days are split in ISO weeks, longer ones in calendar months.
WEEKS_UP_TO = 92
UNRECORDED = "unrecorded"
CHECK_INS = (*CHECK_IN_METHODS, UNRECORDED)
WAITLIST = ("served", "expired", "left", "waiting")

METHOD = {
    "grain": "The period is split in ISO weeks (Monday to Sunday) when it is at most "
    f"{WEEKS_UP_TO} days long, otherwise in calendar months; the first and last part are "
    "cut at the period's ends. Everything goes to the local day of the start of the "
    "booking, entry or time searched for.",
    "check_ins": "Bookings checked in, by how: code (the site's code or its QR code), button "
    "(the member's own page while at the site), host (checked in by a host); unrecorded: "
    "checked in before the method was kept.",
    "waitlist": "Waitlist entries by what became of them: served (a booking was made from "
    "the list), expired (the time started without a free place), left (the member left the "
    "list), waiting (still on the list).",
    "empty_searches": "Searches within the opening hours that found nothing free, by kind, "
    "de-duplicated per member, kind and time: demand that may never have become a request.",
    "privacy": PRIVACY_METHOD.format(k=MIN_MEMBERS)
    + " A week or month holding a day hidden in the period's other reports is hidden too.",
}


class PartCounts(msgspec.Struct, kw_only=True):
    key: str  # "2026-W10" or "2026-03"
    first_day: date
    last_day: date
    counts: dict[str, int] | None  # None: hidden
    suppressed: bool


class Breakdown(msgspec.Struct, kw_only=True):
    categories: list[str]
    parts: list[PartCounts]
    total: dict[str, int] | None
    suppressed: bool


class ActivityReport(msgspec.Struct, kw_only=True):
    scope: Scope
    grain: str  # "week" or "month"
    check_ins: Breakdown
    waitlist: Breakdown
    empty_searches: Breakdown
    method: dict[str, str]


def parts_of(first: date, last: date) -> tuple[str, list[tuple[str, date, date]]]:
    """The weeks (or months) of a period as (key, first day, last day), cut at its ends."""
    grain = "week" if (last - first).days + 1 <= WEEKS_UP_TO else "month"
    out = []
    day = first
    while day <= last:
        if grain == "week":
            end = day + timedelta(days=6 - day.weekday())
            year, week, _ = day.isocalendar()
            key = f"{year}-W{week:02d}"
        else:
            following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
            end = following - timedelta(days=1)
            key = f"{day.year}-{day.month:02d}"
        end = min(end, last)
        out.append((key, day, end))
        day = end + timedelta(days=1)
    return grain, out


Fact = tuple[date, str, Member]  # local day, category, member


def _breakdown(
    facts: Iterable[Fact],
    categories: list[str],
    parts: list[tuple[str, date, date]],
    hidden_on: set[date],
    optional: tuple[str, ...] = (UNRECORDED, "waiting"),
) -> Breakdown:
    """Counts per part and category; an ``optional`` category with none is left out."""
    index: dict[date, int] = {}
    for n, (_, a, b) in enumerate(parts):
        for k in range((b - a).days + 1):
            index[a + timedelta(days=k)] = n
    counts = [dict.fromkeys(categories, 0) for _ in parts]
    members: list[set[Member]] = [set() for _ in parts]
    total = dict.fromkeys(categories, 0)
    everyone: set[Member] = set()
    for day, category, member in facts:
        if day not in index:
            continue
        n = index[day]
        counts[n][category] = counts[n].get(category, 0) + 1
        members[n].add(member)
        total[category] = total.get(category, 0) + 1
        everyone.add(member)
    forced = {index[d] for d in hidden_on if d in index}
    hide = hidden(members, forced)
    return Breakdown(
        categories=[c for c in categories if total.get(c) or c not in optional],
        parts=[
            PartCounts(
                key=key,
                first_day=a,
                last_day=b,
                counts=None if n in hide else counts[n],
                suppressed=n in hide,
            )
            for n, (key, a, b) in enumerate(parts)
        ],
        total=total if shown(everyone) else None,
        suppressed=not shown(everyone),
    )


def activity_report(data: ReportInput) -> ActivityReport:
    data = by_week(data)  # decided week by week, as every other report of the period
    calendar = Calendar(data.site)
    grain, parts = parts_of(data.first_day, data.last_day)
    hide = hidden_days(data)
    day = calendar.local_day
    check_ins = [
        (day(b.start), b.check_in_method or UNRECORDED, b.member)
        for b in data.bookings
        if b.checked_in_at is not None
    ]
    waitlist = [(day(w.start), w.status, w.member) for w in data.waitlist]
    seen = {(s.member, s.kind, s.start, s.end) for s in data.searches}
    searches = [(day(start), kind, member) for member, kind, start, _ in seen]
    kinds = sorted({kind for _, kind, _ in searches})
    return ActivityReport(
        scope=scope_of(data),
        grain=grain,
        check_ins=_breakdown(check_ins, list(CHECK_INS), parts, hide),
        waitlist=_breakdown(waitlist, list(WAITLIST), parts, hide),
        empty_searches=_breakdown(searches, kinds, parts, hide),
        method=METHOD,
    )
