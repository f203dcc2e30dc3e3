"""the store: documents, renditions, sources, tasks, corrections, history

Revision ID: 0001
Revises:
Create Date: 2026-12-06 04:34:23.094562
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "bodies",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_bodies")),
    )
    op.create_table(
        "document_events",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("doc_id", sa.String(length=32), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("who", sa.Text(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("field", sa.String(length=32), nullable=True),
        sa.Column("old", sa.Text(), nullable=True),
        sa.Column("new", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_document_events")),
    )
    with op.batch_alter_table("document_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_events_doc_id"), ["doc_id"], unique=False)

    op.create_table(
        "documents",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("lineage", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=16), server_default="current", nullable=False),
        sa.Column("replaced_by", sa.String(length=32), nullable=True),
        sa.Column("work_key", sa.Text(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("doc_type", sa.Text(), nullable=True),
        sa.Column("number", sa.Text(), nullable=True),
        sa.Column("issuer", sa.Text(), nullable=True),
        sa.Column("issuer_parent", sa.Text(), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("date", sa.Text(), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("urgency", sa.Text(), nullable=True),
        sa.Column("security", sa.Text(), nullable=True),
        sa.Column("signer", sa.Text(), nullable=True),
        sa.Column("security_level", sa.Integer(), server_default="0", nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("meta", sa.Text(), nullable=False),
        sa.Column("citations", sa.Text(), nullable=False),
        sa.Column("ingested_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("reviewed_by", sa.Text(), nullable=True),
        sa.Column("reviewed_at", sa.String(length=32), nullable=True),
        sa.Column("tracked", sa.Boolean(), nullable=True),
        sa.Column("tracked_auto", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("review_flags", sa.Integer(), server_default="0", nullable=False),
        sa.Column("ocr_confidence", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_lineage"), ["lineage"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_work_key"), ["work_key"], unique=False)

    op.create_table(
        "sources",
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("seen_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("path", name=op.f("pk_sources")),
    )
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sources_sha256"), ["sha256"], unique=False)

    op.create_table(
        "task_events",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("task_id", sa.String(length=32), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("who", sa.Text(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("field", sa.String(length=32), nullable=True),
        sa.Column("old", sa.Text(), nullable=True),
        sa.Column("new", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_task_events")),
    )
    with op.batch_alter_table("task_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_task_events_task_id_seq"), ["task_id", "seq"], unique=False
        )

    op.create_table(
        "document_corrections",
        sa.Column("doc_id", sa.String(length=32), nullable=False),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("machine", sa.Text(), nullable=True),
        sa.Column("who", sa.Text(), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["doc_id"], ["documents.id"], name=op.f("fk_document_corrections_doc_id_documents")
        ),
        sa.PrimaryKeyConstraint("doc_id", "field", name=op.f("pk_document_corrections")),
    )
    op.create_table(
        "renditions",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("doc_id", sa.String(length=32), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("reading", sa.Text(), nullable=False),
        sa.Column("added_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["doc_id"], ["documents.id"], name=op.f("fk_renditions_doc_id_documents")
        ),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_renditions")),
    )
    with op.batch_alter_table("renditions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_renditions_doc_id"), ["doc_id"], unique=False)

    op.create_table(
        "tasks",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("doc_id", sa.String(length=32), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=16), server_default="extracted", nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("lead", sa.Text(), nullable=False),
        sa.Column("support", sa.Text(), nullable=False),
        sa.Column("due", sa.String(length=10), nullable=True),
        sa.Column("due_text", sa.Text(), nullable=True),
        sa.Column("recurrence", sa.Text(), nullable=False),
        sa.Column("recurring", sa.Boolean(), nullable=False),
        sa.Column("recur_anchor", sa.String(length=16), nullable=True),
        sa.Column("report_to", sa.Text(), nullable=True),
        sa.Column("machine", sa.Text(), server_default="{}", nullable=False),
        sa.Column("corrected", sa.Text(), server_default="{}", nullable=False),
        sa.Column("status", sa.String(length=20), server_default="chua_thuc_hien", nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=True),
        sa.Column("gone", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("not_a_task", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(
            ["doc_id"], ["documents.id"], name=op.f("fk_tasks_doc_id_documents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tasks")),
    )
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_tasks_doc_id_ordinal"), ["doc_id", "ordinal"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_tasks_due"), ["due"], unique=False)
        batch_op.create_index(batch_op.f("ix_tasks_recur_anchor"), ["recur_anchor"], unique=False)
        batch_op.create_index(batch_op.f("ix_tasks_status_due"), ["status", "due"], unique=False)

    op.create_table(
        "task_bodies",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("due", sa.String(length=10), nullable=True),
        sa.Column("task_id", sa.String(length=32), nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_task_bodies_task_id_tasks")
        ),
    )
    with op.batch_alter_table("task_bodies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_bodies_key_due"), ["key", "due"], unique=False)
        batch_op.create_index(batch_op.f("ix_task_bodies_task_id"), ["task_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("task_bodies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_bodies_task_id"))
        batch_op.drop_index(batch_op.f("ix_task_bodies_key_due"))

    op.drop_table("task_bodies")
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tasks_status_due"))
        batch_op.drop_index(batch_op.f("ix_tasks_recur_anchor"))
        batch_op.drop_index(batch_op.f("ix_tasks_due"))
        batch_op.drop_index(batch_op.f("ix_tasks_doc_id_ordinal"))

    op.drop_table("tasks")
    with op.batch_alter_table("renditions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_renditions_doc_id"))

    op.drop_table("renditions")
    op.drop_table("document_corrections")
    with op.batch_alter_table("task_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_events_task_id_seq"))

    op.drop_table("task_events")
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sources_sha256"))

    op.drop_table("sources")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_work_key"))
        batch_op.drop_index(batch_op.f("ix_documents_lineage"))

    op.drop_table("documents")
    with op.batch_alter_table("document_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_events_doc_id"))

    op.drop_table("document_events")
    op.drop_table("bodies")
