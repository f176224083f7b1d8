"""The Kravspecifikation as a PDF: downloaded from the pages' links, its text (read with
pypdf) holds the JSON API's numbers, in Swedish without the English method texts; bad
periods, values and sites are problem details, never a server error."""

from __future__ import annotations

import html
import io
import re
from datetime import date
from typing import Any
from uuid import uuid4

import pypdf
import pytest
from litestar.testing import TestClient

from service.presentation.i18n import Lang
from service.reporting.methods import PRIVACY
from tests.e2e.test_report_methods import api_method_texts, method_texts
from tests.e2e.test_report_spreadsheets import client, history  # noqa: F401
from tests.report_history import History

pytestmark = pytest.mark.both_stores

# Five weeks around the history (26-29 March 2026): long enough for the busiest four weeks.
PERIOD = "from=2026-03-02&to=2026-04-05"
SV = Lang("sv")


def link(page_text: str, ending: str) -> str:
    """The href of the page's link whose path ends with ``ending``."""
    hrefs = re.findall(r'href="([^"]+)"', html.unescape(page_text))
    return next(h for h in hrefs if h.split("?")[0].endswith(ending))


def pdf(client: TestClient[Any], path: str) -> tuple[str, str]:  # noqa: F811
    """The Content-Disposition and the text of every page of the PDF at ``path``."""
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/pdf")
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return response.headers["content-disposition"], "\n".join(
        page.extract_text() for page in reader.pages
    )


def squashed(text: str) -> str:
    """Without any white space: the PDF wraps lines and table cells where it likes."""
    return re.sub(r"\s+", "", text)


def in_order(text: str, pieces: list[str]) -> list[str]:
    """The pieces not found in ``text`` one after another (white space ignored)."""
    rest, missing = squashed(text), []
    for piece in pieces:
        at = rest.find(squashed(piece))
        if at < 0:
            missing.append(piece)
        else:
            rest = rest[at + len(squashed(piece)) :]
    return missing


def api_spec(client: TestClient[Any], site: str) -> Any:  # noqa: F811
    response = client.get(
        f"/api/reports/specification?site_id={site}&{PERIOD}",
        headers={"Authorization": f"Bearer {client.token}"},  # type: ignore[attr-defined]
    )
    assert response.status_code == 200, response.text
    return response.json()


def desk_row(advice: dict[str, Any]) -> list[str]:
    """The desk row of the specification's table as the API's figures read in Swedish."""
    busiest = advice["busiest"]
    return [
        "Skrivbord",
        SV.number(advice["capacity"]),
        SV.number(busiest["capacity"]),
        SV.date(date_of(busiest["first_day"])),
        SV.number(advice["recorded_capacity"]),
        SV.number(advice["requests"]),
        SV.percent(advice["served_share_at_recorded"]),
        SV.percent(advice["served_hours_share_at_recorded"]),
        SV.percent(advice["served_share"]),
        SV.percent(advice["served_hours_share"]),
    ]


def date_of(text: str) -> date:
    return date.fromisoformat(text)


def test_the_sites_pdf_from_its_page_holds_the_apis_advice_in_swedish(
    client: TestClient[Any],  # noqa: F811
    history: History,  # noqa: F811
) -> None:
    site = str(history.site_id)
    page = client.get(f"/evaluate/sites/{site}/specification?{PERIOD}")
    disposition, text = pdf(client, link(page.text, "/specification.pdf"))
    advice = next(p for p in api_spec(client, site)["pools"] if p["pool"] == "desk")["capacity"]

    assert 'filename="kravspecifikation-grannskapskontoret-frovi-2026-03-02-2026-04-05.pdf"' in (
        disposition
    )
    title = "Kravspecifikation: Grannskapskontoret Frövi, 2 mars 2026 \N{EN DASH} 5 apr. 2026"
    assert title in " ".join(text.split())
    assert advice["busiest"] is not None
    assert (
        in_order(text, ["Vad underlaget säger", "Rekommenderad kapacitet", *desk_row(advice)]) == []
    )
    assert in_order(text, ["Hur varje siffra räknas", SV(PRIVACY.text), "Ordlista"]) == []


def test_the_site_report_page_links_the_same_pdf(
    client: TestClient[Any],  # noqa: F811
    history: History,  # noqa: F811
) -> None:
    site = str(history.site_id)
    page = client.get(f"/evaluate/sites/{site}?{PERIOD}")

    assert link(page.text, "/specification.pdf") == (
        f"/reports/{site}/specification.pdf?{PERIOD}&lang=sv"
    )


def test_the_pilots_pdf_from_its_page_holds_the_sites_side_by_side_with_totals(
    client: TestClient[Any],  # noqa: F811
    history: History,  # noqa: F811
) -> None:
    page = client.get(f"/evaluate/specification?{PERIOD}")
    disposition, text = pdf(client, link(page.text, "/specification.pdf"))
    advice = next(
        p for p in api_spec(client, str(history.site_id))["pools"] if p["pool"] == "desk"
    )["capacity"]

    assert 'filename="kravspecifikation-piloten-2026-03-02-2026-04-05.pdf"' in disposition
    row = [
        "Grannskapskontoret Frövi",
        "Skrivbord",
        SV.number(advice["recorded_capacity"]),
        SV.number(advice["capacity"]),
        SV.number(advice["busiest"]["capacity"]),
        SV.date(date_of(advice["busiest"]["first_day"])),
        SV.number(advice["withdrawn"]),
    ]
    header = ["Plats", "Vad", "Nu", "Rekommenderat", "De fyra mest belastade veckorna"]
    totals = [
        "Alla platser",
        "Skrivbord",
        SV.number(advice["recorded_capacity"]),
        SV.number(advice["capacity"]),
    ]
    assert in_order(text, [*header, "Bokningar som togs tillbaka", *row]) == []
    assert in_order(text, totals) == []
    assert (
        in_order(text, ["Grannskapskontoret Frövi", "Vad underlaget säger", *desk_row(advice)])
        == []
    )


def test_a_swedish_pdf_holds_no_english_method_text_and_an_english_one_does(
    client: TestClient[Any],  # noqa: F811
    history: History,  # noqa: F811
) -> None:
    site = str(history.site_id)
    english = [e for _, _, e, _ in method_texts()] + api_method_texts()
    for path in (f"/reports/{site}/specification.pdf", "/reports/specification.pdf"):
        _, swedish = pdf(client, f"{path}?{PERIOD}")
        _, in_english = pdf(client, f"{path}?{PERIOD}&lang=en")

        assert [e[:60] for e in english if squashed(e[:80]) in squashed(swedish)] == []
        assert "Requirements specification" in in_english
        assert in_order(in_english, ["How each figure is counted", PRIVACY.text]) == []


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ("from=2026-03-29&to=2026-03-01", 400, "to"),  # reversed
        ("from=2024-01-01&to=2026-03-01", 400, "from"),  # more than 731 days
        ("from=0001-01-05", 400, "from"),  # before the days a report covers
        ("from=2026-03-01%00", 400, "from"),  # a NUL byte
        ("from=" + "2" * 5000, 400, "from"),  # over-long
        ("to=2026-03-01%0A", 400, "to"),  # a control character
        ("lang=xx", 400, "lang"),
    ],
)
@pytest.mark.parametrize("which", ["site", "pilot"])
def test_bad_query_parameters_for_a_pdf_are_problem_details_naming_the_field(
    client: TestClient[Any],  # noqa: F811
    history: History,  # noqa: F811
    query: str,
    status: int,
    field: str,
    which: str,
) -> None:
    path = (
        f"/reports/{history.site_id}/specification.pdf"
        if which == "site"
        else ("/reports/specification.pdf")
    )
    response = client.get(f"{path}?{query}")

    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    names = [p["name"] for p in response.json().get("invalid_params", [])]
    assert field in names or field in response.json().get("detail", ""), response.json()


def test_the_pdf_of_an_unknown_site_is_a_404_problem(
    client: TestClient[Any],  # noqa: F811
    history: History,  # noqa: F811
) -> None:
    response = client.get(f"/reports/{uuid4()}/specification.pdf?{PERIOD}")

    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
