"""The embedded index's tables: documents with FTS5, citations, tasks and their history."""

from __future__ import annotations

SCHEMA_VERSION = 5

# FTS columns in order, and their bm25 weights: a hit in the number counts most.
FTS_COLUMNS = ("number", "numkey", "doc_type", "issuer", "subject", "text")
FTS_WEIGHTS = "10.0, 50.0, 2.0, 4.0, 6.0, 1.0"

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS documents (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    lineage TEXT NOT NULL,          -- the first version's id, carried to later versions
    sha256 TEXT NOT NULL,
    filename TEXT NOT NULL,
    doc_type TEXT, number TEXT, issuer TEXT, issuer_parent TEXT, place TEXT,
    date TEXT, year INTEGER, date_lo TEXT, date_hi TEXT,
    subject TEXT, urgency TEXT, security TEXT,
    security_level INTEGER NOT NULL DEFAULT 0,
    doc_type_key TEXT, issuer_key TEXT, number_key TEXT, numkey TEXT NOT NULL DEFAULT '',
    task_count INTEGER NOT NULL DEFAULT 0,
    ingested_at TEXT NOT NULL
);
-- the long values apart: search and facets read only the narrow rows above
CREATE TABLE IF NOT EXISTS document_texts (
    rowid INTEGER PRIMARY KEY,
    meta TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_year ON documents(year);
CREATE INDEX IF NOT EXISTS documents_type ON documents(doc_type_key);
CREATE INDEX IF NOT EXISTS documents_number ON documents(number_key);
CREATE INDEX IF NOT EXISTS documents_lineage ON documents(lineage);
CREATE INDEX IF NOT EXISTS documents_date ON documents(date_lo);
CREATE TABLE IF NOT EXISTS sources (
    path TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id),
    seen_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE INDEX IF NOT EXISTS sources_doc ON sources(doc_id);
CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(
    {", ".join(FTS_COLUMNS)},
    content='', tokenize='unicode61 remove_diacritics 2'
);
-- an FTS table of layout 4 that nothing reads any more: its space is given back
DROP TABLE IF EXISTS documents_exact;
CREATE TABLE IF NOT EXISTS citations (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    number TEXT NOT NULL, number_key TEXT NOT NULL,
    doc_type TEXT, date TEXT, issuer TEXT,
    text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    PRIMARY KEY (doc_id, ordinal)
);
CREATE INDEX IF NOT EXISTS citations_number ON citations(number_key);
CREATE TABLE IF NOT EXISTS tasks (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id),
    ordinal INTEGER NOT NULL,
    text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    lead TEXT NOT NULL, support TEXT NOT NULL,      -- JSON [[canonical, written], …]
    due TEXT, due_text TEXT,
    recurrence TEXT NOT NULL, recurring INTEGER NOT NULL,
    recur_anchor TEXT,              -- "months:day" of a recurring duty ("1:15", "6:0")
    report_to TEXT,
    status TEXT NOT NULL DEFAULT 'chua_thuc_hien',
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT,
    gone INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS tasks_doc ON tasks(doc_id, ordinal);
CREATE INDEX IF NOT EXISTS tasks_due ON tasks(due);
CREATE INDEX IF NOT EXISTS tasks_status_due ON tasks(status, due);
CREATE INDEX IF NOT EXISTS tasks_anchor ON tasks(recur_anchor) WHERE recur_anchor IS NOT NULL;
-- every body named on a task, by its folded canonical name; due copied for range scans
CREATE TABLE IF NOT EXISTS task_bodies (
    key TEXT NOT NULL, due TEXT, task_id TEXT NOT NULL, role TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS task_bodies_key_due ON task_bodies(key, due);
CREATE INDEX IF NOT EXISTS task_bodies_task ON task_bodies(task_id);
CREATE TABLE IF NOT EXISTS bodies (key TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS task_events (
    seq INTEGER PRIMARY KEY,
    task_id TEXT NOT NULL,
    at TEXT NOT NULL, who TEXT NOT NULL, action TEXT NOT NULL,
    old TEXT, new TEXT, note TEXT
);
CREATE INDEX IF NOT EXISTS task_events_task ON task_events(task_id, seq);
-- 'generation': bumped when a document is removed or re-extracted (index/sqlite_terms.py)
CREATE TABLE IF NOT EXISTS index_state (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""


# Layout 3 -> 4: recurring duties get their anchor, so the reminder scan reads only those
# falling due in its window. Backfilled from each task's text.
MIGRATE_3_TO_4 = "ALTER TABLE tasks ADD COLUMN recur_anchor TEXT;"
