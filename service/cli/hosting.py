"""``grannskap invitation create|list|withdraw``, ``grannskap codes`` (a site's QR codes as a
page to print) and ``grannskap jobs run-once`` (the minute's jobs, for a cron or a test)."""

from __future__ import annotations

import argparse
import html
import sys
from typing import Any
from uuid import UUID

from service.application import accounts, jobs, reads
from service.application.access import SYSTEM
from service.cli.common import container
from service.container import Container
from service.presentation import qr
from service.registry.accounts import SignUpRefused


def find_site(c: Container, text: str) -> UUID | None:
    """A site by its id, its exact name, or the one name that contains the text."""
    wanted = text.strip().lower()
    sites = reads.sites(c.ctx)
    for site in sites:
        if str(site.id) == wanted or site.name.lower() == wanted:
            return site.id
    partial = [s for s in sites if wanted in s.name.lower()]
    return partial[0].id if len(partial) == 1 else None


def _site(c: Container, text: str) -> UUID | None:
    c.catch_up_views()  # no server may be following the store
    site_id = find_site(c, text)
    if site_id is None:
        names = ", ".join(s.name for s in reads.sites(c.ctx)) or "none yet"
        print(f"error: no single site matches {text!r} (sites: {names})", file=sys.stderr)
    return site_id


def cmd_invitation_create(args: argparse.Namespace) -> int:
    c = container()
    try:
        site_id = _site(c, args.site)
        if site_id is None:
            return 2
        try:
            made = accounts.create_invitation(c.ctx, SYSTEM, site_id, args.uses, args.days)
        except SignUpRefused as refused:
            limits = {"uses": "1 to 500 uses", "days": "1 to 365 days"}
            print(f"error: an invitation is valid for {limits[refused.field]}", file=sys.stderr)
            return 2
        expires = made.expires_at.date().isoformat()
        print(f"An invitation to {args.site} for {made.uses_left} sign-up(s), until {expires}:")
        print(made.code)
        return 0
    finally:
        c.close()


def cmd_invitation_list(args: argparse.Namespace) -> int:
    c = container()
    try:
        site_id = _site(c, args.site)
        if site_id is None:
            return 2
        found = accounts.invitations(c.ctx, SYSTEM, site_id)
        if not found:
            print("No invitations.")
        for i in found:
            print(f"{i.code}  {i.uses_left} left, {i.used} used, until {i.expires_at.date()}")
        return 0
    finally:
        c.close()


def cmd_invitation_withdraw(args: argparse.Namespace) -> int:
    c = container()
    try:
        site_id = _site(c, args.site)
        if site_id is None:
            return 2
        accounts.withdraw_invitation(c.ctx, SYSTEM, site_id, args.code.strip().upper())
        print(f"The code {args.code} no longer works.")
        return 0
    finally:
        c.close()


def cmd_codes(args: argparse.Namespace) -> int:
    """Every resource's QR code on one HTML page to print (as hosts get it on the web)."""
    c = container()
    try:
        site_id = _site(c, args.site)
        if site_id is None:
            return 2
        site = reads.find_site(c.ctx, site_id)
        assert site is not None
        items = []
        for r in reads.resources(c.ctx, site_id):
            url = qr.check_in_url(args.base_url, r.id)
            items.append(
                f"<li>{qr.qr_svg(url, r.name, scale=5)}<p><strong>{html.escape(r.name)}"
                f"</strong></p><p><small>{html.escape(url)}</small></p></li>"
            )
        page = (
            '<!doctype html><html lang="sv"><meta charset="utf-8">'
            f"<title>QR-koder: {html.escape(site.name)}</title><style>"
            "ul{list-style:none;padding:0;display:grid;grid-template-columns:repeat(3,1fr);"
            "gap:1rem}li{border:1px dashed #666;padding:.5rem;text-align:center;"
            "break-inside:avoid}svg{width:100%;height:auto}</style>"
            f"<h1>{html.escape(site.name)}</h1><ul>{''.join(items)}</ul></html>\n"
        )
    finally:
        c.close()
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(page)
        print(f"Wrote {len(items)} codes to {args.output}.")
    else:
        sys.stdout.write(page)
    return 0


def cmd_jobs_run_once(args: argparse.Namespace) -> int:
    c = container()
    try:
        swept = jobs.run_once(c.ctx)
    finally:
        c.close()
    print(
        f"Released {swept.no_shows} no-show(s); declined {swept.unanswered} unanswered "
        f"booking(s) awaiting approval; decided {swept.series_days} day(s) of "
        "recurring bookings; offered what is free to the waitlists."
    )
    return 0


def register(sub: Any) -> None:
    invitation = sub.add_parser(
        "invitation", help="invitation codes that let new members sign up to a site"
    ).add_subparsers(dest="action", required=True)
    create = invitation.add_parser("create", help="make a code and print it")
    create.add_argument("--site", required=True, help="the site's name (or a unique part) or id")
    create.add_argument("--uses", type=int, default=1, help="how many may sign up with it (1-500)")
    create.add_argument("--days", type=int, default=30, help="how many days it works (1-365)")
    create.set_defaults(func=cmd_invitation_create)
    listing = invitation.add_parser("list", help="the site's latest codes")
    listing.add_argument("--site", required=True, help="the site's name (or a unique part) or id")
    listing.set_defaults(func=cmd_invitation_list)
    withdraw = invitation.add_parser("withdraw", help="stop a code from working")
    withdraw.add_argument("--site", required=True, help="the site's name (or a unique part) or id")
    withdraw.add_argument("--code", required=True, help="the code to stop")
    withdraw.set_defaults(func=cmd_invitation_withdraw)

    codes = sub.add_parser("codes", help="a site's QR codes for check-in, as a page to print")
    codes.add_argument("--site", required=True, help="the site's name (or a unique part) or id")
    codes.add_argument(
        "--base-url",
        default="http://127.0.0.1:8000",
        help="the address members reach the service at (the codes open <base-url>/r/<id>)",
    )
    codes.add_argument("--output", "-o", help="write to this file instead of standard output")
    codes.set_defaults(func=cmd_codes)

    jobs_parser = sub.add_parser(
        "jobs", help="the jobs every server runs each minute"
    ).add_subparsers(dest="action", required=True)
    once = jobs_parser.add_parser(
        "run-once",
        help="release no-shows, place recurring bookings' days, serve the waitlists, once",
    )
    once.set_defaults(func=cmd_jobs_run_once)
