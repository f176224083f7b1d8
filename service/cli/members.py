"""``grannskap member add|password|token|revoke|role|erase``."""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import timedelta
from typing import Any
from uuid import UUID

from service.application import accounts, erasure, hosting, my_account
from service.application.access import SYSTEM
from service.application.errors import ApplicationError, NotFound
from service.cli.common import container
from service.registry.accounts import SignUpRefused
from service.registry.members import ROLES, MemberExists


def cmd_member_add(args: argparse.Namespace) -> int:
    c = container()
    try:
        member, token = accounts.add_member(c.ctx, args.email, args.name, args.role)
    except (MemberExists, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    finally:
        c.close()
    print(f"Added {member.role} {member.email} ({member.id}). Their API token:")
    print(token)
    return 0


def cmd_member_password(args: argparse.Namespace) -> int:
    """Sets the password a member signs in to the web pages with (read twice from the
    terminal, or once from standard input)."""
    if sys.stdin.isatty():
        password = getpass.getpass("New password: ")
        if getpass.getpass("Again: ") != password:
            print("error: the passwords differ", file=sys.stderr)
            return 2
    else:
        password = sys.stdin.readline().rstrip("\n")
    c = container()
    try:
        member = accounts.set_password(c.ctx, args.email, password)
    except NotFound:
        print(f"error: no member with e-mail {args.email}", file=sys.stderr)
        return 2
    except SignUpRefused:
        print("error: a password has 10 to 256 characters", file=sys.stderr)
        return 2
    finally:
        c.close()
    print(f"Set the password of {member.email}; their browsers are signed out.")
    return 0


def _member_or_none(c: Any, email: str) -> Any:
    member = c.members.by_email(email)
    if member is None:
        print(f"error: no member with e-mail {email}", file=sys.stderr)
    return member


def cmd_member_token(args: argparse.Namespace) -> int:
    """Prints a new API token for the member (the last line), with an optional expiry."""
    c = container()
    try:
        member = _member_or_none(c, args.email)
        if member is None:
            return 2
        expires = c.now() + timedelta(days=args.days) if args.days else None
        try:
            token, secret = my_account.create_token(c.ctx, member, args.name, expires)
        except ApplicationError as error:
            print(f"error: {error.message}", file=sys.stderr)
            return 2
        until = f", valid until {token.expires_at:%Y-%m-%d %H:%M} UTC" if token.expires_at else ""
        print(f"A new API token {token.name!r} for {member.email}{until}:")
        print(secret)
        return 0
    finally:
        c.close()


def cmd_member_revoke(args: argparse.Namespace) -> int:
    """Revokes every API token of the member; they stop working at once."""
    c = container()
    try:
        member = _member_or_none(c, args.email)
        if member is None:
            return 2
        count = my_account.revoke_tokens_of(c.ctx, SYSTEM, member.id)
        print(f"Revoked {count} API token(s) of {member.email}.")
        return 0
    finally:
        c.close()


def cmd_member_role(args: argparse.Namespace) -> int:
    c = container()
    try:
        member = _member_or_none(c, args.email)
        if member is None:
            return 2
        try:
            changed, sites = hosting.give_role_at(c.ctx, SYSTEM, member.id, args.role, args.site)
        except ApplicationError as error:
            print(f"grannskap: {error}", file=sys.stderr)
            return 2
        print(f"{changed.email} is now {changed.role}.")
        if changed.role in ("host", "evaluator"):
            shown = ", ".join(str(s) for s in sorted(sites)) or "every site (none assigned)"
            print(f"Sites: {shown}.")
        return 0
    finally:
        c.close()


def cmd_member_erase(args: argparse.Namespace) -> int:
    """Erases the member: everything that would act for them later ended (waitlist
    entries, series, usuals, bookings ahead), every personal record and message deleted."""
    c = container()
    try:
        member = _member_or_none(c, args.email)
        if member is None:
            return 2
        if not args.yes:
            if not sys.stdin.isatty():
                print("error: give --yes to erase without a question", file=sys.stderr)
                return 2
            answer = input(f"Erase {member.email} and every record of them? Type yes: ")
            if answer.strip().lower() != "yes":
                print("Nothing was erased.")
                return 1
        erased = erasure.erase_member(c.ctx, SYSTEM, member.id)
        print(
            f"Erased member {erased.member_id}: {erased.cancelled} booking(s) ahead cancelled, "
            f"{erased.waitlist_entries} waitlist entr(y/ies) left, {erased.series} series ended, "
            "every personal record deleted."
        )
        return 0
    finally:
        c.close()


def register(sub: Any) -> None:
    member = sub.add_parser("member", help="manage members").add_subparsers(
        dest="action", required=True
    )
    add = member.add_parser("add", help="add a member and print their API token (last line)")
    add.add_argument("--email", required=True, help="the member's e-mail address")
    add.add_argument("--name", required=True, help="the member's name")
    add.add_argument("--role", default="member", choices=ROLES, help="what the member may do")
    add.set_defaults(func=cmd_member_add)
    password = member.add_parser("password", help="set a member's password for the web pages")
    password.add_argument("--email", required=True, help="the member's e-mail address")
    password.set_defaults(func=cmd_member_password)

    token = member.add_parser("token", help="print a new API token for a member (last line)")
    token.add_argument("--email", required=True, help="the member's e-mail address")
    token.add_argument("--name", default="command line", help="what the token is for")
    token.add_argument("--days", type=int, default=0, help="valid this many days (0: no expiry)")
    token.set_defaults(func=cmd_member_token)
    revoke = member.add_parser("revoke", help="revoke every API token of a member")
    revoke.add_argument("--email", required=True, help="the member's e-mail address")
    revoke.set_defaults(func=cmd_member_revoke)
    role = member.add_parser("role", help="give a member a role")
    role.add_argument("--email", required=True, help="the member's e-mail address")
    role.add_argument("--role", required=True, choices=ROLES, help="what the member may do")
    role.add_argument(
        "--site",
        action="append",
        type=UUID,
        default=[],
        metavar="ID",
        help="a site a host or evaluator is assigned to (repeat for more; without any, a "
        "host or evaluator with no assignment acts at every site)",
    )
    role.set_defaults(func=cmd_member_role)
    erase = member.add_parser("erase", help="erase a member and every personal record of them")
    erase.add_argument("--email", required=True, help="the member's e-mail address")
    erase.add_argument("--yes", action="store_true", help="do not ask")
    erase.set_defaults(func=cmd_member_erase)
