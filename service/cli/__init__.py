"""The ``grannskap`` command line: each command translates its options into use cases.

Only the module of the command given is imported (``COMMANDS``): the store, the web
framework and the views are loaded by the commands that use them, so ``--version`` and
``--help`` cost little, and so do the server processes that ``serve --workers N`` starts
(they import this module again before the app)."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from importlib.metadata import PackageNotFoundError, version

# Each command: the module whose ``register`` adds it, and its line in ``grannskap --help``
# (the same words as the module's; tests/unit/test_cli_start_up.py holds them together).
COMMANDS = {
    "serve": ("run", "run the HTTP server"),
    "demo": ("run", "seed the pilot's demo sites and members"),
    "simulate-pilot": ("run", "drive a plausible pilot history through the domain"),
    "member": ("members", "manage members"),
    "invitation": ("hosting", "invitation codes that let new members sign up to a site"),
    "codes": ("hosting", "a site's QR codes for check-in, as a page to print"),
    "jobs": ("hosting", "the jobs every server runs each minute"),
    "projections": ("projections", "run or rebuild the views"),
    "db": ("db", "the tables that are not rebuilt from events"),
    "mail": ("mail", "the mail outbox"),
    "backup": ("backup", "write the event store and the registry to a new FILE"),
    "restore": ("backup", "restore FILE into an empty database and rebuild the views"),
    "report": ("reports", "evaluators' reports (utilisation, demand, specification, what-if)"),
}


def _version() -> str:
    try:
        return version("grannskap")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree
        return "unknown"


def _module(argv: list[str]) -> str | None:
    """The module of the command in ``argv``; None without one (``--version``, ``--help``,
    a mistyped command: the overview in ``COMMANDS`` is enough for those)."""
    words = [a for a in argv if not a.startswith("-")]
    return COMMANDS[words[0]][0] if words and words[0] in COMMANDS else None


def parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every command; given the ``argv`` to parse, only of the command in it."""
    p = argparse.ArgumentParser(
        prog="grannskap",
        description="Booking service of the grannskapskontor pilot. Database: "
        "GRANNSKAP_DATABASE_URL (default sqlite:///grannskap.db).",
    )
    p.add_argument(
        "--version",
        action="version",
        version=f"grannskap {_version()}",
        help="print the installed version and stop",
    )
    sub = p.add_subparsers(dest="command", required=True)
    if argv is None:  # every command, with all its options
        for name in dict.fromkeys(name for name, _ in COMMANDS.values()):
            importlib.import_module(f"service.cli.{name}").register(sub)
        return p
    given = _module(argv)
    if given is not None:
        importlib.import_module(f"service.cli.{given}").register(sub)
    else:
        for command, (_, summary) in COMMANDS.items():
            sub.add_parser(command, help=summary)
    return p


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    argv = sys.argv[1:] if argv is None else argv
    args = parser(argv).parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except Exception as error:
        from service.cli import preflight

        message = preflight.explain(error)
        if message is None:
            raise
        print(f"error: {message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
