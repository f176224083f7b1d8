# ruff: noqa: F811  (the web fixtures are imported from test_web_pages and used by name)
"""The lobby screen: a host makes a secret screen link; the page it opens needs no sign-in,
refreshes itself without script, shows today's free desks and rooms now and later, the
opening hours, a code to book and only the names of members who chose to be seen; the link
opens no calendar feed, and once revoked it opens nothing."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

import pytest
from litestar.testing import TestClient

from service.application import bookings, presence
from service.container import Container
from service.registry.accounts import Accounts
from tests.builders import at
from tests.e2e.test_web_pages import (  # noqa: F401
    accounts,
    csrf,
    office,
    seeded,
    sign_in,
    web,
    with_password,
)

pytestmark = pytest.mark.both_stores
TODAY = "2026-11-30"  # the shared clock's Monday, 07:00 in Stockholm


def _book_today(seeded: Container, email: str, office: str, desk: str) -> None:
    member = seeded.members.by_email(email)
    assert member is not None
    desk_id = next(r.id for r in seeded.queries.resources(UUID(office)) if r.name == desk)
    bookings.book(
        seeded.ctx,
        bookings.Book(member, at(TODAY, "09:00"), at(TODAY, "12:00"), resource_id=desk_id),
    )


def test_a_screen_link_opens_todays_office_without_sign_in_and_stops_when_revoked(
    web: TestClient[Any], accounts: Accounts, office: str, seeded: Container
) -> None:
    anna = seeded.members.by_email("anna.distans@example.se")
    assert anna is not None
    presence.show_me(seeded.ctx, anna, True)
    _book_today(seeded, "anna.distans@example.se", office, "Skrivbord 3")
    _book_today(seeded, "erik.konsult@example.se", office, "Skrivbord 4")
    with_password(accounts, "anna.distans@example.se")
    sign_in(web, "anna.distans@example.se")
    codes = f"/host/sites/{office}/codes"
    assert web.get(codes).status_code == 403
    web.cookies.clear()
    with_password(accounts, "host@example.se")
    sign_in(web, "host@example.se")

    made = web.post(f"/host/sites/{office}/screen", data={"_csrf_token": csrf(web, codes)})

    link = re.search(
        r'id="screen-url" type="text" readonly value="[^"]*(/screen/[^"]+)"', made.text
    )
    assert made.status_code == 200 and link, made.text[:2000]
    web.cookies.clear()
    screen = web.get(link.group(1))
    page = screen.text
    assert screen.status_code == 200
    assert '<meta http-equiv="refresh" content="60">' in page
    assert "Grannskapskontoret Frövi" in page and "Öppet i dag: 07:00" in page
    assert "Ledig i dag" in page and "ledig nu" in page and "<svg" in page
    assert "<strong>Anna</strong>: Skrivbord 3" in page
    assert "Erik" not in page and "Lindqvist" not in page
    assert "<script" not in page.split("</head>", 1)[1]
    token = link.group(1).rsplit("/", 1)[1]
    assert web.get(f"/ical/{token}.ics").status_code == 404

    sign_in(web, "host@example.se")
    revoked = web.post(
        f"/host/sites/{office}/screen/revoke",
        data={"_csrf_token": csrf(web, codes)},
        follow_redirects=False,
    )
    assert revoked.status_code == 303
    web.cookies.clear()
    assert web.get(link.group(1)).status_code == 404
    assert web.get("/screen/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").status_code == 404
