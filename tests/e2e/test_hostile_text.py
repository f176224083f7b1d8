"""Hostile text (NUL and other control characters, names longer than the columns) is refused
at the edge with a problem that names the field, on SQLite and PostgreSQL, through the API,
the host's web form and sign-up/sign-in alike; nothing reaches the event store, so the views
keep following and a booking made afterwards is read back at once."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import TestClient

from service.container import Container
from service.registry.accounts import Accounts
from tests.e2e.conftest import DAY, assert_problem, new_events
from tests.e2e.test_web_pages import PASSWORD, csrf, sign_in, with_password

__all__ = ["accounts", "office", "seeded", "web"]
from tests.e2e.test_web_pages import accounts, office, seeded, web

# Store-dependent behaviour: run on SQLite and on PostgreSQL.
pytestmark = pytest.mark.both_stores

LONG = "x" * 300


def _token(container: Container, email: str) -> dict[str, str]:
    member = container.members.by_email(email)
    assert member is not None
    _, token = container.members.create_token(member.id, "test")
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/sites", {"name": "a\u0000b", "address": "x"}, "name"),
        ("/api/sites", {"name": "Storå", "address": "Bruksvägen\u00001"}, "address"),
        ("/api/sites", {"name": "Storå", "address": "x", "locality": "a\tb"}, "locality"),
        ("/api/sites", {"name": LONG, "address": "x"}, "name"),
        ("/api/sites/{site}/resources", {"kind": "desk", "name": "D\u0000"}, "name"),
        ("/api/sites/{site}/resources", {"kind": "desk", "name": LONG}, "name"),
        ("/api/sites/{site}/closures", {"first_day": DAY, "reason": "Läcka\u0000"}, "reason"),
        ("/api/sites/{site}/closures", {"first_day": DAY, "reason": LONG}, "reason"),
    ],
)
def test_hostile_text_through_the_api_is_refused_naming_the_field_and_stores_nothing(
    web: TestClient[Any], seeded: Container, office: str, path: str, body: Any, field: str
) -> None:
    host = _token(seeded, "host@example.se")

    with new_events(seeded) as stored:
        refused = web.post(path.replace("{site}", office), json=body, headers=host)

    assert_problem(refused, 400, field)
    assert stored == []


def test_after_hostile_input_the_views_keep_following_a_new_booking(
    web: TestClient[Any], seeded: Container, office: str
) -> None:
    host, anna = _token(seeded, "host@example.se"), _token(seeded, "anna.distans@example.se")
    for body in ({"name": "a\u0000b", "address": "x"}, {"name": LONG, "address": "y"}):
        assert web.post("/api/sites", json=body, headers=host).status_code == 400
    desks = web.get(f"/api/sites/{office}/resources?kind=desk", headers=anna).json()

    placed = web.post(
        "/api/bookings",
        json={"resource_id": desks[0]["id"], "start": f"{DAY}T09:00", "end": f"{DAY}T10:00"},
        headers=anna,
    )

    assert placed.status_code == 201, placed.text
    assert web.get(f"/api/bookings/{placed.json()['id']}", headers=anna).status_code == 200
    assert web.get("/health").status_code == 200


def test_a_300_character_resource_name_through_the_host_form_is_refused_in_words(
    web: TestClient[Any], accounts: Accounts, seeded: Container, office: str
) -> None:
    with_password(accounts, "host@example.se")
    sign_in(web, "host@example.se")
    page = f"/host/sites/{office}/resources"

    with new_events(seeded) as stored:
        refused = web.post(
            f"/host/sites/{office}/resources",
            data={"kind": "desk", "name": LONG, "_csrf_token": csrf(web, page)},
            follow_redirects=False,
        )
        nul = web.post(
            f"/host/sites/{office}/resources",
            data={"kind": "desk", "name": "D\x00", "_csrf_token": csrf(web, page)},
            follow_redirects=False,
        )

    assert refused.status_code == 422 and "200" in refused.text
    assert nul.status_code == 422
    assert stored == []


def _sign_up(web: TestClient[Any], **form: str) -> Any:
    data = {"email": "ny@example.se", "password": PASSWORD, "name": "Ny Medlem", **form}
    return web.post(
        "/sign-up", data={**data, "_csrf_token": csrf(web, "/sign-up")}, follow_redirects=False
    )


def test_a_sign_up_name_too_long_or_with_nul_is_refused_and_spends_no_invitation_use(
    web: TestClient[Any], accounts: Accounts, seeded: Container
) -> None:
    host = accounts._member_by_email("host@example.se")
    assert host is not None
    site_id = seeded.queries.sites()[0].id
    code = accounts.create_invitation(site_id, host.id, uses=1).code

    too_long = _sign_up(web, invitation_code=code, name="N" * 250)
    with_nul = _sign_up(web, invitation_code=code, name="Ny\x00Medlem")
    bad_code = _sign_up(web, invitation_code=code + "\x00")

    assert too_long.status_code == 400 and "200 tecken" in too_long.text
    assert with_nul.status_code == 400
    assert bad_code.status_code == 400 and "gäller inte" in bad_code.text
    invitation = accounts.invitation(code)
    assert invitation is not None and invitation.uses_left == 1 and invitation.used == 0
    assert _sign_up(web, invitation_code=code).status_code == 303


def test_a_sign_up_with_a_taken_address_spends_no_invitation_use(
    web: TestClient[Any], accounts: Accounts, seeded: Container
) -> None:
    host = accounts._member_by_email("host@example.se")
    assert host is not None
    code = accounts.create_invitation(seeded.queries.sites()[0].id, host.id, uses=1).code

    taken = _sign_up(web, invitation_code=code, email="anna.distans@example.se")

    assert taken.status_code == 400 and "finns redan ett konto" in taken.text
    invitation = accounts.invitation(code)
    assert invitation is not None and invitation.uses_left == 1


def test_a_nul_or_an_overlong_address_at_sign_in_is_a_wrong_password_not_a_crash(
    web: TestClient[Any],
) -> None:
    for email in ("anna\x00@example.se", "a" * 400 + "@example.se"):
        answered = sign_in(web, email)
        assert answered.status_code == 400, answered.text
        assert "Fel e-postadress eller lösenord" in answered.text
