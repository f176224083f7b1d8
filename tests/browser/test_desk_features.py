"""What desk-booking users expect, in a real browser against a real server: a recurring
booking made and cancelled from a day on, the waitlist serving a member when a desk frees,
check-in by a desk's QR code (and booking it on the spot), the floor plan drawn by a host and
used with the keyboard alone, and all of it on a phone-width screen and without JavaScript.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Server, axe_violations, bookable_day, shot, sign_in
from tests.browser.test_web_pages import _no_horizontal_scroll, _sign_up
from tests.settings import fast_settings

STOCKHOLM = ZoneInfo("Europe/Stockholm")
DRAWING = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 480 320">'
    '<script>document.title="hacked"</script>'
    '<rect x="4" y="4" width="472" height="312" fill="none" stroke="#555" stroke-width="4"/>'
    '<text x="20" y="300" font-size="18">Entré</text></svg>'
)


def _later_day(weeks: int) -> str:
    """A weekday some weeks on, that the other tests do not book on."""
    start = datetime.now(STOCKHOLM).date() + timedelta(weeks=weeks)
    return bookable_day(start).isoformat()


def test_a_member_books_every_week_and_cancels_from_a_day_on(page: Any, server: Server) -> None:
    _sign_up(page, server, "rut.varje@example.se", "Rut Varje")
    day = _later_day(1)
    page.goto(f"/sites/{server.office_id}?date={day}&kind=desk&start=08:00&end=12:00")
    page.get_by_text("Återkommande: boka samma tid varje vecka").click()
    page.get_by_label("Vad", exact=True).select_option(label="Skrivbord 7")
    until = (datetime.fromisoformat(day) + timedelta(days=14)).date().isoformat()
    page.get_by_label("Sista dagen").fill(until)
    _no_horizontal_scroll(page)
    shot(page, "20-series-form")
    page.get_by_role("button", name="Boka varje vecka").click()

    page.wait_for_url(re.compile("/my/series/"))
    expect(page.get_by_role("status")).to_contain_text("Den återkommande bokningen är gjord")
    placed = page.locator("tr.series-day.placed")
    assert placed.count() == 3  # the day, a week on and two weeks on
    _no_horizontal_scroll(page)
    shot(page, "21-series-page")
    assert axe_violations(page) == []

    second = (datetime.fromisoformat(day) + timedelta(days=7)).date().isoformat()
    page.get_by_label("Från").fill(second)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Avboka från den här dagen").click()
    expect(page.get_by_role("status")).to_contain_text("avbokad från den dagen")
    assert page.locator("tr.series-day", has_text="Avbokad").count() == 2
    page.get_by_role("link", name="Mina bokningar").first.click()
    expect(page.get_by_role("heading", name="Återkommande bokningar")).to_be_visible()


def test_the_waitlist_books_a_freed_desk_for_the_first_in_line(
    browser: Any, server: Server
) -> None:
    day = _later_day(2)
    pages = []
    for email in ("sara.forst@example.se", "tove.sedan@example.se"):
        context = browser.new_context(viewport={"width": 360, "height": 780}, base_url=server.url)
        p = context.new_page()
        _sign_up(p, server, email, email.split(".")[0].title())
        p.goto(f"/sites/{server.office_id}?date={day}&kind=desk&start=09:00&end=12:00")
        pages.append(p)
    sara, tove = pages
    sara.get_by_role("button", name="Boka Skrivbord 5 09:00\N{EN DASH}12:00").click()
    sara.wait_for_url(re.compile("/my/bookings"))

    tove.get_by_role("button", name="Boka Skrivbord 5 09:00\N{EN DASH}12:00").click()
    expect(tove.get_by_role("alert")).to_contain_text("Någon hann före")
    shot(tove, "22-refused-with-waitlist")
    tove.get_by_role("button", name="Ställ dig i kö", exact=True).click()
    tove.wait_for_url(re.compile("/my/bookings"))
    waiting = tove.locator("#waitlist")
    expect(waiting).to_contain_text("nummer 1 i kön")
    shot(tove, "23-waiting")

    sara.once("dialog", lambda dialog: dialog.accept())
    sara.get_by_role("button", name=re.compile("^Avboka Skrivbord 5")).click()
    expect(sara.get_by_text("Bokningen är avbokad.")).to_be_visible()

    tove.reload()
    expect(tove.locator("#waitlist")).to_contain_text("Bokad åt dig från kön")
    assert "Skrivbord 5" in tove.locator(".bookings").first.inner_text()
    shot(tove, "24-served-from-the-waitlist")
    for p in pages:
        p.context.close()


def _round_the_clock_desk(server: Server) -> str:
    """A site open at every hour with one desk, added through the use cases beside the
    running server (it follows the store), so that "now" is always within opening hours."""
    from service.cli.operator import Operator
    from service.container import Container

    container = Container.build(fast_settings(database_url=server.database_url))
    try:
        operator = Operator(container)
        every_day = {
            d: [["00:00", "23:45"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
        }
        site = operator.register_site(
            name="Dygnet runt", address="Stationen 1", locality="Frövi", opening_hours=every_day
        ).id
        return str(operator.add_resource(site, kind="desk", name="Nattskrivbord").id)
    finally:
        container.close()


def test_scanning_a_desks_code_books_it_on_the_spot_and_checks_in(
    page: Any, server: Server
) -> None:
    now = datetime.now(STOCKHOLM).time()
    if now >= time(23, 15) or now < time(0, 15):
        pytest.skip("the round-the-clock site closes from 23:45 to midnight")
    desk = _round_the_clock_desk(server)

    sign_in(page, "host@example.se")
    page.goto(f"/host/sites/{server.office_id}/codes")
    codes = page.locator("li.code")
    assert codes.count() >= 18 and codes.first.locator("svg title").count() == 1
    shot(page, "25-codes-to-print")
    first_desk = page.locator("li.code", has=page.get_by_text("Skrivbord 1", exact=True))
    printed = first_desk.locator("small").inner_text()
    assert printed == f"{server.url}/r/{server.desk_id}"

    page.goto(f"/r/{desk}")  # what scanning the code opens
    expect(page.get_by_role("heading", name="Nattskrivbord")).to_be_visible()
    _no_horizontal_scroll(page)
    shot(page, "26-check-in-page-free")
    page.get_by_role("button", name="Boka och checka in").click()
    expect(page.get_by_role("status").first).to_contain_text("Bokat och incheckat")
    expect(page.get_by_text("Du är incheckad.")).to_be_visible()
    shot(page, "27-checked-in-by-code")
    assert axe_violations(page) == []


def test_a_host_draws_the_floor_plan_and_a_member_books_from_it_by_keyboard(
    browser: Any, server: Server
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server.url)
    page = context.new_page()
    sign_in(page, "host@example.se")
    page.goto(f"/host/sites/{server.office_id}/plan")
    # The demo office has its plan: Skrivbord 3 moves to the free corner by the entrance.
    page.get_by_label("Kolumn Skrivbord 3", exact=True).fill("13")
    page.get_by_label("Rad Skrivbord 3", exact=True).fill("9")
    page.get_by_role("button", name="Spara planritningen").click()
    expect(page.get_by_text("Planritningen är sparad.")).to_be_visible()
    page.get_by_label("En SVG-fil, högst 256 kB").set_input_files(
        files=[{"name": "plan.svg", "mimeType": "image/svg+xml", "buffer": DRAWING.encode()}]
    )
    page.get_by_role("button", name="Ladda upp ritningen").click()
    expect(page.get_by_text("Ritningen är sparad.")).to_be_visible()
    shot(page, "28-host-floor-plan")
    assert page.title() != "hacked"

    day = _later_day(3)
    page.goto(f"/sites/{server.office_id}?date={day}&kind=desk&start=13:00&end=15:00")
    plan = page.locator("svg.floor")
    expect(plan).to_be_visible()
    list_box, plan_box = page.locator(".list").bounding_box(), plan.bounding_box()
    assert plan_box["x"] < list_box["x"]  # beside the list on a wide screen
    assert page.locator("svg.floor a[aria-label='Skrivbord 3: ledig']").count() == 1
    assert page.title() != "hacked"
    shot(page, "29-day-with-floor-plan")
    assert axe_violations(page) == []

    for _ in range(80):  # keyboard alone: Tab to the plan's Skrivbord 3 and follow it
        page.keyboard.press("Tab")
        if (
            page.evaluate("document.activeElement.getAttribute('aria-label')")
            == "Skrivbord 3: ledig"
        ):
            break
    else:
        raise AssertionError("Tab never reached Skrivbord 3 on the plan")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#resource-"))
    target = page.url.split("#resource-")[1]
    UUID(target)
    row = page.locator(f"#resource-{target}")
    row.get_by_role("button", name=re.compile("^Boka Skrivbord 3")).click()
    page.wait_for_url(re.compile("/my/bookings"))

    page.goto(f"/sites/{server.office_id}?date={day}&kind=desk&start=13:00&end=15:00")
    expect(page.locator("svg.floor a[aria-label='Skrivbord 3: din bokning']")).to_have_count(1)
    context.close()

    phone = browser.new_context(
        viewport={"width": 360, "height": 780}, base_url=server.url, java_script_enabled=False
    )
    p = phone.new_page()
    sign_in(p, "host@example.se")
    p.goto(f"/sites/{server.office_id}?date={day}&kind=desk&start=13:00&end=15:00")
    expect(p.locator("svg.floor")).to_be_visible()
    _no_horizontal_scroll(p)
    shot(p, "30-floor-plan-phone-no-js")
    p.locator("svg.floor a[aria-label='Skrivbord 4: ledig']").click()
    p.wait_for_url(re.compile(r"#resource-"))
    phone.close()


def test_an_unknown_address_is_a_page_in_swedish_or_english(page: Any, server: Server) -> None:
    response = page.goto("/ingen/sådan/sida")
    assert response.status == 404
    expect(page.get_by_role("alert")).to_contain_text("Det finns ingen sida på den adressen")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("alert")).to_contain_text("There is no page at this address")
    shot(page, "31-not-found")


def test_a_member_books_their_usual_and_a_host_moves_it(browser: Any, server: Server) -> None:
    member = browser.new_context(viewport={"width": 360, "height": 780}, base_url=server.url)
    page = member.new_page()
    _sign_up(page, server, "ulla.vanlig@example.se", "Ulla Vanlig")
    first = bookable_day(datetime.now(STOCKHOLM).date() + timedelta(days=10)).isoformat()
    second = bookable_day(datetime.fromisoformat(first).date()).isoformat()
    page.goto(f"/sites/{server.office_id}?date={first}&kind=desk&start=10:00&end=14:00")
    page.get_by_role("button", name="Boka Skrivbord 8 10:00\N{EN DASH}14:00").click()
    page.wait_for_url(re.compile("/my/bookings"))
    page.get_by_role("button", name=re.compile("^Gör till mitt vanliga")).first.click()
    expect(page.get_by_role("status").first).to_contain_text("Sparad som din första favorit")

    page.goto(f"/sites/{server.office_id}?date={second}")
    usual = page.get_by_role("button", name="Boka min favorit: Skrivbord 8 (10:00\N{EN DASH}14:00)")
    shot(page, "32-book-my-usual")
    usual.click()
    page.wait_for_url(re.compile("/my/bookings"))
    expect(page.get_by_role("status").first).to_contain_text("Bokat: Skrivbord 8")

    host = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server.url)
    hp = host.new_page()
    sign_in(hp, "host@example.se")
    hp.goto(f"/host/sites/{server.office_id}?date={second}")
    hp.get_by_label("Flytta Ulla Vanlig till").select_option(label="Skrivbord 9")
    hp.get_by_role("button", name="Flytta Ulla Vanlig Skrivbord 8").click()
    expect(hp.get_by_text("Bokningen är flyttad.")).to_be_visible()
    shot(hp, "33-host-moved-a-booking")

    page.reload()
    assert "Skrivbord 9" in page.locator(".bookings").first.inner_text()
    member.close()
    host.close()
