"""The inbox: ingested files are archived, failed ones quarantined with their reason,
and a run killed with SIGKILL mid-batch, then rerun, leaves the store and the index a
clean run leaves."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from directives.settings import Settings
from index.sqlite import SqliteIndex
from store.store import Store
from store.tracking import TaskQuery
from tests.conftest import ROOT, SAMPLES

FILES = [
    "cv-226-CV-DU-VuDuong-2026.txt",
    "cv-2449-CV-DU-LaoCai-2026.txt",
    "cv-9387-UBND-KT-LaoCai-2026.txt",
    "ct-07-CT-TTg-2012-khu-kinh-te-kcn-ccn.docx",
    "kh-2242-KH-SCT-LaoCai-2026.docx",
    "nq-60-NQ-TW-2025-hoi-nghi-tw11.txt",
    "qd-383-QD-TW-2025-phong-luu-tru-dang.txt",
    "cv-706-UBND-VP7-NinhBinh-2024.pdf",
    "nd-55-2023-ND-CP-signed.pdf",
]


def _inbox(root: Path) -> Path:
    inbox = root / "inbox"
    inbox.mkdir(parents=True)
    for name in FILES:
        shutil.copy(SAMPLES / name, inbox / name)
    (inbox / "hong.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<")  # cut short: fails
    return inbox


def _run(data: Path, inbox: Path, **popen) -> subprocess.Popen:
    env = {**os.environ, "DIRECTIVES_DATA_DIR": str(data), "DIRECTIVES_INBOX_DIR": str(inbox)}
    migrated = subprocess.run(
        [sys.executable, "-m", "cli", "migrate"], cwd=ROOT, env=env, capture_output=True
    )
    assert migrated.returncode == 0, migrated.stderr
    return subprocess.Popen(
        [sys.executable, "-m", "cli", "inbox", "--json"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **popen,
    )


def _snapshot(data: Path):
    """The store's documents and tasks, and what the search index holds of them."""
    store = Store(Settings(data_dir=data).store_url)
    index = SqliteIndex(data / "index.sqlite3")
    try:
        docs = sorted((i, store.get(i).number, store.get(i).text) for i in store.current_ids())
        indexed = sorted((i, index.get(i).number, index.get(i).text) for i in index.ids())
        tasks = sorted(
            (t.id, t.doc_id, t.text, t.due, t.status)
            for t in store.tasks(TaskQuery(include_gone=True, limit=100_000)).tasks
        )
        return docs, indexed, tasks
    finally:
        index.close()
        store.close()


@pytest.mark.slow
def test_inbox_sigkill_mid_batch_then_rerun_equals_a_clean_run(tmp_path):
    clean_inbox = _inbox(tmp_path / "clean")
    clean = _run(tmp_path / "clean" / "data", clean_inbox)
    assert clean.wait(timeout=300) == 1, clean.stderr.read()  # 1: hong.pdf failed

    inbox = _inbox(tmp_path / "killed")
    data = tmp_path / "killed" / "data"
    archive = data / "archive"
    victim = _run(data, inbox)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if archive.exists() and any(p.is_file() for p in archive.rglob("*")):
            break
        time.sleep(0.02)
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=30)
    left = [p.name for p in inbox.iterdir()]
    assert 0 < len(left) < len(FILES) + 1, "the kill did not land mid-batch"

    rerun = _run(data, inbox)
    assert rerun.wait(timeout=300) == 1, rerun.stderr.read()
    assert _snapshot(data) == _snapshot(tmp_path / "clean" / "data")
    assert list(inbox.iterdir()) == []
    archived = sorted(p.name for p in archive.rglob("*") if p.is_file())
    assert archived == sorted(FILES)
    reasons = list((data / "quarantine").glob("*.reason.json"))
    assert len(reasons) == 1 and "hong.pdf" in reasons[0].read_text(encoding="utf-8")
