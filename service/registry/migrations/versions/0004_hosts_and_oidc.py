"""Hosts per site and OpenID Connect sign-in: which sites a host (or an evaluator) is
assigned to, and the identities people sign in with at an OIDC provider.

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


def downgrade() -> None:
    op.drop_table("oidc_identity")
    op.drop_table("site_assignment")
