"""A search through the API for a time that finds nothing free is kept as a demand signal;
one that finds something, or names no time, is not."""

from __future__ import annotations

from typing import Any

from litestar.testing import TestClient

from service.container import Container
from tests.e2e.conftest import DAY, Office, Person, book, new_events

SEARCHED = "domain.search:EmptySearch.Recorded"


def look(client: TestClient[Any], who: Person, office: Office, query: str) -> None:
    response = client.get(
        f"/api/sites/{office.id}/availability?date={DAY}&{query}", headers=who.auth
    )
    assert response.status_code == 200, response.text


def test_an_availability_search_for_a_taken_time_is_recorded_once_per_look(
    client: TestClient[Any], container: Container, office: Office, anna: Person, erik: Person
) -> None:
    assert book(client, anna, office.room, f"{DAY}T09:00", f"{DAY}T11:00").status_code == 201

    with new_events(container) as topics:
        look(client, erik, office, "kind=room&start=09:30&end=10:30")
    assert topics == [SEARCHED]

    with new_events(container) as topics:
        look(client, erik, office, "kind=room&start=11:00&end=12:00")  # free then
        look(client, erik, office, "kind=room")  # no time
    assert topics == []


def test_a_time_that_is_not_a_time_of_day_is_bad_input(
    client: TestClient[Any], office: Office, anna: Person
) -> None:
    response = client.get(
        f"/api/sites/{office.id}/availability?date={DAY}&kind=room&start=25:00&end=26:00",
        headers=anna.auth,
    )
    assert response.status_code == 400
