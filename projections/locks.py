"""The lock of a store's views: held by the one process that follows them (a server's
follower thread or ``grannskap projections run``) and by a rebuild, so that only one writes
the views at a time and a rebuild never runs beside a follower. On PostgreSQL it is a
session advisory lock (released by the server when the holder's connection ends, so a
crashed holder frees it); on a SQLite file an exclusive ``flock`` of ``<file>.views-lock``
(released by the kernel when the process ends); a database in memory needs none."""

from __future__ import annotations

import hashlib
import logging
import os
from typing import Any

from sqlalchemy import Connection, Engine, text

log = logging.getLogger(__name__)


class ViewsBusy(RuntimeError):
    """Another process follows (or rebuilds) these views."""


def _key(name: str) -> int:
    digest = hashlib.sha256(f"grannskap-views/{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class ViewsLock:
    def __init__(self, engine: Engine, application_name: str) -> None:
        self.engine = engine
        self.key = _key(application_name)
        self._connection: Connection | None = None
        self._file: Any = None
        self.held = False

    @property
    def _path(self) -> str | None:
        database = self.engine.url.database
        if self.engine.dialect.name != "sqlite" or not database or database == ":memory:":
            return None
        return f"{database}.views-lock"

    def acquire(self) -> bool:
        """Takes the lock if no other process has it; never waits."""
        if self.held:
            return True
        if self.engine.dialect.name == "postgresql":
            self.held = self._acquire_postgres()
        elif self.engine.dialect.name == "sqlite":
            self.held = self._acquire_file()
        else:
            self.held = True
        return self.held

    def _acquire_postgres(self) -> bool:
        connection = self.engine.connect()
        try:
            got = bool(
                connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key})
            )
            connection.commit()
        except Exception:
            connection.close()
            raise
        if not got:
            connection.close()
            return False
        self._connection = connection
        return True

    def _acquire_file(self) -> bool:
        path = self._path
        if path is None:
            return True
        import fcntl

        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            return False
        self._file = descriptor
        return True

    def holder_present(self) -> bool:
        """Whether some process holds the lock now (this one, or another: a follower or a
        rebuild). On PostgreSQL it reads ``pg_locks`` and never takes the lock; on SQLite it
        asks for a shared ``flock`` and lets it go at once, which an exclusive holder refuses."""
        if self.held:
            return True
        if self.engine.dialect.name == "postgresql":
            # A bigint advisory key shows in pg_locks as classid (high half), objid (low half).
            high, low = (self.key >> 32) & 0xFFFFFFFF, self.key & 0xFFFFFFFF
            with self.engine.connect() as connection:
                return bool(
                    connection.scalar(
                        text(
                            "SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_database d "
                            "ON d.oid = l.database WHERE d.datname = current_database() "
                            "AND l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
                            "AND l.classid::bigint = :high AND l.objid::bigint = :low)"
                        ),
                        {"high": high, "low": low},
                    )
                )
        path = self._path
        if self.engine.dialect.name != "sqlite" or path is None:
            return False
        if not os.path.exists(path):
            return False
        import fcntl

        descriptor = os.open(path, os.O_RDONLY)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(descriptor)  # closing it lets a shared lock go
        return False

    def still_held(self) -> bool:
        """Whether the lock is still ours: on PostgreSQL a lost connection loses it."""
        if not self.held or self._connection is None:
            return self.held
        try:
            self._connection.scalar(text("SELECT 1"))
            self._connection.commit()
            return True
        except Exception:
            log.warning("lost the connection that held the views' lock")
            self._forget()
            return False

    def release(self) -> None:
        if not self.held:
            return
        if self._connection is not None:
            try:
                self._connection.scalar(text("SELECT pg_advisory_unlock(:key)"), {"key": self.key})
                self._connection.commit()
            except Exception:  # the connection is gone, and the lock with it
                log.debug("releasing the views' lock on a lost connection")
        self._forget()

    def _forget(self) -> None:
        if self._connection is not None:
            try:
                # Not back to the pool: closing the session is what surely frees the lock.
                self._connection.invalidate()
                self._connection.close()
            except Exception:
                log.debug("closing the lock's connection failed")
            self._connection = None
        if self._file is not None:
            os.close(self._file)  # closing the descriptor releases the flock
            self._file = None
        self.held = False
