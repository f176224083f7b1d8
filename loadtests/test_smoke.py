"""The smoke load: a short load test (15 s of load) through the whole driver, which must end
with no failure, every threshold met and every post-run check passing.

Run it as its own pytest invocation (``make smoke-load``, and ``make test`` after the main
suite), never inside the main test process: the driver runs locust in a subprocess, and
locust patches the standard library with gevent.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from loadtests import pg

ROOT = Path(__file__).resolve().parent.parent
# Generous: the smoke run is about correctness under concurrency, on any CI machine; the
# latency aims are measured by `make loadtest` (docs/performance.md).
P95_MS = "3000"


def drive(results: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        "-m",
        "loadtests.run",
        "--duration",
        "15s",
        "--results",
        str(results),
    ]
    return subprocess.run(
        [*command, "--p95-ms", P95_MS, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def assert_passed(done: subprocess.CompletedProcess[str]) -> None:
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-6000:]
    assert "RESULT: ok" in output
    assert "FAILED" not in output


def test_a_working_day_on_sqlite_with_one_server_process(tmp_path: Path) -> None:
    assert_passed(
        drive(tmp_path, "--db", "sqlite", "--shape", "day", "--users", "20", "--think", "0.2")
    )


@pytest.mark.postgres
def test_the_rush_on_postgresql_with_two_server_processes(tmp_path: Path) -> None:
    if not pg.reachable(pg.admin_url()):
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is not reachable at {pg.admin_url()}")
        pytest.skip(f"PostgreSQL is not reachable at {pg.admin_url()}")
    done = drive(
        tmp_path, "--db", "postgres", "--workers", "2", "--shape", "rush", "--users", "40",
        "--pgbench-seconds", "5",
    )  # fmt: skip
    assert_passed(done)
    assert "pgbench TPC-B-like" in done.stdout
