"""``grannskap member password --email E``: sets the password a member signs in to the
web pages with (read twice from the terminal, or once from standard input)."""

from __future__ import annotations

import getpass
import sys
from typing import Any

from service.web.accounts import Accounts, MemberRecord, SignUpRefused


def set_password_from_cli(container: Any, email: str) -> int:
    try:
        with container.members.sessions() as session:
            record = session.query(MemberRecord).filter_by(email=email.strip().lower()).first()
        if record is None:
            print(f"error: no member with e-mail {email}", file=sys.stderr)
            return 2
        if sys.stdin.isatty():
            password = getpass.getpass("New password: ")
            if getpass.getpass("Again: ") != password:
                print("error: the passwords differ", file=sys.stderr)
                return 2
        else:
            password = sys.stdin.readline().rstrip("\n")
        accounts = Accounts(container.engine, container.members)
        accounts.create_tables()
        try:
            accounts.set_password(record.id, password)
        except SignUpRefused:
            print("error: a password has 10 to 256 characters", file=sys.stderr)
            return 2
        print(f"Set the password of {record.email}; their browsers are signed out.")
        return 0
    finally:
        container.close()
