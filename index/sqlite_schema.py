"""The embedded index's tables: documents with FTS5 and their citations. A projection of
the store (store/): deleted and rebuilt at will by `directives reindex`."""

from __future__ import annotations

SCHEMA_VERSION = 6  # 6: tasks, their history and file paths live in the store

# FTS columns in order, and their bm25 weights: a hit in the number counts most.
FTS_COLUMNS = ("number", "numkey", "doc_type", "issuer", "subject", "text")
FTS_WEIGHTS = "10.0, 50.0, 2.0, 4.0, 6.0, 1.0"

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS documents (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
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
CREATE INDEX IF NOT EXISTS documents_date ON documents(date_lo);
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
-- 'generation': bumped when a document is removed or re-extracted (index/sqlite_terms.py)
CREATE TABLE IF NOT EXISTS index_state (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""
