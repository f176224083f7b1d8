"""The decision at the top of a site's reports, in plain words of the page's language: per
pool what is there now, what the evidence supports, how sure it is and why. Read from the
reports' own figures (nothing is computed again here but their comparison), so the summary
and the tables below it always agree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from projections.reports.advice import CapacityAdvice
from projections.reports.specification import PoolSpecification, SpecificationReport
from service.presentation.i18n import Lang
from service.reporting.fmt import Fmt

# Fewer requests than this are little evidence, whatever the interval says.
FEW_REQUESTS = 30
# An interval this wide or wider means too little demand to be surer.
WIDE = 3
# Below this booked share the resources stand empty most of the open time.
MOSTLY_EMPTY = 0.5


@dataclass
class PoolDecision:
    pool: str
    now: int | None
    advice: int | None
    headline: str
    reasons: list[str] = field(default_factory=list)


@dataclass
class Decision:
    pools: list[PoolDecision]
    notes: list[str] = field(default_factory=list)


def decide(
    t: Lang,
    spec: SpecificationReport,
    booked_share: dict[str, float | None],
    closed_requests: dict[str, int | None],
) -> Decision:
    """``booked_share``: the utilisation report's booked share per pool; ``closed_requests``:
    the what-if's requests outside the opening hours per pool (at the recorded hours)."""
    f = Fmt(t)
    pools = []
    for p in spec.pools:
        name = f.pool(p.pool)
        if p.capacity is None:
            pools.append(
                PoolDecision(
                    p.pool, None, None, t("%(pool)s: hidden, fewer than three members.", pool=name)
                )
            )
            continue
        pools.append(_pool(t, f, p, p.capacity, booked_share.get(p.pool), closed_requests))
    notes = []
    advised = any(d.advice for d in pools)
    if advised and not any(spec.opening.justified_hours.values()):
        notes.append(
            t(
                "No hour of the week had on average at least %(n)s unit wanted by at least "
                "three members: the evidence justifies no opening hours yet. The advice above "
                "is what the few who came needed at once.",
                n=t.number(spec.min_average_demand),
            )
        )
    return Decision(pools, notes)


def _pool(
    t: Lang,
    f: Fmt,
    p: PoolSpecification,
    c: CapacityAdvice,
    booked: float | None,
    closed_requests: dict[str, int | None],
) -> PoolDecision:
    name, now, advice = f.pool(p.pool), c.recorded_capacity, c.capacity
    n = t.number
    if c.requests == 0:
        return PoolDecision(
            p.pool,
            now,
            None,
            t(
                "%(pool)s: no requests in the period, so no evidence either way; keep %(now)s "
                "until there is.",
                pool=name,
                now=n(now),
            ),
        )
    if advice == now:
        headline = t("%(pool)s: keep %(now)s.", pool=name, now=n(now))
    elif advice < now:
        headline = t(
            "%(pool)s: %(advice)s would do instead of %(now)s.",
            pool=name,
            advice=n(advice),
            now=n(now),
        )
    else:
        headline = t(
            "%(pool)s: add %(more)s, to %(advice)s in all.",
            pool=name,
            more=n(advice - now),
            advice=n(advice),
        )
    reasons = []
    if c.served_share_at_recorded is not None:
        reasons.append(
            t(
                "With the %(now)s there now, %(share)s of %(n)s requests were served.",
                now=n(now),
                share=f.pct(c.served_share_at_recorded),
                n=n(c.requests),
            )
        )
    shares = {point.capacity: point.served_share for point in c.curve}
    if shares.get(advice) is not None:
        line = t(
            "%(advice)s would serve %(share)s in the replay",
            advice=n(advice),
            share=f.pct(shares[advice]),
        )
        if shares.get(advice + 1) is not None and shares[advice + 1] != shares[advice]:
            line += t(
                "; %(more)s would serve %(share)s",
                more=n(advice + 1),
                share=f.pct(shares[advice + 1]),
            )
        reasons.append(line + ".")
    busiest = _busiest(p)
    if busiest is not None:
        day, peak = busiest
        reasons.append(
            t(
                "On the busiest day (%(day)s) %(peak)s were wanted at the same time.",
                day=t.date(day),
                peak=n(peak),
            )
        )
    if booked is not None and booked < MOSTLY_EMPTY and advice >= now * 0.75:
        reasons.append(
            t(
                "On average only %(share)s of the open time was booked, but the advice "
                "follows the busy hours: with fewer, people would be turned away then.",
                share=f.pct(booked),
            )
        )
    reasons.append(_how_sure(t, c))
    closed = closed_requests.get(p.pool)
    if closed:
        reasons.append(
            t(
                "%(n)s more requests fell outside the opening hours or on closed days: more "
                "%(pool)s would not serve them, so the advice leaves them out (What if counts "
                "them, as refused: closed).",
                n=n(closed),
                pool=name.lower(),
            )
        )
    return PoolDecision(p.pool, now, advice, headline, reasons)


def _how_sure(t: Lang, c: CapacityAdvice) -> str:
    n = t.number
    if c.requests < FEW_REQUESTS:
        return t("How sure: little evidence, %(n)s requests.", n=n(c.requests))
    if c.interval_low is None or c.interval_high is None:
        return t("How sure: not sure, the period has fewer than two weeks.")
    if c.interval_low == c.interval_high:
        return t(
            "How sure: sure; periods made up at random like this one gave %(advice)s every time.",
            advice=n(c.capacity),
        )
    text = t(
        "How sure: 8 of 10 periods made up at random like this one gave %(low)s to %(high)s.",
        low=n(c.interval_low),
        high=n(c.interval_high),
    )
    if c.interval_high - c.interval_low >= WIDE:
        text += " " + t("Too little demand was recorded to be surer.")
    return text


def _busiest(p: PoolSpecification) -> tuple[Any, int] | None:
    shown = [
        (d.peak_demand, d.day)
        for d in p.daily
        if d.peak_demand is not None and not d.suppressed and d.peak_demand > 0
    ]
    if not shown:
        return None
    peak, day = max(shown, key=lambda x: (x[0], -x[1].toordinal()))
    return day, peak
