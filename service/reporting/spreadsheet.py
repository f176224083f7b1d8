"""The reports as spreadsheets that open right in a Swedish Excel: CSV with a UTF-8 byte
order mark, semicolons between cells, decimal commas, the page's language in the titles,
headers and words, and the site and the period in the file name. The same tables as the
API's CSV (``tables.py``), with the same numbers; the API's CSV stays the machine's form."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import msgspec

from projections.reports import DemandReport, SpecificationReport, UtilisationReport
from projections.reports.facts import WEEKDAYS
from service.presentation.i18n import Lang
from service.reporting.fmt import Fmt
from service.reporting.tables import FORMULA_START, Table, tables_of

N_: Callable[[str], str] = str
BOM = "\ufeff"

HEADERS = {
    "key": N_("What"),
    "label": N_("Name"),
    "pool": N_("What"),
    "day": N_("Day"),
    "weekday": N_("Weekday"),
    "rule": N_("Reason"),
    "category": N_("Kind of reason"),
    "kind": N_("Kind"),
    "feature": N_("Feature"),
    "item": N_("Equipment item"),
    "hours": N_("Hours"),
    "units": N_("Units"),
    "open_hours": N_("Open hours"),
    "booked_hours": N_("Booked hours"),
    "checked_in_hours": N_("Checked-in hours"),
    "utilisation": N_("Booked share"),
    "occupancy": N_("Used share"),
    "bookings": N_("Bookings"),
    "cancelled": N_("Cancelled"),
    "checked_in": N_("Checked in"),
    "no_shows": N_("No-shows"),
    "cancellation_rate": N_("Cancelled share"),
    "no_show_rate": N_("No-show share"),
    "booked_hours_outside_open": N_("Booked hours outside opening hours"),
    "suppressed": N_("Hidden"),
    "peak_in_use": N_("Most in use"),
    "units_open": N_("Open"),
    "attempts": N_("Attempts"),
    "requests": N_("Requests"),
    "met_later": N_("Met later"),
    "unmet_requests": N_("Unmet requests"),
    "unmet_hours": N_("Unmet hours"),
    "unmet_capacity_hours": N_("Unmet hours: full"),
    "unmet_closed_hours": N_("Unmet hours: closed"),
    "no_match_requests": N_("Requests none could meet"),
    "demand_hours": N_("Hours asked for"),
    "capacity": N_("Capacity"),
    "interval_low": N_("Interval from"),
    "interval_high": N_("Interval to"),
    "served_share": N_("Share of requests served"),
    "served_hours_share": N_("Share of hours served"),
    "capacity_by_hours": N_("Capacity by hours"),
    "recorded_capacity": N_("Now"),
    "served_share_at_recorded": N_("Share of requests served now"),
    "served_hours_share_at_recorded": N_("Share of hours served now"),
    "hours_demand": N_("Hours with this many demanded"),
    "hours_served": N_("Hours with this many held"),
    "resources": N_("Resources"),
    "share": N_("Share of the kind's booked hours"),
    "served": N_("Served"),
    "refused_capacity": N_("Refused: full"),
    "refused_closed": N_("Refused: closed"),
    "recorded_served": N_("Served now"),
    "served_hours": N_("Hours served"),
    "busiest_capacity": N_("Busiest four weeks"),
    "busiest_first_day": N_("Busiest four weeks from"),
    "busiest_last_day": N_("Busiest four weeks until"),
    "withdrawn": N_("Withdrawn bookings"),
}

TITLES = {
    "utilisation": (
        N_("By kind"),
        N_("Most in use at once per day"),
        N_("Booked share by weekday and hour"),
    ),
    "demand": (
        N_("Totals"),
        N_("Why requests were refused"),
        N_("By kind"),
        N_("By weekday"),
        N_("By hour of the start"),
    ),
    "specification": (
        "",  # the capacity table: titled with its service level
        N_("Share served against the number (replay)"),
        N_("Hours with this many demanded and held at once"),
        N_("Opening hours worth having"),
        N_("Used (booked hours on resources with the feature)"),
    ),
}
NAMES = {
    "utilisation": N_("utilisation"),
    "demand": N_("demand"),
    "specification": N_("specification"),
}


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: "Grannskapskontoret Frövi" -> "...-frovi"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = "".join(c if c.isalnum() else " " for c in ascii_text.lower()).split()
    return "-".join(words) or "plats"


def file_name(t: Lang, report: str, site_name: str, first: date, last: date) -> str:
    return f"{slug(t(NAMES[report]))}-{slug(site_name)}-{first}-{last}.csv"


def report_name(report: msgspec.Struct) -> str:
    if isinstance(report, UtilisationReport):
        return "utilisation"
    if isinstance(report, DemandReport):
        return "demand"
    if isinstance(report, SpecificationReport):
        return "specification"
    return "what_if"


def spreadsheet(t: Lang, report: msgspec.Struct) -> str:
    """Every table of ``report``: its title, its headers, its rows, and an empty line."""
    name = report_name(report)
    tables = tables_of(report)
    titles = list(TITLES.get(name, ()))
    if isinstance(report, SpecificationReport):
        titles[0] = t(
            "Recommended capacity: %(level)s of the requests served",
            level=t.percent(report.service_level),
        )
    return write(
        t, [(t(titles[n]) if n < len(titles) else x.title, x) for n, x in enumerate(tables)]
    )


def write(t: Lang, tables: Sequence[tuple[str, Table]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    f = Fmt(t)
    for n, (title, table) in enumerate(tables):
        if n:
            writer.writerow([])
        writer.writerow([title])
        # "label" repeats "key" in English words: the key is written in the page's language
        keep = [n for n, c in enumerate(table.columns) if c != "label"]
        writer.writerow([t(HEADERS.get(c, c)) for c in (table.columns[n] for n in keep)])
        for row in table.rows:
            writer.writerow([cell(t, f, table.columns[n], row[n]) for n in keep])
    return BOM + out.getvalue()


def cell(t: Lang, f: Fmt, column: str, value: Any) -> str:
    """A value as Swedish Excel reads it: a decimal comma, words in the page's language,
    ``hidden`` for a figure hidden for privacy; a text a spreadsheet would run as a formula
    starts with an apostrophe."""
    if value is None:
        return t("hidden")
    if isinstance(value, bool):
        return t("yes") if value else t("no")
    if isinstance(value, float):
        text = f"{value:.4f}".rstrip("0").rstrip(".")
        return text.replace(".", t.locale.number_symbols["latn"]["decimal"])
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if column in ("pool", "key"):
        text = _key(t, f, text)
    elif column == "rule":
        text = f.rule(text)
    elif column == "category":
        text = f.category(text)
    elif column == "weekday":
        text = f.weekday(text)
    return "'" + text if text.startswith(FORMULA_START) else text


def _key(t: Lang, f: Fmt, key: str) -> str:
    """A row's key: a pool, a weekday, an hour or the total, in the page's language."""
    if key in ("all", "total"):
        return t("All together")
    if key.split(":")[0] in ("desk", "room", "equipment"):
        return f.pool(key)
    if key in WEEKDAYS:
        return f.weekday(key)
    return key
