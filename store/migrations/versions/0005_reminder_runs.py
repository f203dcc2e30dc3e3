"""The days the reminder planning ran: a run after days without one catches up the
reminders of the days missed ("nhắc bù"). Digests already planned count as runs.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reminder_runs",
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_reminder_runs")),
    )
    op.execute(
        "INSERT INTO reminder_runs (day, at) SELECT day, min(created_at) FROM digests GROUP BY day"
    )


def downgrade() -> None:
    op.drop_table("reminder_runs")
