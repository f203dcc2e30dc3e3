"""Rebuild the search index from the store; optionally read the originals again first.

``rebuild``: every current document of the store is written to the index, and what the
index holds beyond them (a replaced version, a document from another store) is removed.
It needs neither the originals nor the old index: the index file may be deleted, the
backend switched (SQLite, Elasticsearch) or its layout upgraded; nothing people decided
is in it.

``reread``: every current document's primary rendition is read and extracted again with
the current extractors and the store refreshed: each task keeps its identity, status,
notes and history, and every correction a person made stands (store/task_writes.py).
One failing original is reported and its stored reading left as it was.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from directives.errors import DocumentError
from files.originals import OriginalStore
from flows.pipeline import read_and_extract
from index.base import Index
from readers.dispatch import Limits
from store.models import build_document
from store.store import Store

log = logging.getLogger("directives.reindex")

Progress = Callable[[int, int, str, str], None]


@dataclass
class ReindexReport:
    indexed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    reread: list[str] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "indexed": self.indexed,
            "removed": self.removed,
            "reread": self.reread,
            "failed": self.failed,
        }


def rebuild(
    store: Store,
    index: Index,
    progress: Progress | None = None,
    report: ReindexReport | None = None,
) -> ReindexReport:
    report = report or ReindexReport()
    current = store.current_ids()
    for number, doc_id in enumerate(current, start=1):
        document = store.get(doc_id)
        if document is None:  # removed meanwhile
            continue
        index.put(document)
        report.indexed.append(doc_id)
        if progress:
            progress(number, len(current), "indexed", document.filename)
    for doc_id in sorted(index.ids() - set(current)):
        index.delete(doc_id)
        report.removed.append(doc_id)
    return report


def sync(store: Store, index: Index) -> int:
    """Project what the index misses and drop what it should not hold; how many changed.
    Cheap when they agree (ids only): the server runs it at start."""
    current = set(store.current_ids())
    held = index.ids()
    for doc_id in sorted(current - held):
        document = store.get(doc_id)
        if document is not None:
            index.put(document)
    for doc_id in sorted(held - current):
        index.delete(doc_id)
    return len(current ^ held)


def reread(
    store: Store,
    index: Index,
    originals: OriginalStore,
    limits: Limits,
    progress: Progress | None = None,
) -> ReindexReport:
    report = ReindexReport()
    primaries = store.primaries()
    for number, (doc_id, sha256, filename) in enumerate(primaries, start=1):
        path = originals.find(sha256)
        try:
            if path is None:
                raise FileNotFoundError(f"the original {sha256[:16]} is not in {originals.root}")
            read, extraction = read_and_extract(path.read_bytes(), Path(filename), limits)
            document = build_document(
                sha256=sha256,
                filename=filename,
                text=read.text,
                extraction=extraction,
                pages=[{"number": p.number, "start": p.start, "end": p.end} for p in read.pages],
                reading=read.reading.as_dict(),
                now=datetime.now(UTC),
            )
            store.refresh(replace(document, id=doc_id))
            report.reread.append(doc_id)
            status = "reread"
        except DocumentError as e:
            report.failed.append({"id": doc_id, "path": str(path), "error": e.reason})
            status = "failed"
        except Exception as e:  # one bad original never stops the rebuild
            log.error("unexpected error on %s\n%s", path, traceback.format_exc())
            report.failed.append(
                {
                    "id": doc_id,
                    "path": str(path),
                    "error": f"internal error: {type(e).__name__}: {e}",
                }
            )
            status = "failed"
        if progress:
            progress(number, len(primaries), status, filename)
    return rebuild(store, index, None, report)
