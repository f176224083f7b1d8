"""Who's in, in a real browser at 390 px: a member chooses to be seen on My data and books
a desk; another member sees her first name and desk on that day's page, with a link to book
the place next to her. Screenshot in test-artifacts/browser/."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, Server, bookable_day, shot

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _member(browser: Any, server: Server, name: str, email: str) -> Any:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, base_url=server.url, locale="sv-SE"
    )
    page = context.new_page()
    page.goto("/sign-up")
    page.get_by_label("Ditt namn").fill(name)
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_label("Inbjudningskod").fill(server.invitation)
    page.get_by_role("button", name="Skapa konto").click()
    page.wait_for_url(re.compile(rf"/sites/{server.office_id}"))
    return context, page


def test_a_member_who_chose_it_is_seen_on_the_day_page_at_390_px(
    browser: Any, server: Server
) -> None:
    day = bookable_day(datetime.now(STOCKHOLM).date() + timedelta(days=11)).isoformat()
    seen_context, seen = _member(browser, server, "Vera Synlig", "vera.synlig@example.se")
    other_context, other = _member(browser, server, "Olle Annan", "olle.annan@example.se")
    try:
        seen.goto("/my/data")
        seen.get_by_label("Visa mitt förnamn och var jag sitter").check()
        seen.locator("form[action='/my/presence']").get_by_role("button", name="Spara").click()
        expect(seen.get_by_text("Sparat.")).to_be_visible()
        seen.goto(f"/sites/{server.office_id}?date={day}&kind=desk&start=09:00&end=12:00")
        seen.get_by_role("button", name="Boka Skrivbord 2 09:00\N{EN DASH}12:00").click()
        seen.wait_for_url(re.compile("/my/bookings"))

        other.goto(f"/sites/{server.office_id}?date={day}")

        section = other.locator("section.whos-in")
        expect(section).to_contain_text("Vera")
        expect(section).to_contain_text("Skrivbord 2")
        expect(section).not_to_contain_text("Synlig")
        expect(section.get_by_role("link", name=re.compile("bredvid Vera"))).to_be_visible()
        assert other.evaluate("document.documentElement.scrollWidth") <= 390
        section.scroll_into_view_if_needed()
        shot(other, "whos-in-day-page-390")
    finally:
        seen_context.close()
        other_context.close()
