"""Approvals over HTTP: a host makes a room require approval, a member's booking of it is
pending and holds it, a host of the site approves or declines it; members and hosts of other
sites are refused as problems."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from litestar.testing import TestClient

from service.container import Container
from tests.e2e.conftest import DAY, Office, Person, assert_problem, book


def require_approval(client: TestClient[Any], host: Person, office: Office) -> None:
    set_it = client.put(
        f"/api/resources/{office.room}/approval", json={"required": True}, headers=host.auth
    )
    assert set_it.status_code == 200, set_it.text


def test_a_host_approves_a_pending_room_booking_over_the_api(
    client: TestClient[Any], office: Office, host: Person, anna: Person, erik: Person
) -> None:
    require_approval(client, host, office)
    resources = client.get(f"/api/sites/{office.id}/resources", headers=anna.auth).json()
    assert [r["requires_approval"] for r in resources if r["id"] == office.room] == [True]

    placed = book(client, anna, office.room, f"{DAY}T10:00", f"{DAY}T11:00")
    assert placed.status_code == 201, placed.text
    assert placed.json()["status"] == "pending"
    taken = book(client, erik, office.room, f"{DAY}T10:30", f"{DAY}T11:30")
    assert_problem(taken, 409, rule="slot-taken")
    pending = client.get(f"/api/sites/{office.id}/pending", headers=host.auth).json()
    assert [b["id"] for b in pending] == [placed.json()["id"]]

    approved = client.post(f"/api/bookings/{placed.json()['id']}/approve", headers=host.auth)

    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "confirmed"
    again = client.post(f"/api/bookings/{placed.json()['id']}/approve", headers=host.auth)
    assert_problem(again, 422, "booking_id", rule="booking-not-active")


def test_a_host_declines_with_a_note_and_the_room_is_free_again(
    client: TestClient[Any], office: Office, host: Person, anna: Person, erik: Person
) -> None:
    require_approval(client, host, office)
    placed = book(client, anna, office.room, f"{DAY}T10:00", f"{DAY}T11:00").json()

    declined = client.post(
        f"/api/bookings/{placed['id']}/decline", json={"note": "Rummet målas."}, headers=host.auth
    )

    assert declined.status_code == 200, declined.text
    assert (declined.json()["status"], declined.json()["cancel_note"]) == (
        "declined",
        "Rummet målas.",
    )
    mine = client.get(f"/api/bookings/{placed['id']}", headers=anna.auth).json()
    assert mine["status"] == "declined"
    assert book(client, erik, office.room, f"{DAY}T10:00", f"{DAY}T11:00").status_code == 201


def test_members_and_hosts_of_other_sites_cannot_decide_or_set_approval(
    client: TestClient[Any], container: Container, office: Office, host: Person, anna: Person
) -> None:
    require_approval(client, host, office)
    placed = book(client, anna, office.room, f"{DAY}T10:00", f"{DAY}T11:00").json()
    other, token = container.members.add(email="annan@example.se", name="Annan", role="host")
    container.ctx.sites.assign(other.id, uuid4())  # a host of another site only
    elsewhere = {"Authorization": f"Bearer {token}"}

    for headers in (anna.auth, elsewhere):
        assert_problem(client.post(f"/api/bookings/{placed['id']}/approve", headers=headers), 403)
        assert_problem(client.get(f"/api/sites/{office.id}/pending", headers=headers), 403)
    assert_problem(
        client.put(
            f"/api/resources/{office.room}/approval", json={"required": "ja"}, headers=host.auth
        ),
        400,
        "required",
    )
    assert client.get(f"/api/bookings/{placed['id']}", headers=anna.auth).json()["status"] == (
        "pending"
    )
