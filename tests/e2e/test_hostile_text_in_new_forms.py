"""The forms and parameters added for hosts per site (a member found by a part of a name or
address, on the API and the host's book-for form) take hostile text like every other field:
a NUL or a control character is a 4xx naming the field (422, as every text the domain
refuses), never a 500 (PostgreSQL refuses NUL
in text), on SQLite and PostgreSQL, and nothing is stored."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from litestar.testing import TestClient

from service.container import Container
from service.registry.accounts import Accounts
from tests.e2e.conftest import DAY, assert_problem, new_events
from tests.e2e.test_web_pages import csrf, sign_in, with_password

__all__ = ["accounts", "office", "seeded", "web"]
from tests.e2e.test_web_pages import accounts, office, seeded, web

pytestmark = pytest.mark.both_stores


def _host(container: Container) -> dict[str, str]:
    member = container.members.by_email("host@example.se")
    assert member is not None
    _, token = container.members.create_token(member.id, "test")
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("q", ["an\u0000na", "an\u0007na", "anna\u0000@example.se"])
def test_a_member_search_with_a_control_character_is_refused_naming_q(
    web: TestClient[Any], seeded: Container, q: str
) -> None:
    answer = web.get("/api/members/search", params={"q": q}, headers=_host(seeded))

    assert_problem(answer, 422, "q")


@pytest.mark.parametrize("who", ["anna\u0000@example.se", "An\u0000na", "x" * 400])
def test_booking_for_a_member_named_with_hostile_text_is_refused_in_words(
    web: TestClient[Any], accounts: Accounts, seeded: Container, office: str, who: str
) -> None:
    with_password(accounts, "host@example.se")
    sign_in(web, "host@example.se")
    desk = next(r for r in seeded.queries.resources(UUID(office)) if r.kind == "desk")

    with new_events(seeded) as stored:
        answer = web.post(
            f"/host/sites/{office}/book",
            data={
                "email": who,
                "date": DAY,
                "start": "09:00",
                "end": "10:00",
                "resource_id": str(desk.id),
                "_csrf_token": csrf(web, f"/host/sites/{office}"),
            },
            follow_redirects=False,
        )

    assert 400 <= answer.status_code < 500, answer.text
    assert stored == []
