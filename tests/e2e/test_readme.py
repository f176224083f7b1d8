"""The README's examples run as pasted in a second terminal, against a real server started
as ``make run`` starts it (demo data, then ``grannskap serve``), on a port of its own."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # seconds of CPU each: make test runs it, make test-fast not

ROOT = Path(__file__).resolve().parents[2]
GRANNSKAP = Path(sys.executable).with_name("grannskap")


def readme_blocks(section: str) -> list[str]:
    text = (ROOT / "README.md").read_text()
    part = text.split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)```", part, re.DOTALL)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    env = {**os.environ, "GRANNSKAP_DATABASE_URL": f"sqlite:///{tmp_path / 'grannskap.db'}"}
    subprocess.run([str(GRANNSKAP), "demo", "--if-empty"], env=env, check=True, capture_output=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [str(GRANNSKAP), "serve", "--port", str(port), "--log-level", "warning"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(base + "/health", timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        yield base, {**env, "BASE": base}
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_api_examples_run_as_pasted(served: tuple[str, dict[str, str]]) -> None:
    base, env = served
    first, second = readme_blocks("Trying the API")
    done = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", first + "\n" + second],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr + done.stdout
    availability, booked, mine, series, waiting = (
        json.loads(line) for line in done.stdout.strip().splitlines()
    )
    assert availability["resources"] and availability["open"]
    assert booked["status"] == "confirmed" and booked["kind"] == "desk"
    assert [b["id"] for b in mine] == [booked["id"]]
    assert "placed" in {d["status"] for d in series["days"]}
    assert waiting["status"] in ("served", "waiting")
    assert "/schema/openapi.json" in (ROOT / "README.md").read_text()
    with urllib.request.urlopen(base + "/schema/openapi.json") as page:
        assert page.status == 200
