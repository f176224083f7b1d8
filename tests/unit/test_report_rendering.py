"""Reports drawn and tabulated: inline SVG charts, CSV, terminal tables and the printable
HTML page, from hand-built rows (no store, no HTTP)."""

from __future__ import annotations

import csv
import io
import re
from types import SimpleNamespace

import pytest

from projections.reports import demand_report, specification_report, utilisation_report
from service.presentation.i18n import Lang
from service.reporting import charts
from service.reporting.html import render_page
from service.reporting.tables import _cell as csv_cell
from service.reporting.tables import to_csv, to_text
from tests.unit.report_rows import TUESDAY, Rows, members


@pytest.fixture
def rows() -> Rows:
    r = Rows()
    m = members(4)
    desk1, desk2 = r.resource("desk", "Desk 1"), r.resource("desk", "Desk 2")
    r.book(m[0], desk1, TUESDAY, "08:00", "12:00", checked_in_at="08:00")
    r.book(m[1], desk2, TUESDAY, "08:00", "10:00")
    r.book(m[2], desk2, TUESDAY, "10:00", "12:00")
    r.refuse(m[3], "desk", TUESDAY, "09:00", "11:00")
    return r


def test_the_utilisation_csv_is_one_table_with_the_total_first(rows: Rows) -> None:
    report = utilisation_report(rows.input(TUESDAY, TUESDAY), "kind")

    table = list(csv.DictReader(io.StringIO(to_csv(report))))

    assert [r["key"] for r in table] == ["total", "desk"]
    assert table[0]["booked_hours"] == "8.0" and table[0]["open_hours"] == "8.0"
    assert table[0]["suppressed"] == "false"


def test_the_demand_csv_names_the_table_of_each_row(rows: Rows) -> None:
    lines = list(csv.reader(io.StringIO(to_csv(demand_report(rows.input(TUESDAY, TUESDAY))))))

    assert lines[0][:3] == ["#columns", "Totals", "attempts"]
    assert {line[1] for line in lines} >= {"Totals", "Refused by reason", "By weekday"}


@pytest.mark.parametrize("typed", ["=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_a_csv_cell_a_spreadsheet_would_run_as_a_formula_starts_with_an_apostrophe(
    typed: str,
) -> None:
    assert csv_cell(typed) == "'" + typed
    assert csv_cell(-2) == "-2" and csv_cell("Skrivbord 1") == "Skrivbord 1"


def test_the_text_tables_show_hidden_figures_as_a_dash(rows: Rows) -> None:
    rows.resource("room", "Room")
    rows.book(members(1)[0], rows.resources[-1].id, TUESDAY, "08:00", "09:00")

    text = to_text(utilisation_report(rows.input(TUESDAY, TUESDAY), "kind"))

    assert "Utilisation by kind" in text
    room = next(line for line in text.splitlines() if line.startswith("room"))
    assert " - " in room and room.rstrip().endswith("true")


def test_the_page_is_self_contained_and_prints(rows: Rows) -> None:
    data = rows.input(TUESDAY, TUESDAY)
    t = Lang("sv")
    utilisation, demand = utilisation_report(data), demand_report(data)
    spec = specification_report(data)
    html = render_page(
        t,
        site=SimpleNamespace(id=data.site.id, name=data.site.name),
        first=TUESDAY,
        last=TUESDAY,
        which=("utilisation", "demand", "specification"),
        utilisation=utilisation,
        demand=demand,
        spec=spec,
        charts=charts.site_charts(utilisation, demand, spec, t),
    )

    assert html.startswith("<!doctype html>") and '<html lang="sv">' in html
    assert html.count("<svg") >= 3 and "<figcaption>" in html
    assert "Nyttjande" in html or "Beläggning" in html
    assert "@media print" in html
    assert "<script" not in html
    assert not re.search(r"(src|href)=\"https?://", html)
