"""The charts of the evaluators' pages, drawn by matplotlib on the server as inline SVG with
words in the page's language: the weekday x hour heatmaps of booked share and unmet hours,
each pool's days, the share served against the number of units, and per week or month the
check-ins by method, the waitlist's outcomes and the empty searches. Each chart has a table
of the same figures next to it on the page (for screen readers and print)."""

from __future__ import annotations

from datetime import date
from typing import Any

from projections.reports import DemandReport, SpecificationReport, UtilisationReport
from projections.reports.activity import ActivityReport, Breakdown
from projections.reports.specification import PoolSpecification
from service.presentation.i18n import Lang
from service.reporting.fmt import Fmt

DEFAULT_HOURS = list(range(8, 17))


def _open_hours(open_cells: list[list[bool]]) -> list[int]:
    return [h for h in range(24) if any(open_cells[d][h] for d in range(7))] or DEFAULT_HOURS


def heatmap(report: UtilisationReport, t: Lang) -> str:
    m = report.matrix.values
    open_cells = [[(m["open_hours"][d][h] or 0) > 0 for h in range(24)] for d in range(7)]
    used = _open_hours(open_cells)
    from service.reporting import heatmaps  # matplotlib: imported on the first chart

    return heatmaps.heatmap(
        t,
        [[m["utilisation"][d][h] for h in used] for d in range(7)],
        [[open_cells[d][h] for h in used] for d in range(7)],
        used,
        t("Booked share of open time by weekday and hour"),
        t("Booked share of open time"),
        lambda v: t.percent(v),
        top=1.0,
    )


def unmet_heatmap(report: DemandReport, t: Lang, open_cells: list[list[bool]]) -> str:
    grid = report.matrix.values["unmet_hours"]
    used = [h for h in range(24) if any(grid[d][h] for d in range(7))]
    used = sorted(set(used) | set(_open_hours(open_cells)))
    from service.reporting import heatmaps  # matplotlib: imported on the first chart

    return heatmaps.heatmap(
        t,
        [[grid[d][h] for h in used] for d in range(7)],
        [[open_cells[d][h] or grid[d][h] != 0 for h in used] for d in range(7)],
        used,
        t("Unmet hours by weekday and hour"),
        t("Unmet resource-hours"),
        lambda v: t.number(round(v, 1)),
    )


def served_curve(pool: PoolSpecification, name: str, t: Lang) -> str:
    advice = pool.capacity
    if advice is None or not advice.curve or not advice.requests:
        return ""  # nothing asked for: no share to draw
    from service.reporting import plots  # matplotlib: imported on the first chart

    return plots.served(
        t,
        [p.capacity for p in advice.curve],
        [
            (t("requests served"), [p.served_share for p in advice.curve]),
            (t("hours served"), [p.served_hours_share for p in advice.curve]),
        ],
        t("%(pool)s: share served against the number of units (replay)", pool=name),
        t("Number of units (%(pool)s)", pool=name),
        marks=[
            (t("now: %(n)s", n=t.number(advice.recorded_capacity)), advice.recorded_capacity),
            (t("advice: %(n)s", n=t.number(advice.capacity)), advice.capacity),
        ],
        level=advice.service_level,
    )


def pool_days(pool: PoolSpecification, name: str, t: Lang, today: date | None) -> str:
    """A pool's days: the most demanded and the most in use at once, against the units open."""
    from service.reporting import plots  # matplotlib: imported on the first chart

    return plots.daily(
        t,
        [d.day for d in pool.daily],
        [
            (t("most demanded at once"), [d.peak_demand for d in pool.daily]),
            (t("most in use at once"), [d.peak_served for d in pool.daily]),
        ],
        [d.units_open for d in pool.daily],
        t("%(pool)s: demanded and in use per day", pool=name),
        today,
    )


def activity_chart(report: ActivityReport, part: Breakdown, t: Lang, title: str) -> str:
    if part.total is None or not any(part.total.values()):
        return ""
    f = Fmt(t)
    from service.reporting import bars  # matplotlib: imported on the first chart

    return bars.stacked(
        t,
        report.grain,
        [(p.first_day, p.counts) for p in part.parts],
        [(c, f.activity(c)) for c in part.categories],
        title,
        t("Number"),
    )


def activity_charts(report: ActivityReport, t: Lang) -> dict[str, str]:
    return {
        "check_ins": activity_chart(report, report.check_ins, t, t("Check-ins by method")),
        "waitlist": activity_chart(
            report, report.waitlist, t, t("What became of waitlist entries")
        ),
        "empty_searches": activity_chart(
            report, report.empty_searches, t, t("Searches that found nothing free")
        ),
    }


def site_charts(
    utilisation: UtilisationReport,
    demand: DemandReport,
    spec: SpecificationReport,
    t: Lang,
    today: date | None = None,
    activity: ActivityReport | None = None,
) -> dict[str, Any]:
    f = Fmt(t)
    m = utilisation.matrix.values["open_hours"]
    open_cells = [[(m[d][h] or 0) > 0 for h in range(24)] for d in range(7)]
    shown = [p for p in spec.pools if not p.suppressed]
    return {
        "heatmap": heatmap(utilisation, t),
        "unmet": unmet_heatmap(demand, t, open_cells),
        "pools": [
            (p, f.pool(p.pool), pool_days(p, f.pool(p.pool), t, today)) for p in shown if p.daily
        ],
        "curves": [
            (p, f.pool(p.pool), served_curve(p, f.pool(p.pool), t))
            for p in shown
            if p.capacity is not None and p.capacity.curve and p.capacity.requests
        ],
        "activity": activity_charts(activity, t) if activity is not None else {},
    }
