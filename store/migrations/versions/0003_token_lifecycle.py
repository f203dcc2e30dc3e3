"""API tokens get an id (to list and revoke them), a kind (api, or a read-only calendar
feed) and an expiry; tokens issued before get the default lifetime from their creation.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

LIFETIME_DAYS = 90  # DIRECTIVES_TOKEN_DAYS' default


def upgrade() -> None:
    with op.batch_alter_table("tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("id", sa.String(length=16), nullable=True))
        batch_op.add_column(
            sa.Column("kind", sa.String(length=16), server_default="api", nullable=False)
        )
        batch_op.add_column(sa.Column("expires_at", sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_tokens_id"), ["id"])
    tokens = sa.table(
        "tokens",
        sa.column("digest", sa.String),
        sa.column("created_at", sa.String),
        sa.column("id", sa.String),
        sa.column("expires_at", sa.String),
    )
    connection = op.get_bind()
    for digest, created in connection.execute(
        sa.select(tokens.c.digest, tokens.c.created_at)
    ).all():
        ends = datetime.fromisoformat(created) + timedelta(days=LIFETIME_DAYS)
        connection.execute(
            sa.update(tokens)
            .where(tokens.c.digest == digest)
            .values(id=digest[:16], expires_at=ends.isoformat(timespec="seconds"))
        )


def downgrade() -> None:
    with op.batch_alter_table("tokens", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_tokens_id"), type_="unique")
        batch_op.drop_column("expires_at")
        batch_op.drop_column("kind")
        batch_op.drop_column("id")
