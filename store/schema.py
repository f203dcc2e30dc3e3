"""The store's tables (SQLAlchemy Core). Changed only together with a migration in
store/migrations/versions/."""

from __future__ import annotations

import sqlalchemy as sa

from store.models import HEADER_FIELDS

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
    *(sa.Column(name, sa.Text, nullable=True) for name in (*HEADER_FIELDS, "signer")),
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

# -- accounts, sessions, the audit log (store/accounts.py) ---------------------------------

users = sa.Table(
    "users",
    metadata,
    sa.Column("username", sa.String(64), primary_key=True),
    sa.Column("display_name", sa.Text, nullable=False),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("clearance", sa.Integer, nullable=False, server_default="0"),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("created_at", _STAMP, nullable=False),
)

tokens = sa.Table(
    "tokens",
    metadata,
    sa.Column("digest", _SHA, primary_key=True),  # SHA-256 of the token: never the token
    sa.Column("username", sa.String(64), sa.ForeignKey("users.username"), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("created_at", _STAMP, nullable=False),
    # 0003: a public id to list and revoke it by, what it opens, and when it ends
    sa.Column("id", sa.String(16), nullable=True, unique=True),
    sa.Column("kind", sa.String(16), nullable=False, server_default="api"),  # api | calendar
    sa.Column("expires_at", _STAMP, nullable=True),
)

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("digest", _SHA, primary_key=True),
    sa.Column("username", sa.String(64), sa.ForeignKey("users.username"), nullable=False),
    sa.Column("csrf", sa.Text, nullable=False),
    sa.Column("expires_at", _STAMP, nullable=False),
)

audit = sa.Table(
    "audit",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", _STAMP, nullable=False),
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("target", sa.Text, nullable=True),
    sa.Column("detail", sa.Text, nullable=True),
)

# -- the reminder log and outbox (store/outbox.py) -----------------------------------------

reminder_log = sa.Table(
    "reminder_log",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),  # task|rule|occurrence
    sa.Column("recipient", sa.Text, primary_key=True),  # an address or a webhook URL
    sa.Column("digest_id", sa.String(40), nullable=False),
)

digests = sa.Table(
    "digests",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("recipient", sa.Text, nullable=False),
    sa.Column("day", sa.String(10), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),  # JSON: what the message says
    sa.Column("state", sa.String(16), nullable=False, server_default="pending"),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_error", sa.Text, nullable=True),
    sa.Column("created_at", _STAMP, nullable=False),
    sa.Column("sent_at", _STAMP, nullable=True),
    # 0004: the run that claimed it for sending, and until when its claim holds
    sa.Column("owner", sa.String(80), nullable=True),
    sa.Column("lease_until", _STAMP, nullable=True),
    sa.Index(None, "state"),
    sa.Index(None, "channel", "recipient", "day"),
)

# 0005: the days the reminder planning ran, so that a run after days without one catches
# up the reminders of the days missed ("nhắc bù")
reminder_runs = sa.Table(
    "reminder_runs",
    metadata,
    sa.Column("day", sa.String(10), primary_key=True),
    sa.Column("at", _STAMP, nullable=False),
)
