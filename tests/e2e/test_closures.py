"""Changes that hit bookings already made, through the API: a closure shows the bookings it
hits and cancels them with the reason; it can be removed again; new opening hours cancel
the bookings they no longer cover; a host cancels with a note and books on a member's
behalf."""

from __future__ import annotations

from typing import Any

from litestar.testing import TestClient

from service.container import Container
from tests.e2e.conftest import DAY, Office, Person, assert_problem, book


def test_a_closure_is_previewed_then_cancels_the_bookings_on_its_days_with_the_reason(
    client: TestClient[Any], container: Container, office: Office, host: Person, anna: Person
) -> None:
    hit = book(client, anna, office.screen_desk, f"{DAY}T09:00", f"{DAY}T12:00").json()
    spared = book(client, anna, office.screen_desk, "2026-12-02T09:00", "2026-12-02T12:00").json()
    closure = {"first_day": DAY, "reason": "Vattenläcka"}

    preview = client.post(
        f"/api/sites/{office.id}/closures/preview", json=closure, headers=host.auth
    )
    assert preview.status_code == 200, preview.text
    assert [b["id"] for b in preview.json()["bookings"]] == [hit["id"]]
    assert (
        client.get(f"/api/bookings/{hit['id']}", headers=anna.auth).json()["status"] == "confirmed"
    )

    closed = client.post(f"/api/sites/{office.id}/closures", json=closure, headers=host.auth)

    assert closed.status_code == 201, closed.text
    assert [(b["id"], b["cancel_reason"]) for b in closed.json()["cancelled"]] == [
        (hit["id"], "site-closed")
    ]
    mine = {b["id"]: b for b in client.get("/api/members/me/bookings", headers=anna.auth).json()}
    assert (mine[hit["id"]]["status"], mine[hit["id"]]["cancel_reason"]) == (
        "cancelled",
        "site-closed",
    )
    assert mine[spared["id"]]["status"] == "confirmed"
    free = client.get(f"/api/sites/{office.id}/availability?date={DAY}", headers=anna.auth).json()
    assert free["open"] == []
    again = client.post(f"/api/sites/{office.id}/closures/preview", json=closure, headers=host.auth)
    assert again.json()["bookings"] == []


def test_a_removed_closure_opens_its_days_again(
    client: TestClient[Any], office: Office, host: Person, anna: Person
) -> None:
    closed = client.post(
        f"/api/sites/{office.id}/closures", json={"first_day": DAY}, headers=host.auth
    ).json()
    assert_problem(book(client, anna, office.room, f"{DAY}T09:00", f"{DAY}T10:00"), 422)

    removed = client.delete(
        f"/api/sites/{office.id}/closures/{closed['closure_id']}", headers=host.auth
    )

    assert removed.status_code == 200, removed.text
    assert removed.json()["closures"] == []
    assert book(client, anna, office.room, f"{DAY}T09:00", f"{DAY}T10:00").status_code == 201
    twice = client.delete(
        f"/api/sites/{office.id}/closures/{closed['closure_id']}", headers=host.auth
    )
    assert_problem(twice, 404, field="closure")
    member = client.delete(
        f"/api/sites/{office.id}/closures/{closed['closure_id']}", headers=anna.auth
    )
    assert_problem(member, 403)


def test_opening_hours_that_no_longer_cover_a_booking_cancel_it(
    client: TestClient[Any], office: Office, host: Person, anna: Person
) -> None:
    evening = book(client, anna, office.room, f"{DAY}T17:00", f"{DAY}T18:00").json()
    morning = book(client, anna, office.room, f"{DAY}T09:00", f"{DAY}T10:00").json()
    hours = {d: [["07:00", "16:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}

    preview = client.post(
        f"/api/sites/{office.id}/opening-hours/preview", json=hours, headers=host.auth
    )
    changed = client.put(f"/api/sites/{office.id}/opening-hours", json=hours, headers=host.auth)

    assert [b["id"] for b in preview.json()["bookings"]] == [evening["id"]]
    assert changed.status_code == 200, changed.text
    assert [(b["id"], b["cancel_reason"]) for b in changed.json()["cancelled"]] == [
        (evening["id"], "opening-hours")
    ]
    still = client.get(f"/api/bookings/{morning['id']}", headers=anna.auth).json()
    assert still["status"] == "confirmed"


def test_public_holidays_with_the_chosen_eves_close_christmas_eve(
    client: TestClient[Any], office: Office, host: Person
) -> None:
    closed = client.post(
        f"/api/sites/{office.id}/closures",
        json={"public_holidays": [2026], "eves": ["julafton"]},
        headers=host.auth,
    )
    assert closed.status_code == 201, closed.text
    days = {c["first_day"]: c["reason"] for c in closed.json()["closures"]}
    assert days["2026-12-24"] == "Julafton"
    assert "2026-12-31" not in days and "2026-06-19" not in days
    wrong = client.post(
        f"/api/sites/{office.id}/closures",
        json={"public_holidays": [2026], "eves": ["påskafton"]},
        headers=host.auth,
    )
    assert_problem(wrong, 400, field="eves[0]")


def test_a_host_cancels_a_members_booking_with_a_note_the_member_can_read(
    client: TestClient[Any], office: Office, host: Person, anna: Person
) -> None:
    placed = book(client, anna, office.room, f"{DAY}T09:00", f"{DAY}T10:00").json()

    cancelled = client.post(
        f"/api/bookings/{placed['id']}/cancel",
        json={"note": "Rummet behövs för en kommunal träff."},
        headers=host.auth,
    )

    assert cancelled.status_code == 200, cancelled.text
    seen = client.get(f"/api/bookings/{placed['id']}", headers=anna.auth).json()
    assert (seen["cancel_reason"], seen["cancel_note"]) == (
        "host",
        "Rummet behövs för en kommunal träff.",
    )
    too_long = client.post(
        f"/api/bookings/{placed['id']}/cancel", json={"note": "x" * 501}, headers=host.auth
    )
    assert_problem(too_long, 400, field="note")


def test_a_host_books_on_a_members_behalf_and_a_member_may_not(
    client: TestClient[Any], office: Office, host: Person, anna: Person, erik: Person
) -> None:
    placed = client.post(
        "/api/bookings",
        json={
            "resource_id": office.room,
            "start": f"{DAY}T09:00",
            "end": f"{DAY}T10:00",
            "member_id": anna.id,
        },
        headers=host.auth,
    )
    assert placed.status_code == 201, placed.text
    assert (placed.json()["member_id"], placed.json()["placed_by"]) == (anna.id, host.id)
    mine = client.get("/api/members/me/bookings", headers=anna.auth).json()
    assert [b["id"] for b in mine] == [placed.json()["id"]]
    refused = client.post(
        "/api/bookings",
        json={
            "resource_id": office.room,
            "start": f"{DAY}T11:00",
            "end": f"{DAY}T12:00",
            "member_id": anna.id,
        },
        headers=erik.auth,
    )
    assert_problem(refused, 403)
