"""Office life in a real browser at 390 px: a host approves one pending booking and declines
another with a note; a host registers walk-in visitors with and without a name; a member
stars two favourites and books "my favourite", which takes the first of them that is free.
Screenshots in test-artifacts/browser/."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, Server, bookable_day, shot, sign_in
from tests.settings import fast_settings

STOCKHOLM = ZoneInfo("Europe/Stockholm")
PHONE_390 = {"width": 390, "height": 844}


def _context(browser: Any, server: Server) -> Any:
    context = browser.new_context(viewport=PHONE_390, base_url=server.url, locale="sv-SE")
    context.set_default_timeout(10_000)
    return context


def _member(browser: Any, server: Server, name: str, email: str) -> tuple[Any, Any]:
    context = _context(browser, server)
    page = context.new_page()
    page.goto("/sign-up")
    page.get_by_label("Ditt namn").fill(name)
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_label("Inbjudningskod").fill(server.invitation)
    page.get_by_role("button", name="Skapa konto").click()
    page.wait_for_url(re.compile(rf"/sites/{server.office_id}"))
    return context, page


def _fits_390(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_host_approves_one_pending_booking_and_declines_another_with_a_note_at_390_px(
    browser: Any, server: Server
) -> None:
    day = bookable_day(datetime.now(STOCKHOLM).date() + timedelta(days=13)).isoformat()
    host_context = _context(browser, server)
    host = host_context.new_page()
    member_context, member = _member(browser, server, "Petra Väntar", "petra.vantar@example.se")
    try:
        sign_in(host, "host@example.se")
        host.goto(f"/host/sites/{server.office_id}/resources")
        row = host.locator("tr", has_text="Mötesrum Ån")
        row.get_by_label("Bokningar väntar på värdens godkännande").check()
        row.get_by_role("button", name=re.compile("^Spara Godkännande")).click()
        host.wait_for_load_state()

        for start, end in (("09:00", "10:00"), ("13:00", "14:00")):
            member.goto(f"/sites/{server.office_id}?date={day}&kind=room&start={start}&end={end}")
            member.get_by_role("button", name=f"Boka Mötesrum Ån {start}\N{EN DASH}{end}").click()
            member.wait_for_url(re.compile("/my/bookings"))
        expect(member.get_by_text("Väntar på värdens godkännande").first).to_be_visible()

        host.goto(f"/host/sites/{server.office_id}/approvals")
        waiting = host.locator("li.booking.pending", has=host.get_by_text("Petra Väntar"))
        expect(waiting).to_have_count(2)
        expect(
            host.get_by_text(re.compile("som ingen svarar på nekas 48 timmar efter"))
        ).to_be_visible()
        _fits_390(host)
        shot(host, "office-life-approvals-two-pending-390")

        waiting.filter(has_text="09:00").get_by_role("button", name=re.compile("^Godkänn")).click()
        host.wait_for_load_state()
        left = host.locator("li.booking.pending", has=host.get_by_text("Petra Väntar"))
        expect(left).to_have_count(1)
        left.get_by_label("Några ord till medlemmen (valfritt)").fill(
            "Rummet är bokat för kommunens möte den eftermiddagen."
        )
        shot(host, "office-life-approvals-decline-with-note-390")
        left.get_by_role("button", name=re.compile("^Neka")).click()
        host.wait_for_load_state()
        expect(
            host.locator("li.booking.pending", has=host.get_by_text("Petra Väntar"))
        ).to_have_count(0)
        shot(host, "office-life-approvals-decided-390")

        member.goto("/my/bookings")
        expect(member.get_by_text("Nekad av värden").first).to_be_visible()
        expect(member.get_by_text(re.compile("Rummet är bokat för kommunens möte"))).to_be_visible()
        _fits_390(member)
        shot(member, "office-life-member-sees-approved-and-declined-390")
    finally:
        host_context.close()
        member_context.close()


def _round_the_clock_site(server: Server) -> tuple[str, str]:
    """A site open at every hour (to 23:45) with two desks, added through the use cases
    beside the running server (it follows the store), so that a walk-in fits now."""
    from service.cli.operator import Operator
    from service.container import Container

    container = Container.build(fast_settings(database_url=server.database_url))
    try:
        operator = Operator(container)
        every_day = {
            d: [["00:00", "23:45"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
        }
        site = operator.register_site(
            name="Servicepunkt Drop-in",
            address="Torget 1",
            locality="Frövi",
            opening_hours=every_day,
        ).id
        operator.add_resource(site, kind="desk", name="Gästbord 1")
        operator.add_resource(site, kind="desk", name="Gästbord 2")
        return str(site), "Gästbord"
    finally:
        container.close()


def test_a_host_registers_walk_ins_with_and_without_a_name_at_390_px(
    browser: Any, server: Server
) -> None:
    now = datetime.now(STOCKHOLM).time()
    if now >= time(22, 30) or now < time(0, 15):
        pytest.skip("the round-the-clock site closes at 23:45 and a walk-in needs an hour")
    site, _ = _round_the_clock_site(server)
    until = (datetime.now(STOCKHOLM) + timedelta(minutes=75)).strftime("%H:00")
    context = _context(browser, server)
    host = context.new_page()
    try:
        sign_in(host, "host@example.se")
        host.goto(f"/host/sites/{site}")
        form = host.locator(f"form[action='/host/sites/{site}/drop-ins']")
        expect(form.get_by_label("Namn (frivilligt)")).to_be_visible()
        form.get_by_label("Vad").select_option(label="Gästbord 1")
        form.get_by_label("Till").fill(until)
        form.get_by_label("Namn (frivilligt)").fill("Märta från föreningen")
        shot(host, "office-life-drop-in-form-with-name-390")
        form.get_by_role("button", name="Registrera besökaren").click()
        host.wait_for_load_state()
        expect(
            host.get_by_role("cell", name="Märta från föreningen (drop-in-besökare)", exact=True)
        ).to_be_visible()

        form = host.locator(f"form[action='/host/sites/{site}/drop-ins']")
        form.get_by_label("Vad").select_option(label="Gästbord 2")
        form.get_by_label("Till").fill(until)
        form.get_by_role("button", name="Registrera besökaren").click()
        host.wait_for_load_state()
        expect(host.get_by_role("cell", name="Drop-in-besökare", exact=True)).to_be_visible()
        _fits_390(host)
        shot(host, "office-life-drop-ins-listed-390")

        # The name is on the host's day page only: not on the members' day page.
        host.goto(f"/sites/{site}")
        expect(host.get_by_text("Märta")).to_have_count(0)
    finally:
        context.close()


def test_a_member_stars_two_favourites_and_books_the_first_free_one_at_390_px(
    browser: Any, server: Server
) -> None:
    day = bookable_day(datetime.now(STOCKHOLM).date() + timedelta(days=15)).isoformat()
    first_context, first = _member(browser, server, "Fia Först", "fia.forst@example.se")
    member_context, member = _member(browser, server, "Stina Stjärna", "stina.stjarna@example.se")
    try:
        first.goto(f"/sites/{server.office_id}?date={day}&kind=desk&start=09:00&end=12:00")
        first.get_by_role("button", name="Boka Skrivbord 11 09:00\N{EN DASH}12:00").click()
        first.wait_for_url(re.compile("/my/bookings"))

        page_of_day = f"/sites/{server.office_id}?date={day}&kind=desk&start=09:00&end=12:00"
        member.goto(page_of_day)
        for desk in ("Skrivbord 11", "Skrivbord 12"):
            member.get_by_role("button", name=re.compile(rf"^☆ Gör till favorit\W+{desk}$")).click()
            member.wait_for_load_state()
            starred = member.get_by_role(
                "button", name=re.compile(rf"^★ Favorit\W+{desk}, ta bort$")
            )
            expect(starred).to_be_visible()
        book = member.get_by_role(
            "button",
            name="Boka min favorit 09:00\N{EN DASH}12:00: Skrivbord 11, Skrivbord 12",
        )
        expect(book).to_be_visible()
        _fits_390(member)
        shot(member, "office-life-two-favourites-starred-390")

        book.click()
        member.wait_for_url(re.compile("/my/bookings"))
        expect(member.get_by_role("status").first).to_contain_text("Skrivbord 12")
        favourites = member.locator("ol.favourites li")
        expect(favourites).to_have_count(2)
        expect(favourites.first).to_contain_text("Skrivbord 11")
        _fits_390(member)
        shot(member, "office-life-favourite-booked-390")
    finally:
        first_context.close()
        member_context.close()
