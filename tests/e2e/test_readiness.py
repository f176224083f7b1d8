"""Liveness and readiness apart: /health/live answers while the process does; /health/ready
answers 503 naming what is wrong (no process following the store, views lagging beyond
GRANNSKAP_READY_MAX_LAG, the database gone), on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from litestar.testing import TestClient

from service.asgi import create_app
from service.cli.operator import Operator
from service.container import Container
from tests.builders import OPENING_HOURS
from tests.conftest import METRICS_AUTH, METRICS_TOKEN
from tests.settings import fast_settings

GRANNSKAP = Path(sys.executable).with_name("grannskap")


@pytest.fixture
def external(database_url: str) -> Iterator[Container]:
    """A server's back end in external mode: it keeps no views and waits for a worker."""
    c = Container.build(
        fast_settings(
            database_url=database_url,
            projections="external",
            ready_max_lag=0.0,
            metrics_token=METRICS_TOKEN,
        )
    )
    try:
        yield c
    finally:
        c.close()


def a_site_registered(container: Container) -> None:
    Operator(container).register_site(
        name="Grannskapskontoret Vedevåg",
        address="Bruksgatan 2",
        locality="Vedevåg",
        opening_hours=OPENING_HOURS,
    )


def problems(answer: Any) -> dict[str, str]:
    return {p["what"]: p["detail"] for p in answer.json()["problems"]}


def test_liveness_answers_without_asking_about_the_views(client: TestClient[Any]) -> None:
    answer = client.get("/health/live")

    assert answer.status_code == 200
    assert answer.json() == {"status": "live"}


def test_a_server_that_follows_the_store_itself_is_ready(
    container: Container, client: TestClient[Any]
) -> None:
    a_site_registered(container)
    container.wait_for_all(container.store.position)

    answer = client.get("/health/ready")

    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "ready"
    assert answer.json()["views_position"] == container.store.position


def test_an_external_server_without_a_worker_is_not_ready_and_names_the_follower_and_the_lag(
    external: Container,
) -> None:
    a_site_registered(external)

    with TestClient(app=create_app(container=external)) as client:
        answer = client.get("/health/ready")
        metrics = client.get("/metrics", headers=METRICS_AUTH).text
        live = client.get("/health/live")

    assert answer.status_code == 503
    found = problems(answer)
    assert set(found) == {"follower", "lag"}
    assert "grannskap projections run" in found["follower"]
    assert "catalogue" in found["lag"] and "GRANNSKAP_READY_MAX_LAG" in found["lag"]
    assert answer.json()["views_position"] < answer.json()["store_position"]
    assert 'grannskap_projection_lag_seconds{projection="catalogue"}' in metrics
    assert live.status_code == 200


def test_an_external_server_is_ready_once_a_worker_follows_and_has_caught_up(
    external: Container, database_url: str
) -> None:
    a_site_registered(external)
    worker = Container.build(fast_settings(database_url=database_url))
    worker.start_following()  # the same follower `grannskap projections run` runs
    try:
        worker.wait_for_all(external.store.position, timeout=30)

        with TestClient(app=create_app(container=external)) as client:
            answer = client.get("/health/ready")
    finally:
        worker.close()

    assert answer.status_code == 200, answer.text
    assert answer.json()["lag_seconds"] == 0


@pytest.mark.postgres
def test_readiness_names_the_database_when_it_is_gone(pg_url: str, pg_server: str) -> None:
    c = Container.build(fast_settings(database_url=pg_url))
    c.start_following()
    try:
        with TestClient(app=create_app(container=c)) as client:
            assert client.get("/health/ready").status_code == 200
            with psycopg.connect(pg_server, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE "{pg_url.rsplit("/", 1)[1]}" WITH (FORCE)')
            answer = client.get("/health/ready")
            live = client.get("/health/live")
    finally:
        c.close()

    assert answer.status_code == 503
    assert "database" in problems(answer)
    assert live.status_code == 200


def test_demo_in_external_mode_with_no_worker_says_so_and_gives_up_before_writing(
    database_url: str, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "GRANNSKAP_DATABASE_URL": database_url,
        "GRANNSKAP_PROJECTIONS": "external",
        "GRANNSKAP_READ_WAIT": "0.5",
    }
    done = subprocess.run(
        [str(GRANNSKAP), "demo"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60
    )

    assert done.returncode == 2, done.stdout + done.stderr
    assert "waiting up to 0.5 s for a process to follow the views" in done.stderr
    assert "error: no process follows the views" in done.stderr
    assert "Traceback" not in done.stderr
    c = Container.build(fast_settings(database_url=database_url))
    try:
        assert c.store.position == 0
    finally:
        c.close()


def test_a_server_in_external_mode_with_no_worker_does_not_wait_for_the_views(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    c = Container.build(
        fast_settings(database_url=database_url, projections="external", read_wait=60.0)
    )
    try:
        with caplog.at_level("WARNING", logger="service.container"):
            a_site_registered(c)  # would wait 60 s for the views if it waited
    finally:
        c.close()

    assert "no process follows the views" in caplog.text
    assert "not waiting" in caplog.text
