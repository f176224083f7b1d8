"""Migration 0004 on SQLite and PostgreSQL: a registry at 0002 with a host gains the tables
of site assignments and OIDC sign-in, and the host stays pilot-wide (no assignment), so a
deployment that upgrades changes nothing until an admin assigns sites. Down again, the
tables go."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from alembic import command
from sqlalchemy import inspect, text

from projections.db import make_engine
from service.registry import schema
from service.settings import Settings

NEW_TABLES = {"site_assignment", "oidc_identity", "oidc_pending"}


def test_a_registry_at_0002_upgrades_with_its_hosts_pilot_wide_and_downgrades(
    empty_database_url: str,
) -> None:
    engine = make_engine(Settings(database_url=empty_database_url).sqlalchemy_url())
    host = uuid4()
    try:
        with engine.begin() as connection:
            command.upgrade(schema._config(connection), "0002")
            connection.execute(
                text(
                    "INSERT INTO member (id, email, name, role, created_at) "
                    "VALUES (:id, 'vard@example.se', 'Värd', 'host', :now)"
                ),
                {
                    "id": host.hex if engine.dialect.name == "sqlite" else host,
                    "now": datetime.now(UTC),
                },
            )
        assert not NEW_TABLES & set(inspect(engine).get_table_names())

        assert schema.upgrade(engine) == schema.head()

        assert set(inspect(engine).get_table_names()) >= NEW_TABLES
        with engine.connect() as connection:
            assigned = connection.execute(text("SELECT count(*) FROM site_assignment")).scalar()
        assert assigned == 0
        with engine.begin() as connection:
            command.downgrade(schema._config(connection), "0002")
        assert not NEW_TABLES & set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
