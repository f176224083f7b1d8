"""No anonymous request waits for the views, and waiting is bounded: a calendar feed (whose
secret token is its only credential) answers from the calendar view as it is, an unknown
token is refused before anything else, and beyond ``max_waiting`` requests that would wait
for the views answer without waiting."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import TestClient

from service.container import Container
from tests.e2e.conftest import DAY, Office, Person, book

# Store-dependent behaviour: run on SQLite and on PostgreSQL.
pytestmark = pytest.mark.both_stores


def _never_wait(container: Container, monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    calls: list[tuple[Any, ...]] = []

    def record(*args: Any, **kwargs: Any) -> None:
        calls.append(args)

    monkeypatch.setattr(container.views, "wait", record)
    return calls


def test_a_calendar_feed_answers_without_waiting_for_the_views(
    client: TestClient[Any],
    container: Container,
    anna: Person,
    office: Office,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert book(client, anna, office.screen_desk, f"{DAY}T09:00", f"{DAY}T10:00").status_code == 201
    feed = client.get("/api/members/me/calendar", headers=anna.auth).json()["https_url"]
    path = "/" + feed.split("://", 1)[1].split("/", 1)[1]
    waits = _never_wait(container, monkeypatch)

    known = client.get(path)
    unknown = client.get("/ical/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics")

    assert known.status_code == 200 and unknown.status_code == 404
    assert waits == []


def test_requests_beyond_the_bound_answer_without_waiting_for_the_views(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits = _never_wait(container, monkeypatch)
    slots = container.settings.max_waiting
    for _ in range(slots):
        assert container._wait_slots.acquire(blocking=False)
    try:
        container.wait_for_reads(container.store.position + 1)
        container.wait_for_view("calendar")
    finally:
        for _ in range(slots):
            container._wait_slots.release()

    assert waits == []
    container.wait_for_reads(container.store.position)
    assert len(waits) == 1
