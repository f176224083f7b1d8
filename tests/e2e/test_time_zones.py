"""Times over HTTP: a time without an offset is wall-clock time in Stockholm, offsets and Z
are honoured, answers are in UTC (bookings) or local time (availability), and the
daylight-saving days (2026-03-29: 02:00 -> 03:00, 2026-10-25: 03:00 -> 02:00) work."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from litestar.testing import TestClient

from tests.conftest import Clock
from tests.e2e.conftest import DAY, WEEKDAYS, Office, Person, assert_problem, book, free_spans

# Store-dependent behaviour: run on SQLite and on PostgreSQL.
pytestmark = pytest.mark.both_stores

SPRING = "2026-03-29"
AUTUMN = "2026-10-25"


@pytest.fixture
def night_desk(client: TestClient[Any], host: Person) -> tuple[str, str]:
    """(site id, desk id) of a site open around the clock, where a desk is booked for at
    most three hours."""
    site = client.post(
        "/api/sites",
        json={
            "name": "Nattkontoret",
            "address": "Stationsgatan 1, 718 91 Fellingsbro",
            "opening_hours": {day: [["00:00", "23:45"]] for day in WEEKDAYS},
            "policy": {"max_minutes": {"desk": 180}},
        },
        headers=host.auth,
    )
    assert site.status_code == 201, site.text
    site_id = site.json()["id"]
    desk = client.post(
        f"/api/sites/{site_id}/resources",
        json={"kind": "desk", "name": "Skrivbord 1"},
        headers=host.auth,
    )
    assert desk.status_code == 201, desk.text
    return site_id, desk.json()["id"]


def _span(response: Any) -> tuple[str, str]:
    assert response.status_code == 201, response.text
    return response.json()["start"], response.json()["end"]


def test_naive_times_are_stockholm_time_and_offsets_and_z_are_honoured(
    client: TestClient[Any], clock: Clock, office: Office, anna: Person, erik: Person
) -> None:
    winter = book(client, anna, office.screen_desk, f"{DAY}T09:00", f"{DAY}T10:00")
    same_instants = book(
        client, erik, office.screen_desk, f"{DAY}T10:00:00+02:00", f"{DAY}T11:00:00+02:00"
    )
    in_utc = book(client, erik, office.screen_desk, f"{DAY}T09:00:00Z", f"{DAY}T10:00:00Z")
    clock.now = datetime(2026, 6, 1, 6, 0, tzinfo=UTC)
    summer = book(client, anna, office.screen_desk, "2026-06-02T09:00", "2026-06-02T10:00")

    assert _span(winter) == (f"{DAY}T08:00:00Z", f"{DAY}T09:00:00Z")
    assert_problem(same_instants, 409, field="start", rule="slot-taken")
    assert _span(in_utc) == (f"{DAY}T09:00:00Z", f"{DAY}T10:00:00Z")
    assert _span(summer) == ("2026-06-02T07:00:00Z", "2026-06-02T08:00:00Z")
    day = client.get(f"/api/sites/{office.id}/availability?date={DAY}", headers=anna.auth)
    assert free_spans(day.json(), office.screen_desk) == [
        (f"{DAY}T07:00:00+01:00", f"{DAY}T09:00:00+01:00"),
        (f"{DAY}T11:00:00+01:00", f"{DAY}T19:00:00+01:00"),
    ]


def test_on_the_spring_forward_day_one_to_four_at_night_is_two_real_hours(
    client: TestClient[Any],
    clock: Clock,
    night_desk: tuple[str, str],
    anna: Person,
    erik: Person,
) -> None:
    site_id, desk = night_desk
    clock.now = datetime(2026, 3, 27, 8, 0, tzinfo=UTC)

    night = book(client, anna, desk, f"{SPRING}T01:00", f"{SPRING}T04:00")
    same_with_offsets = book(
        client, erik, desk, f"{SPRING}T01:00:00+01:00", f"{SPRING}T04:00:00+02:00"
    )
    right_after = book(client, erik, desk, f"{SPRING}T02:00:00Z", f"{SPRING}T03:00:00Z")

    assert _span(night) == (f"{SPRING}T00:00:00Z", f"{SPRING}T02:00:00Z")
    assert_problem(same_with_offsets, 409, field="start", rule="slot-taken")
    assert _span(right_after) == (f"{SPRING}T02:00:00Z", f"{SPRING}T03:00:00Z")
    day = client.get(f"/api/sites/{site_id}/availability?date={SPRING}", headers=anna.auth)
    assert day.status_code == 200
    assert [(s["start"], s["end"]) for s in day.json()["open"]] == [
        (f"{SPRING}T00:00:00+01:00", f"{SPRING}T23:45:00+02:00")
    ]
    assert free_spans(day.json(), desk) == [
        (f"{SPRING}T00:00:00+01:00", f"{SPRING}T01:00:00+01:00"),
        (f"{SPRING}T05:00:00+02:00", f"{SPRING}T23:45:00+02:00"),
    ]
    mine = client.get("/api/members/me/bookings", headers=anna.auth).json()
    assert [(b["start"], b["end"]) for b in mine] == [_span(night)]


def test_on_the_fall_back_day_the_repeated_hour_is_two_distinct_slots(
    client: TestClient[Any],
    clock: Clock,
    night_desk: tuple[str, str],
    anna: Person,
    erik: Person,
) -> None:
    site_id, desk = night_desk
    clock.now = datetime(2026, 10, 23, 8, 0, tzinfo=UTC)

    first_two_oclock = book(client, anna, desk, f"{AUTUMN}T02:00+02:00", f"{AUTUMN}T02:00+01:00")
    # A naive 02:00 is the first of the two; 03:00 comes two real hours later.
    naive = book(client, erik, desk, f"{AUTUMN}T02:00", f"{AUTUMN}T03:00")
    second_two_oclock = book(client, erik, desk, f"{AUTUMN}T02:00+01:00", f"{AUTUMN}T03:00+01:00")

    assert _span(first_two_oclock) == (f"{AUTUMN}T00:00:00Z", f"{AUTUMN}T01:00:00Z")
    assert_problem(naive, 409, field="start", rule="slot-taken")
    assert _span(second_two_oclock) == (f"{AUTUMN}T01:00:00Z", f"{AUTUMN}T02:00:00Z")
    day = client.get(f"/api/sites/{site_id}/availability?date={AUTUMN}", headers=anna.auth)
    assert [(s["start"], s["end"]) for s in day.json()["open"]] == [
        (f"{AUTUMN}T00:00:00+02:00", f"{AUTUMN}T23:45:00+01:00")
    ]
    assert free_spans(day.json(), desk) == [
        (f"{AUTUMN}T00:00:00+02:00", f"{AUTUMN}T02:00:00+02:00"),
        (f"{AUTUMN}T03:00:00+01:00", f"{AUTUMN}T23:45:00+01:00"),
    ]


def test_a_night_booking_on_the_fall_back_day_counts_its_real_length(
    client: TestClient[Any], clock: Clock, night_desk: tuple[str, str], anna: Person
) -> None:
    _, desk = night_desk
    clock.now = datetime(2026, 10, 23, 8, 0, tzinfo=UTC)

    autumn = book(client, anna, desk, f"{AUTUMN}T01:00", f"{AUTUMN}T04:00")
    ordinary = book(client, anna, desk, "2026-10-26T01:00", "2026-10-26T04:00")

    assert_problem(autumn, 422, field="end", rule="too-long")
    assert _span(ordinary) == ("2026-10-26T00:00:00Z", "2026-10-26T03:00:00Z")
