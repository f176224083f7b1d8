"""Every figure of the evaluators' pages says how it is counted in the page's language: the
list of method texts in Swedish and English, and Swedish pages holding none of the English
ones (neither the pages' plain texts nor the API's exact method texts)."""

from __future__ import annotations

import html
from typing import Any

import pytest
from litestar.testing import TestClient

from projections.reports import advice, demand, specification, utilisation, whatif, wishes
from projections.reports.privacy import PRIVACY_METHOD
from service.presentation.i18n import Lang
from service.reporting.methods import GLOSSARY, PRIVACY, REPORTS
from tests.e2e.test_evaluate_pages import evaluator  # noqa: F401
from tests.e2e.test_web_pages import (  # noqa: F401
    accounts,
    office,
    seeded,
    web,
)

SV, EN = Lang("sv"), Lang("en")

WHAT_IF_FIGURES = {
    "capacity",
    "recorded_capacity",
    "requests",
    "served",
    "refused_capacity",
    "refused_closed",
    "recorded_served",
    "demand_hours",
    "served_hours",
    "unmet_hours",
    "open_hours",
    "utilisation",
}


def method_texts() -> list[tuple[str, str, str, str]]:
    """(report, figure, English, Swedish) for every figure the pages explain."""
    rows = [
        (report, m.key, EN(m.text), SV(m.text))
        for report, entries in REPORTS.items()
        for m in (*entries, PRIVACY)
    ]
    rows += [("glossary", term, EN(text), SV(text)) for term, text in GLOSSARY]
    return rows


def api_method_texts() -> list[str]:
    """The API's exact English method texts: the pages must not show them in Swedish."""
    texts = [*utilisation.METHOD.values(), *demand.METHOD.values(), whatif.METHOD]
    texts += [
        specification.DEMAND_METHOD,
        specification.DAILY_METHOD,
        specification.FEATURE_METHOD,
        wishes.WISHES_METHOD,
        advice.ADVICE_METHOD,
        PRIVACY_METHOD,
    ]
    return texts


def test_every_figure_has_its_method_in_swedish_and_in_english() -> None:
    rows = method_texts()

    for report, figure, english, swedish in rows:
        assert english and swedish, (report, figure)
        assert swedish != english, f"{report}.{figure} has no Swedish method text"
    assert {m.key for m in REPORTS["what_if"]} == WHAT_IF_FIGURES
    for figure in ("refused_capacity", "refused_closed", "recorded_served", "served_hours"):
        assert figure in {m.key for m in REPORTS["what_if"]}


@pytest.mark.parametrize(
    "path",
    [
        "/evaluate/sites/{office}?desk=3&room=1",
        "/evaluate/sites/{office}/specification",
        "/evaluate/specification",
    ],
)
def test_a_swedish_report_page_holds_no_english_method_text(
    evaluator: TestClient[Any],  # noqa: F811
    office: str,  # noqa: F811
    path: str,
) -> None:
    page = evaluator.get(path.format(office=office))
    assert page.status_code == 200
    text = html.unescape(page.text)

    english = [e for _, _, e, _ in method_texts()] + api_method_texts()
    shown = [e[:60] for e in english if e in text]
    assert shown == []
    assert "(på engelska)" not in text and '<div lang="en">' not in text
    assert "Hur varje siffra räknas" in text and "Ordlista" in text
    assert SV(PRIVACY.text) in text


def test_the_site_page_explains_every_figure_of_utilisation_demand_what_if_and_specification(
    evaluator: TestClient[Any],  # noqa: F811
    office: str,  # noqa: F811
) -> None:
    text = html.unescape(evaluator.get(f"/evaluate/sites/{office}?desk=3").text)

    missing = [
        (report, figure)
        for report, figure, _, swedish in method_texts()
        if report != "glossary" and swedish not in text
    ]
    assert missing == []


def test_an_english_report_page_explains_the_figures_in_english(
    evaluator: TestClient[Any],  # noqa: F811
    office: str,  # noqa: F811
) -> None:
    text = html.unescape(evaluator.get(f"/evaluate/sites/{office}?desk=3&lang=en").text)

    assert "How each figure is counted" in text
    assert EN(REPORTS["what_if"][4].text) in text  # refused_capacity
    assert SV(REPORTS["what_if"][4].text) not in text


def test_the_charts_legends_and_tooltips_are_in_swedish_on_a_swedish_page(
    evaluator: TestClient[Any],  # noqa: F811
    office: str,  # noqa: F811
) -> None:
    text = html.unescape(evaluator.get(f"/evaluate/sites/{office}").text)

    for english in ("Hour of the day", "Weekday", "Share served", "Number of units", "closed<"):
        assert english not in text
    for swedish in ("Timme på dygnet (från)", "Veckodag", "Bokad andel av öppettiden", "stängt"):
        assert swedish in text, swedish
