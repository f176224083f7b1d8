"""What every report of a period hides alike, so that one report cannot be read against
another of the same period: the local days and the pools whose person-derived figures come
from too few members (with complementary suppression), counting everyone who booked or was
refused that day or in that pool."""

from __future__ import annotations

from datetime import date

from projections.reports.facts import (
    MIN_MEMBERS,
    Member,
    ReportInput,
    hidden,
    per_input,
    refused_requests,
)
from projections.reports.timeline import Calendar

PRIVACY_METHOD = (
    "Person-derived figures of a group are shown only when they come from at least {k} "
    "distinct members (or none). Within a breakdown, when groups are hidden, more groups are "
    "hidden, smallest first, until the hidden ones together come from at least {k} members, "
    "so that the total minus the shown groups reveals no one (complementary suppression); "
    "matrices do so for every weekday and every hour. A day or a pool of fewer than {k} "
    "members who booked or were refused that day or in that pool is hidden in every report "
    "of the period (utilisation, demand, what-if and specification), and so are the days and "
    "pools hidden with them to protect the totals. Across periods: reports cover whole ISO "
    "weeks (Monday to Sunday of the site's local days; a period asked for is widened to "
    "them), and every one of these decisions is taken in each ISO week alone, counting the "
    "members of that week: a group hidden in any week of the period is hidden in the "
    "period, and a figure is shown only if it comes from none or at least {k} members in "
    "every week. A week's decisions are the same whatever period holds it, so two reports "
    "differ by whole weeks whose groups are each shown or hidden as in a report of those "
    "weeks alone: subtracting one period from another (Monday-Friday minus Tuesday-Friday, "
    "a month minus a week) isolates no one. Not covered: the advice of the replay and its "
    "interval, and whether an hour is worth opening, are not sums and are computed over the "
    "whole period."
)


def _people(data: ReportInput, refused: bool = True) -> list[tuple[date, str, Member]]:
    """(local day, pool, member) of every booking (and refused request) of the period."""
    return per_input(data, f"people:{refused}", lambda: _find_people(data, refused))


def _find_people(data: ReportInput, refused: bool) -> list[tuple[date, str, Member]]:
    calendar = Calendar(data.site)
    period = set(data.days())
    resources = data.resource_index()
    out = []
    for b in data.bookings:
        r = resources.get(b.resource_id)
        out.append((calendar.local_day(b.start), r.pool if r else b.kind, b.member))
    for q in refused_requests(data) if refused else []:
        out.append((calendar.local_day(q.start), q.pool, q.member))
    return [p for p in out if p[0] in period]


def hidden_days(data: ReportInput) -> set[date]:
    """Days of one or two members (booking or refused), and the days the utilisation
    report's days then hide with them (counting the members who booked)."""
    return set(per_input(data, "hidden_days", lambda: frozenset(_hidden_days(data))))


def _hidden_days(data: ReportInput) -> set[date]:
    days = data.days()
    everyone: dict[date, set[Member]] = {day: set() for day in days}
    booked: dict[date, set[Member]] = {day: set() for day in days}
    for day, _, member in _people(data):
        everyone[day].add(member)
    for day, _, member in _people(data, refused=False):
        booked[day].add(member)
    primary = [i for i, d in enumerate(days) if everyone[d] and len(everyone[d]) < MIN_MEMBERS]
    return {days[i] for i in hidden([booked[d] for d in days], primary)}


def pool_members(data: ReportInput) -> dict[str, set[Member]]:
    members: dict[str, set[Member]] = {r.pool: set() for r in data.resources}
    for _, pool, member in _people(data):
        members.setdefault(pool, set()).add(member)
    return members


def hidden_pools(data: ReportInput) -> set[str]:
    return set(per_input(data, "hidden_pools", lambda: frozenset(_hidden_pools(data))))


def _hidden_pools(data: ReportInput) -> set[str]:
    members = pool_members(data)
    pools = sorted(members)
    return {pools[i] for i in hidden([members[p] for p in pools])}


def forced(keys: list[str], hide: set[str] | frozenset[str]) -> list[int]:
    """The positions of ``keys`` that another report of the period hides."""
    return [i for i, k in enumerate(keys) if k in hide]
