"""Ingest an inbox folder: ingested originals move to the archive, failed ones to
quarantine beside a file giving the reason. Safe to kill at any point and rerun.

A file is taken only when whole: its size and modification time unchanged across the
settle interval (DIRECTIVES_INBOX_SETTLE_SECONDS), and names that copy tools give
unfinished files (.part, .tmp, ~$…) skipped; a file still being copied waits for the
next run.

Each file is stored in one transaction and only then moved, so a run killed mid-batch
leaves every file either stored-and-still-in-the-inbox (the rerun finds it "unchanged"
and archives it) or not stored at all (the rerun ingests it): the store after the rerun
equals a clean run's.
"""

from __future__ import annotations

import os
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

from directives.settings import Settings
from files.originals import OriginalStore
from files.quarantine import Quarantine
from flows.pipeline import IngestReport, Outcome, discover, ingest_file, limits_of, run_ingest
from index.base import Index
from index.factory import open_search
from readers.dispatch import Limits
from store.open import open_store
from store.store import Store


def archive_path(archive: Path, inbox: Path, path: Path, now: datetime) -> Path:
    """archive/2026-12-02/<path under the inbox>, never overwriting another file."""
    target = archive / now.strftime("%Y-%m-%d") / path.relative_to(inbox)
    n = 1
    while target.exists():
        target = target.with_name(f"{target.stem}.{n}{target.suffix}")
        n += 1
    return target


def ingest_inbox(
    inbox: Path,
    archive: Path,
    *,
    store: Store,
    index: Index,
    originals: OriginalStore,
    quarantine: Quarantine,
    limits: Limits,
    progress=None,
    settle_seconds: float = 0.0,
) -> IngestReport:
    inbox.mkdir(parents=True, exist_ok=True)
    files = settled([p for p in discover([inbox]) if not _in_transit(p)], settle_seconds)

    def step(path: Path) -> Outcome:
        outcome = ingest_file(
            path,
            store=store,
            index=index,
            originals=originals,
            limits=limits,
            quarantine=quarantine,
        )
        if outcome.status == "failed":
            if outcome.quarantined:  # kept in quarantine with its reason: leave the inbox
                path.unlink(missing_ok=True)
        else:
            target = archive_path(archive, inbox, path, datetime.now(UTC))
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(path, target)
            _fsync_dir(target.parent)
        return outcome

    return run_ingest(files, step, progress)


# names that copy tools and editors give files still being written
_TRANSIT_SUFFIXES = (".part", ".partial", ".tmp", ".crdownload", ".download", ".filepart")


def _in_transit(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(_TRANSIT_SUFFIXES) or name.startswith("~$")


def settled(files: list[Path], seconds: float) -> list[Path]:
    """The files whose size and modification time stay the same for ``seconds``: a file
    still being copied in is left for the next run, never read half-written."""
    if seconds <= 0 or not files:
        return files

    def signature(path: Path) -> tuple[int, int] | None:
        try:
            stat = path.stat()
        except OSError:
            return None
        return stat.st_size, stat.st_mtime_ns

    before = {p: signature(p) for p in files}
    time.sleep(seconds)
    return [p for p in files if before[p] is not None and signature(p) == before[p]]


def run_inbox(settings: Settings, progress=None) -> IngestReport:
    """``ingest_inbox`` over the configured inbox, store, index and data folders."""
    store = open_store(settings)
    try:
        index = open_search(settings)
        try:
            return ingest_inbox(
                settings.inbox,
                settings.archive_dir,
                store=store,
                index=index,
                originals=OriginalStore(settings.originals_dir),
                quarantine=Quarantine(settings.quarantine_dir),
                limits=limits_of(settings),
                progress=progress,
                settle_seconds=settings.inbox_settle_seconds,
            )
        finally:
            index.close()
    finally:
        store.close()


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
