"""The charts of the evaluators' pages, drawn on the server as inline SVG with words in the
page's language: the hour x weekday heatmap, daily use against capacity, demand against
capacity, and the served share against capacity of the what-if replay. Each chart has a
table of the same figures next to it on the page (for screen readers and print)."""

from __future__ import annotations

from datetime import date
from typing import Any

from projections.reports import DemandReport, SpecificationReport, UtilisationReport
from projections.reports.specification import PoolSpecification
from service.presentation.i18n import Lang
from service.reporting import plots, svg
from service.reporting.fmt import Fmt


def legend(t: Lang) -> dict[str, str]:
    """The heatmaps' legend and tooltips in the page's language."""
    return {
        "low": t("low"),
        "high": t("high"),
        "hidden": t("hidden"),
        "closed": t("closed"),
        "hidden (fewer than 3 members)": t("hidden: fewer than three members"),
    }


def heatmap(report: UtilisationReport, t: Lang) -> str:
    m = report.matrix.values
    open_mask = [[(m["open_hours"][d][h] or 0) > 0 for h in range(24)] for d in range(7)]
    used = [h for h in range(24) if any(open_mask[d][h] for d in range(7))] or list(range(8, 17))
    return svg.heatmap(
        [[m["utilisation"][d][h] for h in used] for d in range(7)],
        [t.weekday_name(d)[:3].capitalize() for d in range(7)],
        [f"{h:02d}" for h in used],
        t("Booked share of open time by hour and weekday (hatched: hidden)"),
        top=1.0,
        mask=[[open_mask[d][h] for h in used] for d in range(7)],
        words=legend(t),
    )


def served_curve(pool: PoolSpecification, t: Lang) -> str:
    advice = pool.capacity
    if advice is None:
        return ""
    return svg.line_chart(
        [str(p.capacity) for p in advice.curve],
        [
            (t("requests served"), [p.served_share for p in advice.curve]),
            (t("hours served"), [p.served_hours_share for p in advice.curve]),
        ],
        t("Share served against capacity (replay)"),
        y_max=1.0,
    )


def unmet_heatmap(report: DemandReport, t: Lang) -> str:
    grid = report.matrix.values["unmet_hours"]
    used = [h for h in range(24) if any(grid[d][h] for d in range(7))] or list(range(8, 17))
    return svg.heatmap(
        [[grid[d][h] for h in used] for d in range(7)],
        [t.weekday_name(d)[:3].capitalize() for d in range(7)],
        [f"{h:02d}" for h in used],
        t("Unmet hours by hour and weekday (hatched: hidden)"),
        fmt="{:.1f}",
        words=legend(t),
    )


def pool_days(pool: PoolSpecification, name: str, t: Lang, today: date | None) -> str:
    """A pool's days: the most demanded and the most in use at once, against the units open
    (matplotlib, ``plots.py``)."""
    days = [d.day for d in pool.daily]
    return plots.daily(
        t,
        days,
        [
            (t("most demanded at once"), [d.peak_demand for d in pool.daily]),
            (t("most in use at once"), [d.peak_served for d in pool.daily]),
        ],
        [d.units_open for d in pool.daily],
        t("%(pool)s: demanded and in use per day", pool=name),
        today,
    )


def site_charts(
    utilisation: UtilisationReport,
    demand: DemandReport,
    spec: SpecificationReport,
    t: Lang,
    today: date | None = None,
) -> dict[str, Any]:
    desk = next((p for p in spec.pools if p.pool == "desk"), None)
    f = Fmt(t)
    charts: dict[str, Any] = {
        "heatmap": heatmap(utilisation, t),
        "unmet": unmet_heatmap(demand, t),
        "pools": [
            (p, f.pool(p.pool), pool_days(p, f.pool(p.pool), t, today))
            for p in spec.pools
            if not p.suppressed and p.daily
        ],
    }
    if desk is not None and not desk.suppressed:
        charts["curve"] = served_curve(desk, t)
    return charts
