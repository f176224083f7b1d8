"""Two more of a member's preferences: a reminder on the day of a booking, before it starts
(off unless chosen), and a nudge to check in when a booking starts (on unless turned off).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("web_account") as batch:
        batch.add_column(
            sa.Column("reminder_same_day", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column("check_in_nudge", sa.Boolean(), nullable=False, server_default=sa.true())
        )


def downgrade() -> None:
    with op.batch_alter_table("web_account") as batch:
        batch.drop_column("check_in_nudge")
        batch.drop_column("reminder_same_day")
