"""The store's tables (SQLAlchemy Core). Changed only together with a migration in
store/migrations/versions/."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

_ID = sa.String(32)
_SHA = sa.String(64)
_STAMP = sa.String(32)  # ISO timestamps, UTC, whole seconds (store/tracking.py now())

# One row per document (văn bản) version, read from its primary rendition. The header
# columns hold the effective values: a person's correction (document_corrections says
# which, by whom, and what the machine reads there), else the machine's reading.
documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", _ID, primary_key=True),
    sa.Column("lineage", _ID, nullable=False, index=True),  # the first version's id
    sa.Column("state", sa.String(16), nullable=False, server_default="current"),
    sa.Column("replaced_by", _ID, nullable=True),  # state 'replaced': the newer version
    sa.Column("work_key", sa.Text, nullable=True, index=True),  # store/identity.py
    sa.Column("sha256", _SHA, nullable=False),  # the primary rendition
    sa.Column("filename", sa.Text, nullable=False),
    *(
        sa.Column(name, sa.Text, nullable=True)
        for name in (
            "doc_type",
            "number",
            "issuer",
            "issuer_parent",
            "place",
            "date",
            "subject",
            "urgency",
            "security",
            "signer",  # the signer's name
        )
    ),
    sa.Column("security_level", sa.Integer, nullable=False, server_default="0"),  # effective
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("meta", sa.Text, nullable=False),  # JSON: header offsets, pages, reading…
    sa.Column("citations", sa.Text, nullable=False),  # JSON list
    sa.Column("ingested_at", _STAMP, nullable=False),
    sa.Column("updated_at", _STAMP, nullable=False),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    sa.Column("reviewed_by", sa.Text, nullable=True),  # "đã kiểm tra": who and when
    sa.Column("reviewed_at", _STAMP, nullable=True),
    sa.Column("tracked", sa.Boolean, nullable=True),  # a person's choice; None: automatic
    sa.Column("tracked_auto", sa.Boolean, nullable=False, server_default=sa.true()),
    # for the "Cần kiểm tra" queue: how many values the extraction flagged, and the mean
    # OCR confidence when the primary rendition was read by OCR
    sa.Column("review_flags", sa.Integer, nullable=False, server_default="0"),
    sa.Column("ocr_confidence", sa.Float, nullable=True),
)

# Files that carry a document: the signed PDF, a scan of it, the DOCX.
renditions = sa.Table(
    "renditions",
    metadata,
    sa.Column("sha256", _SHA, primary_key=True),
    sa.Column("doc_id", _ID, sa.ForeignKey("documents.id"), nullable=False, index=True),
    sa.Column("filename", sa.Text, nullable=False),
    sa.Column("reading", sa.Text, nullable=False),  # JSON: how it was read (OCR, quality)
    sa.Column("added_at", _STAMP, nullable=False),
)

# Where each file was found: a changed file under the same path is a new version.
sources = sa.Table(
    "sources",
    metadata,
    sa.Column("path", sa.Text, primary_key=True),
    sa.Column("sha256", _SHA, nullable=False, index=True),
    sa.Column("seen_at", _STAMP, nullable=False),
)

document_corrections = sa.Table(
    "document_corrections",
    metadata,
    sa.Column("doc_id", _ID, sa.ForeignKey("documents.id"), primary_key=True),
    sa.Column("field", sa.String(32), primary_key=True),
    sa.Column("machine", sa.Text, nullable=True),  # what the newest extraction reads there
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("at", _STAMP, nullable=False),
)

document_events = sa.Table(
    "document_events",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("doc_id", _ID, nullable=False, index=True),
    sa.Column("at", _STAMP, nullable=False),
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("field", sa.String(32), nullable=True),
    sa.Column("old", sa.Text, nullable=True),
    sa.Column("new", sa.Text, nullable=True),
)

# Tasks: the columns hold the effective values (a person's correction, else the machine's
# reading); ``machine`` keeps what the extractor last read for each corrected field, and
# ``corrected`` which fields a person set, by whom and when.
tasks = sa.Table(
    "tasks",
    metadata,
    sa.Column("id", _ID, primary_key=True),
    sa.Column("doc_id", _ID, sa.ForeignKey("documents.id"), nullable=False),
    sa.Column("ordinal", sa.Integer, nullable=False),
    sa.Column("origin", sa.String(16), nullable=False, server_default="extracted"),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("lead", sa.Text, nullable=False),  # JSON [[canonical, written], …]
    sa.Column("support", sa.Text, nullable=False),
    sa.Column("due", sa.String(10), nullable=True),
    sa.Column("due_text", sa.Text, nullable=True),
    sa.Column("recurrence", sa.Text, nullable=False),  # JSON list
    sa.Column("recurring", sa.Boolean, nullable=False),
    sa.Column("recur_anchor", sa.String(16), nullable=True),
    sa.Column("report_to", sa.Text, nullable=True),
    sa.Column("machine", sa.Text, nullable=False, server_default="{}"),
    sa.Column("corrected", sa.Text, nullable=False, server_default="{}"),
    sa.Column("status", sa.String(20), nullable=False, server_default="chua_thuc_hien"),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    sa.Column("updated_at", _STAMP, nullable=True),
    sa.Column("gone", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("not_a_task", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Index(None, "doc_id", "ordinal"),
    sa.Index(None, "due"),
    sa.Index(None, "status", "due"),
    sa.Index(None, "recur_anchor"),
)

# Every body named on a task, by its folded canonical name; due copied for range scans.
task_bodies = sa.Table(
    "task_bodies",
    metadata,
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("due", sa.String(10), nullable=True),
    sa.Column("task_id", _ID, sa.ForeignKey("tasks.id"), nullable=False, index=True),
    sa.Column("role", sa.String(8), nullable=False),
    sa.Index(None, "key", "due"),
)

bodies = sa.Table(
    "bodies",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
)

task_events = sa.Table(
    "task_events",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("task_id", _ID, nullable=False),
    sa.Column("at", _STAMP, nullable=False),
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("field", sa.String(32), nullable=True),
    sa.Column("old", sa.Text, nullable=True),
    sa.Column("new", sa.Text, nullable=True),
    sa.Column("note", sa.Text, nullable=True),
    sa.Index(None, "task_id", "seq"),
)
