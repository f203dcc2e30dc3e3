"""Rebuild the index from the stored originals with the current extractors.

Every original kept in the data directory is read and extracted again. A document the
index holds is refreshed in place, so each task keeps its identity, status, notes and
history (tasks the new extraction no longer finds are kept, flagged gone); one it does
not hold (a moved-aside index) is added back. One failing original is reported and its
indexed version left as it was; the others go on.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from directives.errors import DocumentError
from flows.pipeline import read_and_extract
from index.base import Index
from index.originals import OriginalStore
from readers.dispatch import Limits
from store.models import build_document

log = logging.getLogger("directives.reindex")


@dataclass
class ReindexReport:
    refreshed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {"refreshed": self.refreshed, "added": self.added, "failed": self.failed}


def reindex_all(
    index: Index,
    store: OriginalStore,
    limits: Limits,
    progress: Callable[[int, int, str, str], None] | None = None,
) -> ReindexReport:
    report = ReindexReport()
    names = {doc_id: filename for doc_id, _, filename in index.document_ids()}
    originals = store.walk()
    for number, (sha256, path) in enumerate(originals, start=1):
        doc_id = sha256[:16]
        filename = names.get(doc_id, path.name)
        try:
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
            if index.has(doc_id):
                index.refresh(document)
                report.refreshed.append(doc_id)
                status = "refreshed"
            else:
                index.put(document, str(path))
                report.added.append(doc_id)
                status = "added"
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
            progress(number, len(originals), status, filename)
    return report
