"""What if: the recorded booking requests of a period replayed against another capacity
(and, optionally, other opening hours). Deterministic: the same history and the same
question always give the same answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import msgspec

from domain.site import OpeningHours
from projections.reports.facts import Member, ReportInput, hidden, hours, ratio, shown
from projections.reports.grid import by_week
from projections.reports.privacy import forced, hidden_pools
from projections.reports.replay import (
    REFUSED_CLOSED,
    SERVED,
    recorded_capacity,
    replay,
    requests,
)
from projections.reports.scope import Scope, scope_of
from projections.reports.timeline import Calendar, seconds

METHOD = (
    "Requests replayed, in the order they were made (time of the request, then start): every "
    "booking placed in the period (whatever became of it later) and every request refused "
    "for capacity or because the site was closed (de-duplicated per member and slot, and not "
    "met later by the same member). Requests refused by policy or as invalid are not "
    "replayed: they would be refused again. A request is served when its time lies within "
    "one open span of its day (the given opening_hours, or the recorded ones; closure days "
    "stay closed) and its pool has room all of that time: desks and rooms are pools of "
    "`capacity` units, each held by one booking at a time "
    "(a specific desk asked for in a refused request stands for any desk); equipment is a count of items. A "
    "served booking that was later cancelled, checked out or released as a no-show gives "
    "its unit back at that moment, as it did. A placed booking takes the unit of its own "
    "resource first (resources numbered by name) when that unit exists and is free, so that "
    "the recorded capacity reproduces the recorded layout; anything else takes the lowest "
    "free unit. Demand-hours of a request: the time a placed "
    "booking held its resource (its recorded hold, cut short as it was), or the requested "
    "time of a refused request. utilisation = served demand-hours / (capacity x open hours)."
)


class WhatIfPool(msgspec.Struct, kw_only=True):
    pool: str
    capacity: int
    recorded_capacity: int
    requests: int | None
    served: int | None
    refused_capacity: int | None
    refused_closed: int | None
    recorded_served: int | None
    demand_hours: float | None
    served_hours: float | None
    unmet_hours: float | None
    open_hours: float
    utilisation: float | None
    suppressed: bool


class WhatIfReport(msgspec.Struct, kw_only=True):
    scope: Scope
    opening_hours: dict[str, list[list[str]]] | None
    total: WhatIfPool
    pools: list[WhatIfPool]
    not_replayed: int | None
    method: str = METHOD


@dataclass
class _Tally:
    capacity: int
    recorded: int
    requests: int = 0
    served: int = 0
    refused_capacity: int = 0
    refused_closed: int = 0
    recorded_served: int = 0
    demand_s: float = 0.0
    served_s: float = 0.0
    members: set[Member] = field(default_factory=set)


def capacity_for(pool: str, capacity: dict[str, int], recorded: dict[str, int]) -> int:
    """The capacity asked for the pool ("desk", "room", "equipment:Headset"); "equipment"
    stands for every equipment pool not named; pools not asked about keep their recorded
    capacity."""
    if pool in capacity:
        return capacity[pool]
    if pool.startswith("equipment") and "equipment" in capacity:
        return capacity["equipment"]
    if pool == "equipment":
        return sum(n for p, n in recorded.items() if p.startswith("equipment"))
    return recorded.get(pool, 0)


def what_if(
    data: ReportInput,
    capacity: dict[str, int],
    opening_hours: dict[str, list[list[str]]] | None = None,
) -> WhatIfReport:
    data = by_week(data)
    hours_override = OpeningHours.parse(opening_hours) if opening_hours is not None else None
    calendar = Calendar(data.site, hours_override)
    recorded = recorded_capacity(data, Calendar(data.site))
    items, not_replayed = requests(data, calendar)
    asked = {p for p in capacity if p != "equipment"}
    pools = {
        name: _Tally(
            capacity=capacity_for(name, capacity, recorded), recorded=recorded.get(name, 0)
        )
        for name in sorted({*recorded, *(i.pool for i in items), *asked})
    }
    outcome = replay(items, {name: p.capacity for name, p in pools.items()}, calendar)
    for item in items:
        pool = pools[item.pool]
        pool.requests += 1
        pool.demand_s += item.demand_s
        pool.recorded_served += item.recorded_served
        pool.members.add(item.member)
        result = outcome[item.order]
        if result == SERVED:
            pool.served += 1
            pool.served_s += item.demand_s
        elif result == REFUSED_CLOSED:
            pool.refused_closed += 1
        else:
            pool.refused_capacity += 1

    open_s = sum(seconds(calendar.open_spans(d)) for d in data.days())
    names = list(pools)
    hide = hidden([pools[n].members for n in names], forced(names, hidden_pools(data)))
    rows = [_row(n, pools[n], open_s, i not in hide) for i, n in enumerate(names)]
    total = _Tally(capacity=sum(p.capacity for p in pools.values()), recorded=0)
    total.recorded = sum(p.recorded for p in pools.values())
    for p in pools.values():
        for attr in ("requests", "served", "refused_capacity", "refused_closed"):
            setattr(total, attr, getattr(total, attr) + getattr(p, attr))
        total.recorded_served += p.recorded_served
        total.demand_s += p.demand_s
        total.served_s += p.served_s
        total.members |= p.members
    return WhatIfReport(
        scope=scope_of(data),
        opening_hours=hours_override.to_raw() if hours_override else None,
        total=_row("all", total, open_s, shown(total.members)),
        pools=rows,
        not_replayed=not_replayed if shown(total.members) else None,
    )


def _row(name: str, p: _Tally, open_s: float, visible: bool) -> WhatIfPool:
    def person(value: Any) -> Any:
        return value if visible else None

    return WhatIfPool(
        pool=name,
        capacity=p.capacity,
        recorded_capacity=p.recorded,
        requests=person(p.requests),
        served=person(p.served),
        refused_capacity=person(p.refused_capacity),
        refused_closed=person(p.refused_closed),
        recorded_served=person(p.recorded_served),
        demand_hours=person(hours(p.demand_s)),
        served_hours=person(hours(p.served_s)),
        unmet_hours=person(hours(p.demand_s - p.served_s)),
        open_hours=hours(p.capacity * open_s),
        utilisation=person(ratio(p.served_s, p.capacity * open_s)),
        suppressed=not visible,
    )
