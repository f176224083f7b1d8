"""Capacity advice from the replay: per pool, the smallest capacity whose what-if serves the
service level, the served share against capacity (the curve), and an interval from resampling
the period's weeks.

A booking system is a loss system: a request refused at its start gets nothing. So the advice
is read off the replay of the recorded requests (``replay.py``), not off the concurrent demand
levels, which would count a refused request as served whenever some unit is free for a part
of its time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import msgspec

from projections.reports.bootstrap import SYNTHETIC, SYNTHETIC_LEAST, bootstrap_interval
from projections.reports.facts import ReportInput, ratio
from projections.reports.replay import (
    SERVED,
    Item,
    recorded_capacity,
    replay,
    replay_steps,
    requests,
)
from projections.reports.timeline import Calendar

CONFIDENCE = 0.8
RESAMPLES = 300
# The interval is drawn with a fixed seed per pool, so the same history gives the same answer.
SEED = "grannskap-advice"
# The curve goes on until every request is served, and no further than this.
MOST_UNITS = 500
# The busiest stretch of the period whose advice is given beside the period's.
BUSIEST_DAYS = 28

ADVICE_METHOD = (
    "The period's requests (every booking placed, whatever became of it, and every request "
    "refused for capacity that was not met later, de-duplicated per member and slot) are "
    "replayed in the order they were made against C units of the pool, for C = 0, 1, 2, ...: "
    "a request is served when a unit is free for all of its time, and a request refused at "
    "its start gets nothing (a loss system, as in Erlang B). Only requests within the "
    "recorded opening hours count: capacity cannot serve the others. served_share(C) = "
    "requests served / requests (the member's view, as in Erlang B); served_hours_share(C) "
    "= requested hours served / requested hours. basis tells which of them the service "
    "level is of: capacity is the smallest C with served_share(C) >= service_level; "
    "capacity_by_hours the smallest with served_hours_share(C) >= service_level. "
    "served_share_at_recorded and served_hours_share_at_recorded are what actually happened "
    "(requests booked / requests), not a replay; replay_share_at_recorded is the replay at "
    "the recorded capacity, which can be higher, since a refused request for one desk "
    "stands for any desk in the replay. recorded_capacity is the most units of the pool "
    "open on any day of the period. Interval: a parametric bootstrap ({n} draws, fixed seed). "
    "The requests are counted per local weekday and hour of their start; divided by the "
    "number of such weekdays in the period that is the rate of a Poisson stream. A draw "
    "gives every day of the period Poisson arrivals at those rates (uniform within the "
    "hour), each holding a unit for the held time of a request of the same weekday and "
    "hour drawn at random, replays each day as a loss system (a request that finds too few "
    "units free at its start gets nothing) and computes the capacity; each day of a draw "
    "is one of {k} simulated days per day of its weekday in the period (at least {least}), "
    "drawn at random. interval_low and interval_high hold the middle {pct} % of those "
    "capacities. No interval from fewer than two weeks (ISO weeks of the local day). "
    "busiest: the {busiest} consecutive days of the period with the most requests (the "
    "earliest of equals), replayed alone in the same way: their capacity is the smallest C "
    "serving the service level of their requests. None for a period of {busiest} days or "
    "fewer. withdrawn: of the requests, the bookings cancelled before they started (placed, "
    "so among those served_share_at_recorded counts as served, but not used)."
)


class CurvePoint(msgspec.Struct, kw_only=True):
    capacity: int
    served_share: float | None
    served_hours_share: float | None


class BusiestWeeks(msgspec.Struct, kw_only=True):
    first_day: date
    last_day: date
    requests: int
    capacity: int
    served_share: float | None


class CapacityAdvice(msgspec.Struct, kw_only=True):
    service_level: float
    basis: str
    requests: int
    demand_hours: float
    capacity: int
    served_share: float | None
    served_hours_share: float | None
    capacity_by_hours: int
    recorded_capacity: int
    served_share_at_recorded: float | None
    served_hours_share_at_recorded: float | None
    replay_share_at_recorded: float | None
    confidence: float
    interval_low: int | None
    interval_high: int | None
    weeks: int
    curve: list[CurvePoint]
    busiest: BusiestWeeks | None = None
    withdrawn: int = 0
    method: str = ADVICE_METHOD.format(
        n=RESAMPLES,
        pct=round(CONFIDENCE * 100),
        k=SYNTHETIC,
        least=SYNTHETIC_LEAST,
        busiest=BUSIEST_DAYS,
    )


@dataclass
class _Week:
    requests: int = 0
    demand_s: float = 0.0
    served: list[int] = field(default_factory=list)  # by capacity
    served_s: list[float] = field(default_factory=list)


def advise(data: ReportInput, service_level: float) -> dict[str, CapacityAdvice]:
    """The advice for every pool with requests or units in the period."""
    calendar = Calendar(data.site)
    recorded = recorded_capacity(data, calendar)
    items, _ = requests(data, calendar)
    by_pool: dict[str, list[Item]] = {name: [] for name in recorded}
    for item in items:
        if any(s <= item.start and item.end <= e for s, e in calendar.open_spans(item.day)):
            by_pool.setdefault(item.pool, []).append(item)
    return {
        name: _advise_pool(
            name, pool_items, recorded.get(name, 0), calendar, service_level, data.days()
        )
        for name, pool_items in by_pool.items()
    }


def _advise_pool(
    name: str,
    items: list[Item],
    recorded: int,
    calendar: Calendar,
    service_level: float,
    days: list[date],
) -> CapacityAdvice:
    weeks: dict[tuple[int, int], _Week] = {}
    week_of: dict[str, _Week] = {}
    for item in items:
        iso = item.day.isocalendar()
        week = weeks.setdefault((iso.year, iso.week), _Week())
        week.requests += 1
        week.demand_s += item.demand_s
        week_of[item.order] = week
    total = len(items)
    total_s = sum(i.demand_s for i in items)
    capacity = 0
    steps = replay_steps(items, calendar)
    while True:
        outcome = replay(items, {name: capacity}, calendar, steps)
        for week in weeks.values():
            week.served.append(0)
            week.served_s.append(0.0)
        for item in items:
            if outcome[item.order] == SERVED:
                week = week_of[item.order]
                week.served[-1] += 1
                week.served_s[-1] += item.demand_s
        all_served = sum(w.served[-1] for w in weeks.values()) == total
        if (all_served and capacity >= recorded) or capacity >= MOST_UNITS:
            break
        capacity += 1
    served = [sum(w.served[c] for w in weeks.values()) for c in range(capacity + 1)]
    served_s = [sum(w.served_s[c] for w in weeks.values()) for c in range(capacity + 1)]
    curve = [
        CurvePoint(
            capacity=c,
            served_share=ratio(served[c], total),
            served_hours_share=ratio(served_s[c], total_s),
        )
        for c in range(capacity + 1)
    ]
    advice = smallest(served, total, service_level)
    by_hours = smallest(served_s, total_s, service_level)
    low: int | None = None
    high: int | None = None
    if len(weeks) >= 2:
        low, high = bootstrap_interval(
            f"{SEED}:{name}", items, days, calendar.tz, service_level, RESAMPLES, CONFIDENCE
        )
    at_recorded = min(recorded, capacity)
    return CapacityAdvice(
        service_level=service_level,
        basis="requests",
        requests=total,
        demand_hours=round(total_s / 3600, 4),
        capacity=advice,
        served_share=ratio(served[advice], total),
        served_hours_share=ratio(served_s[advice], total_s),
        capacity_by_hours=by_hours,
        recorded_capacity=recorded,
        served_share_at_recorded=ratio(sum(i.recorded_served for i in items), total),
        served_hours_share_at_recorded=ratio(
            sum(i.demand_s for i in items if i.recorded_served), total_s
        ),
        replay_share_at_recorded=ratio(served[at_recorded], total),
        confidence=CONFIDENCE,
        interval_low=low,
        interval_high=high,
        weeks=len(weeks),
        curve=curve,
        busiest=_busiest(name, items, days, calendar, service_level),
        withdrawn=sum(
            1 for i in items if i.recorded_served and i.release_at and i.release_at <= i.start
        ),
    )


def _busiest(
    name: str, items: list[Item], days: list[date], calendar: Calendar, service_level: float
) -> BusiestWeeks | None:
    """The advice for the BUSIEST_DAYS consecutive days of the period with the most
    requests (the earliest such stretch), replayed alone; none for a shorter period."""
    if len(days) <= BUSIEST_DAYS or not items:
        return None
    per_day: dict[date, int] = {}
    for item in items:
        per_day[item.day] = per_day.get(item.day, 0) + 1
    counts = [per_day.get(d, 0) for d in days]
    window = sum(counts[:BUSIEST_DAYS])
    best, first = window, 0
    for i in range(1, len(days) - BUSIEST_DAYS + 1):
        window += counts[i + BUSIEST_DAYS - 1] - counts[i - 1]
        if window > best:
            best, first = window, i
    chosen = [i for i in items if days[first] <= i.day <= days[first + BUSIEST_DAYS - 1]]
    capacity = 0
    steps = replay_steps(chosen, calendar)
    while True:
        outcome = replay(chosen, {name: capacity}, calendar, steps)
        served = sum(1 for i in chosen if outcome[i.order] == SERVED)
        if served >= service_level * len(chosen) - 1e-9 or capacity >= MOST_UNITS:
            break
        capacity += 1
    return BusiestWeeks(
        first_day=days[first],
        last_day=days[first + BUSIEST_DAYS - 1],
        requests=len(chosen),
        capacity=capacity,
        served_share=ratio(served, len(chosen)),
    )


def smallest(served: list[int] | list[float], total: float, level: float) -> int:
    """The smallest capacity (index) serving at least ``level`` of ``total``."""
    if total <= 0:
        return 0
    target = level * total - 1e-9
    for capacity, amount in enumerate(served):
        if amount >= target:
            return capacity
    return len(served) - 1
