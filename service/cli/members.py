"""``grannskap member add|password``."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from service.application import accounts
from service.application.errors import NotFound
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
