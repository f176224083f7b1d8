"""The ``grannskap`` command line: each command translates its options into use cases."""

from __future__ import annotations

import argparse
import logging
import sys
from importlib.metadata import PackageNotFoundError, version

from service.cli import db, hosting, members, preflight, projections, reports, run


def _version() -> str:
    try:
        return version("grannskap")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree
        return "unknown"


def parser() -> argparse.ArgumentParser:
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
    run.register(sub)
    members.register(sub)
    hosting.register(sub)
    projections.register(sub)
    db.register(sub)
    reports.register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    args = parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except Exception as error:
        message = preflight.explain(error)
        if message is None:
            raise
        print(f"error: {message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
