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
    busiest: int | None = None  # the busiest four weeks' advice; None: period too short
    busiest_days: tuple[date, date] | None = None
    withdrawn: int | None = None  # bookings withdrawn before they started
    # No request in the period: no evidence either way, so the advice is to keep what is
    # there (as the decision summary says), not the replay's 0, which reads as "remove all".
    no_requests: bool = False


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
                # the units open are no one's doing: shown even when the advice is hidden
                now = max((d.units_open for d in p.daily), default=None) if p else None
                cells[kind] = PilotCell(now, None, None, None, hidden=p is not None)
            else:
                b = c.busiest
                none = c.requests == 0
                cells[kind] = PilotCell(
                    c.recorded_capacity,
                    c.recorded_capacity if none else c.capacity,
                    None if none else c.interval_low,
                    None if none else c.interval_high,
                    False,
                    b.capacity if b else None,
                    (b.first_day, b.last_day) if b else None,
                    c.withdrawn,
                    no_requests=none,
                )
        rows.append(PilotRow(name, cells))
    return rows


def totals(rows: Sequence[PilotRow]) -> dict[str, PilotCell]:
    """The sum over the sites, for each pool; an advice hidden at any site leaves the total
    advice unknown (a sum without it would be read as the pilot's). The busiest four weeks
    add up each site's own busiest weeks (what to furnish for every site's busiest month);
    unknown when a site with the pool has none."""
    out = {}
    for kind in POOLS:
        cells = [r.cells[kind] for r in rows]
        hidden = any(c.hidden for c in cells)
        present = [c for c in cells if c.advice is not None]
        busiest_known = bool(present) and all(c.busiest is not None for c in present)
        out[kind] = PilotCell(
            sum(c.now or 0 for c in cells),
            None if hidden else sum(c.advice or 0 for c in cells),
            None,
            None,
            hidden,
            sum(c.busiest or 0 for c in present) if busiest_known and not hidden else None,
            None,
            None if hidden else sum(c.withdrawn or 0 for c in cells),
        )
    return out


def pilot_spreadsheet(t: Lang, rows: Sequence[PilotRow]) -> str:
    headers = [
        t("Site"),
        t("Desks now"),
        t("Desks recommended"),
        t("Desks: interval from"),
        t("Desks: interval to"),
        t("Desks: busiest four weeks"),
        t("Desks: busiest four weeks from"),
        t("Desks: busiest four weeks until"),
        t("Desks: withdrawn bookings"),
        t("Rooms now"),
        t("Rooms recommended"),
        t("Rooms: interval from"),
        t("Rooms: interval to"),
        t("Rooms: busiest four weeks"),
        t("Rooms: busiest four weeks from"),
        t("Rooms: busiest four weeks until"),
        t("Rooms: withdrawn bookings"),
    ]
    total = totals(rows)

    def line(site: str, cells: dict[str, PilotCell]) -> list[object]:
        out: list[object] = [site]
        for kind in POOLS:
            c = cells[kind]
            if c.now is None and not c.hidden:  # no such pool at the site
                out += ["\N{EN DASH}"] * 8
                continue
            busiest: list[object] = ["", "", ""]  # a period too short for them
            if c.hidden:
                busiest = [None, None, None]
            elif c.busiest is not None:
                busiest = [c.busiest, *(c.busiest_days or ("", ""))]
            interval: list[object] = [c.low, c.high]
            if c.no_requests:
                interval = [t("no requests: keep what there is"), ""]
            out += [c.now, c.advice, *interval, *busiest, c.withdrawn]
        return out

    table = Table(
        "",
        headers,
        [*(line(r.site, r.cells) for r in rows), line(t("All sites"), total)],
    )
    return write(t, [(t("Recommended desks and rooms per site"), table)])


def pilot_file_name(t: Lang, first: date, last: date, extension: str = "csv") -> str:
    return f"{slug(t('specification'))}-{slug(t('pilot'))}-{first}-{last}.{extension}"
