"""Drop-ins over HTTP: a host registers a walk-in at a free resource of a kind (the current
quarter hour until the end given); the resource is then taken for members; members may not
register one, and bad input is a problem naming the field."""

from __future__ import annotations

from typing import Any

from litestar.testing import TestClient

from tests.conftest import Clock
from tests.e2e.conftest import DAY, Office, Person, assert_problem, book
from tests.integration.conftest import at


def test_a_host_registers_a_walk_in_at_a_free_room_and_members_find_it_taken(
    client: TestClient[Any], clock: Clock, office: Office, host: Person, anna: Person
) -> None:
    clock.now = at(DAY, "09:40")

    placed = client.post(
        f"/api/sites/{office.id}/drop-ins",
        json={"kind": "room", "end": f"{DAY}T11:00"},
        headers=host.auth,
    )

    assert placed.status_code == 201, placed.text
    body = placed.json()
    assert (body["resource_id"], body["drop_in"], body["status"]) == (
        office.room,
        True,
        "confirmed",
    )
    assert body["start"] == f"{DAY}T08:30:00Z" and body["checked_in_at"]  # 09:30 in Stockholm
    taken = book(client, anna, office.room, f"{DAY}T10:00", f"{DAY}T10:30")
    assert_problem(taken, 409, rule="slot-taken")
    assert client.get("/api/members/me/bookings", headers=anna.auth).json() == []


def test_members_cannot_register_drop_ins_and_bad_input_names_the_field(
    client: TestClient[Any], clock: Clock, office: Office, host: Person, anna: Person
) -> None:
    clock.now = at(DAY, "09:40")
    path = f"/api/sites/{office.id}/drop-ins"

    assert_problem(
        client.post(path, json={"kind": "desk", "end": f"{DAY}T11:00"}, headers=anna.auth), 403
    )
    assert_problem(
        client.post(path, json={"kind": "desk", "end": "snart"}, headers=host.auth), 400, "end"
    )
    assert_problem(client.post(path, json={"end": f"{DAY}T11:00"}, headers=host.auth), 400, "kind")
    tomorrow = {"resource_id": office.room, "start": "2026-12-02T09:00", "end": "2026-12-02T10:00"}
    assert_problem(
        client.post(path, json=tomorrow, headers=host.auth),
        422,
        "start",
        rule="outside-booking-window",
    )
