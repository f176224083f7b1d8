# ruff: noqa: F811  (the web fixtures are imported from test_web_pages and used by name)
"""The page a desk's QR code opens guides the member: their own desk before check-in opens
says from when it can be checked in, a free desk before the site opens says when it opens,
and after checking in it says so once and offers a check-out."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar.testing import TestClient

from service.application import bookings
from service.container import Container
from service.registry.accounts import Accounts
from tests.builders import at
from tests.conftest import Clock
from tests.e2e.test_web_pages import (  # noqa: F401
    DAY,
    accounts,
    csrf,
    office,
    seeded,
    sign_in,
    web,
    with_password,
)


def _desks(seeded: Container, office: str) -> tuple[str, str]:
    names = {r.name: str(r.id) for r in seeded.queries.resources(UUID(office))}
    return names["Skrivbord 3"], names["Skrivbord 5"]


def test_the_code_says_from_when_to_check_in_when_the_site_opens_and_checks_out(
    web: TestClient[Any], accounts: Accounts, office: str, seeded: Container, clock: Clock
) -> None:
    with_password(accounts, "anna.distans@example.se")
    sign_in(web, "anna.distans@example.se")
    anna = seeded.members.by_email("anna.distans@example.se")
    assert anna is not None
    mine, free = _desks(seeded, office)
    bookings.book(
        seeded.ctx,
        bookings.Book(anna, at(DAY, "13:00"), at(DAY, "16:00"), resource_id=UUID(mine)),
    )
    clock.now = at(DAY, "06:00")  # the office opens at 07:00

    early = web.get(f"/r/{mine}").text
    closed = web.get(f"/r/{free}").text

    assert "Din bokning här" in early and "13:00" in early
    assert "Du kan checka in från 12:45." in early
    assert "Platsen öppnar 07:00." in closed and "Du kan checka in" not in closed

    clock.now = at(DAY, "12:50")
    opened = web.get(f"/r/{mine}").text
    assert "Checka in" in opened and "Du kan checka in från" not in opened
    checked_in = web.post(
        f"/r/{mine}/check-in",
        data={"_csrf_token": csrf(web, f"/r/{mine}")},
        follow_redirects=True,
    ).text
    assert checked_in.count("incheckad") == 1, checked_in
    assert "Checka ut" in checked_in
    booking = next(b for b in seeded.queries.member_bookings(anna.id) if str(b.resource_id) == mine)

    clock.now = at(DAY, "14:00")
    out = web.post(
        f"/r/{mine}/check-out/{booking.id}",
        data={"_csrf_token": csrf(web, f"/r/{mine}")},
        follow_redirects=False,
    )

    assert out.status_code == 303
    assert "Du är utcheckad" in web.get(out.headers["location"]).text
    after = seeded.queries.booking(booking.id)
    assert after is not None and after.status == "completed"
