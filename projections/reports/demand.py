"""The demand report: booking attempts that were refused, and the demand left unmet."""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import msgspec

from projections.reports.facts import (
    MIN_MEMBERS,
    WEEKDAYS,
    Member,
    ReportInput,
    Request,
    hidden,
    hidden_cells,
    hours,
    refused_requests,
    rule_category,
    shown,
)
from projections.reports.grid import by_week
from projections.reports.privacy import PRIVACY_METHOD, forced, hidden_pools
from projections.reports.scope import HourWeekdayMatrix, Scope, scope_of
from projections.reports.timeline import local_hours

UNMET = ("capacity", "closed")

METHOD = {
    "attempts": "Refused booking attempts as recorded (one BookingRefused event each), by the "
    "rule that refused them.",
    "requests": "Attempts de-duplicated: all attempts of one member for the same kind and the "
    "same start and end count once, as one request, under the rule of its last attempt. "
    "(A member retrying the same slot, or trying desk after desk for it, is one request.)",
    "met_later": "Requests after which the same member placed a booking of the same kind "
    "overlapping the requested time: they were met after all and are not unmet demand.",
    "category": "capacity: slot-taken or nothing-free; closed: outside-opening-hours or "
    "site-closed; no-match: no resource of the kind has the features asked for (more of the "
    "same would not help: a resource with them would); policy: member limits, booking "
    "window, longest booking, retired resource; input: in the past, not on a quarter hour, "
    "impossible requests.",
    "unmet_requests": "Requests refused for capacity or because the site was closed, and not "
    "met later.",
    "unmet_hours": "Unmet demand in resource-hours: the requested time (end - start, times the "
    "quantity asked for; 1 in refusals recorded before the quantity was kept) of the unmet "
    "requests. Policy, input and no-match refusals are counted as attempts and requests but "
    "are not demand that more capacity or longer hours would have served.",
    "unmet_capacity_hours": "The part of unmet_hours refused for capacity (slot-taken, "
    "nothing-free).",
    "unmet_closed_hours": "The part of unmet_hours refused because the site was closed "
    "(outside-opening-hours, site-closed).",
    "no_match_requests": "Requests refused because no resource of the kind has the features "
    "asked for; see the specification's wished features.",
    "empty_searches": "Searches for a time within the opening hours (the day page with a time "
    "chosen, the availability API with start and end) that found no resource of the kind "
    "free: a signal of demand apart from requests (a member who finds nothing often does not "
    "try). De-duplicated per member, kind and time; hours = the time searched for. Never "
    "shown per person; hidden from fewer than the minimum of members.",
    "by_weekday_hour": "Requests go to the local weekday and hour of their start; unmet hours "
    "are split exactly at local hour boundaries.",
    "drop_ins": "Walk-in visitors without an account that a host registered at a free "
    "resource: demand met on the spot, apart from requests; drop_in_hours = their booked "
    "time. Each visitor counts as a person of their own for the minimum of members.",
    "privacy": PRIVACY_METHOD.format(k=MIN_MEMBERS),
    "caveat": "Members who saw that nothing was free and did not look or try leave no record: "
    "unmet demand is a lower bound. Empty searches show part of the rest.",
}


class ReasonRow(msgspec.Struct, kw_only=True):
    rule: str
    category: str
    attempts: int | None
    requests: int | None
    met_later: int | None
    unmet_hours: float | None
    suppressed: bool


class DemandRow(msgspec.Struct, kw_only=True):
    key: str
    label: str
    requests: int | None
    unmet_requests: int | None
    unmet_hours: float | None
    suppressed: bool


class DemandTotals(msgspec.Struct, kw_only=True):
    attempts: int | None
    requests: int | None
    met_later: int | None
    unmet_requests: int | None
    unmet_hours: float | None
    unmet_capacity_hours: float | None
    unmet_closed_hours: float | None
    no_match_requests: int | None
    suppressed: bool
    drop_ins: int | None = None
    drop_in_hours: float | None = None


class SearchRow(msgspec.Struct, kw_only=True):
    kind: str
    searches: int | None
    hours: float | None
    suppressed: bool


class DemandReport(msgspec.Struct, kw_only=True):
    scope: Scope
    totals: DemandTotals
    by_reason: list[ReasonRow]
    by_pool: list[DemandRow]
    by_weekday: list[DemandRow]
    by_hour: list[DemandRow]
    matrix: HourWeekdayMatrix
    empty_searches: list[SearchRow]
    method: dict[str, str]


@dataclass
class _Tally:
    requests: int = 0
    unmet: int = 0
    unmet_s: float = 0.0
    members: set[Member] = field(default_factory=set)

    def row(self, key: str, label: str, visible: bool | None = None) -> DemandRow:
        visible = shown(self.members) if visible is None else visible
        return DemandRow(
            key=key,
            label=label,
            requests=self.requests if visible else None,
            unmet_requests=self.unmet if visible else None,
            unmet_hours=hours(self.unmet_s) if visible else None,
            suppressed=not visible,
        )


def is_unmet(request: Request) -> bool:
    return request.outcome in UNMET and not request.met_later


def demand_report(data: ReportInput) -> DemandReport:
    data = by_week(data)
    zone = ZoneInfo(data.site.timezone)
    requests = refused_requests(data)
    attempts: dict[str, int] = {}
    attempt_members: dict[str, set[Member]] = {}
    for r in data.refusals:
        attempts[r.rule] = attempts.get(r.rule, 0) + 1
        attempt_members.setdefault(r.rule, set()).add(r.member)

    by_rule: dict[str, list[Request]] = {}
    pools: dict[str, _Tally] = {}
    weekdays = {name: _Tally() for name in WEEKDAYS}
    by_hour: dict[int, _Tally] = {}
    cells: dict[tuple[int, int], _Tally] = {}
    unmet_s = {"capacity": 0.0, "closed": 0.0}
    for q in requests:
        by_rule.setdefault(q.rule, []).append(q)
        local = q.start.astimezone(zone)
        unmet = is_unmet(q)
        for tally in (
            pools.setdefault(q.pool, _Tally()),
            weekdays[WEEKDAYS[local.weekday()]],
            by_hour.setdefault(local.hour, _Tally()),
        ):
            tally.requests += 1
            tally.unmet += unmet
            tally.members.add(q.member)
        if not unmet:
            continue
        unmet_s[q.outcome] += q.seconds
        pools[q.pool].unmet_s += q.seconds
        for day, hour, secs in local_hours(q.start, q.end, zone):
            weekdays[WEEKDAYS[day.weekday()]].unmet_s += secs
            for tally in (
                by_hour.setdefault(hour, _Tally()),
                cells.setdefault((day.weekday(), hour), _Tally()),
            ):
                tally.unmet_s += secs
                tally.members.add(q.member)

    members = {q.member for q in requests}
    visible = shown(members)

    def person(value):
        return value if visible else None

    totals = DemandTotals(
        attempts=person(len(data.refusals)),
        requests=person(len(requests)),
        met_later=person(sum(q.met_later for q in requests)),
        unmet_requests=person(sum(is_unmet(q) for q in requests)),
        unmet_hours=person(hours(unmet_s["capacity"] + unmet_s["closed"])),
        unmet_capacity_hours=person(hours(unmet_s["capacity"])),
        unmet_closed_hours=person(hours(unmet_s["closed"])),
        no_match_requests=person(sum(q.outcome == "no-match" for q in requests)),
        suppressed=not visible,
    )
    walk_ins = [b for b in data.bookings if b.drop_in]
    if shown({b.member for b in walk_ins}):
        totals.drop_ins = len(walk_ins)
        totals.drop_in_hours = hours(sum((b.end - b.start).total_seconds() for b in walk_ins))
    return DemandReport(
        scope=scope_of(data),
        totals=totals,
        by_reason=_reasons(attempts, attempt_members, by_rule),
        by_pool=_breakdown([(k, k, pools[k]) for k in sorted(pools)], hidden_pools(data)),
        by_weekday=_breakdown([(k, k, weekdays[k]) for k in WEEKDAYS]),
        by_hour=_breakdown(
            [(f"{h:02d}", f"{h:02d}:00-{h + 1:02d}:00", by_hour[h]) for h in sorted(by_hour)]
        ),
        matrix=_matrix(cells),
        empty_searches=_searches(data),
        method=METHOD,
    )


def _searches(data: ReportInput) -> list[SearchRow]:
    """Empty searches by kind, de-duplicated per member, kind and time."""
    seen: dict[str, dict[tuple[Member, object, object], float]] = {}
    members: dict[str, set[Member]] = {}
    for s in data.searches:
        seen.setdefault(s.kind, {})[(s.member, s.start, s.end)] = (s.end - s.start).total_seconds()
        members.setdefault(s.kind, set()).add(s.member)
    kinds = sorted(seen)
    hide = hidden([members[k] for k in kinds])
    return [
        SearchRow(
            kind=k,
            searches=len(seen[k]) if i not in hide else None,
            hours=hours(sum(seen[k].values())) if i not in hide else None,
            suppressed=i in hide,
        )
        for i, k in enumerate(kinds)
    ]


def _breakdown(
    rows: list[tuple[str, str, _Tally]], also: frozenset[str] | set[str] = frozenset()
) -> list[DemandRow]:
    hide = hidden([tally.members for _, _, tally in rows], forced([k for k, _, _ in rows], also))
    return [tally.row(k, label, i not in hide) for i, (k, label, tally) in enumerate(rows)]


def _reasons(
    attempts: dict[str, int],
    attempt_members: dict[str, set[Member]],
    by_rule: dict[str, list[Request]],
) -> list[ReasonRow]:
    rules = sorted(attempts)
    members = [attempt_members[r] | {q.member for q in by_rule.get(r, [])} for r in rules]
    hide = hidden(members)
    return [_reason(r, attempts, by_rule, i not in hide) for i, r in enumerate(rules)]


def _reason(
    rule: str, attempts: dict[str, int], by_rule: dict[str, list[Request]], visible: bool
) -> ReasonRow:
    requests = by_rule.get(rule, [])
    unmet = sum(q.seconds for q in requests if is_unmet(q))
    return ReasonRow(
        rule=rule,
        category=rule_category(rule),
        attempts=attempts[rule] if visible else None,
        requests=len(requests) if visible else None,
        met_later=sum(q.met_later for q in requests) if visible else None,
        unmet_hours=hours(unmet) if visible else None,
        suppressed=not visible,
    )


def _matrix(cells: dict[tuple[int, int], _Tally]) -> HourWeekdayMatrix:
    hide = hidden_cells({c: tally.members for c, tally in cells.items()})

    def grid(value) -> list[list[float | None]]:
        out: list[list[float | None]] = []
        for wd in range(7):
            row: list[float | None] = []
            for h in range(24):
                cell = cells.get((wd, h))
                if cell is None:
                    row.append(0.0)
                else:
                    row.append(value(cell) if (wd, h) not in hide else None)
            out.append(row)
        return out

    return HourWeekdayMatrix(
        values={"unmet_hours": grid(lambda c: hours(c.unmet_s))},
        method="Unmet resource-hours (capacity and closed refusals, not met later) falling in "
        "each local weekday and hour; null where fewer than the minimum of members, and as "
        "many more in their weekday and hour as keep them from being worked out.",
    )
