"""A real ``grannskap serve`` process, over real sockets, on SQLite and on PostgreSQL:
many members race for the same desk at the same time and exactly one gets it.

The server runs on the real clock, so the slot is a few days ahead on an open day."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from uuid import UUID
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import select

from domain.ids import resource_day_id
from domain.ledger import ResourceDay
from projections.tables import HoldRow
from service.container import Container
from tests.driver import Driver
from tests.e2e.conftest import ALL_WEEK_7_TO_19, PLACED, REFUSED
from tests.settings import fast_settings

# Store-dependent behaviour: run on SQLite and on PostgreSQL.
pytestmark = [pytest.mark.both_stores, pytest.mark.slow]

GRANNSKAP = Path(sys.executable).with_name("grannskap")
STOCKHOLM = ZoneInfo("Europe/Stockholm")
RACERS = 60


@dataclass(frozen=True)
class Seeded:
    site_id: UUID
    desk_id: UUID
    day: date
    members: list[tuple[UUID, str]]  # (member id, token)


def seed(database_url: str, members: int) -> Seeded:
    """A site open every day but on Swedish public holidays, one desk and ``members``
    members, written before the server starts; the container is closed again."""
    container = Container.build(fast_settings(database_url=database_url))
    try:
        app = Driver(container)
        site_id = app.register_site(
            name="Grannskapskontoret Frövi",
            address="Storgatan 1, 718 30 Frövi",
            locality="Frövi",
            opening_hours=ALL_WEEK_7_TO_19,
        ).id
        today = datetime.now(STOCKHOLM).date()
        app.close_on_public_holidays(site_id, [today.year, today.year + 1])
        desk_id = app.add_resource(site_id, kind="desk", name="Skrivbord 1").id
        site = container.store.site(site_id)
        day = today + timedelta(days=3)
        while not site.open_intervals(day):  # closed: a holiday (or no opening hours)
            day += timedelta(days=1)
        people = []
        for n in range(members):
            member, token = container.members.add(email=f"medlem{n}@example.se", name=f"M {n}")
            people.append((member.id, token))
        return Seeded(site_id, desk_id, day, people)
    finally:
        container.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def grannskap_serve(database_url: str, workdir: Path) -> Iterator[str]:
    """Runs ``grannskap serve`` on a free port until the block ends; yields its base URL."""
    port = _free_port()
    env = {**os.environ, "GRANNSKAP_DATABASE_URL": database_url}
    env.pop("GRANNSKAP_PROJECTIONS", None)
    log_path = workdir / "server.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [str(GRANNSKAP), "serve", "--port", str(port), "--log-level", "warning"],
            env=env,
            cwd=workdir,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 30
            while True:
                assert server.poll() is None, f"server exited: {log_path.read_text()}"
                try:
                    if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, f"server not up: {log_path.read_text()}"
                time.sleep(0.05)
            yield base
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def race(base: str, body: dict[str, str], tokens: list[str]) -> list[httpx.Response]:
    """Every token POSTs ``body`` at once, each over its own open connection."""
    start_together = threading.Barrier(len(tokens))

    def attempt(token: str) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=base, timeout=60) as client:
            assert client.get("/api/members/me", headers=headers).status_code == 200
            start_together.wait(timeout=60)
            response = client.post("/api/bookings", json=body, headers=headers)
            response.read()
            return response

    with ThreadPoolExecutor(max_workers=len(tokens)) as pool:
        return list(pool.map(attempt, tokens))


def _local(day: date, hour: int) -> str:
    return datetime(day.year, day.month, day.day, hour, tzinfo=STOCKHOLM).isoformat()


def test_of_many_members_racing_for_one_desk_over_http_exactly_one_gets_it(
    database_url: str, tmp_path: Path
) -> None:
    seeded = seed(database_url, RACERS)
    day = seeded.day.isoformat()
    body = {"resource_id": str(seeded.desk_id), "start": f"{day}T10:00", "end": f"{day}T12:00"}
    tokens = {token: member_id for member_id, token in seeded.members}

    with grannskap_serve(database_url, tmp_path) as base:
        answers = race(base, body, list(tokens))

        statuses = Counter(r.status_code for r in answers)
        assert statuses == {201: 1, 409: RACERS - 1}, [r.text for r in answers]
        (won,) = [(t, r.json()) for t, r in zip(tokens, answers, strict=True) if r.is_success]
        winner, booking = won
        for lost in (r for r in answers if not r.is_success):
            assert lost.headers["content-type"].startswith("application/problem+json")
            assert lost.json()["rule"] == "slot-taken"
        with httpx.Client(base_url=base, timeout=30) as client:
            mine = client.get(
                "/api/members/me/bookings", headers={"Authorization": f"Bearer {winner}"}
            ).json()
            free = client.get(
                f"/api/sites/{seeded.site_id}/availability?date={day}",
                headers={"Authorization": f"Bearer {winner}"},
            ).json()
            loser = next(t for t in tokens if t != winner)
            theirs = client.get(
                "/api/members/me/bookings", headers={"Authorization": f"Bearer {loser}"}
            ).json()
        assert [b["id"] for b in mine] == [booking["id"]]
        assert theirs == []
        (desk,) = free["resources"]
        assert [(s["start"], s["end"]) for s in desk["free"]] == [
            (_local(seeded.day, 7), _local(seeded.day, 10)),
            (_local(seeded.day, 12), _local(seeded.day, 19)),
        ]

    # The server is gone: the store and the views (caught up to the end) agree.
    container = Container.build(fast_settings(database_url=database_url))
    try:
        while container.views.catch_up(container.store):
            pass
        ledger = container.store.repository.get(resource_day_id(seeded.desk_id, seeded.day))
        assert isinstance(ledger, ResourceDay)
        assert [str(b) for b in ledger.holds] == [booking["id"]]
        topics = Counter(
            n.topic for n in container.store.recorder.select_notifications(start=1, limit=100_000)
        )
        assert topics[PLACED] == 1
        assert topics[REFUSED] == RACERS - 1
        with container.engine.connect() as connection:
            holds = connection.scalars(
                select(HoldRow.booking_id).where(HoldRow.resource_id == seeded.desk_id)
            ).all()
        assert [str(h) for h in holds] == [booking["id"]]
        views = container.queries.member_bookings(tokens[winner])
        assert [(str(b.id), b.status) for b in views] == [(booking["id"], "confirmed")]
    finally:
        container.close()
