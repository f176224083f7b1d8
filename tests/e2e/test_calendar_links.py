# ruff: noqa: F811  (the web fixtures are imported from test_web_pages and used by name)
"""A member holds several named calendar links (a phone, a laptop): each opens the feed,
one is revoked without stopping the others, and renewing one is a confirmed post that a
reloaded result page does not repeat. On SQLite and PostgreSQL (a registry table)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from litestar.testing import TestClient

from service.container import Container
from service.registry.accounts import Accounts
from tests.e2e.test_web_pages import (  # noqa: F401
    accounts,
    csrf,
    seeded,
    sign_in,
    web,
    with_password,
)

pytestmark = pytest.mark.both_stores


def _post(web: TestClient[Any], path: str, **data: str) -> Any:
    return web.post(
        path, data={**data, "_csrf_token": csrf(web, "/my/bookings")}, follow_redirects=False
    )


def _shown_link(page: Any) -> str:
    found = re.search(
        r'id="feed-url" type="text" readonly value="[^"]*(/ical/[^"]+\.ics)"', page.text
    )
    assert found, page.text[:3000]
    return found.group(1)


def _opens(web: TestClient[Any], path: str) -> bool:
    answer = web.get(path)
    assert answer.status_code in (200, 404)
    return answer.status_code == 200


def test_named_links_open_the_feed_and_one_is_revoked_without_stopping_the_others(
    web: TestClient[Any], accounts: Accounts, seeded: Container
) -> None:
    with_password(accounts, "anna.distans@example.se")
    sign_in(web, "anna.distans@example.se")
    anna = seeded.members.by_email("anna.distans@example.se")
    assert anna is not None

    phone = _shown_link(_post(web, "/my/calendar/links", name="Telefon"))
    again = _post(web, "/my/calendar/links", name="Telefon")  # the result page reloaded
    laptop = _shown_link(_post(web, "/my/calendar/links", name="Laptop"))

    assert 'id="feed-url"' not in again.text and "redan en länk som heter Telefon" in again.text
    assert [k.name for k in seeded.feed_tokens.links(anna.id)] == ["Laptop", "Telefon"]
    assert _opens(web, phone) and _opens(web, laptop) and phone != laptop
    listing = web.get("/my/bookings").text
    assert "Telefon" in listing and "Laptop" in listing and phone not in listing
    telefon = next(k for k in seeded.feed_tokens.links(anna.id) if k.name == "Telefon")

    revoked = _post(web, f"/my/calendar/links/{telefon.id}/revoke")

    assert revoked.status_code == 303
    assert not _opens(web, phone) and _opens(web, laptop)
    assert [k.name for k in seeded.feed_tokens.links(anna.id)] == ["Laptop"]


def test_renewing_a_link_is_confirmed_and_a_reloaded_result_renews_nothing(
    web: TestClient[Any], accounts: Accounts, seeded: Container
) -> None:
    with_password(accounts, "anna.distans@example.se")
    sign_in(web, "anna.distans@example.se")
    anna = seeded.members.by_email("anna.distans@example.se")
    assert anna is not None
    first = _shown_link(_post(web, "/my/calendar/rotate"))  # none yet: made at once
    laptop = _shown_link(_post(web, "/my/calendar/links", name="Laptop"))
    (link,) = seeded.feed_tokens.links(anna.id)

    asked = _post(web, f"/my/calendar/links/{link.id}/rotate")

    assert asked.status_code == 200 and "Göra en ny kalenderlänk?" in asked.text
    assert _opens(web, laptop)  # asking renewed nothing
    seen = re.search(r'name="seen" value="([^"]+)"', asked.text)
    assert seen and 'name="confirm" value="1"' in asked.text
    renewed = _shown_link(
        _post(web, f"/my/calendar/links/{link.id}/rotate", confirm="1", seen=seen.group(1))
    )
    assert not _opens(web, laptop) and _opens(web, renewed) and _opens(web, first)

    reloaded = _post(web, f"/my/calendar/links/{link.id}/rotate", confirm="1", seen=seen.group(1))

    assert 'id="feed-url"' not in reloaded.text and "redan förnyad" in reloaded.text
    assert _opens(web, renewed) and _opens(web, first)
    asked_first = _post(web, "/my/calendar/rotate")  # the first link has one now: asks
    assert "Göra en ny kalenderlänk?" in asked_first.text and _opens(web, first)
