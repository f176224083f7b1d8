"""Walk-in visitors' names: a host may name a drop-in for the day's host page; the name is
kept only until the day is over (``forget_at``) and is in no event.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from projections.db import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drop_in_visitor",
        sa.Column("booking_id", sa.Uuid(), primary_key=True),
        sa.Column("site_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("forget_at", UTCDateTime(), nullable=False, index=True),
    )


def downgrade() -> None:
    op.drop_table("drop_in_visitor")
