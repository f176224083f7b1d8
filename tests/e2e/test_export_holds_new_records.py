"""A member's export (GDPR art. 15) holds the records added with the calendar links, who's
in, hosts per site and OIDC sign-in: what erasure ends, the member can read first."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from litestar.testing import TestClient

from service.container import Container
from tests.apps import app_for


def test_my_export_holds_my_calendar_links_whos_in_choice_sites_and_sign_in_identities(
    container: Container,
) -> None:
    member, token = container.members.add(email="vera@example.se", name="Vera Värd", role="host")
    container.feed_tokens.add_link(member.id, "Telefon")
    container.ctx.presence.set_shown(member.id, True)
    site_id = uuid4()  # the registry keeps the id; which sites exist is the use case's check
    container.ctx.sites.assign(member.id, site_id)
    container.ctx.oidc_records.link("https://login.example.se", "vera-1", member.id)

    with TestClient(app=app_for(container)) as client:
        answer = client.get("/api/members/me/export", headers={"Authorization": f"Bearer {token}"})

    data: dict[str, Any] = answer.json()
    assert answer.status_code == 200, answer.text
    assert [k["name"] for k in data["calendar_links"]] == ["Telefon"]
    assert data["shown_on_whos_in"] is True
    assert data["sites_assigned"] == [str(site_id)]
    assert data["sign_in_identities"] == [
        {"issuer": "https://login.example.se", "subject": "vera-1"}
    ]
