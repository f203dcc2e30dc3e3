"""Human edits survive re-ingesting a changed file and `directives reindex` (real files)."""

from __future__ import annotations

import shutil

from directives.cli import main
from directives.settings import Settings
from index.sqlite import SqliteIndex
from store.tracking import TaskQuery
from tests.conftest import SAMPLES, ingest_into

LAO_CAI = SAMPLES / "cv-2449-CV-DU-LaoCai-2026.txt"


def _tasks(data_dir, **kwargs):
    index = SqliteIndex(Settings(data_dir=data_dir).index_path)
    try:
        return index.tasks(TaskQuery(**kwargs)).tasks
    finally:
        index.close()


def _mark_first_done(data_dir):
    index = SqliteIndex(Settings(data_dir=data_dir).index_path)
    try:
        first = index.tasks(TaskQuery()).tasks[0]
        index.update_task(first.id, who="van.thu", status="hoan_thanh", note="Đã báo cáo")
        return first
    finally:
        index.close()


def test_changed_file_keeps_task_status(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    target = inbox / LAO_CAI.name
    shutil.copy(LAO_CAI, target)
    data = tmp_path / "data"
    assert ingest_into(data, target).ingested
    first = _mark_first_done(data)
    before = {t.id for t in _tasks(data)}
    # the office receives a corrected copy: one more sentence at the end of the text
    target.write_text(
        target.read_text(encoding="utf-8") + "\nVăn phòng Đảng ủy theo dõi, tổng hợp.\n",
        encoding="utf-8",
    )
    report = ingest_into(data, target)
    assert len(report.ingested) == 1
    after = {t.id: t for t in _tasks(data)}
    assert before <= set(after)
    assert after[first.id].status == "hoan_thanh"
    index = SqliteIndex(Settings(data_dir=data).index_path)
    try:
        assert index.count() == 1
        assert [e.action for e in index.task_history(first.id)] == ["status", "note"]
    finally:
        index.close()


def test_reindex_keeps_edits_and_reports_a_bad_original(tmp_path, monkeypatch, capsys):
    data = tmp_path / "data"
    assert not ingest_into(data, LAO_CAI, SAMPLES / "cv-226-CV-DU-VuDuong-2026.txt").failed
    first = _mark_first_done(data)
    count = len(_tasks(data))
    # a third original whose bytes no longer read (disk damage): reported, others go on
    bad = Settings(data_dir=data).originals_dir / "ab" / ("ab" * 32 + ".pdf")
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_bytes(b"%PDF-1.7\n broken")
    monkeypatch.setenv("DIRECTIVES_DATA_DIR", str(data))
    assert main(["reindex", "--json"]) == 1
    out = capsys.readouterr().out
    assert '"refreshed"' in out and "ab" * 32 in out
    tasks = {t.id: t for t in _tasks(data)}
    assert len(tasks) == count
    assert tasks[first.id].status == "hoan_thanh"


def test_reindex_rebuilds_a_moved_aside_index(tmp_path, monkeypatch):
    data = tmp_path / "data"
    assert not ingest_into(data, LAO_CAI).failed
    Settings(data_dir=data).index_path.rename(tmp_path / "old.sqlite3")
    monkeypatch.setenv("DIRECTIVES_DATA_DIR", str(data))
    assert main(["reindex"]) == 0
    index = SqliteIndex(Settings(data_dir=data).index_path)
    try:
        assert index.count() == 1
        assert index.get(next(index.document_ids())[0]).number == "2449-CV/ĐU"
    finally:
        index.close()
    assert len(_tasks(data)) >= 3
