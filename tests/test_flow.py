import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from directives.settings import Settings
from tests.conftest import ROOT, SAMPLES, migrate

CLI = [sys.executable, "-m", "cli"]


def _cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    """The real command; the data folder's store is created first, as `make run` does."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API", "DIRECTIVES_"))}
    env["DIRECTIVES_DATA_DIR"] = str(data_dir)
    if args[0] != "migrate" and not (data_dir / "store.sqlite3").exists():
        migrated = subprocess.run(
            [*CLI, "migrate"], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300
        )
        assert migrated.returncode == 0 and "0001" in migrated.stdout, migrated.stderr
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300
    )


def test_flow_cli_ingest_twice_second_all_unchanged(tmp_path, samples_copy):
    first = _cli("ingest", str(samples_copy), "--json", data_dir=tmp_path / "data")
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    files = sorted(p for p in samples_copy.iterdir())
    assert (
        len(report["ingested"]) == len(files) and not report["failed"] and not report["unchanged"]
    )
    assert all(set(item) >= {"path", "id"} for item in report["ingested"])
    assert "[1/" in first.stderr  # progress while it runs

    second = _cli("ingest", str(samples_copy), "--json", data_dir=tmp_path / "data")
    again = json.loads(second.stdout)
    assert not again["ingested"] and not again["failed"]
    assert sorted(i["path"] for i in again["unchanged"]) == sorted(
        i["path"] for i in report["ingested"]
    )
    assert {i["id"] for i in again["unchanged"]} == {i["id"] for i in report["ingested"]}


def test_flow_mixed_batch_ingests_every_good_file(tmp_path, samples_copy):
    (samples_copy / "rong.pdf").write_bytes(b"")
    (samples_copy / "hong.pdf").write_bytes(
        (SAMPLES / "cv-706-UBND-VP7-NinhBinh-2024.pdf").read_bytes()[:500]
    )
    (samples_copy / "trang-web.docx").write_bytes(b"<html><body>Not found</body></html>")
    result = _cli("ingest", str(samples_copy), "--json", data_dir=tmp_path / "data")
    assert result.returncode == 1  # some files failed
    report = json.loads(result.stdout)
    failed = {Path(f["path"]).name: f["error"] for f in report["failed"]}
    assert set(failed) == {"rong.pdf", "hong.pdf", "trang-web.docx"}
    assert "empty" in failed["rong.pdf"] and "HTML" in failed["trang-web.docx"]
    assert len(report["ingested"]) == len(list(SAMPLES.iterdir()))
    search = _cli("search", "cong an xa vu duong", "--json", data_dir=tmp_path / "data")
    assert json.loads(search.stdout)["hits"][0]["number"] == "226-CV/ĐU"


def test_flow_cli_human_report_and_missing_path(tmp_path):
    result = _cli(
        "ingest",
        str(SAMPLES / "cv-226-CV-DU-VuDuong-2026.txt"),
        str(tmp_path / "khong-co.pdf"),
        data_dir=tmp_path / "d",
    )
    assert result.returncode == 1
    assert "Đã tiếp nhận 1" in result.stdout and "khong-co.pdf" in result.stdout


@pytest.mark.prefect
def test_flow_prefect_ingest_flow_end_to_end(tmp_path, samples_copy):
    from prefect.testing.utilities import prefect_test_harness

    from flows.ingest import ingest

    (samples_copy / "rong.txt").write_bytes(b"")
    migrate(Settings(data_dir=tmp_path / "data"))
    with prefect_test_harness(server_startup_timeout=60):
        first = ingest([str(samples_copy)], str(tmp_path / "data"))
        second = ingest([str(samples_copy)], str(tmp_path / "data"))
    assert len(first["ingested"]) == len(list(SAMPLES.iterdir()))
    assert [Path(f["path"]).name for f in first["failed"]] == ["rong.txt"]
    assert not second["ingested"] and len(second["unchanged"]) == len(first["ingested"])
