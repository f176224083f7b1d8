"""Mail and accounts people own: the mail outbox and how far it has read the event log;
API tokens of their own (several per member, with a name and an optional expiry, moved out
of the member table); password resets and e-mail changes by single-use links; a member's
language and whether they want reminders.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

from projections.db import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mail_outbox",
        sa.Column("id", sa.String(96), primary_key=True),
        sa.Column("message_id", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=True, index=True),
        sa.Column("booking_id", sa.Uuid(), nullable=True),
        sa.Column("recipient", sa.String(320), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("not_before", UTCDateTime(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False, index=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_until", UTCDateTime(), nullable=True),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("failed_at", UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
    )
    op.create_table(
        "mail_position",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("notification_id", sa.Integer(), nullable=False),
    )
    op.create_table(
        "api_token",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("member_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=True),
    )
    op.create_table(
        "password_reset",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("member_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
    )
    op.create_table(
        "email_change",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("member_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("new_email", sa.String(320), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
    )
    with op.batch_alter_table("web_account") as batch:
        batch.add_column(sa.Column("language", sa.String(8), nullable=True))
        batch.add_column(
            sa.Column("reminders", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    # Each member's one API token becomes their first token in the new table.
    connection = op.get_bind()
    member = sa.table(
        "member",
        sa.column("id", sa.Uuid()),
        sa.column("token_hash", sa.String(64)),
        sa.column("created_at", UTCDateTime()),
    )
    token = sa.table(
        "api_token",
        sa.column("id", sa.Uuid()),
        sa.column("member_id", sa.Uuid()),
        sa.column("token_hash", sa.String(64)),
        sa.column("name", sa.String(100)),
        sa.column("created_at", UTCDateTime()),
        sa.column("expires_at", UTCDateTime()),
    )
    rows = connection.execute(sa.select(member.c.id, member.c.token_hash, member.c.created_at))
    moved = [
        {
            "id": uuid.uuid4(),
            "member_id": member_id,
            "token_hash": token_hash,
            "name": "first token",
            "created_at": created_at,
            "expires_at": None,
        }
        for member_id, token_hash, created_at in rows
    ]
    if moved:
        connection.execute(sa.insert(token), moved)
    with op.batch_alter_table("member") as batch:
        batch.drop_column("token_hash")


def downgrade() -> None:
    with op.batch_alter_table("web_account") as batch:
        batch.drop_column("reminders")
        batch.drop_column("language")
    with op.batch_alter_table("member") as batch:
        batch.add_column(sa.Column("token_hash", sa.String(64), nullable=True))
    for table in ("email_change", "password_reset", "api_token", "mail_position", "mail_outbox"):
        op.drop_table(table)
