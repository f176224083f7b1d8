"""A view that cannot apply an event stops at it alone: the other views go on, the stop is
logged once, counted and told by the health of the service, and the views it stopped are
retried and follow again once the event can be applied."""

from __future__ import annotations

import logging
from typing import Any
from uuid import uuid4

import pytest
from litestar.testing import TestClient

from domain.site import Site
from projections import stalls
from service.asgi import create_app
from service.container import Container
from tests.conftest import METRICS_AUTH
from tests.driver import Driver
from tests.integration.conftest import TUESDAY, open_office, slot
from tests.settings import fast_settings


def _poison(container: Container) -> int:
    """A site whose name the catalogue cannot store: saved past the domain's limits, as an
    event recorded before they existed would be. On PostgreSQL text cannot hold NUL; on
    SQLite the catalogue is made to refuse it."""
    site = Site(
        name="Stor\x00å",
        address="x",
        locality="",
        timezone="Europe/Stockholm",
        opening_hours={},
        policy={},
    )
    container.store.save(site)
    return container.store.position


@pytest.fixture
def refusing_catalogue(container: Container, monkeypatch: pytest.MonkeyPatch) -> None:
    """On SQLite (which stores NUL), the catalogue refuses the poisoned name as PostgreSQL
    does."""
    if container.settings.is_sqlite:
        catalogue = next(p for p in container.views.projections if p.name == "catalogue")
        original = catalogue.process_event

        def refuse(domain_event: Any, tracking: Any) -> Any:
            if "\x00" in str(getattr(domain_event, "name", "")):
                raise ValueError("text fields cannot contain NUL (0x00) bytes")
            return original(domain_event, tracking)

        monkeypatch.setattr(catalogue, "process_event", refuse)


def test_a_view_that_cannot_apply_an_event_stalls_alone_and_says_so_once(
    container: Container, refusing_catalogue: None, caplog: pytest.LogCaptureFixture
) -> None:
    office = open_office(container)
    caplog.set_level(logging.ERROR, logger="projections.runner")

    poisoned = _poison(container)
    booked = Driver(container).book(uuid4(), office.desk_a, slot(TUESDAY, "09:00", "10:00"))
    for _ in range(5):  # the follower keeps being nudged: no new log line, no new count
        container.views.catch_up(container.store)

    views = container.views
    assert "catalogue" in views.stalled()
    assert not {"availability", "member_bookings", "plans"} & set(views.stalled())
    assert views.stalled()["catalogue"].position == poisoned
    assert views.positions()["availability"] >= booked.position
    assert views.positions()["member_bookings"] >= booked.position
    assert container.queries.booking(booked.id) is not None
    stops = [r for r in caplog.records if "stopped at notification" in r.getMessage()]
    assert len(stops) == len(views.stalled())
    with TestClient(app=create_app(container=container)) as client:
        health = client.get("/health")
        metrics = client.get("/metrics", headers=METRICS_AUTH).text
    assert health.status_code == 503
    named = {(s["view"], s["position"]) for s in health.json()["stalled"]}
    assert ("catalogue", poisoned) in named
    assert 'grannskap_projection_stalls_total{projection="catalogue"} 1.0' in metrics


def test_a_stalled_view_is_tried_again_and_follows_once_it_can(
    container: Container,
    refusing_catalogue: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    open_office(container)
    poisoned = _poison(container)
    container.views.catch_up(container.store)
    assert "catalogue" in container.views.stalled()
    catalogue = next(p for p in container.views.projections if p.name == "catalogue")
    monkeypatch.setattr(
        catalogue, "process_event", lambda event, tracking: _skip(catalogue, tracking)
    )
    monkeypatch.setattr(stalls, "RETRY", 0.0)

    container.views.catch_up(container.store)

    assert "catalogue" not in container.views.stalled()
    assert container.views.positions()["catalogue"] >= poisoned


def _skip(projection: Any, tracking: Any) -> None:
    with projection.view.transaction(tracking):
        pass


def test_a_server_whose_views_another_process_follows_tells_of_the_stall_too(
    container: Container, refusing_catalogue: None, database_url: str, clock: Any
) -> None:
    open_office(container)
    poisoned = _poison(container)
    container.views.catch_up(container.store)
    other = Container.build(
        fast_settings(database_url=database_url, projections="external"), clock=clock
    )
    try:
        stalled = other.views.stalled()
    finally:
        other.close()

    assert stalled["catalogue"].position == poisoned
