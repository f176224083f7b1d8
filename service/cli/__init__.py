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

# Each command, and the module whose ``register`` adds it.
COMMANDS = {
    "serve": "run",
    "demo": "run",
    "simulate-pilot": "run",
    "member": "members",
    "invitation": "hosting",
    "codes": "hosting",
    "jobs": "hosting",
    "projections": "projections",
    "db": "db",
    "mail": "mail",
    "backup": "backup",
    "restore": "backup",
    "report": "reports",
}


def _version() -> str:
    try:
        return version("grannskap")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree
        return "unknown"


def _modules(argv: list[str]) -> list[str]:
    """The command modules needed to parse ``argv``: the given command's, none for a bare
    ``--version``, all of them otherwise (help lists every command)."""
    words = [a for a in argv if not a.startswith("-")]
    if words and words[0] in COMMANDS:
        return [COMMANDS[words[0]]]
    if not words and "--version" in argv and not {"-h", "--help"} & set(argv):
        return []
    return list(dict.fromkeys(COMMANDS.values()))


def parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
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
    for name in _modules(sys.argv[1:] if argv is None else argv):
        importlib.import_module(f"service.cli.{name}").register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
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
