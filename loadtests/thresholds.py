"""The thresholds a load-test run must meet, checked when locust quits.

- no 5xx answer (and no request that got no answer at all);
- no unexpected failure: every answer other than the expected ones (2xx, 304, and 409 for
  a taken desk, which the locustfile reports apart) is a failure;
- the 95th percentile of every request type under its limit (``LOADTEST_P95_MS``, default
  100 ms; per type with ``LOADTEST_P95="GET availability=50,POST book a desk=150"``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

DEFAULT_P95_MS = 100.0


@dataclass(frozen=True)
class Limits:
    p95_ms: float = DEFAULT_P95_MS
    per_type: dict[str, float] = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> Limits:
        per_type = {}
        for item in filter(None, env.get("LOADTEST_P95", "").split(",")):
            name, _, ms = item.rpartition("=")
            per_type[name.strip()] = float(ms)
        return cls(float(env.get("LOADTEST_P95_MS", DEFAULT_P95_MS)), per_type)

    def p95_for(self, name: str) -> float:
        return self.per_type.get(name, self.p95_ms)


@dataclass(frozen=True)
class Result:
    what: str
    ok: bool
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def evaluate(stats: Any, statuses: Mapping[tuple[str, int], int], limits: Limits) -> list[Result]:
    """``stats`` is locust's ``RequestStats``; ``statuses`` counts (name, status code)."""
    server_errors = {k: n for k, n in statuses.items() if k[1] >= 500 or k[1] == 0}
    results = [
        Result(
            "no 5xx and no request without an answer",
            not server_errors,
            ", ".join(
                f"{name}: {n} x {code or 'no answer'}" for (name, code), n in server_errors.items()
            )
            or "none",
        ),
        Result(
            "no unexpected failure",
            stats.total.num_failures == 0,
            f"{stats.total.num_failures} of {stats.total.num_requests} requests",
        ),
    ]
    if stats.total.num_requests == 0:
        results.append(Result("requests were made", False, "none"))
    for entry in sorted(stats.entries.values(), key=lambda e: e.name):
        if not entry.num_requests:
            continue
        p95 = entry.get_response_time_percentile(0.95)
        limit = limits.p95_for(entry.name)
        results.append(
            Result(f"p95 {entry.name}", p95 <= limit, f"{p95:.0f} ms (limit {limit:.0f} ms)")
        )
    return results
