"""What a host changes through the API, and that members see the change at once."""

from __future__ import annotations

from typing import Any

from litestar.testing import TestClient

from service.container import Container
from tests.e2e.conftest import (
    DAY,
    REFUSED,
    Office,
    Person,
    assert_problem,
    book,
    free_spans,
    new_events,
)


def test_a_host_registers_a_site_with_resources_that_members_see_at_once(
    client: TestClient[Any], host: Person, anna: Person
) -> None:
    site = client.post(
        "/api/sites",
        json={
            "name": "Servicepunkt Vedevåg",
            "address": "Bygdegårdsvägen 1, 711 91 Vedevåg",
            "locality": "Vedevåg",
            "opening_hours": {"tue": [["08:00", "12:00"], ["13:00", "16:00"]]},
            "policy": {"days_ahead": 14},
        },
        headers=host.auth,
    )
    assert site.status_code == 201, site.text
    site_id = site.json()["id"]
    added = client.post(
        f"/api/sites/{site_id}/resources",
        json={"kind": "equipment", "name": "Extra skärm", "quantity": 4, "features": ["USB-C"]},
        headers=host.auth,
    )

    assert added.status_code == 201, added.text
    seen = client.get(f"/api/sites/{site_id}", headers=anna.auth).json()
    assert seen["locality"] == "Vedevåg"
    assert seen["opening_hours"] == {"tue": [["08:00", "12:00"], ["13:00", "16:00"]]}
    assert seen["policy"]["days_ahead"] == 14
    (screen,) = client.get(f"/api/sites/{site_id}/resources", headers=anna.auth).json()
    assert screen == {
        "id": added.json()["id"],
        "site_id": site_id,
        "kind": "equipment",
        "name": "Extra skärm",
        "features": ["usb-c"],
        "seats": None,
        "quantity": 4,
        "retired": False,
        "requires_approval": False,
    }
    day = client.get(f"/api/sites/{site_id}/availability?date={DAY}", headers=anna.auth).json()
    assert [(s["start"], s["end"], s["available"]) for s in day["resources"][0]["free"]] == [
        (f"{DAY}T08:00:00+01:00", f"{DAY}T12:00:00+01:00", 4),
        (f"{DAY}T13:00:00+01:00", f"{DAY}T16:00:00+01:00", 4),
    ]


def test_new_opening_hours_change_availability_and_what_can_be_booked(
    client: TestClient[Any], container: Container, office: Office, host: Person, anna: Person
) -> None:
    changed = client.put(
        f"/api/sites/{office.id}/opening-hours",
        json={"tue": [["10:00", "14:00"]]},
        headers=host.auth,
    )

    assert changed.status_code == 200, changed.text
    assert changed.json()["opening_hours"] == {"tue": [["10:00", "14:00"]]}
    tuesday = client.get(f"/api/sites/{office.id}/availability?date={DAY}", headers=anna.auth)
    wednesday = client.get(
        f"/api/sites/{office.id}/availability?date=2026-12-02", headers=anna.auth
    )
    assert free_spans(tuesday.json(), office.screen_desk) == [
        (f"{DAY}T10:00:00+01:00", f"{DAY}T14:00:00+01:00")
    ]
    assert wednesday.json()["open"] == []
    assert free_spans(wednesday.json(), office.screen_desk) == []
    with new_events(container) as events:
        early = book(client, anna, office.screen_desk, f"{DAY}T09:00", f"{DAY}T11:00")
    assert_problem(early, 422, field="start", rule="outside-opening-hours")
    assert events == [REFUSED]
    assert book(client, anna, office.screen_desk, f"{DAY}T10:00", f"{DAY}T11:00").status_code == 201


def test_a_stricter_policy_shortens_the_booking_window_and_the_longest_booking(
    client: TestClient[Any], office: Office, host: Person, anna: Person
) -> None:
    changed = client.put(
        f"/api/sites/{office.id}/policy",
        json={"days_ahead": 3, "max_minutes": {"desk": 60}},
        headers=host.auth,
    )

    assert changed.status_code == 200, changed.text
    assert changed.json()["policy"]["days_ahead"] == 3
    assert changed.json()["policy"]["max_minutes"]["desk"] == 60
    assert changed.json()["policy"]["max_minutes"]["room"] == 240  # unchanged
    far = book(client, anna, office.screen_desk, "2026-12-04T09:00", "2026-12-04T10:00")
    long = book(client, anna, office.screen_desk, f"{DAY}T09:00", f"{DAY}T11:00")
    assert_problem(far, 422, field="start", rule="outside-booking-window")
    assert_problem(long, 422, field="end", rule="too-long")
    assert book(client, anna, office.screen_desk, "2026-12-03T09:00", "2026-12-03T10:00").is_success


def test_a_closed_day_has_nothing_free_and_refuses_bookings(
    client: TestClient[Any], container: Container, office: Office, host: Person, anna: Person
) -> None:
    closed = client.post(
        f"/api/sites/{office.id}/closures",
        json={"first_day": "2026-12-02", "last_day": "2026-12-03", "reason": "Renovering"},
        headers=host.auth,
    )

    assert closed.status_code == 201, closed.text
    closure_id = closed.json()["closure_id"]
    assert closed.json()["closures"] == [
        {
            "first_day": "2026-12-02",
            "last_day": "2026-12-03",
            "reason": "Renovering",
            "id": closure_id,
        }
    ]
    assert closed.json()["cancelled"] == []
    for day in ("2026-12-02", "2026-12-03"):
        seen = client.get(f"/api/sites/{office.id}/availability?date={day}", headers=anna.auth)
        assert seen.json()["open"] == []
        assert all(r["free"] == [] for r in seen.json()["resources"])
    with new_events(container) as events:
        refused = book(client, anna, office.screen_desk, "2026-12-03T09:00", "2026-12-03T10:00")
    assert_problem(refused, 422, field="start", rule="site-closed")
    assert events == [REFUSED]
    after = client.get(f"/api/sites/{office.id}/availability?date=2026-12-04", headers=anna.auth)
    assert after.json()["open"] != []


def test_closing_on_public_holidays_closes_christmas_day(
    client: TestClient[Any], office: Office, host: Person, anna: Person
) -> None:
    closed = client.post(
        f"/api/sites/{office.id}/closures", json={"public_holidays": [2026]}, headers=host.auth
    )

    assert closed.status_code == 201, closed.text
    closures = {c["first_day"]: c["reason"] for c in closed.json()["closures"]}
    assert closures["2026-06-20"] == "Midsommardagen"
    assert closures["2026-12-25"] == "Juldagen"
    assert closures["2026-12-26"] == "Annandag jul"
    assert "2026-12-23" not in closures
    christmas = client.get(
        f"/api/sites/{office.id}/availability?date=2026-12-25", headers=anna.auth
    ).json()
    assert christmas["open"] == []
    refused = book(client, anna, office.screen_desk, "2026-12-25T09:00", "2026-12-25T10:00")
    assert_problem(refused, 422, field="start", rule="site-closed")
    assert book(client, anna, office.screen_desk, "2026-12-23T09:00", "2026-12-23T10:00").is_success


def test_a_retired_desk_is_no_longer_listed_or_bookable_and_its_bookings_are_cancelled(
    client: TestClient[Any], container: Container, office: Office, host: Person, anna: Person
) -> None:
    earlier = book(client, anna, office.screen_desk, f"{DAY}T09:00", f"{DAY}T10:00").json()
    preview = client.post(f"/api/resources/{office.screen_desk}/retire/preview", headers=host.auth)
    assert [b["id"] for b in preview.json()["bookings"]] == [earlier["id"]]

    retired = client.post(f"/api/resources/{office.screen_desk}/retire", headers=host.auth)

    assert retired.status_code == 200, retired.text
    assert retired.json()["id"] == office.screen_desk
    (cancelled,) = retired.json()["cancelled"]
    assert (cancelled["id"], cancelled["status"], cancelled["cancel_reason"]) == (
        earlier["id"],
        "cancelled",
        "resource-retired",
    )
    listed = client.get(f"/api/sites/{office.id}/resources", headers=anna.auth).json()
    assert office.screen_desk not in [r["id"] for r in listed]
    everything = client.get(
        f"/api/sites/{office.id}/resources?include_retired=true", headers=anna.auth
    ).json()
    assert [r["retired"] for r in everything if r["id"] == office.screen_desk] == [True]
    day = client.get(f"/api/sites/{office.id}/availability?date={DAY}", headers=anna.auth).json()
    assert office.screen_desk not in [r["resource_id"] for r in day["resources"]]
    with new_events(container) as events:
        refused = book(client, anna, office.screen_desk, f"{DAY}T13:00", f"{DAY}T14:00")
    assert_problem(refused, 422, field="resource_id", rule="resource-retired")
    assert events == [REFUSED]
    mine = client.get("/api/members/me/bookings", headers=anna.auth).json()
    assert [(b["id"], b["status"]) for b in mine] == [(earlier["id"], "cancelled")]
