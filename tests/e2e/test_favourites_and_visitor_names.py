"""Favourites over HTTP (star, order, book the first free one, take off) and on the pages
(star on the day page, move up and remove on My bookings); a walk-in's name over HTTP is
on the day's host page and nowhere in the API's answer or on the members' pages."""

from __future__ import annotations

import html
from typing import Any

from litestar.testing import TestClient

from service.container import Container
from tests.conftest import Clock
from tests.e2e.conftest import DAY, Office, Person, book
from tests.e2e.test_approval_pages import signed_in
from tests.integration.conftest import at


def test_favourites_are_starred_ordered_booked_first_free_and_taken_off_over_the_api(
    client: TestClient[Any], office: Office, anna: Person, erik: Person
) -> None:
    path = f"/api/members/me/usuals/{office.id}/favourites"
    for desk in (office.screen_desk, office.window_desk):
        starred = client.post(path, json={"resource_id": desk}, headers=anna.auth)
        assert starred.status_code == 201, starred.text
    assert starred.json() == {
        "site_id": office.id,
        "resource_ids": [office.screen_desk, office.window_desk],
    }
    ordered = client.put(
        path, json={"resource_ids": [office.window_desk, office.screen_desk]}, headers=anna.auth
    )
    assert ordered.json()["resource_ids"] == [office.window_desk, office.screen_desk]
    assert book(client, erik, office.window_desk, f"{DAY}T09:00", f"{DAY}T12:00").status_code == 201

    placed = client.post(
        f"/api/members/me/usuals/{office.id}/book",
        json={"date": DAY, "start": "09:00", "end": "12:00"},
        headers=anna.auth,
    )

    assert placed.status_code == 201, placed.text
    assert placed.json()["resource_id"] == office.screen_desk  # the first was taken
    (usual,) = client.get("/api/members/me/usuals", headers=anna.auth).json()
    assert usual["favourites"] == [office.window_desk, office.screen_desk]
    assert (usual["resource_id"], usual["start"], usual["end"]) == (office.window_desk, None, None)
    gone = client.delete(f"{path}/{office.window_desk}", headers=anna.auth)
    assert gone.status_code == 204
    (usual,) = client.get("/api/members/me/usuals", headers=anna.auth).json()
    assert usual["favourites"] == [office.screen_desk]


def test_a_member_stars_on_the_day_page_and_orders_on_my_bookings(
    client: TestClient[Any], container: Container, office: Office, anna: Person
) -> None:
    token = signed_in(client, container, anna)
    for desk in (office.screen_desk, office.window_desk):
        starred = client.post(
            f"/sites/{office.id}/favourites/{desk}/star",
            data={"_csrf_token": token, "date": DAY, "kind": "desk"},
            follow_redirects=False,
        )
        assert starred.status_code == 303
    day = html.unescape(client.get(f"/sites/{office.id}?date={DAY}&start=09:00&end=10:00").text)
    assert "Boka min favorit 09:00\N{EN DASH}10:00: Skrivbord 1, Skrivbord 2" in day
    assert day.count("★ Favorit") == 2

    moved = client.post(
        f"/my/favourites/{office.id}/{office.window_desk}/up", data={"_csrf_token": token}
    )
    assert moved.status_code == 200
    page = html.unescape(moved.text)
    assert "Dina favoriter är sparade." in page
    listed = page.split('<ol class="favourites">')[1].split("</ol>")[0]
    assert listed.index("Skrivbord 2") < listed.index("Skrivbord 1")
    removed = client.post(
        f"/my/favourites/{office.id}/{office.window_desk}/remove", data={"_csrf_token": token}
    )
    listed = html.unescape(removed.text).split('<ol class="favourites">')[1].split("</ol>")[0]
    assert "Skrivbord 1" in listed and "Skrivbord 2" not in listed


def test_a_walk_ins_name_is_on_the_hosts_day_page_only(
    client: TestClient[Any],
    container: Container,
    clock: Clock,
    office: Office,
    host: Person,
    anna: Person,
) -> None:
    clock.now = at(DAY, "09:40")
    placed = client.post(
        f"/api/sites/{office.id}/drop-ins",
        json={"resource_id": office.room, "end": f"{DAY}T11:00", "visitor_name": "Märta Ek"},
        headers=host.auth,
    )
    assert placed.status_code == 201, placed.text
    assert "Märta" not in placed.text

    signed_in(client, container, host)
    assert "Märta Ek (drop-in-besökare)" in html.unescape(
        client.get(f"/host/sites/{office.id}").text
    )
    signed_in(client, container, anna)
    assert "Märta" not in html.unescape(client.get(f"/sites/{office.id}?date={DAY}").text)
    assert "Märta" not in client.get(f"/api/bookings/{placed.json()['id']}", headers=host.auth).text
