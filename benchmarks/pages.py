"""Server time of the web pages: the median of ten requests per page (after one warm-up)
through Litestar's test client, signed in as the demo host, with the demo data and one
booking. ``python -m benchmarks.pages [--only sqlite|postgres]``.

The test client calls the ASGI app in process, so the figure is the server's own time
(rendering, queries), without a network or an HTTP parser."""

from __future__ import annotations

import argparse
import logging
import re
import statistics
import time
from datetime import UTC, datetime

from litestar.testing import TestClient

from benchmarks.common import Clock
from benchmarks.databases import database, postgres_problem
from service.application import accounts
from service.asgi import create_app
from service.cli import demo
from service.container import Container
from service.settings import Settings

PASSWORD = "ett-langt-losenord-2026"
NOW = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)
DAY = "2026-12-01"


def pages(office: str) -> list[str]:
    return [
        "/",
        f"/sites/{office}?date={DAY}",
        f"/sites/{office}?date={DAY}&kind=room",
        f"/sites/{office}/week?date={DAY}",
        "/my/bookings",
        "/my/data",
        "/host",
        f"/host/sites/{office}?date={DAY}",
        f"/host/sites/{office}/resources",
        f"/host/sites/{office}/hours",
        f"/host/sites/{office}/sign-up",
        "/evaluate",
        f"/evaluate/sites/{office}",
        f"/evaluate/sites/{office}?desk=8&room=2&equipment=4",
    ]


def csrf(client: TestClient, path: str) -> str:  # type: ignore[type-arg]
    match = re.search(r'name="_csrf_token" value="([^"]+)"', client.get(path).text)
    assert match is not None
    return match.group(1)


def measure(backend: str, runs: int) -> list[tuple[str, float]]:
    with database(backend, "pages") as url:
        container = Container.build(Settings(database_url=url), clock=Clock(NOW))
        try:
            demo.seed(container, today=NOW.date())
            accounts.set_password(container.ctx, "host@example.se", PASSWORD)
            container.views.catch_up_fully(container.store)
            office = str(next(s.id for s in container.queries.sites() if "Grannskap" in s.name))
            with TestClient(app=create_app(container=container)) as client:
                client.post(
                    "/sign-in",
                    data={
                        "email": "host@example.se",
                        "password": PASSWORD,
                        "_csrf_token": csrf(client, "/sign-in"),
                    },
                )
                client.post(
                    f"/sites/{office}/book",
                    data={
                        "date": DAY,
                        "start": "09:00",
                        "end": "12:00",
                        "kind": "desk",
                        "_csrf_token": csrf(client, f"/sites/{office}?date={DAY}"),
                    },
                )
                results = []
                for path in pages(office):
                    assert client.get(path).status_code == 200, path
                    times = []
                    for _ in range(runs):
                        started = time.perf_counter()
                        client.get(path)
                        times.append((time.perf_counter() - started) * 1000)
                    results.append((path.replace(office, "{site}"), statistics.median(times)))
                return results
        finally:
            container.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--runs", type=int, default=10, help="requests per page (median)")
    args = parser.parse_args()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    backends = [args.only] if args.only else ["sqlite", "postgres"]
    if "postgres" in backends and postgres_problem() is not None:
        print(f"PostgreSQL skipped: {postgres_problem()}")
        backends.remove("postgres")
    for backend in backends:
        print(f"{backend}: median server time of {args.runs} requests per page")
        for path, ms in measure(backend, args.runs):
            print(f"  {path:58} {ms:7.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
