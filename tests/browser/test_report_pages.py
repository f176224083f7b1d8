"""The evaluators' report pages in Chromium, on a phone (360 px) and a desktop screen: the
localities side by side, a site's reports with charts, the Kravspecifikation of a site and of
the pilot, the print layout; no horizontal scrolling on the phone and no serious
accessibility problem. Screenshots go to test-artifacts/browser/."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Server, axe_violations, shot, sign_in

DESKTOP = {"width": 1280, "height": 900}
# The first visit of a site's page draws its charts (a dozen matplotlib drawings): seconds of
# CPU on a loaded machine, more than the default wait.
FIRST_DRAW_MS = 60_000


def _fits_the_phone(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url} is {width} px wide on a 360 px screen"


def test_the_evaluation_opens_with_the_localities_side_by_side(page: Any, server: Server) -> None:
    sign_in(page, "evaluator@example.se")
    page.goto("/evaluate")

    table = page.get_by_role("table", name="Beläggning, nekanden och råd per ort")
    expect(table).to_be_visible()
    for locality in ("Frövi", "Lindesberg", "Fellingsbro", "Vedevåg"):
        expect(table.get_by_text(locality, exact=False).first).to_be_visible()
    _fits_the_phone(page)
    shot(page, "20-evaluate-localities-phone")
    page.set_viewport_size(DESKTOP)
    shot(page, "20-evaluate-localities-desktop")


def test_a_sites_reports_have_charts_with_captions_and_tables(page: Any, server: Server) -> None:
    sign_in(page, "evaluator@example.se")
    page.goto(f"/evaluate/sites/{server.office_id}", timeout=FIRST_DRAW_MS)

    expect(page.locator("figure.chart svg").first).to_be_visible()
    assert page.locator("figure.chart figcaption").count() >= 3
    expect(page.get_by_role("button", name="Skriv ut")).to_be_visible()  # shown by app.js
    expect(page.get_by_role("link", name="Efterfrågan som CSV")).to_be_visible()
    _fits_the_phone(page)
    shot(page, "21-evaluate-site-phone")
    page.set_viewport_size(DESKTOP)
    shot(page, "21-evaluate-site-desktop")


def test_the_kravspecifikation_of_a_site_prints_without_the_forms(
    page: Any, server: Server
) -> None:
    sign_in(page, "evaluator@example.se")
    page.goto(f"/evaluate/sites/{server.office_id}/specification")

    expect(
        page.get_by_role("heading", name="Kravspecifikation: Grannskapskontoret Frövi")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Öppettider som lönar sig")).to_be_visible()
    _fits_the_phone(page)
    shot(page, "22-kravspecifikation-site-phone")
    page.set_viewport_size(DESKTOP)
    page.emulate_media(media="print")
    period = page.locator('form[aria-label="Period"]')
    assert period.count() == 1 and not period.is_visible()  # the period form is not printed
    shot(page, "22-kravspecifikation-site-print")


def test_the_kravspecifikation_of_the_pilot(page: Any, server: Server) -> None:
    sign_in(page, "evaluator@example.se")
    page.goto("/evaluate/specification")

    expect(page.get_by_role("heading", name="Pilotens kravspecifikation")).to_be_visible()
    expect(
        page.get_by_role("table", name="Rekommenderade skrivbord och rum per plats")
    ).to_be_visible()
    _fits_the_phone(page)
    shot(page, "23-kravspecifikation-pilot-phone")


def test_an_impossible_date_is_said_in_swedish_on_the_page(page: Any, server: Server) -> None:
    sign_in(page, "evaluator@example.se")
    page.goto(f"/evaluate/sites/{server.office_id}?from=2026-02-30")

    expect(page.get_by_role("alert")).to_contain_text("2026-02-30 är inget datum")
    shot(page, "24-evaluate-date-error")


@pytest.mark.parametrize(
    "path",
    [
        "/evaluate",
        "/evaluate/sites/{office}",
        "/evaluate/sites/{office}/specification",
        "/evaluate/specification",
    ],
)
def test_the_report_pages_have_no_serious_accessibility_problems(
    page: Any, server: Server, path: str
) -> None:
    sign_in(page, "evaluator@example.se")
    page.goto(path.format(office=server.office_id), timeout=FIRST_DRAW_MS)

    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
