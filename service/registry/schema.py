"""Brings the registry tables to the newest migration: ``grannskap db upgrade``, and every
``serve``, ``demo`` and test store on start.

A database whose registry tables were made before there were migrations (they exist, but
Alembic's version table does not) is marked as being at the first migration, which made
exactly those tables, and upgraded from there. On PostgreSQL an advisory lock lets one
process at a time do this, so that server processes starting together do not race.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

MIGRATIONS = Path(__file__).parent / "migrations"
FIRST = "0001"
LOCK = 0x6772616E  # pg_advisory_xact_lock key of the registry's migrations ("gran")


def _config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    script = ScriptDirectory(str(MIGRATIONS))
    return str(script.get_current_head())


def current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> str:
    """Upgrades to the newest migration; returns the revision the database is at."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK})
        at = current(connection)
        if at == head():
            return at
        config = _config(connection)
        if at is None and inspect(connection).has_table("member"):
            command.stamp(config, FIRST)
        command.upgrade(config, "head")
        return head()
