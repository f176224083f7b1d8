"""Alembic's environment for the registry tables: always run on the connection that
``service.registry.schema.upgrade`` hands over (no alembic.ini, no URL of its own)."""

from __future__ import annotations

from alembic import context

from service.registry.tables import RegistryBase

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=RegistryBase.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
