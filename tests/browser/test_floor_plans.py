"""Floor plans in a real browser at 390 and 1280 px: the demo office's plan on its day page
(labels readable, every shape a big enough target, no sideways scrolling), on the lobby
screen, and in the host's editor with a preview that stores nothing. Screenshots in
test-artifacts/browser/."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, Server, bookable_day, shot, sign_in

WIDTHS = [390, 1280]


def _context(browser: Any, server: Server, width: int) -> Any:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, base_url=server.url, locale="sv-SE"
    )
    context.set_default_timeout(10_000)
    return context


def _no_sideways_scrolling(page: Any, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def _shapes(page: Any) -> list[dict[str, Any]]:
    boxes: list[dict[str, Any]] = page.evaluate(
        """() => [...document.querySelectorAll('svg.floor .place')].map(p => {
            const box = p.querySelector('rect').getBoundingClientRect();
            const text = p.querySelector('text').getBoundingClientRect();
            return {label: p.getAttribute('aria-label'), width: box.width,
                    height: box.height, text: text.height, fits: text.width <= box.width};
        })"""
    )
    return boxes


@pytest.mark.parametrize("width", WIDTHS)
def test_the_office_plan_on_the_day_page_reads_at_each_width(
    browser: Any, server: Server, width: int
) -> None:
    context = _context(browser, server, width)
    try:
        page = context.new_page()
        page.goto("/sign-up")
        page.get_by_label("Ditt namn").fill(f"Fia Plan {width}")
        page.get_by_label("E-postadress").fill(f"fia.plan.{width}@example.se")
        page.get_by_label("Lösenord").fill(PASSWORD)
        page.get_by_label("Inbjudningskod").fill(server.invitation)
        page.get_by_role("button", name="Skapa konto").click()
        page.wait_for_url(re.compile(rf"/sites/{server.office_id}"))
        # A day of its own for each width: Skrivbord 12 is booked once a day.
        day = bookable_day(date.today())
        if width != WIDTHS[0]:
            day = bookable_day(day)
        query = f"date={day.isoformat()}&start=09:00&end=12:00"
        page.goto(f"/sites/{server.office_id}?{query}&kind=desk")
        page.get_by_role("button", name="Boka Skrivbord 12 09:00\N{EN DASH}12:00").click()
        page.goto(f"/sites/{server.office_id}?{query}")

        plan = page.locator("svg.floor")
        expect(plan).to_be_visible()
        expect(page.locator("a.place.mine")).to_have_count(1)
        expect(page.get_by_role("list", name="Teckenförklaring")).to_be_visible()
        expect(page.get_by_text("Skrivbord 11", exact=False).first).to_be_attached()
        shapes = _shapes(page)
        assert len(shapes) == 18
        # Every shape is a target of at least 44 by 44 px; labels at least 11 px and inside.
        assert min(min(s["width"], s["height"]) for s in shapes) >= 44, shapes
        assert min(s["text"] for s in shapes) >= 11, shapes
        assert [s["label"] for s in shapes if not s["fits"]] == []
        _no_sideways_scrolling(page, width)
        plan.scroll_into_view_if_needed()
        shot(page, f"day-page-plan-{width}")
    finally:
        context.close()


def _screen_url(browser: Any, server: Server) -> str:
    host = _context(browser, server, 1280)
    try:
        h = host.new_page()
        sign_in(h, "host@example.se")
        h.goto(f"/host/sites/{server.office_id}/codes")
        h.get_by_role("button", name="Gör en skärmlänk").click()
        url: str = h.get_by_label("Skärmlänk").input_value()
        return url
    finally:
        host.close()


def _revoke_screen_link(browser: Any, server: Server) -> None:
    """The shared server as it was: no screen link (the lobby screen's own test makes one)."""
    host = _context(browser, server, 1280)
    try:
        h = host.new_page()
        sign_in(h, "host@example.se")
        h.goto(f"/host/sites/{server.office_id}/codes")
        h.get_by_role("button", name="Återkalla skärmlänken").click()
    finally:
        host.close()


def test_the_lobby_screen_shows_the_plan_at_each_width(browser: Any, server: Server) -> None:
    url = _screen_url(browser, server)
    try:
        _look_at_the_screen(browser, server, url)
    finally:
        _revoke_screen_link(browser, server)


def _look_at_the_screen(browser: Any, server: Server, url: str) -> None:
    for width in WIDTHS:
        context = _context(browser, server, width)
        try:
            s = context.new_page()
            s.goto(url)
            plan = s.locator("svg.floor")
            expect(plan).to_be_visible()
            assert len(_shapes(s)) == 18
            assert (
                s.evaluate(
                    "() => document.querySelector('svg.floor image').getBoundingClientRect().width"
                )
                > 0
            )  # the walls and the entrance, through the screen's link
            _no_sideways_scrolling(s, width)
            shot(s, f"lobby-screen-plan-{width}")
        finally:
            context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_host_previews_a_plan_before_saving_it(
    browser: Any, server: Server, width: int
) -> None:
    context = _context(browser, server, width)
    try:
        page = context.new_page()
        sign_in(page, "host@example.se")
        tab = f"/host/sites/{server.office_id}/plan"
        page.goto(tab)
        column = page.get_by_label("Kolumn Skrivbord 1", exact=True)
        stored = column.input_value()

        column.fill("1")  # on Skrivbord 11
        page.get_by_role("button", name="Förhandsgranska").click()
        expect(page.get_by_text("två resurser delar en ruta (kolumn 1, rad 1)")).to_be_visible()

        page.get_by_label("Kolumn Skrivbord 1", exact=True).fill("10")  # a free corner
        page.get_by_label("Rad Skrivbord 1", exact=True).fill("9")
        page.get_by_role("button", name="Förhandsgranska").click()
        expect(
            page.get_by_role("heading", name="Förhandsgranskning: inte sparad än")
        ).to_be_visible()
        moved = page.locator('svg.floor g.place[aria-label^="Skrivbord 1:"] rect').first
        expect(moved).to_have_attribute("x", str((10 - 1) * 40 + 2))
        _no_sideways_scrolling(page, width)
        page.locator("#preview").scroll_into_view_if_needed()
        shot(page, f"host-plan-preview-{width}")

        page.goto(tab)
        assert page.get_by_label("Kolumn Skrivbord 1", exact=True).input_value() == stored
    finally:
        context.close()
