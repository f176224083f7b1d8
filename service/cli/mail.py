"""``grannskap mail run``: the mail outbox on its own, for a deployment that sends mail from
one process apart from the servers and the projection worker (several senders are safe:
each event's messages are recorded once, and each message is claimed by one sender)."""

from __future__ import annotations

import argparse
import signal
import threading
from typing import Any

from service.cli.common import container


def cmd_mail_run(args: argparse.Namespace) -> int:
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    c = container()
    try:
        c.start_mail(interval=args.interval)
        print("Following the store for mail: composing messages and sending what is due.")
        stop.wait()
    finally:
        c.close()
    return 0


def register(sub: Any) -> None:
    mail = sub.add_parser("mail", help="the mail outbox").add_subparsers(
        dest="action", required=True
    )
    run = mail.add_parser(
        "run", help="follow the store for mail and send what is due, until stopped (SIGTERM)"
    )
    run.add_argument(
        "--interval", type=float, default=5.0, help="seconds between looks at the store"
    )
    run.set_defaults(func=cmd_mail_run)
