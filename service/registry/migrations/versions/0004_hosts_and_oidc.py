"""Hosts per site and OpenID Connect sign-in: which sites a host (or an evaluator) is
assigned to, the identities people sign in with at an OIDC provider, and the sign-ins
sent to the provider and not yet back.

No rows are written: a host (or evaluator) with no assignment is pilot-wide, as every
host was before, so nothing changes for a running deployment until an admin assigns sites.

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from projections.db import UTCDateTime

revision = "0004"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "site_assignment",
        sa.Column("member_id", sa.Uuid(), primary_key=True),
        sa.Column("site_id", sa.Uuid(), primary_key=True, index=True),
        sa.Column("assigned_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "oidc_identity",
        sa.Column("issuer", sa.String(500), primary_key=True),
        sa.Column("subject", sa.String(255), primary_key=True),
        sa.Column("member_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("seen_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "oidc_pending",
        sa.Column("state_hash", sa.String(64), primary_key=True),
        sa.Column("nonce", sa.String(64), nullable=False),
        sa.Column("verifier", sa.String(128), nullable=False),
        sa.Column("next_path", sa.String(500), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False, index=True),
    )


def downgrade() -> None:
    op.drop_table("oidc_pending")
    op.drop_table("oidc_identity")
    op.drop_table("site_assignment")
