"""The page a desk's QR code opens, in a real browser at 390 px: a member who booked the
desk for a later day is told from when the booking can be checked in. Screenshot in
test-artifacts/browser/."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, Server, bookable_day, shot

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def test_scanning_ones_own_desk_before_check_in_opens_says_from_when_at_390_px(
    browser: Any, server: Server
) -> None:
    day = bookable_day(datetime.now(STOCKHOLM).date() + timedelta(days=9)).isoformat()
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, base_url=server.url, locale="sv-SE"
    )
    try:
        page = context.new_page()
        page.goto("/sign-up")
        page.get_by_label("Ditt namn").fill("Qvinna Kod")
        page.get_by_label("E-postadress").fill("qr.kod@example.se")
        page.get_by_label("Lösenord").fill(PASSWORD)
        page.get_by_label("Inbjudningskod").fill(server.invitation)
        page.get_by_role("button", name="Skapa konto").click()
        page.wait_for_url(re.compile(rf"/sites/{server.office_id}"))
        page.goto(f"/sites/{server.office_id}?date={day}&kind=desk&start=13:00&end=16:00")
        page.get_by_role("button", name="Boka Skrivbord 1 13:00\N{EN DASH}16:00").click()
        page.wait_for_url(re.compile("/my/bookings"))

        page.goto(f"/r/{server.desk_id}")

        expect(page.get_by_text("Din bokning här")).to_be_visible()
        expect(page.get_by_text(re.compile(r"Du kan checka in från .*12:45\."))).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        shot(page, "qr-own-desk-before-check-in-390")
    finally:
        context.close()
