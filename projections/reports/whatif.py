"""What if: the recorded booking requests of a period replayed against another capacity
(and, optionally, other opening hours). Deterministic: the same history and the same
question always give the same answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

import msgspec

from domain.site import OpeningHours
from projections.reports.demand import is_unmet
from projections.reports.facts import Member, ReportInput, hours, ratio, refused_requests, shown
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
class _Item:
    at: datetime
    start: datetime
    end: datetime
    quantity: int
    pool: str
    member: Member
    demand_s: float
    release_at: datetime | None
    recorded_served: bool
    order: str
    unit_hint: int | None = None


@dataclass
class _Pool:
    capacity: int
    recorded: int
    unit_based: bool
    # day -> unit (or 0 for counted pools) -> item order -> (start, end, quantity)
    holds: dict[date, dict[int, dict[str, tuple[datetime, datetime, int]]]] = field(
        default_factory=dict
    )
    where: dict[str, tuple[date, int]] = field(default_factory=dict)
    requests: int = 0
    served: int = 0
    refused_capacity: int = 0
    refused_closed: int = 0
    recorded_served: int = 0
    demand_s: float = 0.0
    served_s: float = 0.0
    members: set[Member] = field(default_factory=set)

    def take(self, item: _Item, day: date) -> bool:
        units = self.holds.setdefault(day, {})
        if self.unit_based:
            hint = item.unit_hint
            order = range(self.capacity)
            if hint is not None and hint < self.capacity:
                order = [hint, *(u for u in order if u != hint)]  # type: ignore[assignment]
            for unit in order:
                held = units.get(unit, {})
                if all(e <= item.start or item.end <= s for s, e, _ in held.values()):
                    units.setdefault(unit, {})[item.order] = (item.start, item.end, 1)
                    self.where[item.order] = (day, unit)
                    return True
            return False
        held = units.setdefault(0, {})
        overlapping = [h for h in held.values() if h[0] < item.end and item.start < h[1]]
        if _peak_with(overlapping) + item.quantity > self.capacity:
            return False
        held[item.order] = (item.start, item.end, item.quantity)
        self.where[item.order] = (day, 0)
        return True

    def give_back(self, order: str) -> None:
        place = self.where.pop(order, None)
        if place is not None:
            self.holds[place[0]][place[1]].pop(order, None)


def _peak_with(holds: list[tuple[datetime, datetime, int]]) -> int:
    changes: list[tuple[datetime, int]] = []
    for s, e, q in holds:
        changes += [(s, q), (e, -q)]
    level = top = 0
    for _, delta in sorted(changes, key=lambda c: (c[0], c[1])):
        level += delta
        top = max(top, level)
    return top


def recorded_capacity(data: ReportInput, calendar: Calendar) -> dict[str, int]:
    """Per pool, the most units open on any day of the period."""
    per_day: dict[tuple[str, date], int] = {}
    for r in data.resources:
        for day in data.days():
            if calendar.resource_spans(r, day):
                per_day[(r.pool, day)] = per_day.get((r.pool, day), 0) + r.quantity
    out: dict[str, int] = {}
    for (pool, _), units in per_day.items():
        out[pool] = max(out.get(pool, 0), units)
    return out


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
    hours_override = OpeningHours.parse(opening_hours) if opening_hours is not None else None
    recorded_calendar = Calendar(data.site)
    calendar = Calendar(data.site, hours_override)
    recorded = recorded_capacity(data, recorded_calendar)
    items, not_replayed = _requests(data)
    pools: dict[str, _Pool] = {}
    asked = {p for p in capacity if p != "equipment"}
    for name in sorted({*recorded, *(i.pool for i in items), *asked}):
        pools[name] = _Pool(
            capacity=capacity_for(name, capacity, recorded),
            recorded=recorded.get(name, 0),
            unit_based=not name.startswith("equipment"),
        )

    events: list[tuple[datetime, int, str, Any]] = []
    for item in items:
        events.append((item.at, 1, item.order, item))
        if item.release_at is not None:
            events.append((item.release_at, 0, item.order, item))
    for _, kind, order, item in sorted(events, key=lambda e: (e[0], e[1], e[3].start, e[2])):
        pool = pools[item.pool]
        if kind == 0:
            pool.give_back(order)
            continue
        pool.requests += 1
        pool.demand_s += item.demand_s
        pool.recorded_served += item.recorded_served
        pool.members.add(item.member)
        day = calendar.local_day(item.start)
        if not any(s <= item.start and item.end <= e for s, e in calendar.open_spans(day)):
            pool.refused_closed += 1
        elif pool.take(item, day):
            pool.served += 1
            pool.served_s += item.demand_s
        else:
            pool.refused_capacity += 1

    open_s = sum(seconds(calendar.open_spans(d)) for d in data.days())
    rows = [_row(name, p, open_s) for name, p in pools.items()]
    total = _Pool(capacity=sum(p.capacity for p in pools.values()), recorded=0, unit_based=False)
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
        total=_row("all", total, open_s),
        pools=rows,
        not_replayed=not_replayed if shown(total.members) else None,
    )


def _requests(data: ReportInput) -> tuple[list[_Item], int]:
    resources = data.resource_index()
    unit_of: dict[UUID, int] = {}
    for pool in {r.pool for r in data.resources}:
        members = sorted(
            (r for r in data.resources if r.pool == pool), key=lambda r: (r.name, r.id)
        )
        unit_of.update({r.id: n for n, r in enumerate(members)})
    items = []
    for b in data.bookings:
        r = resources.get(b.resource_id)
        held = b.held()
        items.append(
            _Item(
                at=b.placed_at,
                start=b.start,
                end=b.end,
                quantity=b.quantity,
                pool=r.pool if r else b.kind,
                member=b.member,
                demand_s=(held[1] - held[0]).total_seconds() * b.quantity if held else 0.0,
                release_at=b.cut,
                recorded_served=True,
                order=f"b:{b.id}",
                unit_hint=unit_of.get(b.resource_id),
            )
        )
    not_replayed = 0
    for n, q in enumerate(refused_requests(data)):
        if q.met_later:
            continue
        if not is_unmet(q):
            not_replayed += 1
            continue
        items.append(
            _Item(
                at=q.first_at,
                start=q.start,
                end=q.end,
                quantity=1,
                pool=q.pool,
                member=q.member,
                demand_s=q.seconds,
                release_at=None,
                recorded_served=False,
                order=f"r:{n:08d}",
            )
        )
    return items, not_replayed


def _row(name: str, p: _Pool, open_s: float) -> WhatIfPool:
    visible = shown(p.members)

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
