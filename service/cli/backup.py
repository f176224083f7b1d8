"""``grannskap backup FILE`` and ``grannskap restore FILE`` (``service.backup``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from service.cli import preflight
from service.settings import Settings


def cmd_backup(args: argparse.Namespace) -> int:
    from service.backup import BackupRefused, backup

    settings = Settings.from_env()
    preflight.check(settings)
    try:
        backup(settings, args.file)
    except BackupRefused as refused:
        print(f"Not backed up: {refused}", file=sys.stderr)
        return 1
    print(f"Backed up {preflight.shown_url(settings.database_url)} to {args.file}.")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from service.backup import BackupRefused, restore

    settings = Settings.from_env()
    preflight.check(settings)
    try:
        restored = restore(settings, args.file)
    except BackupRefused as refused:
        print(f"Not restored: {refused}", file=sys.stderr)
        return 1
    print(
        f"Restored {args.file} into {preflight.shown_url(settings.database_url)}: "
        f"{restored.events} events; the views were rebuilt from {restored.rebuilt_from} events."
    )
    return 0


def register(sub: Any) -> None:
    backup = sub.add_parser(
        "backup",
        help="write the event store and the registry to a new FILE",
        description="Writes the event store and the registry (members, accounts, tokens...) "
        "to FILE: on SQLite a copy by SQLite's backup API, on PostgreSQL pg_dump's custom "
        "format.",
    )
    backup.add_argument("file", type=Path, help="a new file (an existing one is not overwritten)")
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser(
        "restore",
        help="restore FILE into an empty database and rebuild the views",
        description="Restores FILE into the empty database of GRANNSKAP_DATABASE_URL and "
        "rebuilds the views from its events (refused into a database that has tables).",
    )
    restore.add_argument("file", type=Path, help="a file written by `grannskap backup`")
    restore.set_defaults(func=cmd_restore)
