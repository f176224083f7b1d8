"""What a member does through the HTTP API, on SQLite and on PostgreSQL: find a site, see
what is free, book, read it back at once, cancel, and be refused with a reason."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import TestClient

from projections.runner import READ_YOUR_WRITES
from service.container import Container
from tests.conftest import METRICS_AUTH, Clock
from tests.e2e.conftest import (
    DAY,
    PLACED,
    REFUSED,
    Office,
    Person,
    assert_problem,
    book,
    free_spans,
    new_events,
)

# Store-dependent behaviour: run on SQLite and on PostgreSQL.
pytestmark = pytest.mark.both_stores

WHOLE_DAY = [(f"{DAY}T07:00:00+01:00", f"{DAY}T19:00:00+01:00")]


def test_health_is_public_and_shows_the_views_caught_up_with_the_store(
    client: TestClient[Any], container: Container, office: Office
) -> None:
    store = container.store.recorder.max_notification_id()
    assert store and store > 0
    container.wait_for_all(store)  # every view, also those responses do not wait for

    response = client.get("/health")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "store_position": store,
        "views_position": store,
        "all_views_position": store,
        "stalled": [],
    }


def test_a_member_finds_the_site_and_its_resources(
    client: TestClient[Any], office: Office, anna: Person
) -> None:
    sites = client.get("/api/sites", headers=anna.auth)
    site = client.get(f"/api/sites/{office.id}", headers=anna.auth)
    resources = client.get(f"/api/sites/{office.id}/resources", headers=anna.auth)
    rooms = client.get(f"/api/sites/{office.id}/resources?kind=room", headers=anna.auth)

    assert sites.status_code == site.status_code == resources.status_code == 200
    assert [s["id"] for s in sites.json()] == [office.id]
    assert site.json() == sites.json()[0]
    assert site.json()["name"] == "Grannskapskontoret Frövi"
    assert site.json()["timezone"] == "Europe/Stockholm"
    assert site.json()["opening_hours"]["sun"] == [["07:00", "19:00"]]
    by_name = {r["name"]: r for r in resources.json()}
    assert set(by_name) == {"Skrivbord 1", "Skrivbord 2", "Mötesrum Ån"}
    assert by_name["Skrivbord 2"]["features"] == ["window"]
    assert by_name["Mötesrum Ån"] | {"id": None} == {
        "id": None,
        "site_id": office.id,
        "kind": "room",
        "name": "Mötesrum Ån",
        "features": [],
        "seats": 4,
        "quantity": 1,
        "retired": False,
        "requires_approval": False,
    }
    assert [r["id"] for r in rooms.json()] == [office.room]


def test_availability_of_an_open_day_shows_every_resource_free_in_local_time(
    client: TestClient[Any], office: Office, anna: Person
) -> None:
    response = client.get(f"/api/sites/{office.id}/availability?date={DAY}", headers=anna.auth)
    desks = client.get(
        f"/api/sites/{office.id}/availability?date={DAY}&kind=desk", headers=anna.auth
    )

    assert response.status_code == desks.status_code == 200
    day = response.json()
    assert (day["site_id"], day["date"], day["timezone"]) == (office.id, DAY, "Europe/Stockholm")
    assert [(s["start"], s["end"]) for s in day["open"]] == WHOLE_DAY
    for resource_id in (office.screen_desk, office.window_desk, office.room):
        assert free_spans(day, resource_id) == WHOLE_DAY
    assert {r["resource_id"] for r in desks.json()["resources"]} == {
        office.screen_desk,
        office.window_desk,
    }


def test_booking_a_named_desk_answers_201_with_the_booking_in_utc(
    client: TestClient[Any], container: Container, office: Office, anna: Person
) -> None:
    with new_events(container) as events:
        response = book(client, anna, office.screen_desk, f"{DAY}T09:00", f"{DAY}T12:00")

    assert response.status_code == 201, response.text
    booking = response.json()
    assert booking["status"] == "confirmed"
    assert booking["resource_id"] == office.screen_desk
    assert booking["site_id"] == office.id
    assert booking["member_id"] == anna.id
    assert booking["kind"] == "desk"
    assert (booking["start"], booking["end"]) == (f"{DAY}T08:00:00Z", f"{DAY}T11:00:00Z")
    assert PLACED in events and REFUSED not in events


def test_right_after_booking_my_bookings_and_availability_already_show_it(
    client: TestClient[Any], office: Office, anna: Person
) -> None:
    placed = book(client, anna, office.screen_desk, f"{DAY}T09:00", f"{DAY}T12:00").json()

    # No sleeping: the answer to POST comes only once the views show the booking.
    mine = client.get("/api/members/me/bookings", headers=anna.auth)
    one = client.get(f"/api/bookings/{placed['id']}", headers=anna.auth)
    day = client.get(f"/api/sites/{office.id}/availability?date={DAY}", headers=anna.auth)

    assert [b["id"] for b in mine.json()] == [placed["id"]]
    assert mine.json()[0]["status"] == "confirmed"
    assert one.status_code == 200 and one.json() == mine.json()[0]
    assert free_spans(day.json(), office.screen_desk) == [
        (f"{DAY}T07:00:00+01:00", f"{DAY}T09:00:00+01:00"),
        (f"{DAY}T12:00:00+01:00", f"{DAY}T19:00:00+01:00"),
    ]
    assert free_spans(day.json(), office.window_desk) == WHOLE_DAY


def test_booking_any_desk_with_a_feature_takes_a_free_desk_that_has_it(
    client: TestClient[Any], container: Container, office: Office, anna: Person, erik: Person
) -> None:
    wanted = {
        "site_id": office.id,
        "kind": "desk",
        "start": f"{DAY}T09:00",
        "end": f"{DAY}T12:00",
        "features": ["window"],
    }

    first = client.post("/api/bookings", json=wanted, headers=anna.auth)
    with new_events(container) as events:
        second = client.post("/api/bookings", json=wanted, headers=erik.auth)
    without_feature = client.post(
        "/api/bookings", json={**wanted, "features": []}, headers=erik.auth
    )

    assert first.status_code == 201, first.text
    assert first.json()["resource_id"] == office.window_desk
    assert_problem(second, 409, field="start", rule="nothing-free")
    assert events == [REFUSED]
    assert without_feature.status_code == 201, without_feature.text
    assert without_feature.json()["resource_id"] == office.screen_desk


def test_a_desk_already_taken_answers_409_and_records_the_refused_attempt(
    client: TestClient[Any], container: Container, office: Office, anna: Person, erik: Person
) -> None:
    assert book(client, anna, office.screen_desk, f"{DAY}T09:00", f"{DAY}T12:00").status_code == 201

    with new_events(container) as events:
        overlapping = book(client, erik, office.screen_desk, f"{DAY}T11:00", f"{DAY}T13:00")

    assert_problem(overlapping, 409, field="start", rule="slot-taken")
    assert events == [REFUSED]
    assert client.get("/api/members/me/bookings", headers=erik.auth).json() == []


@pytest.mark.parametrize(
    ("start", "end", "rule", "field"),
    [
        ("2026-11-29T09:00", "2026-11-29T10:00", "in-the-past", "start"),
        (f"{DAY}T06:00", f"{DAY}T08:00", "outside-opening-hours", "start"),
        (f"{DAY}T18:00", f"{DAY}T20:00", "outside-opening-hours", "start"),
        ("2027-01-12T09:00", "2027-01-12T10:00", "outside-booking-window", "start"),
        (f"{DAY}T07:00", f"{DAY}T18:00", "too-long", "end"),
        (f"{DAY}T09:10", f"{DAY}T10:00", "not-aligned", "start"),
        (f"{DAY}T09:00", f"{DAY}T10:05", "not-aligned", "end"),
    ],
    ids=[
        "in the past",
        "before opening",
        "after closing",
        "beyond the booking window",
        "longer than a desk may be booked",
        "start off the quarter hour",
        "end off the quarter hour",
    ],
)
def test_a_booking_a_rule_refuses_answers_422_naming_the_rule_and_records_one_refusal(
    client: TestClient[Any],
    container: Container,
    office: Office,
    anna: Person,
    start: str,
    end: str,
    rule: str,
    field: str,
) -> None:
    with new_events(container) as events:
        response = book(client, anna, office.screen_desk, start, end)

    assert_problem(response, 422, field=field, rule=rule)
    assert events == [REFUSED]
    assert client.get("/api/members/me/bookings", headers=anna.auth).json() == []


def test_a_member_cannot_hold_two_desks_at_the_same_time(
    client: TestClient[Any], container: Container, office: Office, anna: Person
) -> None:
    assert book(client, anna, office.screen_desk, f"{DAY}T09:00", f"{DAY}T12:00").status_code == 201

    with new_events(container) as events:
        second = book(client, anna, office.window_desk, f"{DAY}T10:00", f"{DAY}T11:00")

    assert_problem(second, 422, field="start", rule="member-desk-limit")
    assert events == [REFUSED]
    assert book(client, anna, office.room, f"{DAY}T10:00", f"{DAY}T11:00").status_code == 201


def test_cancelling_frees_the_slot_at_once_for_someone_else(
    client: TestClient[Any], office: Office, anna: Person, erik: Person
) -> None:
    placed = book(client, anna, office.screen_desk, f"{DAY}T09:00", f"{DAY}T12:00").json()

    cancelled = client.post(f"/api/bookings/{placed['id']}/cancel", headers=anna.auth)
    mine = client.get("/api/members/me/bookings", headers=anna.auth)
    day = client.get(f"/api/sites/{office.id}/availability?date={DAY}", headers=erik.auth)
    again = book(client, erik, office.screen_desk, f"{DAY}T09:00", f"{DAY}T12:00")

    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["id"] == placed["id"]
    assert cancelled.json()["status"] == "cancelled"
    assert [(b["id"], b["status"]) for b in mine.json()] == [(placed["id"], "cancelled")]
    assert free_spans(day.json(), office.screen_desk) == WHOLE_DAY
    assert again.status_code == 201, again.text


def test_cancelling_a_cancelled_booking_is_refused_and_changes_nothing(
    client: TestClient[Any], container: Container, office: Office, anna: Person
) -> None:
    placed = book(client, anna, office.screen_desk, f"{DAY}T09:00", f"{DAY}T12:00").json()
    assert client.post(f"/api/bookings/{placed['id']}/cancel", headers=anna.auth).status_code == 200

    with new_events(container) as events:
        twice = client.post(f"/api/bookings/{placed['id']}/cancel", headers=anna.auth)

    assert_problem(twice, 422, field="booking_id", rule="booking-not-active")
    assert events == []


def test_a_member_can_neither_see_nor_cancel_another_members_booking(
    client: TestClient[Any], container: Container, office: Office, anna: Person, erik: Person
) -> None:
    placed = book(client, anna, office.screen_desk, f"{DAY}T09:00", f"{DAY}T12:00").json()

    with new_events(container) as events:
        seen = client.get(f"/api/bookings/{placed['id']}", headers=erik.auth)
        cancelled = client.post(f"/api/bookings/{placed['id']}/cancel", headers=erik.auth)

    assert_problem(seen, 404, field="booking_id")
    assert_problem(cancelled, 404, field="booking_id")
    assert events == []
    assert client.get("/api/members/me/bookings", headers=erik.auth).json() == []
    still = client.get(f"/api/bookings/{placed['id']}", headers=anna.auth)
    assert still.json()["status"] == "confirmed"


def test_a_host_can_see_and_cancel_a_members_booking(
    client: TestClient[Any], office: Office, anna: Person, host: Person
) -> None:
    placed = book(client, anna, office.screen_desk, f"{DAY}T09:00", f"{DAY}T12:00").json()

    seen = client.get(f"/api/bookings/{placed['id']}", headers=host.auth)
    cancelled = client.post(f"/api/bookings/{placed['id']}/cancel", headers=host.auth)

    assert seen.status_code == 200 and seen.json()["member_id"] == anna.id
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    mine = client.get("/api/members/me/bookings", headers=anna.auth).json()
    assert [b["status"] for b in mine] == ["cancelled"]


def test_me_tells_a_member_who_they_are(
    client: TestClient[Any], anna: Person, host: Person
) -> None:
    me = client.get("/api/members/me", headers=anna.auth)
    them = client.get("/api/members/me", headers=host.auth)

    assert me.status_code == 200
    assert me.json() == {
        "id": anna.id,
        "email": "anna.distans@example.se",
        "name": "Anna Lindqvist",
        "role": "member",
    }
    assert them.json()["role"] == "host"


def test_my_bookings_lists_only_upcoming_ones_unless_past_ones_are_asked_for(
    client: TestClient[Any], clock: Clock, office: Office, anna: Person
) -> None:
    early = book(client, anna, office.screen_desk, f"{DAY}T08:00", f"{DAY}T09:00").json()
    late = book(client, anna, office.screen_desk, f"{DAY}T15:00", f"{DAY}T16:00").json()
    clock.advance(days=1, hours=3)  # Tuesday 10:00 in Stockholm

    upcoming = client.get("/api/members/me/bookings", headers=anna.auth)
    everything = client.get("/api/members/me/bookings?include_past=true", headers=anna.auth)

    assert [b["id"] for b in upcoming.json()] == [late["id"]]
    assert [b["id"] for b in everything.json()] == [early["id"], late["id"]]


def test_the_openapi_document_describes_the_api(client: TestClient[Any]) -> None:
    response = client.get("/schema/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "grannskap"
    paths = document["paths"]
    for path, method in [
        ("/health", "get"),
        ("/api/sites", "get"),
        ("/api/sites", "post"),
        ("/api/sites/{site_id}", "get"),
        ("/api/sites/{site_id}/resources", "get"),
        ("/api/sites/{site_id}/resources", "post"),
        ("/api/sites/{site_id}/availability", "get"),
        ("/api/sites/{site_id}/opening-hours", "put"),
        ("/api/sites/{site_id}/policy", "put"),
        ("/api/sites/{site_id}/closures", "post"),
        ("/api/resources/{resource_id}/retire", "post"),
        ("/api/bookings", "post"),
        ("/api/bookings/{booking_id}", "get"),
        ("/api/bookings/{booking_id}/cancel", "post"),
        ("/api/members/me", "get"),
        ("/api/members/me/bookings", "get"),
    ]:
        assert method in paths.get(path, {}), f"{method.upper()} {path} not documented"
    availability = paths["/api/sites/{site_id}/availability"]["get"]
    assert "date" in {p["name"] for p in availability["parameters"]}


def _sample(metrics: str, name: str, labels: str = "") -> float | None:
    for line in metrics.splitlines():
        if line.startswith(f"{name}{labels} "):
            return float(line.rsplit(" ", 1)[1])
    return None


def test_metrics_count_bookings_placed_and_show_no_read_your_writes_lag_after_a_booking(
    client: TestClient[Any], office: Office, anna: Person
) -> None:
    before = _sample(
        client.get("/metrics", headers=METRICS_AUTH).text,
        "grannskap_bookings_placed_total",
        '{kind="desk"}',
    )

    assert book(client, anna, office.screen_desk, f"{DAY}T09:00", f"{DAY}T12:00").status_code == 201
    response = client.get("/metrics", headers=METRICS_AUTH)

    assert response.status_code == 200
    metrics = response.text
    after = _sample(metrics, "grannskap_bookings_placed_total", '{kind="desk"}')
    assert after == (before or 0.0) + 1
    lags = [line for line in metrics.splitlines() if line.startswith("grannskap_projection_lag{")]
    assert len(lags) >= 3, metrics
    # The views a response waits for have no lag; the calendar and usage views follow
    # a moment later and may still be catching up when /metrics is read.
    waited_for = [line for line in lags if any(f'"{name}"' in line for name in READ_YOUR_WRITES)]
    assert len(waited_for) == len(READ_YOUR_WRITES), lags
    assert all(line.endswith(" 0.0") for line in waited_for), lags
