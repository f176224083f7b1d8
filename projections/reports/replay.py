"""The loss system under the what-if and the capacity advice: the period's recorded requests
replayed, in the order they were made, against a capacity per pool. A request refused at its
start gets nothing (as in Erlang B), a request served holds its unit from its start to its
end (cut short where the recorded booking was cut short).

Pure and deterministic: the same history and the same capacities give the same outcome for
every request, whatever the order of the input rows.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from domain.capacity import peak
from projections.reports.demand import is_unmet
from projections.reports.facts import Member, ReportInput, per_input, refused_requests
from projections.reports.timeline import Calendar

SERVED, REFUSED_CAPACITY, REFUSED_CLOSED = "served", "capacity", "closed"


@dataclass
class Item:
    """One request of the replay: a placed booking or an unmet refused request."""

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
    day: date  # the local day of its start
    unit_hint: int | None = None


@dataclass
class PoolState:
    """The units of one pool during a replay. Desks and rooms are units each held by one
    request at a time; equipment is a count of items."""

    capacity: int
    unit_based: bool
    # (day, unit) -> holds sorted by start: (start, end, order); the holds of one unit never
    # overlap, so sorted by start they are sorted by end too.
    units: dict[tuple[date, int], list[tuple[datetime, datetime, str]]] = field(
        default_factory=dict
    )
    counted: dict[date, dict[str, tuple[datetime, datetime, int]]] = field(default_factory=dict)
    where: dict[str, tuple[date, int, datetime, datetime]] = field(default_factory=dict)

    def take(self, item: Item, day: date) -> bool:
        if self.unit_based:
            return self._take_unit(item, day)
        held = self.counted.setdefault(day, {})
        overlapping = [h for h in held.values() if h[0] < item.end and item.start < h[1]]
        if peak(overlapping) + item.quantity > self.capacity:
            return False
        held[item.order] = (item.start, item.end, item.quantity)
        self.where[item.order] = (day, -1, item.start, item.end)
        return True

    def _take_unit(self, item: Item, day: date) -> bool:
        order: Iterable[int] = range(self.capacity)
        hint = item.unit_hint
        if hint is not None and hint < self.capacity:
            order = [hint, *(u for u in range(self.capacity) if u != hint)]
        for unit in order:
            holds = self.units.get((day, unit))
            if holds:
                # the last hold starting before the item ends is the only one that can overlap
                i = bisect_left(holds, (item.end,)) - 1
                if i >= 0 and holds[i][1] > item.start:
                    continue
            insort(self.units.setdefault((day, unit), []), (item.start, item.end, item.order))
            self.where[item.order] = (day, unit, item.start, item.end)
            return True
        return False

    def give_back(self, order: str, at: datetime) -> None:
        """A served request cut short (cancelled, checked out, released) frees its unit."""
        place = self.where.pop(order, None)
        if place is None:
            return
        day, unit, start, end = place
        if unit < 0:
            self.counted[day].pop(order, None)
            return
        holds = self.units[(day, unit)]
        holds.remove((start, end, order))


def recorded_capacity(data: ReportInput, calendar: Calendar) -> dict[str, int]:
    """Per pool, the most units open on any day of the period (by the recorded hours:
    ``calendar`` is the site's own, never a what-if's; once per input)."""
    return dict(per_input(data, "recorded_capacity", lambda: _recorded(data, calendar)))


def _recorded(data: ReportInput, calendar: Calendar) -> dict[str, int]:
    per_day: dict[tuple[str, date], int] = {}
    for r in data.resources:
        for day in data.days():
            if calendar.resource_spans(r, day):
                per_day[(r.pool, day)] = per_day.get((r.pool, day), 0) + r.quantity
    out: dict[str, int] = {}
    for (pool, _), units in per_day.items():
        out[pool] = max(out.get(pool, 0), units)
    return out


def requests(data: ReportInput, calendar: Calendar) -> tuple[list[Item], int]:
    """The requests to replay (every booking placed in the period and every unmet request,
    de-duplicated and not met later) and the number of refused requests not replayed
    (policy and input refusals: they would be refused again). Once per input (``calendar``
    gives only the local day of each start, the same with any hours); not to be changed."""
    return per_input(data, "replay_requests", lambda: _items(data, calendar))


def _items(data: ReportInput, calendar: Calendar) -> tuple[list[Item], int]:
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
            Item(
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
                day=calendar.local_day(b.start),
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
            Item(
                at=q.first_at,
                start=q.start,
                end=q.end,
                quantity=q.quantity,
                pool=q.pool,
                member=q.member,
                demand_s=q.seconds,
                release_at=None,
                recorded_served=False,
                order=f"r:{n:08d}",
                day=calendar.local_day(q.start),
            )
        )
    return items, not_replayed


Step = tuple[datetime, int, datetime, str, Item, bool]


def replay_steps(items: list[Item], calendar: Calendar) -> list[Step]:
    """The replay's events in order: each request at the time it was made (with whether it
    lies within one open span of its day), and each release of a served one. The same for
    every capacity: a replay against several capacities orders them once."""
    steps: list[Step] = []
    for item in items:
        inside = any(s <= item.start and item.end <= e for s, e in calendar.open_spans(item.day))
        steps.append((item.at, 1, item.start, item.order, item, inside))
        if item.release_at is not None:
            steps.append((item.release_at, 0, item.start, item.order, item, inside))
    steps.sort(key=lambda s: (s[0], s[1], s[2], s[3]))
    return steps


def replay(
    items: list[Item],
    capacity: dict[str, int],
    calendar: Calendar,
    steps: list[Step] | None = None,
) -> dict[str, str]:
    """The outcome of every request (by its ``order``): served, refused for capacity, or
    refused because it does not lie within one open span of its day. ``steps``: the
    items' ``replay_steps``, when already ordered."""
    pools = {
        name: PoolState(capacity=n, unit_based=not name.startswith("equipment"))
        for name, n in capacity.items()
    }
    outcome: dict[str, str] = {}
    for when, kind, _, order, item, inside in steps or replay_steps(items, calendar):
        pool = pools.get(item.pool) or pools.setdefault(
            item.pool, PoolState(capacity=0, unit_based=not item.pool.startswith("equipment"))
        )
        if kind == 0:
            pool.give_back(order, when)
            continue
        if not inside:
            outcome[order] = REFUSED_CLOSED
        elif pool.take(item, item.day):
            outcome[order] = SERVED
        else:
            outcome[order] = REFUSED_CAPACITY
    return outcome
