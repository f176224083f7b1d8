"""Named calendar links: a member may hold several links to their feed (a phone, a laptop)
and revoke or renew one without stopping the others. The first link (``calendar_feed``)
keeps working as it was. And who chose to be seen on the day pages ("who's in"): no row
is written, so nobody is shown until they choose it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from projections.db import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_link",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("member_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("issued_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "presence_shown",
        sa.Column("member_id", sa.Uuid(), primary_key=True),
        sa.Column("since", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("presence_shown")
    op.drop_table("calendar_link")
