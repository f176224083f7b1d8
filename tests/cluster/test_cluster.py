"""The cluster on this machine: a PostgreSQL primary and a streaming replica, two server
hosts behind haproxy (health checks on /health/ready), two projection workers of which the
views' lock lets one follow, and the reports read from the replica, each host in a network
namespace the test makes (``tests.cluster.hosts``). Under a bounded load it cuts one server
host and the active worker, and checks that no acknowledged booking is lost, nothing is
booked twice, the standby worker takes over, haproxy stops sending to the dead host and the
replica's reports equal the primary's. ``make cluster-test`` runs it (as root)."""

from __future__ import annotations

import itertools
import os
import random
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

import httpx
import msgspec
import psycopg
import pytest
from sqlalchemy import select

from projections.tables import HoldRow
from service.application.reports import Reports
from service.container import Container
from tests.cluster.hosts import wait_until
from tests.cluster.topology import Cluster, active_worker, haproxy_stats, running_cluster, why_not
from tests.settings import fast_settings

pytestmark = [pytest.mark.slow, pytest.mark.cluster]

LOAD_THREADS, LOAD_SECONDS, CUT_AFTER = 4, 20.0, 7.0


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    reason = why_not()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the cluster test cannot run: {reason}")
        pytest.skip(reason)
    with running_cluster() as c:
        yield c


@dataclass
class Load:
    acknowledged: list[dict[str, str]] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    refused_at: list[float] = field(default_factory=list)  # haproxy's 503: no server ready
    acknowledged_at: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)  # no answer, by the client's error
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, status: int, body: dict[str, str] | None) -> None:
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if status == 503:
                self.refused_at.append(time.monotonic())
            if status == 201 and body is not None:
                self.acknowledged.append(body)
                self.acknowledged_at.append(time.monotonic())


def book(c: Cluster, load: Load, until: float, seed: int) -> None:
    """Books random desks and hours through haproxy until ``until`` (at most 2000 tries)."""
    rng = random.Random(seed)
    with httpx.Client(base_url=c.base, timeout=30) as client:
        for _ in range(2000):
            if time.monotonic() >= until:
                return
            day = rng.choice(c.days).isoformat()
            hour = rng.randrange(7, 18)
            body = {
                "resource_id": str(rng.choice(c.desks)),
                "start": f"{day}T{hour:02d}:00",
                "end": f"{day}T{hour + 1:02d}:00",
            }
            headers = {"Authorization": f"Bearer {rng.choice(c.tokens)}"}
            try:
                response = client.post("/api/bookings", json=body, headers=headers)
            except httpx.TransportError as error:
                with load.lock:
                    name = type(error).__name__
                    load.errors[name] = load.errors.get(name, 0) + 1
                load.record(0, None)
                continue
            load.record(
                response.status_code, response.json() if response.status_code == 201 else None
            )


def without_time(report: object) -> object:
    """A report as data without the moment it was made (``scope.as_of``)."""
    data = msgspec.to_builtins(report)
    del data["scope"]["as_of"]
    return data


def overlapping(spans: list[tuple[str, datetime, datetime]]) -> list[tuple[str, datetime]]:
    """(resource, start) of each span that starts before the previous one on it ends."""
    found = []
    by_resource: dict[str, list[tuple[datetime, datetime]]] = {}
    for resource, start, end in spans:
        by_resource.setdefault(resource, []).append((start, end))
    for resource, held in by_resource.items():
        held.sort()
        found += [(resource, b[0]) for a, b in itertools.pairwise(held) if b[0] < a[1]]
    return found


def test_cutting_a_server_host_and_the_active_worker_loses_no_acknowledged_booking(
    cluster: Cluster,
) -> None:
    c = cluster
    sock = c.root / "haproxy.sock"
    checker = Container.build(
        fast_settings(database_url=c.primary_url, projections="external", create_schema=False)
    )
    try:
        load = Load()
        started = time.monotonic()
        until = started + LOAD_SECONDS
        threads = [
            threading.Thread(target=book, args=(c, load, until, n)) for n in range(LOAD_THREADS)
        ]
        for t in threads:
            t.start()
        time.sleep(CUT_AFTER)

        # The cut: server host s1 and the worker that holds the views' lock, at once.
        active = active_worker(c)
        assert active is not None
        standby = next(name for name in c.workers if name != active)
        sessions_before = int(haproxy_stats(sock)["s1"]["stot"])
        views_at_cut = min(checker.views.positions().values())
        cut = time.monotonic()
        c.servers["s1"].kill_all()
        c.workers[active].kill_all()

        down = wait_until(
            "haproxy marks s1 down",
            lambda: haproxy_stats(sock)["s1"]["status"] == "DOWN",
            30,
            since=cut,
        )
        sessions_down = int(haproxy_stats(sock)["s1"]["stot"])
        takeover = wait_until(
            "the standby worker holds the views' lock",
            lambda: active_worker(c) == standby,
            30,
            0.2,
            since=cut,
        )
        moving = wait_until(
            "the views move again",
            lambda: min(checker.views.positions().values()) > views_at_cut,
            60,
            0.1,
            since=cut,
        )
        for t in threads:
            t.join(timeout=LOAD_SECONDS + 120)
        after = haproxy_stats(sock)
        after_cut = sum(1 for t in load.acknowledged_at if t > cut)
        unserved = (
            f"from {min(load.refused_at) - cut:.2f} s to {max(load.refused_at) - cut:.2f} s "
            "after the cut"
            if load.refused_at
            else "never"
        )
        print(
            f"\nfailover: haproxy marked the cut server down {down:.2f} s after the cut; "
            f"the standby worker {standby} took the views' lock after {takeover:.2f} s; "
            f"the views moved again {moving:.2f} s after the cut\n"
            f"load: {dict(sorted(load.statuses.items()))} (0: no answer: {load.errors}) in "
            f"{time.monotonic() - started:.1f} s; s1 sessions {sessions_before} at the cut, "
            f"{sessions_down} when marked down, {after['s1']['stot']} at the end; "
            f"s2 {after['s2']['stot']}; 503 (no server ready) {unserved}; "
            f"{after_cut} bookings acknowledged after the cut"
        )
        assert load.statuses.get(201, 0) > 10, load.statuses
        assert after_cut > 0, "nothing was booked after the cut"
        assert after["s2"]["status"] == "UP"
        assert int(after["s1"]["stot"]) == sessions_down, "haproxy sent to the cut host"

        # Every acknowledged booking is in the store and, once caught up, in the views.
        end = checker.store.position
        wait_until(
            "the views catch up",
            lambda: min(checker.views.positions().values()) >= end,
            120,
            0.2,
        )
        for body in load.acknowledged:
            booking_id = UUID(body["id"])
            assert checker.store.repository.get(booking_id) is not None
            view = checker.queries.booking(booking_id)
            assert view is not None, f"acknowledged booking {booking_id} missing from the views"
            assert view.status == "confirmed"

        # Nothing booked twice: neither among the answers nor in the views' holds.
        answered = [
            (b["resource_id"], datetime.fromisoformat(b["start"]), datetime.fromisoformat(b["end"]))
            for b in load.acknowledged
        ]
        assert overlapping(answered) == []
        with checker.engine.connect() as conn:
            holds = conn.execute(
                select(HoldRow.resource_id, HoldRow.start, HoldRow.end).where(
                    HoldRow.site_id == c.site_id
                )
            ).all()
        assert overlapping([(str(r), s, e) for r, s, e in holds]) == []
        assert len(holds) >= len(load.acknowledged)

        # The replica's reports, once it has replayed the primary, equal the primary's.
        replica = Container.build(
            fast_settings(
                database_url=c.primary_url,
                reports_database_url=c.replica_url,
                projections="external",
                create_schema=False,
            )
        )
        try:
            on_primary, on_replica = Reports(checker.ctx), Reports(replica.ctx)
            caught_up = wait_until(
                "the replica replays the usage view",
                lambda: on_replica.source.position() == on_primary.source.position(),
                60,
                0.1,
            )
            print(f"replica: its usage view equal to the primary's {caught_up:.2f} s later")
            first, last = c.days[0], c.days[-1]
            primary_report = on_primary.utilisation(c.site_id, first, last, "day")
            replica_report = on_replica.utilisation(c.site_id, first, last, "day")
            assert without_time(replica_report) == without_time(primary_report)
            assert primary_report.total.bookings == len(holds)
            # The servers read their reports from the replica: the API's answer through
            # haproxy has the primary's figures, and the server holds connections there.
            answer = httpx.get(
                f"{c.base}/api/reports/utilisation",
                params={
                    "site_id": str(c.site_id),
                    "from": str(first),
                    "to": str(last),
                    "group": "day",
                },
                headers={"Authorization": f"Bearer {c.admin_token}"},
                timeout=60,
            )
            assert answer.status_code == 200, answer.text
            expected = msgspec.to_builtins(primary_report)
            assert answer.json()["total"] == expected["total"]
            assert answer.json()["rows"] == expected["rows"]
            with psycopg.connect(c.replica_url, connect_timeout=5) as conn:
                (from_server,) = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE host(client_addr) = %s",
                    (c.servers["s2"].address,),
                ).fetchone() or (0,)
            assert from_server > 0, "the server does not read its reports from the replica"
        finally:
            replica.close()
    finally:
        checker.close()
