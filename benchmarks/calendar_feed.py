"""Calendar feed benchmark: a member with 200 bookings, their feed fetched in full and
polled conditionally (304), through the whole Litestar app in-process (ASGI, no socket)
and at the service level (no HTTP).

    .venv/bin/python -m benchmarks.calendar_feed [--database-url URL] [--runs 5]

Scenarios: "cached body" is an unchanged feed fetched without conditional headers (the
rendered body is cached by ETag); "after a change" drops that body first, so the bookings
are read again and the per-VEVENT cache spliced (a real change also renders the one
changed VEVENT, about a millisecond more); "cold" drops every render cache first, as
after a restart. Each figure is the median over the runs of requests per second and of
the run's p50 and p95 latency.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from litestar.testing import TestClient

from domain.time import Interval
from service.application import calendars
from service.asgi import create_app
from service.cli.operator import Operator
from service.container import Container
from service.presentation import ics
from service.settings import Settings

STOCKHOLM = ZoneInfo("Europe/Stockholm")
START = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)
ALL_WEEK = {d: [["07:00", "19:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def local(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=STOCKHOLM).astimezone(UTC)


def seed(container: Container, bookings: int) -> str:
    """A site, a desk and a room; one member with ``bookings`` bookings (a desk morning
    and a room afternoon a day). Returns the member's feed token."""
    app = Operator(container)
    site = app.register_site(
        name="Grannskapskontoret Frövi",
        address="Storgatan 1, 718 30 Frövi",
        locality="Frövi",
        opening_hours=ALL_WEEK,
        policy={"days_ahead": 366, "max_future_bookings": 1000},
    ).id
    desk = app.add_resource(site, kind="desk", name="Skrivbord 1, vid fönstret").id
    room = app.add_resource(site, kind="room", name="Mötesrum Ån", seats=4).id
    member, _ = container.members.add(email="anna@example.se", name="Anna")
    first = START.astimezone(STOCKHOLM).date() + timedelta(days=1)
    for i in range(bookings):
        day = first + timedelta(days=i // 2)
        resource, hours = (desk, (9, 12)) if i % 2 == 0 else (room, (13, 14))
        app.book(member.id, resource, Interval(local(day, hours[0]), local(day, hours[1])))
    container.wait_for_all(container.store.position, timeout=60)
    token = calendars.rotate_my_feed(container.ctx, member).token
    assert token is not None
    return token


def asgi_get(app: Any, path: str, headers: dict[str, str]) -> Callable[[], None]:
    """A GET straight into the ASGI app, without an HTTP client: the server's own cost."""
    loop = asyncio.new_event_loop()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver.local")]
        + [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "server": ("testserver.local", 80),
        "client": ("127.0.0.1", 50000),
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def call() -> None:
        status = 0

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]

        await app({**scope, "state": {}}, receive, send)
        assert status in (200, 304), status

    return lambda: loop.run_until_complete(call())


def clear_caches() -> None:
    ics.FEED_BODIES.clear()
    ics.member_event.cache_clear()
    ics.busy_event.cache_clear()
    ics._head.cache_clear()
    ics.vtimezone.cache_clear()


def measure(
    operation: Callable[[], Any], requests: int, runs: int, before: Callable[[], None] | None
) -> tuple[float, float, float]:
    """Median over runs of: requests per second, p50 ms and p95 ms."""
    rates, p50s, p95s = [], [], []
    for _ in range(runs):
        latencies = []
        started = time.perf_counter()
        for _ in range(requests):
            if before is not None:
                before()
            t0 = time.perf_counter()
            operation()
            latencies.append(time.perf_counter() - t0)
        elapsed = time.perf_counter() - started
        latencies.sort()
        rates.append(requests / elapsed)
        p50s.append(latencies[len(latencies) // 2] * 1000)
        p95s.append(latencies[int(len(latencies) * 0.95) - 1] * 1000)
    return statistics.median(rates), statistics.median(p50s), statistics.median(p95s)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a new SQLite file")
    parser.add_argument("--bookings", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--requests", type=int, default=300, help="per run (full feeds)")
    args = parser.parse_args(argv)
    logging.disable(logging.INFO)

    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        clock = Clock(START)
        container = Container.build(Settings(database_url=url), clock=clock)
        container.start_following()
        try:
            token = seed(container, args.bookings)
            path = f"/ical/{token}.ics"
            with TestClient(app=create_app(container=container)) as client:
                full = client.get(path)
                assert full.status_code == 200, full.text
                events = full.text.count("BEGIN:VEVENT")
                etag, modified = full.headers["etag"], full.headers["last-modified"]

                def get(**headers: str) -> Callable[[], Any]:
                    def request() -> None:
                        response = client.get(path, headers=headers)
                        assert response.status_code in (200, 304)

                    return request

                ctx = container.ctx
                base = "http://testserver.local"

                def render() -> None:
                    current = calendars.feed(ctx, token)
                    entries = calendars.feed_entries(ctx, current)
                    ics.member_calendar(entries, current.subject_id, base)

                n, many = args.requests, args.requests * 5
                rows = [
                    ("HTTP full feed, cached body", get(), n, None),
                    ("HTTP full feed, after a change", get(), n, ics.FEED_BODIES.clear),
                    (
                        "HTTP full feed, cold (after a restart)",
                        get(),
                        max(n // 5, 20),
                        clear_caches,
                    ),
                    ("HTTP 304, If-None-Match", get(**{"If-None-Match": etag}), many, None),
                    (
                        "HTTP 304, If-Modified-Since",
                        get(**{"If-Modified-Since": modified}),
                        many,
                        None,
                    ),
                    (
                        "ASGI full feed, cached body (no client)",
                        asgi_get(client.app, path, {}),
                        n,
                        None,
                    ),
                    (
                        "ASGI 304 (no client)",
                        asgi_get(client.app, path, {"If-None-Match": etag}),
                        many,
                        None,
                    ),
                    ("service: state + render, after a change", render, n, clear_caches),
                    (
                        "service: state only (the 304 check)",
                        lambda: calendars.feed(ctx, token),
                        many,
                        None,
                    ),
                ]
                results = [
                    (name, *measure(op, k, args.runs, before)) for name, op, k, before in rows
                ]
        finally:
            container.close()

    engine = "PostgreSQL" if not url.startswith("sqlite") else "SQLite"
    print(
        f"Calendar feed: {events} events ({len(full.content):,} bytes), {engine}, {args.runs} runs"
    )
    print(f"{'scenario':<40} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8}")
    for name, rate, p50, p95 in results:
        print(f"{name:<40} {rate:>9,.0f} {p50:>8.2f} {p95:>8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
