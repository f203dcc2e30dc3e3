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
from index.base import SearchQuery
from index.sqlite import SqliteIndex
from readers.dispatch import Limits
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


def test_inbox_takes_a_file_only_once_it_is_whole(tmp_path):
    """A file still being copied into the inbox (its size changes across the settle
    interval) is left for the next run, never read half-written and quarantined; names
    that copy tools give unfinished files are skipped; once whole it is ingested."""
    import threading

    from flows.inbox import run_inbox
    from tests.conftest import migrate

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    data = tmp_path / "data"
    settings = migrate(Settings(data_dir=data, inbox_dir=inbox, inbox_settle_seconds=0.4))
    source = SAMPLES / "nd-55-2023-ND-CP-signed.pdf"
    payload = source.read_bytes()
    (inbox / "cong-van.pdf.part").write_bytes(payload[:1000])
    started = threading.Event()

    def slow_copy():
        with (inbox / "nd-55.pdf").open("wb") as out:
            for at in range(0, len(payload), len(payload) // 20 + 1):
                out.write(payload[at : at + len(payload) // 20 + 1])
                out.flush()
                started.set()
                time.sleep(0.1)  # 20 pieces: about two seconds for the whole file

    copier = threading.Thread(target=slow_copy)
    copier.start()
    started.wait()
    during = run_inbox(settings)
    assert during.ingested == [] and during.failed == [] and during.unchanged == []
    assert not (data / "quarantine").exists() or not list((data / "quarantine").iterdir())
    copier.join()
    after = run_inbox(settings)
    assert [Path(o.path).name for o in after.ingested] == ["nd-55.pdf"]
    assert (inbox / "cong-van.pdf.part").exists()  # still waiting for its copier
    store = Store(settings.store_url)
    try:
        (doc_id,) = store.current_ids()
        assert store.get(doc_id).number == "55/2023/NĐ-CP"
        assert store.get(doc_id).sha256 == __import__("hashlib").sha256(payload).hexdigest()
    finally:
        store.close()


def test_inbox_refuses_links_and_special_files_without_reading_them(tmp_path):
    """A symbolic link in the inbox to a file outside it (the admin password file, a
    system file) and a named pipe given directly: each fails with a named error and its
    target is never read, stored or searchable; the batch goes on."""
    from directives.errors import NotRegularFileError
    from flows.inbox import run_inbox
    from flows.pipeline import ingest_file
    from tests.conftest import migrate, open_data

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    data = tmp_path / "data"
    settings = migrate(Settings(data_dir=data, inbox_dir=inbox, inbox_settle_seconds=0))
    secret = tmp_path / "admin-password.txt"
    secret.write_text("tài khoản: admin\nmật khẩu: Zq7Kw9Xt\n", encoding="utf-8")
    (inbox / "mat-khau.txt").symlink_to(secret)
    (inbox / "passwd.txt").symlink_to("/etc/passwd")
    shutil.copy(SAMPLES / "cv-226-CV-DU-VuDuong-2026.txt", inbox / "cv.txt")
    report = run_inbox(settings)
    assert [Path(o.path).name for o in report.ingested] == ["cv.txt"]
    refused = {Path(o.path).name: o for o in report.failed}
    assert set(refused) == {"mat-khau.txt", "passwd.txt"}
    assert all(o.error_type == "NotRegularFileError" for o in refused.values())
    assert all((data / "quarantine" / name).read_bytes() == b"" for name in refused)
    assert secret.exists() and "Zq7Kw9Xt" in secret.read_text(encoding="utf-8")
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    store, index = open_data(data)
    try:
        started = time.monotonic()
        outcome = ingest_file(
            pipe,
            store=store,
            index=index,
            originals=None,
            limits=Limits(),  # type: ignore[arg-type]
        )
        assert time.monotonic() - started < 5  # never opened, so never waiting on it
        assert outcome.error_type == NotRegularFileError.__name__
        assert index.search(SearchQuery("Zq7Kw9Xt")).total == 0
        assert store.count() == 1
    finally:
        index.close()
        store.close()
