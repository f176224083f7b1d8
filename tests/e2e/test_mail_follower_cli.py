"""``grannskap mail run``: the mail follower of its own systemd unit starts, follows, and
stops cleanly on SIGTERM (as systemd stops it)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

GRANNSKAP = Path(sys.executable).with_name("grannskap")


def test_the_mail_follower_runs_until_sigterm_and_then_exits_cleanly(
    sqlite_url: str, tmp_path: Path
) -> None:
    env = {**os.environ, "GRANNSKAP_DATABASE_URL": sqlite_url, "PYTHONUNBUFFERED": "1"}
    log = tmp_path / "mail.log"
    with log.open("w") as out:
        follower = subprocess.Popen(
            [str(GRANNSKAP), "mail", "run", "--interval", "0.5"],
            env=env,
            cwd=tmp_path,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120
        while "Following the store for mail" not in log.read_text():
            assert follower.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the follower never said it started"
            time.sleep(0.2)

        follower.send_signal(signal.SIGTERM)
        code = follower.wait(timeout=60)
    finally:
        if follower.poll() is None:
            follower.kill()
            follower.wait()

    assert code == 0, log.read_text()
    assert "Traceback" not in log.read_text()
