"""Reports as tables: CSV (one tidy table per report) and plain text for the terminal."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import msgspec

from projections.reports import (
    DemandReport,
    SpecificationReport,
    UtilisationReport,
    WhatIfReport,
)
from projections.reports.advice import BusiestWeeks
from projections.reports.facts import WEEKDAYS


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[Any]]


def _struct_rows(items: Sequence[msgspec.Struct], columns: list[str]) -> list[list[Any]]:
    return [[getattr(item, c) for c in columns] for item in items]


def _fields(cls: type[msgspec.Struct]) -> list[str]:
    return [f.name for f in msgspec.structs.fields(cls)]


def utilisation_tables(report: UtilisationReport) -> list[Table]:
    cols = _fields(type(report.total))
    m = report.matrix.values
    return [
        Table(
            f"Utilisation by {report.group}", cols, _struct_rows([report.total, *report.rows], cols)
        ),
        Table(
            "Peak concurrent use per day",
            ["day", "pool", "peak_in_use", "units_open", "suppressed"],
            _struct_rows(report.peaks, ["day", "pool", "peak_in_use", "units_open", "suppressed"]),
        ),
        Table(
            "Utilisation by local hour (columns) and weekday (rows)",
            ["weekday", *(f"{h:02d}" for h in range(24))],
            [[WEEKDAYS[d], *m["utilisation"][d]] for d in range(7)],
        ),
    ]


def demand_tables(report: DemandReport) -> list[Table]:
    cols = ["key", "label", "requests", "unmet_requests", "unmet_hours", "suppressed"]
    reason_cols = _fields(type(report.by_reason[0])) if report.by_reason else ["rule"]
    return [
        Table(
            "Totals",
            _fields(type(report.totals)),
            _struct_rows([report.totals], _fields(type(report.totals))),
        ),
        Table("Refused by reason", reason_cols, _struct_rows(report.by_reason, reason_cols)),
        Table("By pool", cols, _struct_rows(report.by_pool, cols)),
        Table("By weekday", cols, _struct_rows(report.by_weekday, cols)),
        Table("By local hour of the start", cols, _struct_rows(report.by_hour, cols)),
    ]


def specification_tables(report: SpecificationReport) -> list[Table]:
    capacity = Table(
        f"Capacity serving {report.service_level:.0%} of the requests (replayed)",
        [
            "pool",
            "requests",
            "demand_hours",
            "capacity",
            "interval_low",
            "interval_high",
            "served_share",
            "served_hours_share",
            "capacity_by_hours",
            "recorded_capacity",
            "served_share_at_recorded",
            "served_hours_share_at_recorded",
            "busiest_capacity",
            "busiest_first_day",
            "busiest_last_day",
            "withdrawn",
            "suppressed",
        ],
        [],
    )
    curve = Table(
        "Served share against capacity (replay)",
        ["pool", "capacity", "served_share", "served_hours_share"],
        [],
    )
    levels = Table(
        "Concurrent demand: hours with exactly N units demanded / held",
        ["pool", "units", "hours_demand", "hours_served"],
        [],
    )
    for p in report.pools:
        c = p.capacity
        capacity.rows.append(
            [
                p.pool,
                *(
                    [
                        c.requests,
                        c.demand_hours,
                        c.capacity,
                        c.interval_low,
                        c.interval_high,
                        c.served_share,
                        c.served_hours_share,
                        c.capacity_by_hours,
                        c.recorded_capacity,
                        c.served_share_at_recorded,
                        c.served_hours_share_at_recorded,
                        *_busiest(c.busiest),
                        c.withdrawn,
                    ]
                    if c
                    else [None] * 15
                ),
                p.suppressed,
            ]
        )
        if c:
            curve.rows += [
                [p.pool, pt.capacity, pt.served_share, pt.served_hours_share] for pt in c.curve
            ]
        levels.rows += [
            [p.pool, lv.units, lv.hours_demand, lv.hours_served] for lv in p.distribution
        ]
    opening = Table(
        f"Hours with an average demand of at least {report.min_average_demand} units",
        ["pool", "weekday", "hours"],
        [
            [p.pool, w, " ".join(f"{a}-{b}" for a, b in p.justified_hours.get(w, []))]
            for p in [report.opening, *report.pools]
            for w in WEEKDAYS
            if p.justified_hours.get(w)
        ],
    )
    feature_cols = [
        "kind",
        "feature",
        "item",
        "resources",
        "open_hours",
        "booked_hours",
        "utilisation",
        "share",
        "suppressed",
    ]
    features = Table(
        "Features ranked by use", feature_cols, _struct_rows(report.features, feature_cols)
    )
    return [capacity, curve, levels, opening, features]


def _busiest(busiest: BusiestWeeks | None) -> list[Any]:
    """The busiest four weeks' advice and days; empty cells for a period too short to have
    them (not hidden: there is nothing to hide)."""
    if busiest is None:
        return ["", "", ""]
    return [busiest.capacity, busiest.first_day, busiest.last_day]


def whatif_tables(report: WhatIfReport) -> list[Table]:
    cols = _fields(type(report.total))
    return [Table("What if", cols, _struct_rows([report.total, *report.pools], cols))]


def tables_of(report: msgspec.Struct) -> list[Table]:
    if isinstance(report, UtilisationReport):
        return utilisation_tables(report)
    if isinstance(report, DemandReport):
        return demand_tables(report)
    if isinstance(report, SpecificationReport):
        return specification_tables(report)
    if isinstance(report, WhatIfReport):
        return whatif_tables(report)
    raise TypeError(f"no tables for {type(report).__name__}")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    """A value as a CSV cell. A text (a name a host typed) that a spreadsheet would read as
    a formula gets a leading apostrophe; numbers are written as they are."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return str(value)


def to_csv(report: msgspec.Struct) -> str:
    """One CSV table: a ``table`` column says which of the report's tables a row is from;
    the header of each table is given as a row whose ``table`` is ``#columns``.

    The utilisation report's CSV is its group table alone (the total first), the form a
    spreadsheet wants; the other reports give all their tables this way."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    tables = tables_of(report)
    if isinstance(report, UtilisationReport):
        writer.writerow(tables[0].columns)
        writer.writerows([[_cell(v) for v in row] for row in tables[0].rows])
        return out.getvalue()
    for table in tables:
        writer.writerow(["#columns", table.title, *table.columns])
        writer.writerows([["row", table.title, *(_cell(v) for v in row)] for row in table.rows])
    return out.getvalue()


def to_text(report: msgspec.Struct) -> str:
    """Every table of the report, aligned, for a terminal."""
    blocks = []
    for table in tables_of(report):
        cells = [table.columns, *[[_text_cell(v) for v in row] for row in table.rows]]
        widths = [max(len(row[i]) for row in cells) for i in range(len(table.columns))]
        lines = [table.title, "=" * len(table.title)]
        for n, row in enumerate(cells):
            lines.append(
                "  ".join(
                    c.ljust(w) if i == 0 or not _numeric(c) else c.rjust(w)
                    for i, (c, w) in enumerate(zip(row, widths, strict=True))
                ).rstrip()
            )
            if n == 0:
                lines.append("  ".join("-" * w for w in widths))
        if not table.rows:
            lines.append("(none)")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _text_cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.2f}" if abs(value) < 1e6 else f"{value:.0f}"
    return _cell(value)


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
