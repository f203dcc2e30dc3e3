"""Ingest one file: hash, read, extract, keep the original, record it in the store, then
project it into the search index. No Prefect here.

The Prefect flow (flows/ingest.py) and the plain CLI path both call these functions, so
the two cannot drift apart.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from directives.errors import (
    DirectivesError,
    DocumentError,
    NotRegularFileError,
    TooLargeError,
)
from directives.settings import Settings
from extractors.pipeline import extract
from extractors.records import Extraction, Header
from extractors.review import HandReading, flag_reading
from files.originals import OriginalStore
from files.quarantine import Quarantine
from index.base import Index
from readers import read_bytes
from readers.dispatch import SUPPORTED_SUFFIXES, Limits
from readers.document import ReadDocument
from store.documents import Put
from store.models import build_document
from store.store import Store

log = logging.getLogger("directives.ingest")


@dataclass(frozen=True, slots=True)
class Outcome:
    path: str
    status: str  # "ingested", "unchanged", "failed"
    id: str | None = None
    error: str | None = None
    reading: dict[str, object] | None = None
    error_type: str | None = None  # the named error: "CorruptFileError"
    quarantined: str | None = None  # where the failed original was kept
    rendition_of: str | None = None  # another file of a document already stored


@dataclass
class IngestReport:
    ingested: list[Outcome] = field(default_factory=list)
    unchanged: list[Outcome] = field(default_factory=list)
    failed: list[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        getattr(self, outcome.status).append(outcome)

    def as_json(self) -> dict[str, list[dict[str, object]]]:
        return {
            "ingested": [
                {"path": o.path, "id": o.id, "reading": o.reading, "rendition_of": o.rendition_of}
                for o in self.ingested
            ],
            "unchanged": [{"path": o.path, "id": o.id} for o in self.unchanged],
            "failed": [
                {
                    "path": o.path,
                    "error": o.error,
                    "error_type": o.error_type,
                    "quarantined": o.quarantined,
                }
                for o in self.failed
            ],
        }


def limits_of(settings: Settings) -> Limits:
    """The reading limits the settings give."""
    return Limits(
        settings.max_file_bytes,
        settings.max_pages,
        max_unpacked_bytes=settings.max_unpacked_bytes,
    )


def discover(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named directly, and supported files under folders (sorted, hidden skipped)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if child.is_file() and not hidden and child.suffix.lower() in SUPPORTED_SUFFIXES:
                    yield child
        else:
            yield path


def read_and_extract(data: bytes, path: Path, limits: Limits) -> tuple[ReadDocument, Extraction]:
    """Read (OCR and decoding included) and extract: the one path of ingest and eval.

    A document in another language is read and indexed for search, but the Vietnamese
    rules are not run on it: it gets an empty extraction.
    """
    document = read_bytes(data, path, limits)
    return document, extract_reading(document)


def extract_reading(document: ReadDocument, *, models: bool = True) -> Extraction:
    """The extraction of a reading; empty for a document in another language.
    ``models=False``: the rules alone (eval --rules-only)."""
    reading = document.reading
    if reading.language != "vi":
        return Extraction(header=Header())
    first_page_ocr = reading.ocr_confidence[0] if 1 in reading.ocr_pages else None
    hands = [HandReading(h.kind, h.digits, h.confidence) for h in reading.handwritten]
    return flag_reading(extract(document.text, models=models), hands, first_page_ocr)


def ingest_file(
    path: Path,
    *,
    store: Store,
    index: Index,
    originals: OriginalStore,
    limits: Limits,
    quarantine: Quarantine | None = None,
) -> Outcome:
    """Ingest one file; a failure becomes a failed outcome naming the reason, and the
    original is kept in ``quarantine`` with it. Nothing of a failed file is stored.

    The store is written in one transaction; the search index follows. Should the index
    fail after the store committed, the document is in the store and the index catches
    up at `directives reindex` (or the server's start)."""
    source = str(path.resolve())
    try:
        kind = os.lstat(path).st_mode
        if stat.S_ISLNK(kind):
            raise NotRegularFileError(
                path, "a symbolic link: only regular files inside the folder are read"
            )
        if not stat.S_ISREG(kind):
            raise NotRegularFileError(path, "not a regular file (a pipe, a device or a folder)")
    except NotRegularFileError as e:  # kept in quarantine as its reason only: never opened
        return _failed(path, e, e.reason, quarantine, b"")
    except OSError as e:
        return Outcome(
            str(path), "failed", error=f"cannot open: {e.strerror or e}", error_type="OSError"
        )
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise TooLargeError(path, f"{size} bytes, more than the limit of {limits.max_bytes}")
        data = path.read_bytes()
    except DocumentError as e:
        return _failed(path, e, e.reason, quarantine)
    except OSError as e:  # nothing to keep
        return Outcome(
            str(path), "failed", error=f"cannot open: {e.strerror or e}", error_type="OSError"
        )
    sha256 = hashlib.sha256(data).hexdigest()
    holder = store.holder(sha256)
    if holder is not None:
        if store.source_state(source, sha256) != "unchanged":
            project(store, index, store.link(source, sha256))
        elif not index.has(holder):  # a run killed between the store and the index
            project(store, index, Put(holder))
        return Outcome(str(path), "unchanged", id=holder)
    try:
        document, extraction = read_and_extract(data, path, limits)
    except DocumentError as e:
        return _failed(path, e, e.reason, quarantine, data)
    except Exception as e:  # a bug met on one file: logged, and the file kept to reproduce it
        log.error("unexpected error on %s\n%s", path, traceback.format_exc())
        return _failed(path, e, f"internal error: {type(e).__name__}: {e}", quarantine, data)
    record = build_document(
        sha256=sha256,
        filename=path.name,
        text=document.text,
        extraction=extraction,
        pages=[{"number": p.number, "start": p.start, "end": p.end} for p in document.pages],
        reading=document.reading.as_dict(),
        now=datetime.now(UTC),
    )
    originals.put(sha256, path.suffix, data)
    put = store.put(record, source)
    project(store, index, put)
    return Outcome(
        str(path),
        "ingested",
        id=put.doc_id,
        reading=document.reading.as_dict(),
        rendition_of=put.rendition_of,
    )


def project(store: Store, index: Index, put: Put) -> None:
    """Bring the search index in line with what a store write did."""
    try:
        for old in put.withdrawn:
            index.delete(old)
        document = store.get(put.doc_id)
        if document is not None:
            index.put(document)
    except DirectivesError as e:
        log.error(
            "the search index was not updated for %s: %s (run `directives reindex`)", put.doc_id, e
        )


def _failed(
    path: Path,
    error: Exception,
    reason: str,
    quarantine: Quarantine | None,
    data: bytes | None = None,
) -> Outcome:
    kept = None
    if quarantine is not None:
        try:
            kept = quarantine.put(
                path,
                error=type(error).__name__,
                code=getattr(error, "code", "internal_error"),
                reason=reason,
                now=datetime.now(UTC),
                data=data,
            )
        except OSError as e:  # the report still says why the file failed
            log.error("could not quarantine %s: %s", path, e)
    return Outcome(
        str(path),
        "failed",
        error=reason,
        error_type=type(error).__name__,
        quarantined=str(kept) if kept else None,
    )


def run_ingest(
    files: list[Path],
    step: Callable[[Path], Outcome],
    progress: Callable[[int, int, Outcome], None] | None = None,
) -> IngestReport:
    """Apply ``step`` to every file; one failure never stops the batch."""
    report = IngestReport()
    for number, path in enumerate(files, start=1):
        try:
            outcome = step(path)
        except Exception as e:  # an unexpected bug in one file must not sink the others
            log.error("unexpected error on %s\n%s", path, traceback.format_exc())
            outcome = Outcome(str(path), "failed", error=f"internal error: {type(e).__name__}: {e}")
        report.add(outcome)
        if progress:
            progress(number, len(files), outcome)
    return report
