"""The pilot's Kravspecifikation side by side: per site and pool what is there now and what
the evidence supports, with the pilot's totals; one table for the page and its spreadsheet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from projections.reports.specification import SpecificationReport
from service.presentation.i18n import Lang
from service.reporting.spreadsheet import Table, slug, write

POOLS = ("desk", "room")


@dataclass
class PilotCell:
    now: int | None
    advice: int | None  # None: hidden, or no pool of that kind
    low: int | None
    high: int | None
    hidden: bool


@dataclass
class PilotRow:
    site: str
    cells: dict[str, PilotCell]


def pilot_rows(specs: Sequence[tuple[str, SpecificationReport]]) -> list[PilotRow]:
    rows = []
    for name, spec in specs:
        cells = {}
        for kind in POOLS:
            p = next((x for x in spec.pools if x.pool == kind), None)
            c = p.capacity if p else None
            if c is None:
                cells[kind] = PilotCell(None, None, None, None, hidden=p is not None)
            else:
                cells[kind] = PilotCell(
                    c.recorded_capacity, c.capacity, c.interval_low, c.interval_high, False
                )
        rows.append(PilotRow(name, cells))
    return rows


def totals(rows: Sequence[PilotRow]) -> dict[str, PilotCell]:
    """The sum over the sites, for each pool; an advice hidden at any site leaves the total
    advice unknown (a sum without it would be read as the pilot's)."""
    out = {}
    for kind in POOLS:
        cells = [r.cells[kind] for r in rows]
        hidden = any(c.hidden for c in cells)
        out[kind] = PilotCell(
            sum(c.now or 0 for c in cells),
            None if hidden else sum(c.advice or 0 for c in cells),
            None,
            None,
            hidden,
        )
    return out


def pilot_spreadsheet(t: Lang, rows: Sequence[PilotRow]) -> str:
    columns = [
        "site",
        "desk_now",
        "desk_advice",
        "desk_low",
        "desk_high",
        "room_now",
        "room_advice",
        "room_low",
        "room_high",
    ]
    headers = {
        "site": t("Site"),
        "desk_now": t("Desks now"),
        "desk_advice": t("Desks recommended"),
        "desk_low": t("Desks: interval from"),
        "desk_high": t("Desks: interval to"),
        "room_now": t("Rooms now"),
        "room_advice": t("Rooms recommended"),
        "room_low": t("Rooms: interval from"),
        "room_high": t("Rooms: interval to"),
    }
    total = totals(rows)

    def line(site: str, cells: dict[str, PilotCell]) -> list[object]:
        out: list[object] = [site]
        for kind in POOLS:
            c = cells[kind]
            if c.now is None and not c.hidden:  # no such pool at the site
                out += ["\N{EN DASH}"] * 4
            else:
                out += [c.now, c.advice, c.low, c.high]
        return out

    table = Table(
        "",
        [headers[c] for c in columns],
        [*(line(r.site, r.cells) for r in rows), line(t("All sites"), total)],
    )
    return write(t, [(t("Recommended desks and rooms per site"), table)])


def pilot_file_name(t: Lang, first: date, last: date) -> str:
    return f"{slug(t('specification'))}-{slug(t('pilot'))}-{first}-{last}.csv"
