"""The ``grannskap`` command line: each command translates its options into use cases."""

from __future__ import annotations

import argparse
import logging
import sys

from service.cli import db, members, projections, reports, run


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="grannskap",
        description="Booking service of the grannskapskontor pilot. Database: "
        "GRANNSKAP_DATABASE_URL (default sqlite:///grannskap.db).",
    )
    sub = p.add_subparsers(dest="command", required=True)
    run.register(sub)
    members.register(sub)
    projections.register(sub)
    db.register(sub)
    reports.register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    args = parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
