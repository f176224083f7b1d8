"""``grannskap report utilisation|demand|specification|what-if``: the evaluators' reports on
the command line, as a table, CSV, JSON or the HTML page."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import msgspec

from service import reporting
from service.application.access import SYSTEM
from service.application.reports import GROUPS, ReportRequestError, Reports, reports_for
from service.cli.common import a_date, container
from service.reporting.tables import to_csv, to_text

FORMATS = ("table", "csv", "json", "html")


def register(subparsers: Any) -> None:
    """Adds ``report`` and its subcommands to the ``grannskap`` parser."""
    report = subparsers.add_parser(
        "report", help="evaluators' reports (utilisation, demand, specification, what-if)"
    ).add_subparsers(dest="report", required=True)
    for name, help_text in (
        ("utilisation", "booked, checked-in and open hours, rates, peaks"),
        ("demand", "refused attempts and unmet demand"),
        ("specification", "capacity, opening hours and features the demand calls for"),
        ("what-if", "replay the recorded requests against another capacity"),
    ):
        p = report.add_parser(name, help=help_text)
        p.add_argument("--site", required=True, help="the site's name (or a unique part) or id")
        p.add_argument(
            "--from", dest="first_day", type=a_date, help="the first local day, YYYY-MM-DD"
        )
        p.add_argument("--to", dest="last_day", type=a_date, help="the last local day, YYYY-MM-DD")
        p.add_argument(
            "--format", choices=FORMATS, default="table", help="how to print it (default table)"
        )
        p.add_argument("--output", "-o", help="write to this file instead of standard output")
        if name == "utilisation":
            p.add_argument(
                "--group", choices=GROUPS, default="kind", help="what each row is (default kind)"
            )
        if name == "specification":
            p.add_argument(
                "--service-level",
                type=float,
                default=0.95,
                help="the share of requests the advised capacity should serve (default 0.95)",
            )
            p.add_argument(
                "--min-average-demand",
                type=float,
                default=1.0,
                help="leave out pools with less average demand than this (default 1.0)",
            )
        if name == "what-if":
            p.add_argument(
                "--capacity",
                required=True,
                type=_capacity,
                help="pool=units,... for example desk=8,room=2,equipment:Projektor=1",
            )
        p.set_defaults(func=run)


def _capacity(text: str) -> dict[str, int]:
    capacity = {}
    for part in text.split(","):
        pool, _, units = part.partition("=")
        if not pool.strip() or not units.strip().isdigit():
            raise argparse.ArgumentTypeError(f"{part!r} is not pool=units")
        capacity[pool.strip()] = int(units)
    return capacity


def run(args: argparse.Namespace) -> int:
    c = container()
    try:
        c.catch_up_views()  # the views may lag when no server follows the store
        reports = reports_for(c.ctx, SYSTEM)
        site_id = reports.source.find_site(args.site)
        if site_id is None:
            names = ", ".join(name for _, name, _ in reports.source.sites()) or "none"
            print(f"error: no single site matches {args.site!r} (sites: {names})", file=sys.stderr)
            return 2
        try:
            text = _render(reports, site_id, args)
        except ReportRequestError as error:
            print(f"error: {error.field}: {error}", file=sys.stderr)
            return 2
    finally:
        c.close()
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


def _render(reports: Reports, site_id: Any, args: argparse.Namespace) -> str:
    first, last = args.first_day, args.last_day
    if args.format == "html":
        if args.report == "what-if":
            raise ReportRequestError("what-if has no page; use json, csv or table", "format")
        level = getattr(args, "service_level", 0.95)
        return reporting.report_page(reports, site_id, first, last, (args.report,), level)
    report: msgspec.Struct
    if args.report == "utilisation":
        report = reports.utilisation(site_id, first, last, args.group)
    elif args.report == "demand":
        report = reports.demand(site_id, first, last)
    elif args.report == "specification":
        report = reports.specification(
            site_id, first, last, args.service_level, args.min_average_demand
        )
    else:
        report = reports.what_if(site_id, first, last, args.capacity)
    if args.format == "json":
        return msgspec.json.format(msgspec.json.encode(report)).decode() + "\n"
    if args.format == "csv":
        return to_csv(report)
    return to_text(report)
