"""The specification report: what the recorded demand says an office should contain.

For each pool (desks, rooms, each kind of equipment): how many units were demanded at once
(served and refused), the capacity advice read off the replay of the requests
(``advice.py``), the hours of the week with enough demand to open, and features ranked by use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from uuid import UUID

import msgspec

from domain.capacity import peak
from projections.reports.advice import CapacityAdvice, advise
from projections.reports.demand import is_unmet
from projections.reports.facts import (
    MIN_MEMBERS,
    WEEKDAYS,
    Member,
    ReportInput,
    hidden,
    hours,
    persons,
    ratio,
    refused_requests,
    shown,
)
from projections.reports.grid import by_week
from projections.reports.privacy import PRIVACY_METHOD, forced, hidden_days, hidden_pools
from projections.reports.scope import Scope, scope_of
from projections.reports.timeline import Calendar, HourSplit, level_hours, overlap
from projections.reports.wishes import WISHES_METHOD, WishedFeature, wished_features

Hold = tuple  # (start, end, units)

DEMAND_METHOD = (
    "Concurrent demand at each instant = units held by bookings (the time each booking held "
    "its resource: start to end, cut short at a cancellation, check-out or no-show release) "
    "+ one unit for each unmet request at that instant (refused for capacity or because the "
    "site was closed, de-duplicated per member and slot, not met later). hours_demand[k] is "
    "the time during which exactly k units were demanded; hours_served[k] the time during "
    "which exactly k units were held. Level 0 counts open time only."
)
WEEK_METHOD = (
    "For each local weekday and hour: demand-hours falling in it (split exactly at local hour "
    "boundaries) / the number of such weekdays in the period = the average number of units "
    "in demand during that hour. An hour justifies opening when that average is at least "
    "min_average_demand and the demand comes from at least {k} distinct members. "
    "justified_hours merges those hours into spans in the format of opening hours; open_now "
    "tells whether the hours in effect on the last day of the period cover it."
)
DAILY_METHOD = (
    "Per local day of the period on which the pool had units open or demand: peak_demand = "
    "the most units demanded at one instant that day (units held by bookings + one per unmet "
    "request, as in the distribution); peak_served = the most units held at one instant by "
    "bookings; units_open = the units of the pool open that day (resources existing and the "
    "site open; equipment counts its items). Peaks are hidden for a day with fewer than the "
    "minimum of members in the pool, and for a day hidden in every report of the period."
)
FEATURE_METHOD = (
    "For each feature (and, for equipment, each kind of item): the resources that have it, "
    "their open resource-hours, the resource-hours booked on them (held time within open "
    "time), utilisation = booked / open, and share = booked on them / booked on all of the "
    "kind. Ranked by booked hours: what was used; `wished` ranks what was asked for. An "
    "equipment item is a row of its own, named by the item and marked as one."
)


class Level(msgspec.Struct, kw_only=True):
    units: int
    hours_demand: float
    hours_served: float


class WeekHour(msgspec.Struct, kw_only=True):
    weekday: str
    hour: int
    average_demand: float | None
    justified: bool
    open_now: bool
    suppressed: bool


class DailyDemand(msgspec.Struct, kw_only=True):
    day: date
    peak_demand: int | None
    peak_served: int | None
    units_open: int
    suppressed: bool


class PoolSpecification(msgspec.Struct, kw_only=True):
    pool: str
    kind: str
    suppressed: bool
    distribution: list[Level]
    distribution_method: str
    capacity: CapacityAdvice | None  # none for the whole site (opening) and hidden pools
    week_hours: list[WeekHour]
    justified_hours: dict[str, list[list[str]]]
    week_method: str
    daily: list[DailyDemand]
    daily_method: str = DAILY_METHOD


class FeatureUse(msgspec.Struct, kw_only=True):
    kind: str
    feature: str  # a feature code, or the name of an equipment item when ``item``
    resources: int
    open_hours: float
    booked_hours: float | None
    utilisation: float | None
    share: float | None
    suppressed: bool
    item: bool = False


class SpecificationReport(msgspec.Struct, kw_only=True):
    scope: Scope
    service_level: float
    min_average_demand: float
    pools: list[PoolSpecification]
    opening: PoolSpecification
    features: list[FeatureUse]
    wished: list[WishedFeature]
    features_method: str = FEATURE_METHOD
    wished_method: str = WISHES_METHOD
    privacy_method: str = PRIVACY_METHOD.format(k=MIN_MEMBERS)


@dataclass
class _Pool:
    kind: str
    demand: dict[date, list[Hold]] = field(default_factory=dict)
    served: dict[date, list[Hold]] = field(default_factory=dict)
    units_open: dict[date, int] = field(default_factory=dict)
    members: set[Member] = field(default_factory=set)
    day_members: dict[date, set[Member]] = field(default_factory=dict)
    cell_s: dict[tuple[int, int], float] = field(default_factory=dict)
    cell_members: dict[tuple[int, int], set[Member]] = field(default_factory=dict)


def specification_report(
    data: ReportInput, service_level: float = 0.95, min_average_demand: float = 1.0
) -> SpecificationReport:
    if not 0 < service_level <= 1:
        raise ValueError("service_level is more than 0 and at most 1")
    data = by_week(data)
    calendar = Calendar(data.site)
    resources = data.resource_index()
    days = data.days()
    pools: dict[str, _Pool] = {}
    everything = _Pool(kind="all")
    split = HourSplit(calendar.tz)

    def pool(name: str, kind: str) -> _Pool:
        return pools.setdefault(name, _Pool(kind=kind))

    for r in resources.values():
        for day in days:
            if calendar.resource_spans(r, day):
                p = pool(r.pool, r.kind)
                p.units_open[day] = p.units_open.get(day, 0) + r.quantity

    def add(p: _Pool, day: date, hold: Hold, member: Member, served: bool) -> None:
        p.demand.setdefault(day, []).append(hold)
        if served:
            p.served.setdefault(day, []).append(hold)
        p.members.add(member)
        p.day_members.setdefault(day, set()).add(member)
        for piece_day, hour, secs in split(hold[0], hold[1]):
            cell = (piece_day.weekday(), hour)
            p.cell_s[cell] = p.cell_s.get(cell, 0.0) + secs * hold[2]
            p.cell_members.setdefault(cell, set()).add(member)

    for b in data.bookings:
        held = b.held()
        if b.resource_id not in resources or held is None:
            continue
        r = resources[b.resource_id]
        day = calendar.local_day(b.start)
        for p in (pool(r.pool, r.kind), everything):
            add(p, day, (held[0], held[1], b.quantity), b.member, True)
    for q in refused_requests(data):
        if is_unmet(q):
            day = calendar.local_day(q.start)
            for p in (pool(q.pool, q.kind), everything):
                add(p, day, (q.start, q.end, 1), q.member, False)
    for p in pools.values():
        for day, units in p.units_open.items():
            everything.units_open[day] = everything.units_open.get(day, 0) + units

    args = (calendar, days, min_average_demand, hidden_days(data))
    advice = advise(data, service_level)
    names = sorted(pools)
    hide = hidden([pools[n].members for n in names], forced(names, hidden_pools(data)))
    return SpecificationReport(
        scope=scope_of(data),
        service_level=service_level,
        min_average_demand=min_average_demand,
        pools=[
            _pool_spec(n, pools[n], advice.get(n), i not in hide, *args)
            for i, n in enumerate(names)
        ],
        opening=_pool_spec("all", everything, None, shown(everything.members), *args),
        features=_features(data, calendar, days),
        wished=wished_features(data),
    )


def _pool_spec(
    name: str,
    p: _Pool,
    advice: CapacityAdvice | None,
    visible: bool,
    calendar: Calendar,
    days: list[date],
    min_average: float,
    period_hidden: set[date],
) -> PoolSpecification:
    demand: dict[int, float] = {}
    served: dict[int, float] = {}
    daily = []
    for day in days:
        open_spans = calendar.open_spans(day)
        for k, secs in level_hours(p.demand.get(day, []), open_spans).items():
            demand[k] = demand.get(k, 0.0) + secs
        for k, secs in level_hours(p.served.get(day, []), open_spans).items():
            served[k] = served.get(k, 0.0) + secs
        if p.units_open.get(day) or p.demand.get(day):
            seen = visible and day not in period_hidden and shown(p.day_members.get(day, set()))
            daily.append(
                DailyDemand(
                    day=day,
                    peak_demand=_peak(p.demand.get(day, [])) if seen else None,
                    peak_served=_peak(p.served.get(day, [])) if seen else None,
                    units_open=p.units_open.get(day, 0),
                    suppressed=not seen,
                )
            )
    levels_out = [
        Level(
            units=k,
            hours_demand=hours(demand.get(k, 0.0)),
            hours_served=hours(served.get(k, 0.0)),
        )
        for k in range(max([*demand, *served], default=0) + 1)
    ]
    week, justified = _week_hours(p, calendar, days, min_average)
    return PoolSpecification(
        pool=name,
        kind=p.kind,
        suppressed=not visible,
        distribution=levels_out if visible else [],
        distribution_method=DEMAND_METHOD,
        capacity=advice if visible else None,
        week_hours=week,
        justified_hours=justified,
        week_method=WEEK_METHOD.format(k=MIN_MEMBERS),
        daily=daily,
    )


def _peak(holds: list[Hold]) -> int:
    return peak(holds)


def _week_hours(
    p: _Pool, calendar: Calendar, days: list[date], min_average: float
) -> tuple[list[WeekHour], dict[str, list[list[str]]]]:
    occurrences = [sum(1 for d in days if d.weekday() == wd) for wd in range(7)]
    now_hours = calendar.hours_on(days[-1]) if days else None
    out = []
    justified: dict[str, list[list[str]]] = {}
    for wd in range(7):
        spans = now_hours.spans.get(WEEKDAYS[wd], ()) if now_hours else ()
        for hour in range(24):
            secs = p.cell_s.get((wd, hour), 0.0)
            open_now = any(o < _clock(hour + 1) and c > time(hour) for o, c in spans)
            if not secs and not open_now:
                continue
            members = p.cell_members.get((wd, hour), set())
            visible = shown(members)
            average = secs / 3600 / occurrences[wd] if occurrences[wd] else 0.0
            # worth opening: from three members over the period (a yes or no, not a figure)
            ok = len(persons(members)) >= MIN_MEMBERS and average >= min_average
            out.append(
                WeekHour(
                    weekday=WEEKDAYS[wd],
                    hour=hour,
                    average_demand=round(average, 4) if visible else None,
                    justified=ok,
                    open_now=open_now,
                    suppressed=not visible,
                )
            )
            if ok:
                day_spans = justified.setdefault(WEEKDAYS[wd], [])
                start, end = f"{hour:02d}:00", _clock(hour + 1).strftime("%H:%M")
                if day_spans and day_spans[-1][1] == start:
                    day_spans[-1][1] = end
                else:
                    day_spans.append([start, end])
    return out, justified


def _clock(hour: int) -> time:
    """The end of an hour as a time of day; 24:00 is written 23:45 (the last quarter an
    opening span can close at)."""
    return time(hour) if hour < 24 else time(23, 45)


def _features(data: ReportInput, calendar: Calendar, days: list[date]) -> list[FeatureUse]:
    resources = data.resource_index()
    open_s: dict[UUID, float] = {}
    booked_s: dict[UUID, float] = {}
    members: dict[UUID, set[Member]] = {}
    for r in resources.values():
        open_s[r.id] = r.quantity * sum(
            (e - s).total_seconds() for d in days for s, e in calendar.resource_spans(r, d)
        )
    for b in data.bookings:
        held = b.held()
        if b.resource_id not in resources or held is None:
            continue
        r = resources[b.resource_id]
        spans = calendar.resource_spans(r, calendar.local_day(b.start))
        inside = sum((e - s).total_seconds() for s, e in overlap(held, spans)) * b.quantity
        booked_s[r.id] = booked_s.get(r.id, 0.0) + inside
        members.setdefault(r.id, set()).add(b.member)
    groups: dict[tuple[str, str, bool], list[UUID]] = {}
    for r in resources.values():
        labels = [(f, False) for f in r.features]
        labels += [(r.name, True)] if r.kind == "equipment" else []
        for label, item in labels:
            groups.setdefault((r.kind, label, item), []).append(r.id)
    kind_booked: dict[str, float] = {}
    for r in resources.values():
        kind_booked[r.kind] = kind_booked.get(r.kind, 0.0) + booked_s.get(r.id, 0.0)
    out = []
    for (kind, label, item), ids in groups.items():
        who: set[Member] = set().union(*(members.get(i, set()) for i in ids))
        visible = shown(who)
        booked = sum(booked_s.get(i, 0.0) for i in ids)
        opened = sum(open_s[i] for i in ids)
        out.append(
            FeatureUse(
                kind=kind,
                feature=label,
                resources=len(ids),
                open_hours=hours(opened),
                booked_hours=hours(booked) if visible else None,
                utilisation=ratio(booked, opened) if visible else None,
                share=ratio(booked, kind_booked.get(kind, 0.0)) if visible else None,
                suppressed=not visible,
                item=item,
            )
        )
    out.sort(key=lambda f: (f.kind, -(f.booked_hours or 0.0), f.feature))
    return out
