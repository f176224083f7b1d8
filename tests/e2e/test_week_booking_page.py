"""Booking several days of one week from the site's week page: the days chosen are listed,
each booked or why not, in Swedish."""

from __future__ import annotations

import html
from typing import Any

from litestar.testing import TestClient

from service.container import Container
from tests.e2e.conftest import DAY, Office, Person, book
from tests.e2e.test_approval_pages import csrf_of, signed_in


def test_a_member_books_two_days_from_the_week_page_and_sees_which_could_be_had(
    client: TestClient[Any], container: Container, office: Office, anna: Person, erik: Person
) -> None:
    assert (
        book(client, erik, office.room, "2026-12-02T09:00", "2026-12-02T10:00").status_code == 201
    )
    signed_in(client, container, anna)
    week = client.get(f"/sites/{office.id}/week?date={DAY}")
    assert "Boka flera dagar den här veckan" in html.unescape(week.text)

    booked = client.post(
        f"/sites/{office.id}/book-days",
        data={
            "_csrf_token": csrf_of(week.text),
            "day": [DAY, "2026-12-02"],
            "kind": "room",
            "start": "09:00",
            "end": "10:00",
        },
    )

    assert booked.status_code == 200, booked.text
    page = html.unescape(booked.text)
    listed = page.split('<ul class="bookings">')[1].split("</ul>")[0]
    assert listed.count("Bokad:") == 1 and listed.count("Inte bokad:") == 1, listed
    mine = client.get("/api/members/me/bookings", headers=anna.auth).json()
    assert [b["start"][:10] for b in mine] == [DAY]
