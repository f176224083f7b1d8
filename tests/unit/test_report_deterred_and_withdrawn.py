"""The report page says plainly that deterred demand is not seen, with the empty searches as
its hint, and counts the bookings withdrawn before they started apart, in both languages."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from projections.reports import demand_report, specification_report, utilisation_report
from service.presentation.i18n import Lang
from service.reporting import charts
from service.reporting.html import render_page
from tests.unit.report_rows import TUESDAY, Rows, members


def page(rows: Rows, lang: str) -> str:
    data = rows.input(TUESDAY, TUESDAY)
    t = Lang(lang)
    utilisation, demand = utilisation_report(data), demand_report(data)
    spec = specification_report(data)
    return render_page(
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


@pytest.fixture
def rows() -> Rows:
    r = Rows()
    m = members(4)
    desk1, desk2 = r.resource("desk", "Desk 1"), r.resource("desk", "Desk 2")
    r.book(m[0], desk1, TUESDAY, "08:00", "12:00", checked_in_at="08:00")
    r.book(m[1], desk2, TUESDAY, "08:00", "10:00", cancelled_at="before")
    r.book(m[2], desk2, TUESDAY, "10:00", "12:00")
    r.book(m[3], desk1, TUESDAY, "12:00", "14:00")  # after closing: a member, no request
    for member in m[:3]:
        r.search(member, "desk", TUESDAY, "13:00", "15:00")
    return r


@pytest.mark.parametrize(
    ("lang", "deterred", "hint", "withdrawn"),
    [
        (
            "sv",
            "Avskräckt efterfrågan syns inte",
            "Sökningarna som inte hittade något ledigt",
            "1 av de 3 förfrågningarna var bokningar som togs tillbaka innan de började",
        ),
        (
            "en",
            "Deterred demand is not seen",
            "The searches that found nothing free",
            "1 of the 3 requests were bookings withdrawn before they started",
        ),
    ],
)
def test_the_page_names_deterred_demand_and_the_withdrawn_bookings(
    rows: Rows, lang: str, deterred: str, hint: str, withdrawn: str
) -> None:
    html = page(rows, lang)

    assert deterred in html
    assert hint in html
    assert withdrawn in html
