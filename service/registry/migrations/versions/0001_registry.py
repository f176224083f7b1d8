"""The registry tables as they were before migrations: members, web accounts, sessions,
invitations, open sign-up, sign-in failures, secrets and calendar feed tokens.

Revision ID: 0001
Revises:
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from projections.db import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "member",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("email", sa.String(320), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "web_account",
        sa.Column("member_id", sa.Uuid(), primary_key=True),
        sa.Column("password_hash", sa.String(200), nullable=True),
        sa.Column("home_site_id", sa.Uuid(), nullable=True),
        sa.Column("invitation_code", sa.String(32), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("password_changed_at", UTCDateTime(), nullable=True),
    )
    op.create_table(
        "web_session",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("member_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("seen_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "web_invitation",
        sa.Column("code", sa.String(32), primary_key=True),
        sa.Column("site_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("created_by", sa.Uuid(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("uses_left", sa.Integer(), nullable=False),
        sa.Column("used", sa.Integer(), nullable=False),
    )
    op.create_table(
        "web_site_sign_up",
        sa.Column("site_id", sa.Uuid(), primary_key=True),
        sa.Column("open_sign_up", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "web_sign_in_failure",
        sa.Column("key", sa.String(400), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("first_at", UTCDateTime(), nullable=False),
        sa.Column("last_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "web_secret",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )
    op.create_table(
        "calendar_feed",
        sa.Column("feed_kind", sa.String(16), primary_key=True),
        sa.Column("subject_id", sa.Uuid(), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("issued_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "calendar_feed",
        "web_secret",
        "web_sign_in_failure",
        "web_site_sign_up",
        "web_invitation",
        "web_session",
        "web_account",
        "member",
    ):
        op.drop_table(table)
