"""What people decide survives everything that rebuilds the search index.

Through the REST API on the real sample corpus, an editor changes a task's status, adds a
note, corrects its lead and due date, corrects a header field, adds a task the extractor
missed and hides a false one. Then `directives reindex`, the index file deleted and
rebuilt, a switch to Elasticsearch (the osmem-server stand-in, tests/elastic_standin.py)
and back: after each, every edit and its history is there.
"""

from __future__ import annotations

import functools
import shutil

import pytest
from elasticsearch import Elasticsearch
from fastapi.testclient import TestClient

from api.app import create_app
from cli.main import main
from directives.settings import Settings
from index import elastic as index_elastic
from tests.conftest import SAMPLES, ingest_into
from tests.elastic_standin import StandinNode
from tests.test_api import token_for

LAO_CAI = SAMPLES / "cv-2449-CV-DU-LaoCai-2026.txt"
VU_DUONG = SAMPLES / "cv-226-CV-DU-VuDuong-2026.txt"


def _client(settings: Settings, token: str) -> TestClient:
    return TestClient(create_app(settings), headers={"Authorization": f"Bearer {token}"})


def _state(settings: Settings, token: str, doc_id: str) -> dict:
    """What an editor sees of the document, its tasks and their histories, and search."""
    with _client(settings, token) as client:
        document = client.get(f"/documents/{doc_id}").json()
        tasks = client.get(f"/documents/{doc_id}/tasks", params={"include_hidden": True}).json()
        histories = {t["id"]: client.get(f"/tasks/{t['id']}/history").json() for t in tasks}
        found = [h["id"] for h in client.get("/search", params={"q": "2450-CV/ĐU"}).json()["hits"]]
        board = client.get("/tasks", params={"body": "Sở Tài chính", "tracked": True}).json()
    return {
        "number": document["number"],
        "corrections": sorted(c["field"] for c in document["corrections"]),
        "tasks": sorted(
            (
                t["id"],
                t["status"],
                tuple(b["name"] for b in t["lead"]),
                t["due"],
                t["origin"],
                t["not_a_task"],
            )
            for t in tasks
        ),  # fmt: skip
        "histories": histories,
        "found_by_corrected_number": found,
        "board": sorted(t["id"] for t in board["tasks"]),
    }


@pytest.mark.slow
def test_edits_survive_reindex_a_deleted_index_and_a_backend_switch(
    tmp_path, monkeypatch, elastic_standin_url
):
    data = tmp_path / "data"
    assert not ingest_into(data, LAO_CAI, VU_DUONG).failed
    settings = Settings(data_dir=data)
    token = token_for(data, "bientap", "editor")
    with _client(settings, token) as client:
        doc_id = client.get("/search", params={"q": "2449-CV/ĐU"}).json()["hits"][0]["id"]
        tasks = client.get(f"/documents/{doc_id}/tasks").json()
        first, last = tasks[0], tasks[-1]
        etag = client.get(f"/tasks/{first['id']}").headers["ETag"]
        changed = client.patch(
            f"/tasks/{first['id']}",
            json={"status": "dang_thuc_hien", "note": "Đã giao phòng Kinh tế",
                  "lead": ["Sở Tài chính"], "due": "2027-01-15"},
            headers={"If-Match": etag},
        )  # fmt: skip
        assert changed.status_code == 200, changed.text
        body = changed.json()
        assert [b["name"] for b in body["lead"]] == ["Sở Tài chính"]
        assert body["due"] == "2027-01-15" and body["status"] == "dang_thuc_hien"
        assert {c["field"] for c in body["corrected"]} == {"lead", "due"}
        stale = client.patch(
            f"/tasks/{first['id']}", json={"due": None}, headers={"If-Match": etag}
        )
        assert stale.status_code == 412
        bad = client.patch(
            f"/tasks/{first['id']}",
            json={"text_start": 10, "text_end": 10**7},
            headers={"If-Match": body["version"]},
        )
        assert bad.status_code == 422
        header = client.patch(f"/documents/{doc_id}", json={"number": "2450-CV/ĐU"})
        assert header.status_code == 200 and header.json()["number"] == "2450-CV/ĐU"
        text = client.get(f"/documents/{doc_id}").json()["text"]
        start = text.index("Đảng ủy Ủy\n")
        added = client.post(
            f"/documents/{doc_id}/tasks",
            json={"text_start": start, "text_end": text.index("như sau:") + 8,
                  "lead": ["Ủy ban nhân dân tỉnh"], "due": "2026-12-31"},
        )  # fmt: skip
        assert added.status_code == 201 and added.json()["origin"] == "added"
        hidden = client.delete(f"/tasks/{last['id']}")
        assert hidden.status_code == 200 and hidden.json()["not_a_task"]
        assert last["id"] not in [t["id"] for t in client.get(f"/documents/{doc_id}/tasks").json()]
    before = _state(settings, token, doc_id)
    assert before["number"] == "2450-CV/ĐU" and before["corrections"] == ["number"]
    assert before["found_by_corrected_number"] == [doc_id]
    assert first["id"] in before["board"]
    assert [e["action"] for e in before["histories"][first["id"]]] == [
        "status", "note", "corrected", "corrected",
    ]  # fmt: skip

    monkeypatch.setenv("DIRECTIVES_DATA_DIR", str(data))
    assert main(["reindex"]) == 0
    assert _state(settings, token, doc_id) == before

    settings.index_path.unlink()
    assert main(["reindex"]) == 0
    assert _state(settings, token, doc_id) == before

    # the stand-in answers plain JSON only: the client's node speaks it (TEST ONLY)
    monkeypatch.setattr(
        index_elastic, "Elasticsearch", functools.partial(Elasticsearch, node_class=StandinNode)
    )
    monkeypatch.setenv("DIRECTIVES_ELASTICSEARCH_URL", elastic_standin_url)
    elastic = Settings(data_dir=data, elasticsearch_url=elastic_standin_url)
    assert main(["reindex"]) == 0
    assert _state(elastic, token, doc_id) == before

    monkeypatch.delenv("DIRECTIVES_ELASTICSEARCH_URL")
    shutil.move(settings.index_path, tmp_path / "aside.sqlite3")
    assert main(["reindex", "--reread"]) == 0  # and reading every original again
    assert _state(settings, token, doc_id) == before


def test_api_upload_answer_obeys_clearance(tmp_path):
    """An editor without clearance who uploads a copy of a classified document learns
    that it was taken in, not its metadata or tasks."""
    data = tmp_path / "data"
    settings = Settings(data_dir=data)
    secret = tmp_path / "mat.txt"
    secret.write_text(
        "ỦY BAN NHÂN DÂN TỈNH LÀO CAI\nMẬT\nSố: 12/UBND-NC\n"
        "Lào Cai, ngày 01 tháng 12 năm 2026\n\nV/v bảo vệ mục tiêu trọng điểm\n\n"
        "Giao Công an tỉnh chủ trì rà soát phương án bảo vệ trước ngày 30/12/2026.\n",
        encoding="utf-8",
    )
    token = token_for(data, "bientap0", "editor", clearance=0)
    with _client(settings, token) as client:
        with secret.open("rb") as f:
            answer = client.post("/documents", files={"file": ("mat.txt", f, "text/plain")})
        assert answer.status_code == 200 and answer.json()["status"] == "ingested"
        assert answer.json()["document"] is None and answer.json()["tasks"] == []
        assert client.get(f"/documents/{answer.json()['id']}").status_code == 404
