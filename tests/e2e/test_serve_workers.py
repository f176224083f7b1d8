"""``grannskap serve --workers N`` as an operator runs it: the supervisor gives its server
processes the patience of GRANNSKAP_WORKER_TIMEOUT and says why it replaces one."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

GRANNSKAP = Path(sys.executable).with_name("grannskap")
PATIENCE = 120.0  # seconds this test waits for anything (a slow host is not a failure)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _server_processes(log: Path) -> list[int]:
    """The server processes the log says were started (uvicorn names each)."""
    return [
        int(line.rsplit("[", 1)[1].rstrip("]"))
        for line in log.read_text().splitlines()
        if "Started server process [" in line
    ]


def _wait_for(condition, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + PATIENCE
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.2)


def _answers(base: str) -> bool:
    try:
        return httpx.get(f"{base}/health/live", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def test_a_replaced_server_process_is_logged_with_the_reason(
    sqlite_url: str, tmp_path: Path
) -> None:
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {
        **os.environ,
        "GRANNSKAP_DATABASE_URL": sqlite_url,
        "GRANNSKAP_PROJECTIONS": "external",  # several processes on SQLite: a worker's views
        "GRANNSKAP_WORKER_TIMEOUT": "90",
    }
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(GRANNSKAP), "serve", "--workers", "2", "--port", str(port)],
            env=env,
            cwd=tmp_path,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(lambda: _answers(f"http://127.0.0.1:{port}"), "the server to answer")
        _wait_for(lambda: len(_server_processes(log)) >= 2, "two server processes")
        victim = _server_processes(log)[0]

        os.kill(victim, signal.SIGKILL)

        expected = f"replacing server process [{victim}]: it ended with exit code -9"
        _wait_for(lambda: expected in log.read_text(), "the supervisor's log line")
        _wait_for(lambda: _answers(f"http://127.0.0.1:{port}"), "the server to answer again")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
