"""Bring what an older version kept in its search index into the store.

Before the store existed (index layouts 3 to 5), task status, notes and history, and the
file paths, lived in ``index.sqlite3``. `directives migrate` reads such a file once —
documents with their text, citations, paths, tasks with their status, and every history
event — and writes them to an empty store in one transaction; the old file is then set
aside and the index rebuilt from the store. Nothing people decided is left behind.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from directives.errors import StoreError
from store import documents as documents_rows
from store.accounts import TOKEN_DAYS
from store.models import HEADER_FIELDS, CitedNumber, IndexedDocument, NamedBody, TaskDraft
from store.schema import documents, renditions, sources, task_events, tasks
from store.store import Store
from store.task_writes import write_bodies
from store.tracking import anchor_key, now


@dataclass(frozen=True, slots=True)
class Imported:
    documents: int
    tasks: int
    events: int
    paths: int


def layout_of(path: Path) -> int | None:
    """The layout of an index file that holds tasks (an older version's), else None."""
    if not path.exists():
        return None
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        has_tasks = db.execute("SELECT 1 FROM sqlite_master WHERE name='tasks'").fetchone()
    finally:
        db.close()
    return int(version) if has_tasks and version < 6 else None


def import_index(path: Path, store: Store) -> Imported:
    """Copy an older index's documents, paths, tasks and history into an empty store."""
    old = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    old.row_factory = sqlite3.Row
    try:
        rows = old.execute(
            "SELECT d.*, t.meta AS meta_json, t.text AS body FROM documents d "
            "JOIN document_texts t ON t.rowid = d.rowid ORDER BY d.rowid"
        ).fetchall()
        cited = _grouped(old, 'SELECT doc_id, number, text, start, "end", doc_type, date, '
                         "issuer FROM citations ORDER BY doc_id, ordinal")  # fmt: skip
        task_rows = _grouped(old, "SELECT * FROM tasks ORDER BY doc_id, ordinal")
        paths = old.execute("SELECT path, doc_id, seen_at FROM sources").fetchall()
        events = old.execute(
            "SELECT task_id, at, who, action, old, new, note FROM task_events ORDER BY seq"
        ).fetchall()
    finally:
        old.close()
    sha_of = {r["id"]: r["sha256"] for r in rows}
    with store.writing() as db:
        if db.execute(sa.select(sa.func.count()).select_from(documents)).scalar_one():
            raise StoreError(
                f"the store already holds documents: {path} is not imported again "
                "(it was imported before, or the store was filled otherwise)"
            )
        for row in rows:
            document = _document(row, cited.get(row["id"], []), task_rows.get(row["id"], []))
            values = documents_rows._row(document, row["lineage"], store.rule.follows(document))
            values["ingested_at"] = row["ingested_at"]
            db.execute(sa.insert(documents).values(**values))
            db.execute(
                sa.insert(renditions).values(
                    sha256=row["sha256"],
                    doc_id=row["id"],
                    filename=row["filename"],
                    reading=json.dumps(document.meta.get("reading") or {}, ensure_ascii=False),
                    added_at=row["ingested_at"],
                )
            )
        for path_row in paths:
            if path_row["doc_id"] in sha_of:
                db.execute(
                    sa.insert(sources).values(
                        path=path_row["path"],
                        sha256=sha_of[path_row["doc_id"]],
                        seen_at=path_row["seen_at"] or now(),
                    )
                )
        count = 0
        for doc_tasks in task_rows.values():
            for t in doc_tasks:
                if t["doc_id"] not in sha_of:
                    continue
                recurrence = tuple(json.loads(t["recurrence"]))
                db.execute(
                    sa.insert(tasks).values(
                        id=t["id"], doc_id=t["doc_id"], ordinal=t["ordinal"], text=t["text"],
                        start=t["start"], end=t["end"], lead=t["lead"], support=t["support"],
                        due=t["due"], due_text=t["due_text"], recurrence=t["recurrence"],
                        recurring=bool(recurrence), recur_anchor=anchor_key(t["text"], recurrence),
                        report_to=t["report_to"], status=t["status"], version=t["version"],
                        updated_at=t["updated_at"], gone=bool(t["gone"]), machine="{}",
                        corrected="{}",
                    )
                )  # fmt: skip
                write_bodies(
                    db,
                    t["id"],
                    {"lead": json.loads(t["lead"]), "support": json.loads(t["support"]),
                     "due": [t["due"], t["due_text"]]},
                )  # fmt: skip
                count += 1
        if events:
            db.execute(sa.insert(task_events), [dict(e) for e in events])
    return Imported(len(rows), count, len(events), len(paths))


def _grouped(db: sqlite3.Connection, sql: str) -> dict[str, list[sqlite3.Row]]:
    out: dict[str, list[sqlite3.Row]] = {}
    for row in db.execute(sql):
        out.setdefault(row["doc_id"], []).append(row)
    return out


def _document(row: sqlite3.Row, cited: list[sqlite3.Row], task_rows: list[Any]) -> IndexedDocument:
    live = [t for t in task_rows if not t["gone"]]
    return IndexedDocument(
        id=row["id"],
        sha256=row["sha256"],
        filename=row["filename"],
        text=row["body"],
        **{f: row[f] for f in HEADER_FIELDS},
        ingested_at=row["ingested_at"],
        meta=json.loads(row["meta_json"]),
        citations=tuple(
            CitedNumber(
                c["number"], c["text"], c["start"], c["end"], c["doc_type"], c["date"], c["issuer"]
            )
            for c in cited
        ),  # fmt: skip
        tasks=tuple(
            TaskDraft(
                text=t["text"],
                start=t["start"],
                end=t["end"],
                lead=tuple(NamedBody(n, w) for n, w in json.loads(t["lead"])),
                support=tuple(NamedBody(n, w) for n, w in json.loads(t["support"])),
                due=t["due"],
            )
            for t in live
        ),
    )


def import_tables(path: Path, store: Store, names: tuple[str, ...]) -> dict[str, int] | None:
    """Copy the rows of an older version's own SQLite file (``accounts.sqlite3``,
    ``reminders.sqlite3``) into the store's tables of the same names, in one transaction,
    each only while the store's table is empty; the file is then renamed ``….imported``.
    None when there is no such file. Row counts by table."""
    if not path.exists():
        return None
    old = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    old.row_factory = sqlite3.Row
    counts: dict[str, int] = {}
    try:
        with store.writing() as db:
            for name in names:
                table = metadata_tables()[name]
                if db.execute(sa.select(sa.func.count()).select_from(table)).scalar_one():
                    counts[name] = 0
                    continue
                exists = old.execute(
                    "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)
                ).fetchone()
                if not exists:
                    continue
                columns = [c for c in table.c if not (c.primary_key and c.autoincrement is True)]
                order = "seq" if "seq" in table.c else "rowid"
                rows = [
                    {c.name: _typed(c, row[c.name]) for c in columns if c.name in row.keys()}  # noqa: SIM118
                    for row in old.execute(f"SELECT * FROM {name} ORDER BY {order}")
                ]
                if name == "tokens":  # issued before tokens had an id and an end
                    for row in rows:
                        row["id"] = row["digest"][:16]
                        ends = datetime.fromisoformat(row["created_at"]) + timedelta(
                            days=TOKEN_DAYS
                        )
                        row["expires_at"] = ends.isoformat(timespec="seconds")
                if rows:
                    db.execute(sa.insert(table), rows)
                counts[name] = len(rows)
    finally:
        old.close()
    path.rename(path.with_name(f"{path.name}.imported"))
    return counts


def metadata_tables() -> dict[str, sa.Table]:
    from store.schema import metadata

    return dict(metadata.tables)


def _typed(column: sa.Column, value: Any) -> Any:
    """SQLite's 0/1 as a boolean where the store's column is one (PostgreSQL insists)."""
    if value is not None and isinstance(column.type, sa.Boolean):
        return bool(value)
    return value
