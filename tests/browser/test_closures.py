"""Closures end to end in a real browser: a member books a desk; the host closes that day,
is shown the booking it hits and confirms; the member finds it cancelled with the reason;
the host's day page shows the day closed; the host removes the closure and the day opens
again. Screenshots in test-artifacts/browser/."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, Server, bookable_day, shot, sign_in

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _day() -> str:
    """A day no other browser test books on or closes."""
    first = bookable_day(datetime.now(STOCKHOLM).date() + timedelta(days=2))
    return bookable_day(first).isoformat()


def test_a_closure_over_a_booked_day_is_confirmed_cancels_the_booking_and_can_be_removed(
    browser: Any, server: Server
) -> None:
    member = browser.new_context(viewport={"width": 360, "height": 780}, base_url=server.url)
    host = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server.url)
    try:
        m, h = member.new_page(), host.new_page()
        day = _day()
        m.goto("/sign-up")
        m.get_by_label("Ditt namn").fill("Stina Stängd")
        m.get_by_label("E-postadress").fill("stina@example.se")
        m.get_by_label("Lösenord").fill(PASSWORD)
        m.get_by_label("Inbjudningskod").fill(server.invitation)
        m.get_by_role("button", name="Skapa konto").click()
        m.wait_for_url(re.compile(rf"/sites/{server.office_id}"))
        m.goto(f"/sites/{server.office_id}?date={day}&kind=desk&start=09:00&end=12:00")
        m.get_by_role("button", name="Boka Skrivbord 5 09:00\N{EN DASH}12:00").click()
        m.wait_for_url(re.compile("/my/bookings"))
        expect(
            m.get_by_text("Checka in senast 09:30, annars släpps platsen till andra.")
        ).to_be_visible()

        sign_in(h, "host@example.se")
        h.goto(f"/host/sites/{server.office_id}/hours")
        h.get_by_label("Första dag").fill(day)
        h.get_by_label("Anledning").fill("Vattenläcka")
        h.get_by_role("button", name="Lägg till stängning").click()
        expect(
            h.get_by_role("heading", name="Bekräfta: bokningar kommer att avbokas")
        ).to_be_visible()
        expect(h.get_by_role("cell", name="Stina Stängd")).to_be_visible()
        shot(h, "20-closure-confirm")
        h.get_by_role("button", name="Avboka dem och spara").click()
        expect(h.get_by_text("1 bokning avbokades")).to_be_visible()
        shot(h, "21-closure-added")

        m.goto("/my/bookings")
        past = m.locator(".bookings.past")
        expect(past).to_contain_text("Skrivbord 5")
        expect(past).to_contain_text("platsen är stängd den dagen")
        shot(m, "22-member-sees-cancelled-by-closure")

        h.goto(f"/host/sites/{server.office_id}?date={day}")
        expect(h.get_by_text("Stängt: Vattenläcka")).to_be_visible()
        shot(h, "23-host-day-closed")

        h.goto(f"/host/sites/{server.office_id}/hours")
        h.get_by_role("button", name=re.compile("^Ta bort Vattenläcka")).click()
        expect(h.get_by_text("Stängningen är borttagen")).to_be_visible()
        shot(h, "24-closure-removed")
        m.goto(f"/sites/{server.office_id}?date={day}&kind=desk")
        expect(m.get_by_role("button", name=re.compile("^Boka Skrivbord 5"))).to_be_visible()
    finally:
        member.close()
        host.close()
