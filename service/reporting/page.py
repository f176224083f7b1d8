"""The report page for people: one self-contained HTML document (inline CSS and SVG, no
scripts, nothing fetched from elsewhere) that prints well."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from projections.reports import DemandReport, SpecificationReport, UtilisationReport
from projections.reports.facts import WEEKDAYS
from projections.reports.scope import Scope
from service.reporting import svg

CSS = """
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1b1b;
       max-width: 980px; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 2rem;
     border-bottom: 1px solid #ccc; padding-bottom: .2rem; }
.meta, .method { color: #555; font-size: .85rem; }
.method { max-width: 70ch; }
table { border-collapse: collapse; margin: .5rem 0; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #ccc; padding: .2rem .5rem; text-align: right; }
th:first-child, td:first-child, td.text { text-align: left; }
th { background: #f1f5fb; }
.figures { display: flex; flex-wrap: wrap; gap: .75rem; }
.figure { border: 1px solid #ccc; padding: .4rem .75rem; min-width: 9rem; }
.figure b { display: block; font-size: 1.3rem; }
figure { margin: .75rem 0; } svg { max-width: 100%; height: auto; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-after: avoid; } figure, table, .figures { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  @page { size: A4; margin: 15mm; }
}
"""

DASH = "-"


def _fmt(value: Any, style: str = "num") -> str:
    if value is None:
        return "hidden"
    if style == "pct":
        return f"{value:.0%}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return str(value)


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(_td(cell, i) for i, cell in enumerate(row)) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _td(cell: str, column: int) -> str:
    numeric = cell.replace(",", "").replace(".", "").replace("%", "").isdigit()
    left = column > 0 and not numeric and cell not in ("hidden", DASH)
    return f'<td class="text">{escape(cell)}</td>' if left else f"<td>{escape(cell)}</td>"


def _method(text: str) -> str:
    return f'<p class="method">{escape(text)}</p>'


def utilisation_section(report: UtilisationReport, over_time: UtilisationReport | None) -> str:
    t = report.total
    figures = [
        ("Utilisation", _fmt(t.utilisation, "pct")),
        ("Occupancy", _fmt(t.occupancy, "pct")),
        ("Booked hours", _fmt(t.booked_hours)),
        ("Checked-in hours", _fmt(t.checked_in_hours)),
        ("Open resource-hours", _fmt(t.open_hours)),
        ("No-show rate", _fmt(t.no_show_rate, "pct") if t.no_show_rate is not None else DASH),
        (
            "Cancellation rate",
            _fmt(t.cancellation_rate, "pct") if t.cancellation_rate is not None else DASH,
        ),
    ]
    parts = ["<h2>Utilisation</h2>", '<div class="figures">']
    parts += [f'<div class="figure">{escape(k)}<b>{escape(v)}</b></div>' for k, v in figures]
    parts.append("</div>")
    m = report.matrix.values
    open_mask = [[(v or 0) > 0 for v in row] for row in m["open_hours"]]
    used_hours = [h for h in range(24) if any(open_mask[d][h] for d in range(7))] or list(
        range(8, 18)
    )
    parts.append(
        "<figure>"
        + svg.heatmap(
            [[m["utilisation"][d][h] for h in used_hours] for d in range(7)],
            [w.capitalize() for w in WEEKDAYS],
            [f"{h:02d}" for h in used_hours],
            "Utilisation by hour and weekday (booked / open resource-hours)",
            top=1.0,
            mask=[[open_mask[d][h] for h in used_hours] for d in range(7)],
        )
        + "</figure>"
    )
    parts.append(_method(report.matrix.method))
    if over_time is not None and over_time.rows:
        rows = [r for r in over_time.rows if r.open_hours > 0]
        parts.append(
            "<figure>"
            + svg.line_chart(
                [r.key[5:] for r in rows],
                [
                    ("utilisation", [r.utilisation for r in rows]),
                    ("occupancy", [r.occupancy for r in rows]),
                ],
                "Utilisation and occupancy per open day",
                y_max=1.0,
            )
            + "</figure>"
        )
    parts.append(
        _table(
            ["Group", "Open h", "Booked h", "Checked-in h", "Utilisation", "No-shows", "Cancelled"],
            [
                [
                    r.label,
                    _fmt(r.open_hours),
                    _fmt(r.booked_hours),
                    _fmt(r.checked_in_hours),
                    _fmt(r.utilisation, "pct") if r.utilisation is not None else DASH,
                    _fmt(r.no_shows),
                    _fmt(r.cancelled),
                ]
                for r in [*report.rows, report.total]
            ],
        )
    )
    parts += [_method(f"{k}: {v}") for k, v in report.method.items()]
    return "".join(parts)


def demand_section(report: DemandReport) -> str:
    t = report.totals
    parts = [
        "<h2>Refused attempts and unmet demand</h2>",
        '<div class="figures">',
        *(
            f'<div class="figure">{escape(k)}<b>{escape(_fmt(v))}</b></div>'
            for k, v in (
                ("Refused attempts", t.attempts),
                ("Requests (de-duplicated)", t.requests),
                ("Met later", t.met_later),
                ("Unmet resource-hours", t.unmet_hours),
            )
        ),
        "</div>",
        _table(
            ["Rule", "Category", "Attempts", "Requests", "Unmet h"],
            [
                [r.rule, r.category, _fmt(r.attempts), _fmt(r.requests), _fmt(r.unmet_hours)]
                for r in report.by_reason
            ],
        ),
    ]
    grid = report.matrix.values["unmet_hours"]
    used = [h for h in range(24) if any(grid[d][h] != 0 for d in range(7))]
    if used:
        parts.append(
            "<figure>"
            + svg.heatmap(
                [[grid[d][h] for h in used] for d in range(7)],
                [w.capitalize() for w in WEEKDAYS],
                [f"{h:02d}" for h in used],
                "Unmet resource-hours by hour and weekday",
                fmt="{:.1f}",
            )
            + "</figure>"
        )
    parts += [_method(f"{k}: {v}") for k, v in report.method.items()]
    return "".join(parts)


def specification_section(report: SpecificationReport) -> str:
    parts = [
        "<h2>Specification: demand against capacity</h2>",
        _table(
            [
                "Pool",
                "Requests",
                f"Capacity for {report.service_level:.0%} of requests",
                "Interval (80 %)",
                "Recorded",
                "Served (recorded)",
            ],
            [
                [
                    p.pool,
                    _fmt(p.capacity.requests) if p.capacity else "hidden",
                    _fmt(p.capacity.capacity) if p.capacity else "hidden",
                    f"{p.capacity.interval_low}-{p.capacity.interval_high}"
                    if p.capacity and p.capacity.interval_low is not None
                    else DASH,
                    _fmt(p.capacity.recorded_capacity) if p.capacity else "hidden",
                    _fmt(p.capacity.served_share_at_recorded, "pct")
                    if p.capacity and p.capacity.served_share_at_recorded is not None
                    else DASH,
                ]
                for p in report.pools
            ],
        ),
    ]
    for p in report.pools:
        if p.suppressed or not p.daily:
            continue
        parts.append(
            "<figure>"
            + svg.line_chart(
                [d.day.isoformat()[5:] for d in p.daily],
                [("peak demand", [d.peak_demand for d in p.daily])],
                f"{p.pool}: peak concurrent demand (served + refused) against units open",
                fmt="{:.0f}",
                bars=("units open", [d.units_open for d in p.daily]),
                integer=True,
            )
            + "</figure>"
        )
    if report.pools:
        parts.append(_method(report.pools[0].distribution_method))
        if report.pools[0].capacity:
            parts.append(_method(report.pools[0].capacity.method))
    spans = report.opening.justified_hours
    parts.append("<h2>Hours of the week with enough demand to open</h2>")
    parts.append(
        _table(
            ["Weekday", "Justified hours"],
            [
                [w.capitalize(), ", ".join(f"{a}-{b}" for a, b in spans.get(w, [])) or DASH]
                for w in WEEKDAYS
            ],
        )
    )
    parts.append(_method(report.opening.week_method))
    parts.append("<h2>Features ranked by use</h2>")
    parts.append(
        _table(
            ["Kind", "Feature", "Resources", "Open h", "Booked h", "Utilisation", "Share"],
            [
                [
                    f.kind,
                    f.feature,
                    str(f.resources),
                    _fmt(f.open_hours),
                    _fmt(f.booked_hours),
                    _fmt(f.utilisation, "pct") if f.utilisation is not None else DASH,
                    _fmt(f.share, "pct") if f.share is not None else DASH,
                ]
                for f in report.features
            ],
        )
    )
    parts.append(_method(report.features_method))
    return "".join(parts)


def page(scope: Scope, sections: Sequence[str]) -> str:
    title = f"Reports: {scope.site_name}, {scope.first_day} to {scope.last_day}"
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f"<h1>{escape(scope.site_name)}</h1>"
        f'<p class="meta">{escape(str(scope.first_day))} to {escape(str(scope.last_day))} '
        f"(local days, {escape(scope.timezone)}), {scope.days} days; figures as of "
        f"{escape(scope.as_of.strftime('%Y-%m-%d %H:%M UTC'))}.</p>"
        f'<p class="meta">{escape(scope.privacy)}</p>' + "".join(sections) + "</body></html>"
    )
