"""The advice's interval: a parametric bootstrap of the period's arrivals, each draw replayed
as a loss system.

The requests of a pool are counted per local weekday and hour of their start; divided by the
number of such weekdays in the period, that is the rate of a Poisson stream of arrivals for
that hour. A draw gives every day of the period new arrivals (a Poisson number per hour, at
uniform instants within it), each holding for a time drawn from the requests that started in
the same weekday and hour, and replays them day by day as a loss system: a request that
finds too few units free at its start gets nothing.

Each day of each draw is replayed once with "ordered hunting" (a request takes the lowest
numbered units free) against as many units as it needs: the units numbered below C then hold
exactly what C units of a loss system would hold, so the capacity that serves the service
level is read off one replay for every C at once. The draws of all days run side by side as
arrays (numpy), one arrival of each day at a time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date, tzinfo

import numpy as np

from projections.reports.replay import Item

HOUR_S = 3600.0
# synthetic days simulated per day of the period (and at least this many per weekday)
SYNTHETIC = 4
SYNTHETIC_LEAST = 40


def bootstrap_interval(
    key: str,
    items: Sequence[Item],
    days: Sequence[date],
    tz: tzinfo,
    service_level: float,
    draws: int,
    confidence: float,
) -> tuple[int, int]:
    """The middle ``confidence`` of the capacities that serve ``service_level`` of the
    requests over ``draws`` bootstrap draws (fixed seed from ``key``)."""
    rng = np.random.default_rng(int.from_bytes(hashlib.sha256(key.encode()).digest()[:8]))
    capacities = np.sort(_capacities(rng, items, days, tz, service_level, draws))
    tail = (1 - confidence) / 2
    low = int(capacities[int(tail * draws)])
    high = int(capacities[min(draws - 1, int((1 - tail) * draws))])
    return low, high


def _capacities(
    rng: np.random.Generator,
    items: Sequence[Item],
    days: Sequence[date],
    tz: tzinfo,
    service_level: float,
    draws: int,
) -> np.ndarray:
    occurrences = [0] * 7
    for day in days:
        occurrences[day.weekday()] += 1
    cells: dict[tuple[int, int], list[tuple[float, int]]] = {}
    for item in items:
        local = item.start.astimezone(tz)
        until = item.end if item.release_at is None else min(item.end, item.release_at)
        held = max(0.0, (until - item.start).total_seconds())
        cells.setdefault((local.weekday(), local.hour), []).append((held, item.quantity))
    keys = sorted(cells)
    weekdays = sorted({weekday for weekday, _ in keys})
    if not keys or not any(occurrences[w] for w in weekdays):
        return np.zeros(draws, dtype=np.int64)
    held_all = np.array([h for k in keys for h, _ in cells[k]])
    quantity_all = np.array([q for k in keys for _, q in cells[k]], dtype=np.int64)
    sizes = np.array([len(cells[k]) for k in keys])
    firsts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    # the synthetic days: for each weekday with requests, SYNTHETIC times its occurrences
    # (and at least SYNTHETIC_LEAST), each with every weekday-hour cell of that weekday
    pool_of: dict[int, np.ndarray] = {}
    slot_day, slot_cell = [], []
    for w in weekdays:
        size = max(SYNTHETIC_LEAST, SYNTHETIC * occurrences[w]) if occurrences[w] else 0
        first_day = sum(len(p) for p in pool_of.values())
        pool_of[w] = np.arange(first_day, first_day + size)
        for day in pool_of[w]:
            for c, (weekday, _) in enumerate(keys):
                if weekday == w:
                    slot_day.append(int(day))
                    slot_cell.append(c)
    synthetic_days = sum(len(p) for p in pool_of.values())
    cell_of = np.array(slot_cell, dtype=np.int64)
    day_of = np.array(slot_day, dtype=np.int64)
    rates = np.array([len(cells[k]) / max(1, occurrences[k[0]]) for k in keys])[cell_of]
    hour_of = np.array([k[1] for k in keys])[cell_of]
    counts = rng.poisson(rates)
    slot = np.repeat(np.arange(len(rates)), counts)
    n = len(slot)
    start = hour_of[slot] * HOUR_S + rng.random(n) * HOUR_S
    cell = cell_of[slot]
    pick = firsts[cell] + (rng.random(n) * sizes[cell]).astype(np.int64)
    arrival_day = day_of[slot]
    need = _ordered_hunting(arrival_day, start, held_all[pick], quantity_all[pick])
    most = int(need.max(initial=0))
    # served[d, c]: the arrivals of synthetic day d that c units serve; total[d]: all of them
    needed = np.zeros((synthetic_days, most + 1), dtype=np.int64)
    np.add.at(needed, (arrival_day, need), 1)
    served = np.cumsum(needed, axis=1)
    total = served[:, -1]
    # each draw: every day of the period is one synthetic day of its weekday, at random
    drawn_served = np.zeros((draws, most + 1), dtype=np.int64)
    drawn_total = np.zeros(draws, dtype=np.int64)
    for day in days:
        pool = pool_of.get(day.weekday())
        if pool is None or not len(pool):
            continue
        chosen = pool[rng.integers(len(pool), size=draws)]
        drawn_served += served[chosen]
        drawn_total += total[chosen]
    target = service_level * drawn_total - 1e-9
    enough = drawn_served >= target[:, None]
    return np.argmax(enough, axis=1)


def _ordered_hunting(
    sequence: np.ndarray, start: np.ndarray, held: np.ndarray, quantity: np.ndarray
) -> np.ndarray:
    """For each arrival, the number of units a loss system needs to serve it: each sequence
    (a day of a draw) starts empty, and its arrivals, in order of start, take the lowest
    numbered free units (as many as their quantity) until their hold ends."""
    order = np.lexsort((start, sequence))
    seq, t = sequence[order], start[order]
    ends, q = t + held[order], quantity[order]
    names, first, per = np.unique(seq, return_index=True, return_counts=True)
    rows = len(names)
    width = max(8, int(q.max()) * 2)
    busy = np.full((rows, width), -np.inf)
    need = np.zeros(len(seq), dtype=np.int64)
    for j in range(int(per.max())):
        r = np.flatnonzero(per > j)
        at = first[r] + j
        free = busy[r] <= t[at, None]
        taken = np.cumsum(free, axis=1)
        short = taken[:, -1] < q[at]
        if short.any():
            grow = int((q[at] - taken[:, -1]).max())
            busy = np.hstack((busy, np.full((rows, max(grow, width)), -np.inf)))
            width = busy.shape[1]
            free = busy[r] <= t[at, None]
            taken = np.cumsum(free, axis=1)
        use = free & (taken <= q[at, None])
        last = width - 1 - np.argmax(use[:, ::-1], axis=1)
        need[order[at]] = last + 1
        block = busy[r]
        block[use] = np.repeat(ends[at], use.sum(axis=1))
        busy[r] = block
    return need
