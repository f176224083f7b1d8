"""Approvals on the hosts' pages: a host makes a room require approval with the resource
form, sees a member's pending booking under "Godkännanden" and approves or declines it there;
the member's page says it waits."""

from __future__ import annotations

import html
import re
from typing import Any

from litestar.testing import TestClient

from service.container import Container
from tests.e2e.conftest import DAY, Office, Person, book

PASSWORD = "ett-langt-losenord-2026"


def csrf_of(page: str) -> str:
    match = re.search(r'name="_csrf_token" value="([^"]+)"', page)
    assert match, page[:500]
    return match.group(1)


def signed_in(client: TestClient[Any], container: Container, who: Person) -> str:
    """Signs in with a password; returns a CSRF token for the forms."""
    container.accounts.set_password(who.member.id, PASSWORD)
    token = csrf_of(client.get("/sign-in").text)
    form = {"email": who.member.email, "password": PASSWORD, "_csrf_token": token}
    assert client.post("/sign-in", data=form, follow_redirects=False).status_code == 303
    return csrf_of(client.get("/my/bookings").text)


def test_a_host_requires_approval_with_the_resource_form_and_approves_on_the_approvals_tab(
    client: TestClient[Any], container: Container, office: Office, host: Person, anna: Person
) -> None:
    token = signed_in(client, container, host)
    base = f"/host/sites/{office.id}"
    saved = client.post(
        f"{base}/resources/{office.room}/approval",
        data={"required": "1", "_csrf_token": token},
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text
    placed = book(client, anna, office.room, f"{DAY}T10:00", f"{DAY}T11:00").json()
    assert placed["status"] == "pending"

    tab = html.unescape(client.get(f"{base}/approvals").text)
    assert "Bokningar som väntar på godkännande" in tab
    assert "Mötesrum Ån" in tab and "Anna Lindqvist" in tab
    approved = client.post(
        f"{base}/approvals/{placed['id']}/approve",
        data={"_csrf_token": token},
        follow_redirects=False,
    )

    assert approved.status_code == 303
    after = html.unescape(client.get(approved.headers["location"]).text)
    assert "Bokningen är godkänd" in after
    assert "Ingen bokning väntar på godkännande." in after
    status = client.get(f"/api/bookings/{placed['id']}", headers=anna.auth).json()["status"]
    assert status == "confirmed"


def test_a_host_declines_on_the_approvals_tab_and_the_member_page_says_so(
    client: TestClient[Any], container: Container, office: Office, host: Person, anna: Person
) -> None:
    set_it = client.put(
        f"/api/resources/{office.room}/approval", json={"required": True}, headers=host.auth
    )
    assert set_it.status_code == 200
    placed = book(client, anna, office.room, f"{DAY}T10:00", f"{DAY}T11:00").json()
    token = signed_in(client, container, anna)
    assert "Väntar på värdens godkännande" in html.unescape(client.get("/my/bookings").text)
    client.post("/sign-out", data={"_csrf_token": token})
    token = signed_in(client, container, host)

    declined = client.post(
        f"/host/sites/{office.id}/approvals/{placed['id']}/decline",
        data={"_csrf_token": token, "note": "Rummet målas."},
        follow_redirects=False,
    )

    assert declined.status_code == 303
    mine = client.get(f"/api/bookings/{placed['id']}", headers=anna.auth).json()
    assert (mine["status"], mine["cancel_note"]) == ("declined", "Rummet målas.")
