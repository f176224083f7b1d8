"""``grannskap serve --workers N`` as an operator runs it: the supervisor gives its server
processes the patience of GRANNSKAP_WORKER_TIMEOUT and says why it replaces one."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

GRANNSKAP = Path(sys.executable).with_name("grannskap")
pytestmark = pytest.mark.slow  # real server processes started and replaced

PATIENCE = 300.0  # seconds this test waits for anything (a slow host is not a failure)


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


def _serving(
    database_url: str, folder: Path, timeout: str
) -> tuple[subprocess.Popen[bytes], str, Path]:
    port = _free_port()
    log = folder / "serve.log"
    env = {
        **os.environ,
        "GRANNSKAP_DATABASE_URL": database_url,
        "GRANNSKAP_PROJECTIONS": "external",  # several processes on SQLite: a worker's views
        "GRANNSKAP_WORKER_TIMEOUT": timeout,
    }
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(GRANNSKAP), "serve", "--workers", "2", "--port", str(port)],
            env=env,
            cwd=folder,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return server, f"http://127.0.0.1:{port}", log


def _stop(server: subprocess.Popen[bytes]) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def test_a_server_process_that_ended_is_replaced_and_the_reason_logged(
    sqlite_url: str, tmp_path: Path
) -> None:
    server, base, log = _serving(sqlite_url, tmp_path, "90")
    try:
        _wait_for(lambda: _answers(base), "the server to answer")
        _wait_for(lambda: len(_server_processes(log)) >= 2, "two server processes")
        victim = _server_processes(log)[0]

        os.kill(victim, signal.SIGKILL)

        expected = f"replacing server process [{victim}]: it ended with exit code -9"
        _wait_for(lambda: expected in log.read_text(), "the supervisor's log line")
        _wait_for(lambda: _answers(base), "the server to answer again")
    finally:
        _stop(server)


def test_a_server_process_that_does_not_answer_in_time_is_replaced_and_the_reason_logged(
    sqlite_url: str, tmp_path: Path
) -> None:
    # Two seconds of patience: on a busy host other processes may be replaced while they
    # start too, so this waits for one that has started (it answers pings from then on).
    server, _, log = _serving(sqlite_url, tmp_path, "2")
    victim = 0
    try:
        _wait_for(lambda: _server_processes(log), "a server process that started")
        victim = _server_processes(log)[0]

        os.kill(victim, signal.SIGSTOP)  # alive, but answers nothing: as if still importing

        expected = (
            f"replacing server process [{victim}]: it did not answer the supervisor within 2 s"
        )
        _wait_for(lambda: expected in log.read_text(), "the supervisor's log line")
        assert "GRANNSKAP_WORKER_TIMEOUT" in log.read_text()
    finally:
        if victim:
            with contextlib.suppress(ProcessLookupError):
                os.kill(victim, signal.SIGCONT)
        _stop(server)
