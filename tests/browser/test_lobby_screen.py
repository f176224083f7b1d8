"""The lobby screen in a real browser at 390 px: a host makes the screen link on the codes
page; a browser with nobody signed in opens it and sees today's office. Screenshot in
test-artifacts/browser/."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import Server, shot, sign_in


def test_the_lobby_screen_opens_from_its_link_without_sign_in_at_390_px(
    browser: Any, server: Server
) -> None:
    host = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server.url)
    screen = browser.new_context(
        viewport={"width": 390, "height": 844}, base_url=server.url, locale="sv-SE"
    )
    try:
        h = host.new_page()
        sign_in(h, "host@example.se")
        h.goto(f"/host/sites/{server.office_id}/codes")
        h.get_by_role("button", name="Gör en skärmlänk").click()
        url = h.get_by_label("Skärmlänk").input_value()
        assert "/screen/" in url

        s = screen.new_page()
        s.goto(url)

        expect(s.get_by_role("heading", name="Grannskapskontoret Frövi")).to_be_visible()
        expect(s.get_by_role("heading", name="Ledig i dag")).to_be_visible()
        expect(s.get_by_text("Skanna för att boka")).to_be_visible()
        assert s.locator('meta[http-equiv="refresh"]').count() == 1
        assert s.evaluate("document.documentElement.scrollWidth") <= 390
        shot(s, "lobby-screen-390")
    finally:
        host.close()
        screen.close()
