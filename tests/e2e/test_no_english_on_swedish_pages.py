# ruff: noqa: F811  (the web fixtures are imported from test_web_pages and used by name)
"""Swedish pages say everything in Swedish: the refusals of a host's forms (the domain's
own words are translated), the role on My data, the time zone of the opening hours, and the
calendar link's label; a new API token is shown at the top of the page."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from litestar.testing import TestClient

from service.container import Container
from service.registry.accounts import Accounts
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

ENGLISH = (
    "a room has",
    "share a cell",
    "no member has",
    "That setting is not possible",
    "Europe/Stockholm",
    "(https)",
    "must not be empty",
    "is at most",
)


def _post(web: TestClient[Any], path: str, page: str, **data: str) -> Any:
    return web.post(path, data={**data, "_csrf_token": csrf(web, page)}, follow_redirects=False)


def _english_in(text: str) -> list[str]:
    return [words for words in ENGLISH if words in text]


def test_a_hosts_refused_forms_are_said_in_swedish(
    web: TestClient[Any], accounts: Accounts, office: str, seeded: Container
) -> None:
    with_password(accounts, "host@example.se")
    sign_in(web, "host@example.se")
    resources = f"/host/sites/{office}/resources"
    desks = [r for r in seeded.queries.resources(UUID(office)) if r.kind == "desk"][:2]

    seats = _post(web, resources, resources, kind="room", name="Stora salen", seats="600")
    overlap = _post(
        web,
        f"/host/sites/{office}/plan",
        f"/host/sites/{office}/plan",
        columns="10",
        rows="10",
        **{f"column-{desks[0].id}": "1", f"row-{desks[0].id}": "1"},
        **{f"column-{desks[1].id}": "1", f"row-{desks[1].id}": "1"},
    )
    unknown = _post(
        web,
        f"/host/sites/{office}/book",
        f"/host/sites/{office}?date={DAY}",
        email="ingen.alls@example.se",
        date=DAY,
        start="09:00",
        end="10:00",
        resource_id=str(desks[0].id),
    )
    empty_name = _post(web, resources, resources, kind="desk", name="")

    assert "ett rum har 1\N{EN DASH}500 platser" in seats.text, seats.text[:300]
    assert "två resurser delar en ruta" in overlap.text
    assert "ingen medlem har det namnet eller den e-postadressen" in unknown.text
    said = re.search(r'<p class="error"[^>]*>([^<]*)<', empty_name.text)
    assert said and said.group(1) == "Den inställningen går inte: namnet får inte vara tomt"
    for answer in (seats, overlap, unknown, empty_name):
        assert answer.status_code in (400, 422), answer.status_code
        assert _english_in(answer.text) == []
    hours = web.get(f"/host/sites/{office}/hours").text
    assert "Tider enligt Sverigetid" in hours and _english_in(hours) == []


def test_my_data_says_the_role_in_swedish_and_shows_a_new_token_at_the_top(
    web: TestClient[Any], accounts: Accounts
) -> None:
    with_password(accounts, "anna.distans@example.se")
    sign_in(web, "anna.distans@example.se")
    data = web.get("/my/data").text
    assert re.search(r"<dt>Roll</dt><dd>Medlem</dd>", data)
    linked = _post(web, "/my/calendar/rotate", "/my/bookings").text
    assert '<label for="feed-url">Kalenderlänk</label>' in linked and _english_in(linked) == []

    made = _post(web, "/my/tokens", "/my/data", name="Skript")
    page = web.get(made.headers["location"]) if made.status_code == 303 else made

    body = page.text
    token_at = body.find('id="new-token"')
    assert token_at != -1
    assert token_at < body.find("<h2>"), "the new token comes before the first section"
