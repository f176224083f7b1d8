"""The pages in a real browser: a member signs up, books, sees, cancels and subscribes; a
host adds a desk and a closure; an evaluator opens the reports; axe-core finds no serious
or critical accessibility problem on any main page; keyboard only and no JavaScript work.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    PASSWORD,
    Server,
    axe_violations,
    bookable_day,
    shot,
    sign_in,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _day() -> str:
    return bookable_day(datetime.now(STOCKHOLM).date()).isoformat()


def _closure_day() -> str:
    """A day that the other tests do not book on."""
    return bookable_day(
        bookable_day(datetime.now(STOCKHOLM).date()) + timedelta(days=7)
    ).isoformat()


def _sign_up(page: Any, server: Server, email: str, name: str) -> None:
    page.goto("/sign-up")
    page.get_by_label("Ditt namn").fill(name)
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_label("Inbjudningskod").fill(server.invitation)
    page.get_by_role("button", name="Skapa konto").click()
    page.wait_for_url(re.compile(rf"/sites/{server.office_id}"))


def _no_horizontal_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url} is {width} px wide on a 360 px screen"


def test_member_signs_up_books_sees_cancels_and_copies_the_calendar_link(
    page: Any, server: Server
) -> None:
    _sign_up(page, server, "maja.distans@example.se", "Maja Berg")
    expect(page.get_by_text("Välkommen!")).to_be_visible()
    shot(page, "01-site-day-after-sign-up")

    day = _day()
    page.goto(f"/sites/{server.office_id}?date={day}&kind=desk")
    page.get_by_label("Från").select_option("09:00")  # JavaScript shows the new time at once
    page.wait_for_url(re.compile("start=09%3A00|start=09:00"))
    page.get_by_label("Till").select_option("12:00")
    page.wait_for_url(re.compile("end=12%3A00|end=12:00"))
    _no_horizontal_scroll(page)
    shot(page, "02-site-day")
    page.get_by_role("button", name="Boka Skrivbord 3 09:00\N{EN DASH}12:00").click()

    page.wait_for_url(re.compile("/my/bookings"))
    expect(page.get_by_role("status").filter(has_text="Bokat: Skrivbord 3")).to_be_visible()
    upcoming = page.locator(".bookings").first
    assert (
        "Skrivbord 3" in upcoming.inner_text() and "09:00\N{EN DASH}12:00" in upcoming.inner_text()
    )
    _no_horizontal_scroll(page)
    shot(page, "03-my-bookings")

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Lägg till i kalendern")).first.click()
    ics = download.value.path().read_text()
    assert "BEGIN:VEVENT" in ics and "Skrivbord 3" in ics

    page.get_by_role("button", name="Hämta min kalenderlänk").click()
    link = page.get_by_label("Kalenderlänk").input_value()
    assert re.search(r"/ical/[A-Za-z0-9_-]{32}\.ics$", link)
    page.get_by_role("button", name="Kopiera").first.click()
    expect(page.get_by_text("Kopierat.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == link
    shot(page, "04-calendar-link")
    feed = page.request.get(link)
    assert feed.ok and "Skrivbord 3" in feed.text()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=re.compile("^Avboka Skrivbord 3")).click()
    page.wait_for_url(re.compile("done=cancelled"))
    expect(page.get_by_text("Bokningen är avbokad.")).to_be_visible()
    assert "Avbokad" in page.locator(".bookings.past").inner_text()

    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(re.compile("/sign-in"))
    sign_in(page, "maja.distans@example.se")
    expect(page.get_by_role("heading", name="Var vill du jobba?")).to_be_visible()
    shot(page, "05-home")


def test_any_desk_with_features_and_a_slot_just_taken(browser: Any, server: Server) -> None:
    pages = []
    for email in ("per@example.se", "lisa@example.se"):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server.url)
        p = context.new_page()
        _sign_up(p, server, email, email.split("@")[0].title())
        pages.append(p)
    per, lisa = pages
    day = _day()
    for p in pages:
        p.goto(f"/sites/{server.office_id}?date={day}&kind=desk&start=13:00&end=16:00")
    per.get_by_role("button", name="Boka Skrivbord 1 13:00\N{EN DASH}16:00").click()
    per.wait_for_url(re.compile("/my/bookings"))
    lisa.get_by_role("button", name="Boka Skrivbord 1 13:00\N{EN DASH}16:00").click()
    alert = lisa.get_by_role("alert")
    assert "Någon hann före: Skrivbord 1 blev precis bokat" in alert.inner_text()
    shot(lisa, "06-slot-just-taken")

    lisa.get_by_label("vid fönster").check()
    lisa.get_by_role("button", name=re.compile("^Boka valfri ledig")).click()
    lisa.wait_for_url(re.compile("/my/bookings"))
    assert re.search(r"Bokat: Skrivbord 1[12]", lisa.get_by_role("status").inner_text())
    for p in pages:
        p.context.close()


def test_host_adds_a_desk_a_closure_and_the_public_holidays(page: Any, server: Server) -> None:
    sign_in(page, "host@example.se")
    page.get_by_role("link", name="Värd", exact=True).click()
    page.get_by_role("link", name="Grannskapskontoret Frövi").click()
    shot(page, "07-host-today")
    page.get_by_role("link", name="Resurser").click()
    page.get_by_label("Typ").select_option("desk")
    page.get_by_label("Namn").fill("Skrivbord 13")
    adding = page.locator("form[action$='/resources']")
    adding.get_by_label("skärm").check()
    adding.get_by_label("vid fönster").check()
    page.get_by_role("button", name="Lägg till resurs").click()
    expect(page.get_by_text("Resursen är tillagd.")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Skrivbord 13", exact=True)).to_be_visible()
    shot(page, "08-host-resources")

    page.get_by_role("link", name="Öppettider och stängning").click()
    closure = _closure_day()
    page.get_by_label("Första dag").fill(closure)
    page.get_by_label("Anledning").fill("Personaldag")
    page.get_by_role("button", name="Lägg till stängning").click()
    expect(page.get_by_text("Stängningen är tillagd.")).to_be_visible()
    assert "Personaldag" in page.locator(".closures").inner_text()
    page.get_by_role("button", name="Stäng alla dessa dagar").click()
    expect(page.get_by_text("svenska helgdagar").first).to_be_visible()
    shot(page, "09-host-hours")

    page.goto(f"/sites/{server.office_id}?date={closure}")
    expect(page.get_by_text("Stängt: Personaldag")).to_be_visible()

    page.goto(f"/host/sites/{server.office_id}/sign-up")
    page.get_by_role("button", name="Skapa en inbjudningskod").click()
    expect(page.get_by_text("En ny inbjudningskod är klar")).to_be_visible()
    shot(page, "10-host-sign-up")


def test_evaluator_opens_the_reports(page: Any, server: Server) -> None:
    sign_in(page, "evaluator@example.se")
    page.get_by_role("link", name="Utvärdering").click()
    page.get_by_role("link", name="Grannskapskontoret Frövi").click()
    for heading in ("Nyttjande", "Efterfrågan", "Kravspecifikation", "Tänk om"):
        expect(page.get_by_role("heading", name=heading, exact=False).first).to_be_visible()
    shot(page, "11-evaluate")
    assert page.get_by_role("link", name="Värd", exact=True).count() == 0


def test_english_is_one_click_away(page: Any, server: Server) -> None:
    sign_in(page, "host@example.se")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", name="Where do you want to work?")).to_be_visible()
    day = _day()
    page.goto(f"/sites/{server.office_id}?date={day}")
    weekday = datetime.fromisoformat(day).strftime("%A")  # C locale: English
    assert weekday in page.locator("#day-heading").inner_text()
    shot(page, "12-site-day-english")
    page.get_by_role("link", name="Svenska").click()
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()


def test_keyboard_alone_signs_in_and_books(page: Any, server: Server) -> None:
    page.goto("/sign-in")

    def tab_to(selector: str, limit: int = 40) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches({selector!r})"):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("#email")
    page.keyboard.type("host@example.se")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(server.url + "/")
    page.goto(f"/sites/{server.office_id}?date={_day()}&kind=room&start=10:00&end=11:00")
    # past the floor plan's 18 links and the first resource's favourite star
    tab_to("li.resource form[action$='/book'] button[type=submit]", limit=80)
    label = page.evaluate("document.activeElement.innerText")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("/my/bookings"))
    expect(page.get_by_role("status").filter(has_text="Bokat:")).to_be_visible()
    assert label.split("\n")[0].strip()


def test_pages_work_without_javascript(browser: Any, server: Server) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 360, "height": 780}, base_url=server.url
    )
    page = context.new_page()
    sign_in(page, "evaluator@example.se")
    page.goto(f"/sites/{server.office_id}?date={_day()}&kind=equipment")
    page.get_by_label("Från").select_option("14:00")
    page.get_by_label("Till").select_option("15:00")
    page.get_by_role("button", name="Visa vad som är ledigt").click()
    page.get_by_role("button", name="Boka Projektor 14:00\N{EN DASH}15:00").click()
    page.wait_for_url(re.compile("/my/bookings"))
    expect(page.get_by_role("status").filter(has_text="Bokat: Projektor")).to_be_visible()
    page.get_by_role("button", name=re.compile("^Avboka Projektor")).click()
    expect(page.get_by_text("Bokningen är avbokad.")).to_be_visible()
    page.get_by_role("button", name="Hämta min kalenderlänk").click()
    assert page.get_by_label("Kalenderlänk").input_value().endswith(".ics")
    context.close()


MAIN_PAGES = [
    ("sign-in", None, "/sign-in"),
    ("sign-up", None, "/sign-up"),
    ("home", "host@example.se", "/"),
    ("site-day", "host@example.se", "/sites/{office}?date={day}"),
    ("site-week", "host@example.se", "/sites/{office}/week?date={day}"),
    ("my-bookings", "host@example.se", "/my/bookings"),
    ("my-data", "host@example.se", "/my/data"),
    ("host-index", "host@example.se", "/host"),
    ("host-today", "host@example.se", "/host/sites/{office}"),
    ("host-resources", "host@example.se", "/host/sites/{office}/resources"),
    ("host-hours", "host@example.se", "/host/sites/{office}/hours"),
    ("host-sign-up", "host@example.se", "/host/sites/{office}/sign-up"),
    ("host-plan", "host@example.se", "/host/sites/{office}/plan"),
    ("host-codes", "host@example.se", "/host/sites/{office}/codes"),
    ("check-in-page", "host@example.se", "/r/{desk}"),
    ("not-found", None, "/no/such/page"),
    ("evaluate-index", "evaluator@example.se", "/evaluate"),
    ("evaluate-site", "evaluator@example.se", "/evaluate/sites/{office}"),
]


@pytest.mark.parametrize(("name", "who", "path"), MAIN_PAGES, ids=[p[0] for p in MAIN_PAGES])
def test_no_serious_accessibility_problems(
    page: Any, server: Server, name: str, who: str | None, path: str
) -> None:
    if who:
        sign_in(page, who)
    page.goto(path.format(office=server.office_id, day=_day(), desk=server.desk_id))
    assert page.locator("h1").count() == 1
    _no_horizontal_scroll(page)
    shot(page, f"axe-{name}")
    assert axe_violations(page) == []
