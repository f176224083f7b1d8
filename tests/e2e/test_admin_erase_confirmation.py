# ruff: noqa: F811  (the web fixtures are imported from test_web_pages and used by name)
"""An admin erases a member only from a confirmation page: without script, the first click
on "Radera" erases nothing."""

from __future__ import annotations

import re
from typing import Any

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


def test_erasing_a_member_asks_on_a_page_of_its_own_and_erases_only_when_confirmed(
    web: TestClient[Any], accounts: Accounts, seeded: Container
) -> None:
    with_password(accounts, "admin@example.se")
    sign_in(web, "admin@example.se")
    erik = seeded.members.by_email("erik.konsult@example.se")
    assert erik is not None
    listing = web.get("/admin/members").text
    assert "data-confirm" not in listing

    asked = web.post(
        f"/admin/members/{erik.id}/erase",
        data={"_csrf_token": csrf(web, "/admin/members")},
        follow_redirects=False,
    )

    assert asked.status_code == 200
    assert "Radera Erik Johansson?" in asked.text and "erik.konsult@example.se" in asked.text
    assert "Gå tillbaka utan att ändra något" in asked.text
    assert seeded.members.by_email("erik.konsult@example.se") is not None
    token = re.search(r'name="_csrf_token" value="([^"]+)"', asked.text)
    assert token and 'name="confirm" value="1"' in asked.text
    erased = web.post(
        f"/admin/members/{erik.id}/erase",
        data={"_csrf_token": token.group(1), "confirm": "1"},
        follow_redirects=False,
    )
    assert erased.status_code == 303 and "done=erased" in erased.headers["location"]
    assert seeded.members.by_email("erik.konsult@example.se") is None
