"""``grannskap db upgrade``: brings the tables not rebuilt from events to the newest
migration (``serve``, ``demo`` and the tests do it too)."""

from __future__ import annotations

import argparse
from typing import Any

from service.cli import preflight
from service.container import upgrade_registry
from service.settings import Settings


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    preflight.check(settings)
    revision = upgrade_registry(settings)
    print(f"The registry tables are at migration {revision} (the newest).")
    return 0


def register(sub: Any) -> None:
    db = sub.add_parser("db", help="the tables that are not rebuilt from events").add_subparsers(
        dest="action", required=True
    )
    upgrade = db.add_parser("upgrade", help="apply every migration not applied yet")
    upgrade.set_defaults(func=cmd_db_upgrade)
