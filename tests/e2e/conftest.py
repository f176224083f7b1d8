"""End-to-end fixtures: the whole HTTP app over a real store (SQLite and PostgreSQL, through
the shared ``container`` fixture), members with tokens, and an office set up by a host
through the API itself.

The shared clock starts on Monday 2026-11-30 at 07:00 in Stockholm; ``DAY`` (Tuesday
2026-12-01) is the day most tests book on.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from litestar.testing import TestClient

from service.application import sites
from service.container import Container
from service.registry.members import Member
from tests.apps import app_for

DAY = "2026-12-01"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALL_WEEK_7_TO_19 = {day: [["07:00", "19:00"]] for day in WEEKDAYS}

PLACED = "domain.booking:Booking.Placed"
REFUSED = "domain.booking:BookingRefused.Recorded"


@dataclass(frozen=True)
class Person:
    member: Member
    token: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    @property
    def id(self) -> str:
        return str(self.member.id)


@dataclass(frozen=True)
class Office:
    id: str
    screen_desk: str  # "Skrivbord 1": features ["screen"]
    window_desk: str  # "Skrivbord 2": features ["window"]
    room: str  # "Mötesrum Ån": 4 seats


@pytest.fixture
def client(container: Container) -> Iterator[TestClient[Any]]:
    with TestClient(app=app_for(container)) as test_client:
        yield test_client


def _person(container: Container, email: str, name: str, role: str = "member") -> Person:
    member, token = container.members.add(email=email, name=name, role=role)
    return Person(member, token)


@pytest.fixture
def host(container: Container) -> Person:
    return _person(container, "host@example.se", "Värd Servicepunkten", "host")


@pytest.fixture
def anna(container: Container) -> Person:
    return _person(container, "anna.distans@example.se", "Anna Lindqvist")


@pytest.fixture
def erik(container: Container) -> Person:
    return _person(container, "erik.konsult@example.se", "Erik Johansson")


@pytest.fixture
def office(container: Container, host: Person) -> Office:
    """A site open 07:00-19:00 every day with two desks and a room, set up by the host
    through the use cases (``tests/e2e/test_hosts.py`` sets one up through the API)."""
    ctx = container.ctx
    site_id = sites.register_site(
        ctx,
        sites.RegisterSite(
            actor=host.member,
            name="Grannskapskontoret Frövi",
            address="Storgatan 1, 718 30 Frövi",
            locality="Frövi",
            opening_hours=ALL_WEEK_7_TO_19,
        ),
    ).id

    def add(kind: str, name: str, **options: Any) -> str:
        command = sites.AddResource(
            actor=host.member, site_id=site_id, kind=kind, name=name, **options
        )
        return str(sites.add_resource(ctx, command).id)

    return Office(
        id=str(site_id),
        screen_desk=add("desk", "Skrivbord 1", features=("screen",)),
        window_desk=add("desk", "Skrivbord 2", features=("window",)),
        room=add("room", "Mötesrum Ån", seats=4),
    )


def book(
    client: TestClient[Any], who: Person, resource_id: str, start: str, end: str
) -> httpx.Response:
    return client.post(
        "/api/bookings",
        json={"resource_id": resource_id, "start": start, "end": end},
        headers=who.auth,
    )


def free_spans(availability: dict[str, Any], resource_id: str) -> list[tuple[str, str]]:
    (resource,) = [r for r in availability["resources"] if r["resource_id"] == resource_id]
    return [(span["start"], span["end"]) for span in resource["free"]]


@contextmanager
def new_events(container: Container) -> Iterator[list[str]]:
    """The topics of the events stored while the block runs (filled in when it ends)."""
    recorder = container.store.recorder
    before = recorder.max_notification_id() or 0
    topics: list[str] = []
    yield topics
    topics.extend(n.topic for n in recorder.select_notifications(start=before + 1, limit=10_000))


def assert_problem(
    response: httpx.Response,
    status: int,
    field: str | None = None,
    rule: str | None = None,
) -> dict[str, Any]:
    """An RFC 9457 problem with ``status``; where one field is to blame, it is named."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    if field is not None:
        params = body.get("invalid_params")
        assert params, f"no invalid_params in {body}"
        assert [p["name"] for p in params] == [field], body
        assert all(isinstance(p["reason"], str) and p["reason"] for p in params)
    if rule is not None:
        assert body.get("rule") == rule, body
    return body
