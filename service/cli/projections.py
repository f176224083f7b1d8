"""``grannskap projections run|rebuild``: the worker that keeps the views up to date, and a
replay of every event into fresh views."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
import time
from typing import Any

from service.cli.common import container
from service.cli.preflight import UnusableDatabase
from service.container import NotRebuilt
from service.settings import Settings, SettingsError

log = logging.getLogger("grannskap.projections")


def cmd_projections_rebuild(args: argparse.Namespace) -> int:
    c = container()
    try:
        started = time.perf_counter()
        try:
            events = c.rebuild_views()
        except NotRebuilt as refused:
            print(f"Not rebuilt: {refused}", file=sys.stderr)
            return 1
        seconds = time.perf_counter() - started
        rate = events / seconds if seconds else 0.0
        print(f"Rebuilt the views from {events} events in {seconds:.2f} s ({rate:,.0f} events/s).")
        return 0
    finally:
        c.close()


def cmd_projections_run(args: argparse.Namespace) -> int:
    """The same batched follower the server runs in process: on SQLite it polls the
    notification log; on PostgreSQL it is woken by LISTEN/NOTIFY. After a lost connection
    it follows again from the views' positions."""
    settings = Settings.from_env()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    if settings.is_sqlite:
        print("Following the SQLite store by polling its notification log.")
        c = container()
        c.start_following()
        c.start_mail()
        stop.wait()
        c.close()
        return 0
    print("Following the PostgreSQL store by LISTEN/NOTIFY, applying events in batches.")
    while not stop.is_set():
        try:
            # Inside the retry: a server starting at the same moment may race this one on
            # making the store's tables ("tuple concurrently updated"); the next try works.
            c = container()
        except (UnusableDatabase, SettingsError):
            raise  # a wrong setting: said at once, not tried again
        except Exception:
            log.exception("could not open the store; trying again")
            stop.wait(2.0)
            continue
        c.start_mail()
        try:
            c.follow_by_listen_notify(stop)
        except Exception:  # a lost connection: follow again from the views' positions
            log.exception("restarting")
            stop.wait(2.0)
        finally:
            c.close()
    return 0


def register(sub: Any) -> None:
    proj = sub.add_parser("projections", help="run or rebuild the views").add_subparsers(
        dest="action", required=True
    )
    run = proj.add_parser("run", help="follow the store and keep the views up to date (worker)")
    run.set_defaults(func=cmd_projections_run)
    rebuild = proj.add_parser(
        "rebuild",
        help="replay every event into fresh views beside the live ones and swap them in "
        "(refused while a server or worker follows the store)",
    )
    rebuild.set_defaults(func=cmd_projections_rebuild)
