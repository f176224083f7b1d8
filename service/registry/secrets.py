"""Secrets generated once and kept in the database (shared by every server process)."""

from __future__ import annotations

import secrets

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
