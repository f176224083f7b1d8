"""Waitlist sense over HTTP: a member who already holds a booking of that kind at a time that
meets the entry is refused with 422 and the rule ``already-booked`` (in Swedish on the page),
and an entry names its site in the API and on "my bookings"."""

from __future__ import annotations

import html
import re
from typing import Any

from litestar.testing import TestClient

from service.container import Container
from tests.e2e.conftest import DAY, Office, Person, assert_problem, book

PASSWORD = "ett-langt-losenord-2026"


def wait_for(client: TestClient[Any], who: Person, office: Office, kind: str) -> Any:
    return client.post(
        "/api/waitlist",
        json={"site_id": office.id, "kind": kind, "start": f"{DAY}T10:00", "end": f"{DAY}T11:00"},
        headers=who.auth,
    )


def signed_in(client: TestClient[Any], container: Container, who: Person) -> None:
    container.accounts.set_password(who.member.id, PASSWORD)
    page = client.get("/sign-in")
    match = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    assert match, page.text[:500]
    form = {"email": who.member.email, "password": PASSWORD, "_csrf_token": match.group(1)}
    assert client.post("/sign-in", data=form, follow_redirects=False).status_code == 303


def csrf_of(page: str) -> str:
    match = re.search(r'name="_csrf_token" value="([^"]+)"', page)
    assert match, page[:500]
    return match.group(1)


def test_the_api_refuses_a_waitlist_entry_for_a_time_the_member_holds_a_desk(
    client: TestClient[Any], office: Office, anna: Person, erik: Person
) -> None:
    assert book(client, anna, office.screen_desk, f"{DAY}T09:00", f"{DAY}T12:00").status_code == 201
    assert book(client, erik, office.window_desk, f"{DAY}T09:00", f"{DAY}T12:00").status_code == 201

    refused = wait_for(client, anna, office, "desk")

    assert_problem(refused, 422, "start", rule="already-booked")
    assert client.get("/api/members/me/waitlist", headers=anna.auth).json() == []


def test_a_waitlist_entry_names_its_site_in_the_api(
    client: TestClient[Any], office: Office, anna: Person, erik: Person
) -> None:
    assert book(client, erik, office.room, f"{DAY}T10:00", f"{DAY}T11:00").status_code == 201

    joined = wait_for(client, anna, office, "room")

    assert joined.status_code == 201, joined.text
    assert joined.json()["site_name"] == "Grannskapskontoret Frövi"
    (mine,) = client.get("/api/members/me/waitlist", headers=anna.auth).json()
    assert (mine["id"], mine["site_name"]) == (joined.json()["id"], "Grannskapskontoret Frövi")


def test_the_page_says_in_swedish_why_a_held_time_cannot_be_queued_for_and_names_the_site(
    client: TestClient[Any], container: Container, office: Office, anna: Person, erik: Person
) -> None:
    assert book(client, anna, office.screen_desk, f"{DAY}T09:00", f"{DAY}T12:00").status_code == 201
    assert book(client, erik, office.window_desk, f"{DAY}T09:00", f"{DAY}T12:00").status_code == 201
    assert book(client, erik, office.room, f"{DAY}T13:00", f"{DAY}T14:00").status_code == 201
    signed_in(client, container, anna)
    token = csrf_of(client.get(f"/sites/{office.id}?date={DAY}").text)
    form = {"date": DAY, "kind": "desk", "_csrf_token": token}

    refused = client.post(
        f"/sites/{office.id}/waitlist", data={**form, "start": "10:00", "end": "11:00"}
    )
    assert refused.status_code == 422
    assert "kön är till för det du inte har" in html.unescape(refused.text)

    joined = client.post(
        f"/sites/{office.id}/waitlist",
        data={**form, "kind": "room", "start": "13:00", "end": "14:00"},
        follow_redirects=False,
    )
    assert joined.status_code == 303, joined.text
    mine = html.unescape(client.get("/my/bookings").text)
    assert "Grannskapskontoret Frövi" in mine.split('id="waitlist"')[1].split("</section>")[0]
