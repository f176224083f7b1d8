"""``serve --workers N``: uvicorn's supervisor of the server processes, with a patience of
its own and a reason logged whenever it replaces one.

uvicorn's supervisor pings every child over a pipe and replaces one that does not answer
within ``timeout_worker_healthcheck`` seconds (5 by default). A child answers only once it
has imported the app, which on a host short of CPU can take longer than that: the child was
killed while starting, again and again, without a word. Here the patience is
``GRANNSKAP_WORKER_TIMEOUT`` (60 s by default), and each replacement is logged with its
reason: the process ended (and how), or it did not answer in time (still starting, or hung).
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from uvicorn.config import STARTUP_FAILURE, Config
from uvicorn.supervisors.multiprocess import Multiprocess, Process

log = logging.getLogger("grannskap.serve")


def why_replaced(child: Process, timeout: float) -> str | None:
    """Why ``child`` must be replaced, or None while it runs and answers."""
    if not child.process.is_alive():
        return f"it ended with exit code {child.process.exitcode}"
    if child.ping(timeout):
        return None
    return (
        f"it did not answer the supervisor within {timeout:g} s "
        "(still starting on a busy host, or hung; GRANNSKAP_WORKER_TIMEOUT sets the patience)"
    )


class Supervisor(Multiprocess):
    """uvicorn's ``Multiprocess`` that says why it replaces a server process."""

    def keep_subprocess_alive(self) -> None:
        timeout = float(self.config.timeout_worker_healthcheck)
        for index, child in enumerate(self.processes):
            if self.should_exit.is_set():
                return
            reason = why_replaced(child, timeout)
            if reason is None:
                continue
            child.kill()
            child.join()
            if child.exitcode == STARTUP_FAILURE:
                log.error("server process [%s] failed to start: stopping", child.pid)
                self.should_exit.set()
                return
            if self.should_exit.is_set():
                return
            log.warning("replacing server process [%s]: %s", child.pid, reason)
            replacement = Process(self.config, self.sockets)
            replacement.start()
            self.processes[index] = replacement


def serve_workers(app: str, timeout: int, **options: Any) -> None:
    """Runs ``options["workers"]`` server processes of ``app`` (an import string) under the
    :class:`Supervisor`, as ``uvicorn.run`` would with ``workers > 1``."""
    config = Config(app, timeout_worker_healthcheck=timeout, **options)
    socket = config.bind_socket()
    with contextlib.suppress(KeyboardInterrupt):  # the supervisor handles SIGINT itself
        Supervisor(config, sockets=[socket]).run()
