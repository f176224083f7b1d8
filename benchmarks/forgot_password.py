"""How long ``POST /forgot-password`` takes for an address a member has and for one nobody
has: the two must not tell each other apart. Interleaved requests through Litestar's test
client on a SQLite file (or the database URL given), the throttle's counts cleared between
requests (outside the timing) so that it does not answer instead; median, 90th percentile
and largest, in milliseconds.

.venv/bin/python -m benchmarks.forgot_password [sqlite|<database url>] [requests per kind]
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time

from litestar.testing import TestClient
from sqlalchemy import delete

from service.asgi import create_app
from service.container import Container
from service.registry.tables import FailureRecord
from service.settings import Settings


def main(argv: list[str]) -> int:
    where = argv[0] if argv else "sqlite"
    count = int(argv[1]) if len(argv) > 1 else 100
    with tempfile.TemporaryDirectory(prefix="grannskap-forgot-") as folder:
        url = f"sqlite:///{folder}/grannskap.db" if where == "sqlite" else where
        container = Container.build(Settings(database_url=url, projections="inprocess"))
        try:
            for i in range(count):
                container.members.add(email=f"medlem{i}@example.se", name=f"Medlem {i}")
            times: dict[str, list[float]] = {"known": [], "unknown": []}
            with TestClient(app=create_app(container=container)) as client:
                page = client.get("/forgot-password").text
                match = re.search(r'name="_csrf_token" value="([^"]+)"', page)
                assert match
                csrf = match.group(1)
                for i in range(count):
                    for kind, email in (
                        ("known", f"medlem{i}@example.se"),
                        ("unknown", f"ingen{i}@example.se"),
                    ):
                        with container.engine.begin() as c:
                            c.execute(delete(FailureRecord))
                        started = time.perf_counter()
                        answer = client.post(
                            "/forgot-password", data={"email": email, "_csrf_token": csrf}
                        )
                        times[kind].append((time.perf_counter() - started) * 1000)
                        assert answer.status_code == 200, answer.status_code
            for kind, values in times.items():
                values.sort()
                print(
                    f"{kind:8} n={len(values)} median {statistics.median(values):6.1f} ms  "
                    f"p90 {values[int(len(values) * 0.9)]:6.1f} ms  max {values[-1]:6.1f} ms"
                )
        finally:
            container.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
