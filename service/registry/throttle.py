"""Slowing down password guessing without locking people out.

Every sign-in attempt is counted *before* its password is checked, by one atomic
``UPDATE`` per key that only counts it when the key allows an attempt now; so parallel
guesses cannot slip past the count (each one that is checked was counted first). A right
password then clears the count of its address and gives the client its attempt back.

Three keys, each with its own number of free attempts in ``WINDOW``, after which each
further attempt waits twice as long as the one before:

- the e-mail address *from this client address* (5): guessing one account's password;
- the e-mail address from anywhere (50): guessing from many addresses. It holds back only
  clients that have failed at this address in the window: a client's first attempt is
  counted but let through, so guesses from 60 addresses slow every further guess from
  them without keeping the owner out of an address that has not failed (each new client
  gets one guess; the pair key limits what follows). A burst from one address stops at
  its 5 and cannot use up these 50;
- the client address (50, waits of at most 30 s): trying many accounts from one
  address. Several people may sit behind one address, so it only slows them down."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from service.registry.tables import FailureRecord

WINDOW = timedelta(minutes=15)
FREE = {"pair": 5, "email": 50, "client": 50}
MAX_WAIT = {"pair": WINDOW, "email": WINDOW, "client": timedelta(seconds=30)}
DOUBLINGS = 20


class Throttled(RuntimeError):
    def __init__(self, wait: timedelta) -> None:
        super().__init__(f"wait {wait.total_seconds():.0f} s")
        self.seconds = max(1, int(wait.total_seconds() + 0.999))


def wait_after(kind: str, failures: int) -> timedelta:
    """How long after the last counted attempt the next one may come."""
    free = FREE[kind]
    if failures < free:
        return timedelta(0)
    return min(timedelta(seconds=2 ** min(failures - free, DOUBLINGS)), MAX_WAIT[kind])


def keys_of(email: str, client: str, purpose: str = "") -> list[tuple[str, str]]:
    """The (kind, key) pairs of an attempt; the key holds no address longer than needed.
    A ``purpose`` (``"reset"``: asking for a password-reset link) is counted apart from
    signing in."""
    client = client[:64]
    prefix = f"{purpose}-" if purpose else ""
    pair = hashlib.sha256(f"{email}\n{client}".encode()).hexdigest()
    return [
        ("pair", f"{prefix}pair:{pair}"),
        ("email", f"{prefix}email:{email}"),
        ("client", f"{prefix}client:{client}"),
    ]


class SignInThrottle:
    def __init__(self, sessions: sessionmaker[Session], now: Callable[[], datetime]) -> None:
        self.sessions = sessions
        self.now = now

    def claim(self, email: str, client: str, purpose: str = "") -> None:
        """Counts an attempt for each key, or raises ``Throttled`` at the first key that
        does not allow one now (the keys after it are not counted). A client's first
        attempt at an address in the window is counted against the address but never
        held back by it: guesses from many clients slow each other, not its owner."""
        first_from_here = False
        for kind, key in keys_of(email, client, purpose):
            if kind == "email" and first_from_here:
                self._count(key)
                continue
            counted = self._claim(kind, key)
            first_from_here = kind == "pair" and counted == 1

    def claim_client(self, client: str, purpose: str) -> None:
        """Counts a request that names no address (starting a sign-in at the provider)
        against the client address only, or raises ``Throttled`` while it must wait."""
        self._claim("client", f"{purpose}-client:{client[:64]}")

    def _claim(self, kind: str, key: str) -> int:
        """Counts the attempt if the key allows one now; returns the key's count with it."""
        now = self.now()
        # For each count that must wait, the latest last attempt that lets one in now.
        free = FREE[kind]
        cutoffs = {n: now - wait_after(kind, n) for n in range(free, free + DOUBLINGS + 1)}
        allowed_since = case(cutoffs, value=FailureRecord.failures, else_=now - MAX_WAIT[kind])
        stale = FailureRecord.last_at < now - WINDOW
        with self.sessions.begin() as s:
            s.execute(self._insert(s).values(key=key, failures=0, first_at=now, last_at=now))
            counted = s.execute(
                update(FailureRecord)
                .where(
                    FailureRecord.key == key,
                    (FailureRecord.failures < free)
                    | stale
                    | (FailureRecord.last_at <= allowed_since),
                )
                .values(
                    failures=case((stale, 1), else_=FailureRecord.failures + 1),
                    first_at=case((stale, now), else_=FailureRecord.first_at),
                    last_at=now,
                )
                .returning(FailureRecord.failures)
            ).scalar()
            if counted is not None:
                return int(counted)
            failures, last_at = s.execute(
                select(FailureRecord.failures, FailureRecord.last_at).where(
                    FailureRecord.key == key
                )
            ).one()
        raise Throttled(max(last_at + wait_after(kind, failures) - now, timedelta(seconds=1)))

    def _count(self, key: str) -> None:
        """Counts an attempt that the key does not hold back."""
        now = self.now()
        stale = FailureRecord.last_at < now - WINDOW
        with self.sessions.begin() as s:
            s.execute(self._insert(s).values(key=key, failures=0, first_at=now, last_at=now))
            s.execute(
                update(FailureRecord)
                .where(FailureRecord.key == key)
                .values(
                    failures=case((stale, 1), else_=FailureRecord.failures + 1),
                    first_at=case((stale, now), else_=FailureRecord.first_at),
                    last_at=now,
                )
            )

    @staticmethod
    def _insert(s: Session) -> Any:
        """``INSERT ... ON CONFLICT DO NOTHING`` in the registry's dialect."""
        dialect = s.get_bind().dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        return insert(FailureRecord).on_conflict_do_nothing(index_elements=["key"])

    def succeeded(self, email: str, client: str) -> None:
        """A right password: the address's counts go, the client gets its attempt back."""
        keys = dict((kind, key) for kind, key in keys_of(email, client))
        with self.sessions.begin() as s:
            s.execute(
                delete(FailureRecord).where(FailureRecord.key.in_([keys["pair"], keys["email"]]))
            )
            s.execute(
                update(FailureRecord)
                .where(FailureRecord.key == keys["client"], FailureRecord.failures > 0)
                .values(failures=FailureRecord.failures - 1)
            )
