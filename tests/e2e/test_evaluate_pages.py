"""The evaluators' pages: the localities side by side, a site's reports with charts and the
tables behind them, the Kravspecifikation per site and for the pilot, CSV, a period that
cannot be shown as a form error in the page's language, and the report page of the API
opened with the web session."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import TestClient

from service.registry.accounts import Accounts
from tests.e2e.test_web_pages import (  # noqa: F401
    accounts,
    office,
    seeded,
    sign_in,
    web,
    with_password,
)


@pytest.fixture
def evaluator(web: TestClient[Any], accounts: Accounts) -> TestClient[Any]:  # noqa: F811
    with_password(accounts, "evaluator@example.se")
    sign_in(web, "evaluator@example.se")
    return web


def test_the_evaluation_opens_with_the_localities_side_by_side(evaluator: TestClient[Any]) -> None:
    page = evaluator.get("/evaluate")

    assert page.status_code == 200
    for locality in ("Frövi", "Lindesberg", "Fellingsbro", "Vedevåg", "Guldsmedshyttan"):
        assert locality in page.text
    assert "Rekommenderade skrivbord" in page.text and "Pilotens kravspecifikation" in page.text


def test_a_sites_page_has_charts_with_tables_csv_and_print(
    evaluator: TestClient[Any],
    office: str,  # noqa: F811
) -> None:
    page = evaluator.get(f"/evaluate/sites/{office}")

    assert page.status_code == 200
    assert page.text.count("<svg") >= 3 and "<figcaption>" in page.text
    assert "Diagrammets siffror som tabell" in page.text
    assert "data-print" in page.text and f"/evaluate/sites/{office}/csv/demand?" in page.text
    assert "item:" not in page.text
    assert "Nekade förfrågningar" in page.text  # the three refusal terms are explained


def test_the_kravspecifikation_of_a_site_and_of_the_pilot(
    evaluator: TestClient[Any],
    office: str,  # noqa: F811
) -> None:
    pilot = evaluator.get("/evaluate/specification")
    site = evaluator.get(f"/evaluate/sites/{office}/specification?lang=en")

    assert site.status_code == 200 and "Requirements specification:" in site.text
    assert "Opening hours worth having" in site.text and "How each figure is counted" in site.text
    assert pilot.status_code == 200 and "Pilotens kravspecifikation" in pilot.text


def test_csv_of_a_sites_report(evaluator: TestClient[Any], office: str) -> None:  # noqa: F811
    response = evaluator.get(f"/evaluate/sites/{office}/csv/specification")

    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "Andel tillgodosedda förfrågningar nu" in response.text


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("from=2026-02-30", "2026-02-30 är inget datum"),
        ("to=0001-01-05", "En rapport omfattar dagar från år 1900"),
        ("from=9999-12-30", "En rapport omfattar dagar från år 1900"),
        ("from=2026-03-10&to=2026-03-01", "Perioden slutar innan den börjar."),
    ],
)
def test_a_period_that_cannot_be_shown_is_a_form_error_in_swedish(
    evaluator: TestClient[Any],
    office: str,  # noqa: F811
    query: str,
    said: str,
) -> None:
    for path in (f"/evaluate/sites/{office}", f"/evaluate/sites/{office}/specification"):
        page = evaluator.get(f"{path}?{query}")
        assert page.status_code == 400, page.text[:300]
        assert said in page.text and 'role="alert"' in page.text


def test_the_report_page_of_the_api_takes_the_web_session(
    evaluator: TestClient[Any],
    office: str,  # noqa: F811
) -> None:
    assert evaluator.get(f"/reports/{office}").status_code == 200


def test_the_report_page_of_the_api_without_a_session_or_token_is_refused(
    web: TestClient[Any],  # noqa: F811
    office: str,  # noqa: F811
) -> None:
    assert web.get(f"/reports/{office}").status_code == 401
