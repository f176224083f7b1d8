"""Booking several days of one week in one go over HTTP: each day placed or refused with its
rule; days of two weeks are a problem naming the field."""

from __future__ import annotations

from typing import Any

from litestar.testing import TestClient

from tests.e2e.conftest import DAY, Office, Person, assert_problem, book

PATH = "/api/bookings/days"


def test_a_member_books_three_days_of_a_week_and_a_taken_day_is_listed(
    client: TestClient[Any], office: Office, anna: Person, erik: Person
) -> None:
    assert (
        book(client, erik, office.room, "2026-12-02T09:00", "2026-12-02T10:00").status_code == 201
    )

    booked = client.post(
        PATH,
        json={
            "resource_id": office.room,
            "days": [DAY, "2026-12-02", "2026-12-03"],
            "start": "09:00",
            "end": "10:00",
        },
        headers=anna.auth,
    )

    assert booked.status_code == 200, booked.text
    body = booked.json()
    assert [(d["day"], d["status"], d["rule"]) for d in body] == [
        (DAY, "placed", None),
        ("2026-12-02", "refused", "slot-taken"),
        ("2026-12-03", "placed", None),
    ]
    mine = client.get("/api/members/me/bookings", headers=anna.auth).json()
    assert sorted(b["id"] for b in mine) == sorted(d["booking"]["id"] for d in body if d["booking"])


def test_days_of_two_weeks_or_none_are_refused_naming_the_days(
    client: TestClient[Any], office: Office, anna: Person
) -> None:
    two_weeks = {
        "site_id": office.id,
        "kind": "desk",
        "days": [DAY, "2026-12-08"],
        "start": "09:00",
        "end": "10:00",
    }
    assert_problem(client.post(PATH, json=two_weeks, headers=anna.auth), 422, "days")
    assert_problem(
        client.post(PATH, json={**two_weeks, "days": []}, headers=anna.auth), 400, "days"
    )
    assert_problem(
        client.post(PATH, json={**two_weeks, "start": "9"}, headers=anna.auth), 400, "start"
    )
