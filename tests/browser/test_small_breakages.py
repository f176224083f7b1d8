"""Small breakages members and hosts saw, in a real browser at 390 px: the print button
prints once, the URL under a QR code stays inside its card on screen and in print, and the
week view's "i dag" badge stays on one line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import Server, shot, sign_in

PHONE_390 = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Any, server: Server) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE_390, base_url=server.url, locale="sv-SE")
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


URLS_OUTSIDE_THEIR_CARD = """() => [...document.querySelectorAll('.code')].filter(card => {
    const box = card.getBoundingClientRect();
    const url = card.querySelector('small').getBoundingClientRect();
    const width = document.documentElement.clientWidth;
    return url.left < box.left - 0.5 || url.right > box.right + 0.5 || box.right > width;
}).length"""


def test_the_print_button_of_the_qr_codes_prints_once(phone: Any, server: Server) -> None:
    sign_in(phone, "host@example.se")
    phone.goto(f"/host/sites/{server.office_id}/codes")
    phone.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")

    phone.get_by_role("button", name="Skriv ut").click()

    assert phone.evaluate("window.printed") == 1


def test_the_url_under_each_qr_code_stays_inside_its_card_on_screen_and_in_print(
    phone: Any, server: Server
) -> None:
    sign_in(phone, "host@example.se")
    phone.goto(f"/host/sites/{server.office_id}/codes")
    assert phone.locator(".code").count() > 0
    shot(phone, "small-qr-codes-390")

    assert phone.evaluate(URLS_OUTSIDE_THEIR_CARD) == 0
    phone.emulate_media(media="print")
    phone.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi: three codes a row
    assert phone.evaluate(URLS_OUTSIDE_THEIR_CARD) == 0


def test_the_today_badge_of_the_week_view_stays_on_one_line_at_390_px(
    phone: Any, server: Server
) -> None:
    sign_in(phone, "host@example.se")
    phone.goto(f"/sites/{server.office_id}/week")
    badge = phone.locator(".badge")
    assert badge.inner_text().strip() == "i dag"
    shot(phone, "small-week-today-390")

    lines = badge.evaluate("b => b.getClientRects().length")
    height = badge.evaluate("b => b.getBoundingClientRect().height")
    line = badge.evaluate("b => parseFloat(getComputedStyle(b).lineHeight) || 20")
    assert lines == 1 and height < 1.5 * line
