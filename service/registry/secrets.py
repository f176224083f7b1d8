"""Secrets generated once and kept: in the database (shared by every server process), or in a
file beside the SQLite database readable by its owner only; and that database file made so."""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError

from service.registry.tables import SecretRecord


def stored_secret(engine: Engine, name: str) -> str:
    """The secret called ``name``, generated the first time it is asked for."""
    query = select(SecretRecord.value).where(SecretRecord.name == name)
    with engine.begin() as connection:
        key = connection.scalar(query)
    if key:
        return str(key)
    try:
        with engine.begin() as connection:
            connection.execute(
                insert(SecretRecord).values(name=name, value=secrets.token_urlsafe(48))
            )
    except IntegrityError:
        pass  # another process made it first
    with engine.begin() as connection:
        return str(connection.scalar(query))


def private_file(path: Path) -> None:
    """Makes the SQLite file (if it is not there) readable by its owner only; SQLite gives
    its -wal and -shm files the same permissions. A file made before keeps its own."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))


def secret_file(path: Path) -> str:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # another process may be writing it this instant
            key = path.read_text().strip()
            if key:
                return str(key)
            time.sleep(0.05)
        raise RuntimeError(f"{path} is empty: delete it or set GRANNSKAP_SECRET_KEY") from None
    key = secrets.token_urlsafe(48)
    with os.fdopen(fd, "w") as f:
        f.write(key + "\n")
    return key
