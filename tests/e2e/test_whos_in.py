# ruff: noqa: F811  (the web fixtures are imported from test_web_pages and used by name)
"""Who's in: a member who chose it on My data is shown by first name, with where they sit,
on the site's day page to other signed-in members, with a free place next to them to book;
nobody is shown without choosing it, and the evaluators' reports show no names. The choice
is kept in a registry table: on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

import pytest
from litestar.testing import TestClient

from service.application import bookings
from service.container import Container
from service.registry.accounts import Accounts
from tests.builders import at
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

pytestmark = pytest.mark.both_stores


def _book(seeded: Container, email: str, office: str, desk: str, start: str, end: str) -> None:
    member = seeded.members.by_email(email)
    assert member is not None
    desk_id = next(r.id for r in seeded.queries.resources(UUID(office)) if r.name == desk)
    bookings.book(
        seeded.ctx, bookings.Book(member, at(DAY, start), at(DAY, end), resource_id=desk_id)
    )


def _whos_in(web: TestClient[Any], office: str) -> str:
    page = web.get(f"/sites/{office}?date={DAY}").text
    found = re.search(r'<section aria-labelledby="whos-in-heading".*?</section>', page, re.S)
    return found.group(0) if found else ""


def test_only_members_who_chose_it_are_shown_by_first_name_with_a_place_next_to_them(
    web: TestClient[Any], accounts: Accounts, office: str, seeded: Container
) -> None:
    _book(seeded, "anna.distans@example.se", office, "Skrivbord 3", "09:00", "12:00")
    _book(seeded, "erik.konsult@example.se", office, "Skrivbord 8", "09:00", "12:00")
    with_password(accounts, "erik.konsult@example.se")
    sign_in(web, "erik.konsult@example.se")
    assert _whos_in(web, office) == ""  # off by default
    web.cookies.clear()
    with_password(accounts, "anna.distans@example.se")
    sign_in(web, "anna.distans@example.se")
    assert 'id="shown" name="shown" >' in web.get("/my/data").text.replace("  ", " ")

    chose = web.post(
        "/my/presence",
        data={"shown": "on", "_csrf_token": csrf(web, "/my/data")},
        follow_redirects=False,
    )

    assert chose.status_code == 303
    web.cookies.clear()
    sign_in(web, "erik.konsult@example.se")
    shown = _whos_in(web, office)
    assert "<strong>Anna</strong>: Skrivbord 3" in shown and "Lindqvist" not in shown
    assert "Erik" not in shown
    next_to = re.search(
        r'href="([^"]+)#resource-([0-9a-f-]+)">Boka (Skrivbord \d+), bredvid Anna', shown
    )
    assert next_to, shown
    assert "start=09:00" in next_to.group(1) and next_to.group(3) not in (
        "Skrivbord 3",
        "Skrivbord 8",
    )
    with_password(accounts, "evaluator@example.se")
    web.cookies.clear()
    sign_in(web, "evaluator@example.se")
    report = web.get(f"/evaluate/sites/{office}").text
    assert "Anna" not in report and "Lindqvist" not in report

    web.cookies.clear()
    sign_in(web, "anna.distans@example.se")
    web.post("/my/presence", data={"_csrf_token": csrf(web, "/my/data")})
    web.cookies.clear()
    sign_in(web, "erik.konsult@example.se")
    assert _whos_in(web, office) == ""
