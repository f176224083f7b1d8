# ruff: noqa: F811  (the web fixtures are imported from test_web_pages and used by name)
"""A recurring booking over the site's closed days (public holidays the host closed) says
those days are closed, whether the booking window reaches them yet or not, and does not list
them as days that could not be booked."""

from __future__ import annotations

import re
from typing import Any

from litestar.testing import TestClient

from service.container import Container
from tests.e2e.test_plan_pages import member, resource_id
from tests.e2e.test_web_pages import (  # noqa: F401
    DAY,
    accounts,
    csrf,
    office,
    seeded,
    web,
)


def test_closed_holidays_in_a_series_are_said_closed_and_not_listed_as_refused(
    web: TestClient[Any], accounts: Any, office: str, seeded: Container
) -> None:
    member(web, accounts, "anna.distans@example.se")
    started = web.post(
        f"/sites/{office}/series",
        data={
            "_csrf_token": csrf(web, f"/sites/{office}?date={DAY}"),
            "what": resource_id(seeded, office, "Skrivbord 4"),
            "kind": "desk",
            "date": DAY,
            "start": "08:00",
            "end": "16:00",
            "weekday": ["fri"],
            "until": "2027-01-08",  # Fridays: 4, 11, 18, 25 December (Christmas), 1 and 8 January
        },
        follow_redirects=False,
    )
    assert started.status_code == 303, started.text

    page = web.get(started.headers["location"]).text

    rows = re.findall(r'<tr class="series-day (\w+)"><td>([^<]+)</td><td>([^<]+)</td>', page)
    closed = [(day, text) for status, day, text in rows if status == "closed"]
    assert [day for day, _ in closed] == ["fredag 25 december", "fredag 1 januari"], rows
    assert [text for _, text in closed] == ["Stängt: Juldagen", "Stängt: Nyårsdagen"]
    assert "Kunde inte bokas" not in page
    assert ("pending", "fredag 8 januari", "Bokas när dagen går att boka") in rows
    listed = web.get("/my/bookings").text
    assert "25 dec" not in listed and "Kunde inte bokas" not in listed
