"""What only the Elasticsearch backend has: versioned indices behind aliases, optimistic
concurrency on seq_no, bulk retries on 429, and undoing a bulk write that failed midway.

``elastic-standin`` runs them against osmem-server, a STAND-IN for Elasticsearch
(tests/elastic_standin.py): it checks our requests and our handling of the answers, not
Elasticsearch itself. ``elastic`` runs them on a real Elasticsearch when
DIRECTIVES_ELASTICSEARCH_URL is set. The tests named ``…_standin_…`` run on the stand-in
only; most put a test-only node between client and stand-in that imitates a failure (each
says which).
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from typing import Any

import pytest
from elastic_transport import ApiResponseMeta, ConnectionError, HttpHeaders
from elastic_transport._node import NodeApiResponse

from directives.errors import IndexBackendError, TaskConflictError
from index import elastic, elastic_schema
from index.base import SearchQuery
from index.common import date_bounds
from index.elastic import ElasticIndex
from index.elastic_queries import match_query
from index.factory import open_index
from store.tracking import TaskQuery
from tests.elastic_standin import (
    StandinNode,
    make_standin_index,
    standin_client,
)
from tests.index_fixtures import make_document, task

KINDS = ("documents", "sources", "tasks", "task-events")
BACKENDS = ["elastic-standin"]
if os.environ.get("DIRECTIVES_ELASTICSEARCH_URL"):
    BACKENDS.append("elastic")


def _prefix() -> str:
    return f"b{uuid.uuid4().hex[:12]}"


@pytest.fixture(params=BACKENDS)
def index(request):
    if request.param == "elastic":
        url = os.environ["DIRECTIVES_ELASTICSEARCH_URL"]
        idx = ElasticIndex(url, prefix=_prefix(), backoff=0.01)
    else:
        url = request.getfixturevalue("elastic_standin_url")
        idx = make_standin_index(url, _prefix(), backoff=0.01)
    yield idx
    idx.drop()
    idx.close()


def _tracked(number: str = "104-CTr/TU", text: str = "Giao nhiệm vụ", salt: str = ""):
    return make_document(
        text,
        number=number,
        salt=salt,
        tasks=(
            task("Sở Tài chính bố trí kinh phí", lead=("Sở Tài chính",), due="2026-09-20"),
            task("Sở Nội vụ hướng dẫn", lead=("Sở Nội vụ",), due="2026-12-31"),
        ),
    )


def _events(idx: ElasticIndex) -> int:
    return int(idx._es.count(index=idx.alias("task-events"))["count"])


def test_elastic_indices_are_versioned_behind_aliases(index):
    es = index._es
    for kind in KINDS:
        alias = index.alias(kind)
        assert list(es.indices.get_alias(name=alias)) == [f"{alias}-v{elastic_schema.LAYOUT}"]
        mapping = es.indices.get_mapping(index=alias)[f"{alias}-v{elastic_schema.LAYOUT}"][
            "mappings"
        ]
        assert (
            mapping["_meta"] == {"layout": elastic_schema.LAYOUT} and mapping["dynamic"] == "strict"
        )
    document = _tracked()
    index.put(document, "a.txt")
    again = ElasticIndex(client=index._es, prefix=index.prefix)  # opening twice is harmless
    assert again.count() == 1 and again.get(document.id).number == "104-CTr/TU"


def test_elastic_standin_other_layout_is_refused(elastic_standin_url):
    prefix = _prefix()
    es = standin_client(elastic_standin_url)
    es.indices.create(
        index=f"{prefix}-documents-v0",
        mappings={"_meta": {"layout": 0}},
        aliases={f"{prefix}-documents": {}},
    )
    with pytest.raises(IndexBackendError, match="layout 0.*directives reindex"):
        ElasticIndex(client=es, prefix=prefix)


def test_elastic_stale_seq_no_is_a_conflict(index):
    index.put(_tracked(), "a.txt")
    t = index.tasks(TaskQuery(body="Sở Tài chính")).tasks[0]
    assert t.version == _version_of(index, t.id)
    # another process changes the task after we read it
    hit = index._es.get(index=index.alias("tasks"), id=t.id)
    index._es.index(
        index=index.alias("tasks"),
        id=t.id,
        document={**hit["_source"], "status": "dang_thuc_hien"},
        refresh="wait_for",
    )
    with pytest.raises(TaskConflictError) as raised:
        index.update_task(t.id, who="a", status="hoan_thanh", if_version=t.version)
    assert raised.value.actual == _version_of(index, t.id) != t.version
    assert index.task(t.id).status == "dang_thuc_hien" and index.task_history(t.id) == ()


def _version_of(idx: ElasticIndex, task_id: str) -> str:
    hit = idx._es.get(index=idx.alias("tasks"), id=task_id)
    return f"{hit['_seq_no']}.{hit['_primary_term']}"


def test_elastic_change_between_read_and_write_is_retried(index, monkeypatch):
    """Without if_version the update reads again; the events of the lost try are undone."""
    index.put(_tracked(), "a.txt")
    t = index.tasks(TaskQuery(body="Sở Nội vụ")).tasks[0]
    read = index._read
    raced = []

    def read_then_race(kind, doc_id, fields=None):
        hit = read(kind, doc_id, fields)
        if kind == "tasks" and not raced:
            raced.append(doc_id)
            index._es.index(
                index=index.alias("tasks"), id=doc_id, document=hit["_source"], refresh=True
            )
        return hit

    monkeypatch.setattr(index, "_read", read_then_race)
    done = index.update_task(t.id, who="a", note="đã giao")
    assert raced == [t.id]
    assert [e.note for e in index.task_history(t.id)] == ["đã giao"]
    assert done.version == _version_of(index, t.id)


class RejectingNode(StandinNode):
    """TEST ONLY: answers the first bulk request as a busy Elasticsearch does: every item
    rejected with 429 (es_rejected_execution_exception), nothing written."""

    rejected: list[int] = []

    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        if "/_bulk" not in target or RejectingNode.rejected:
            return super().perform_request(method, target, body, headers, **kwargs)
        lines = [json.loads(line) for line in (body or b"").decode().splitlines() if line]
        items = []
        for line in lines:
            op = next(iter(line))
            if op in ("index", "create", "delete", "update") and "_id" in line[op]:
                error = {"type": "es_rejected_execution_exception", "reason": "queue full"}
                meta = line[op]
                items.append({op: {**meta, "status": 429, "error": error}})
        RejectingNode.rejected.append(len(items))
        data = json.dumps({"took": 0, "errors": True, "items": items}).encode()
        headers_out = HttpHeaders({"content-type": "application/json"})
        headers_out["x-elastic-product"] = "Elasticsearch"
        meta = ApiResponseMeta(200, "1.1", headers_out, 0.0, self.config)
        return NodeApiResponse(meta, data)


def test_elastic_standin_bulk_retries_rejected_items(elastic_standin_url):  # noqa: F811
    RejectingNode.rejected = []
    client = standin_client(elastic_standin_url, node_class=RejectingNode)
    idx = ElasticIndex(client=client, prefix=_prefix(), backoff=0.01)
    document = _tracked()
    idx.put(document, "a.txt")
    assert RejectingNode.rejected == [4]  # 2 tasks, the document, the path: all retried
    assert idx.count() == 1 and idx.tasks(TaskQuery()).total == 2
    idx.drop()


def _poisoned(monkeypatch):
    """The document item fails on the server (a field the strict mapping refuses) while
    the tasks, events and path in the same bulk request succeed."""
    real = elastic.document_source
    monkeypatch.setattr(elastic, "document_source", lambda *a: {**real(*a), "unmapped": 1})


def test_elastic_failed_item_undoes_a_new_document(index, monkeypatch):
    _poisoned(monkeypatch)
    document = _tracked()
    with pytest.raises(IndexBackendError, match="nothing kept"):
        index.put(document, "a.txt")
    assert index.count() == 0 and index.source_state("a.txt", document.id) == "new"
    assert index.tasks(TaskQuery(include_gone=True)).total == 0 and _events(index) == 0


def test_elastic_failed_item_keeps_the_old_version(index, monkeypatch):
    first = _tracked()
    index.put(first, "a.txt")
    kept = index.tasks(TaskQuery(body="Sở Nội vụ")).tasks[0]
    index.update_task(kept.id, who="a", status="dang_thuc_hien")
    before = {t.id: t for t in index.tasks(TaskQuery(include_gone=True)).tasks}
    second = make_document(
        "Giao nhiệm vụ (bản sửa)",
        number="104-CTr/TU",
        tasks=(task("Sở Y tế bảo đảm thuốc", lead=("Sở Y tế",)),),  # the others go
    )
    _poisoned(monkeypatch)
    with pytest.raises(IndexBackendError):
        index.put(second, "a.txt")
    assert index.get(first.id) is not None and index.get(second.id) is None
    assert index.source_state("a.txt", first.id) == "unchanged"
    after = {t.id: t for t in index.tasks(TaskQuery(include_gone=True)).tasks}
    assert set(after) == set(before)
    assert all(after[i].doc_id == first.id and not after[i].gone for i in after)
    assert after[kept.id].status == "dang_thuc_hien"
    assert [e.action for e in index.task_history(kept.id)] == ["status"]


class LostAnswerNode(StandinNode):
    """TEST ONLY: the first bulk request reaches the server and is applied, but its answer
    is lost (a dropped connection), so the client cannot know which items applied."""

    lost: list[str] = []

    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        response = super().perform_request(method, target, body, headers, **kwargs)
        if "/_bulk" in target and not LostAnswerNode.lost:
            LostAnswerNode.lost.append(target)
            raise ConnectionError("connection reset by peer (test)")
        return response


def test_elastic_standin_lost_answer_is_read_back_and_undone(elastic_standin_url):  # noqa: F811
    LostAnswerNode.lost = []
    client = standin_client(elastic_standin_url, node_class=LostAnswerNode, max_retries=0)
    idx = ElasticIndex(client=client, prefix=_prefix())
    document = _tracked()
    with pytest.raises(IndexBackendError, match="nothing kept"):
        idx.put(document, "a.txt")
    assert LostAnswerNode.lost
    assert idx.count() == 0 and idx.source_state("a.txt", document.id) == "new"
    assert idx.tasks(TaskQuery(include_gone=True)).total == 0 and _events(idx) == 0
    idx.put(document, "a.txt")  # and the next try goes through
    assert idx.count() == 1 and idx.tasks(TaskQuery()).total == 2
    idx.drop()


def test_elastic_paths_are_ids_of_any_length(index):
    document = make_document("Một văn bản", number="1-CV/ĐU")
    path = "/srv/inbox/" + "thư mục rất dài/" * 60 + "công văn.pdf"  # > 512 bytes
    index.put(document, path)
    assert index.source_state(path, document.id) == "unchanged"


def test_elastic_unreachable_url_fails_with_the_fix(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://elastic:secret@127.0.0.1:{port}"  # nothing listens there
    with pytest.raises(IndexBackendError) as raised:
        open_index(tmp_path / "index.sqlite3", url)
    message = str(raised.value)
    assert "DIRECTIVES_ELASTICSEARCH_URL" in message and "secret" not in message


@pytest.mark.parametrize(
    ("value", "bounds"),
    [
        ("2025-11-05", ("2025-11-05", "2025-11-05")),
        ("2025-11", ("2025-11-01", "2025-11-30")),
        ("2024-02", ("2024-02-01", "2024-02-29")),
        ("2025", ("2025-01-01", "2025-12-31")),
        (None, (None, None)),
    ],
)
def test_common_date_bounds_has_real_month_ends(value, bounds):
    """Shared by both backends (index/common.py)."""
    assert date_bounds(value) == bounds


def _clauses(query: dict[str, Any]) -> str:
    return json.dumps(query, ensure_ascii=False)


def test_elastic_match_query_builds_lookup_phrases_and_prefixes():
    lookup = _clauses(match_query("nghị quyết 12"))
    assert '"terms": {"numkey": ["nq12"]' in lookup and '"operator": "and"' in lookup
    number = _clauses(match_query("226-CV/ĐU"))
    assert '"query": "226 CV ĐU", "type": "phrase"' in number
    prefix = _clauses(match_query("tham nhũ*"))
    assert '"prefix": {"text": {"value": "nhu"' in prefix
    assert '"multi_match": {"query": "tham", "type": "cross_fields"' in prefix
    assert match_query('" "') is None


def test_elastic_search_and_browse_snippets(index):
    index.put(make_document("Thực hiện <b>Nghị quyết</b> về phòng, chống tham nhũng."), "a.txt")
    browse = index.search(SearchQuery())
    assert browse.hits[0].snippet.startswith("Thực hiện &lt;b&gt;Nghị quyết&lt;/b&gt;")
    hit = index.search(SearchQuery("tham nhung")).hits[0]
    assert "<mark>tham</mark> <mark>nhũng</mark>" in hit.snippet


def _snapshot(idx, paths: tuple[str, ...], doc_ids: tuple[str, ...]) -> dict[str, Any]:
    """What a scenario left, in terms both backends share (versions are backend-specific)."""
    tasks = idx.tasks(TaskQuery(include_gone=True, limit=100)).tasks
    return {
        "count": idx.count(),
        "documents": sorted(i for i, _, _ in idx.document_ids()),
        "states": {(p, d): idx.source_state(p, d) for p in paths for d in doc_ids},
        "tasks": sorted((t.id, t.doc_id, t.ordinal, t.text, t.status, t.gone) for t in tasks),
        "history": {
            t.id: [(e.action, e.old, e.new, e.note) for e in idx.task_history(t.id)] for t in tasks
        },
        "cites": {d: idx.cites(d) for d in doc_ids},
    }


def _scenario(idx) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A file changes to content another path brought in, a shared version stays, a task
    goes and comes back on re-extraction, and the retired version comes back."""
    v1 = _tracked(salt="1")
    v2 = _tracked(text="Giao nhiệm vụ (bản 2)", salt="2")
    idx.put(v1, "a.txt")
    idx.put(v1, "c.txt")  # the same content at a second path
    idx.put(v2, "b.txt")
    t = idx.tasks(TaskQuery(doc_id=v1.id)).tasks[0]
    idx.update_task(t.id, who="a", status="dang_thuc_hien", note="bắt đầu")
    idx.put(v2, "a.txt")  # v1 is still held by c.txt: it stays, nothing carried
    idx.put(v2, "c.txt")  # now v1 is held by nobody: retired into v2, its tasks gone
    fewer = make_document(
        "Giao nhiệm vụ (bản 2)",
        number="104-CTr/TU",
        salt="2",
        tasks=(task("Sở Tài chính bố trí kinh phí", lead=("Sở Tài chính",), due="2026-09-20"),),
    )
    idx.refresh(fewer)  # one of v2's own tasks goes…
    idx.refresh(v2)  # …and comes back
    idx.put(v1, "d.txt")  # v1 returns: a document again, its fresh task ids salted alike
    return ("a.txt", "b.txt", "c.txt", "d.txt"), (v1.id, v2.id)


def test_elastic_versions_behave_as_in_sqlite(index, tmp_path):
    from index.sqlite import SqliteIndex

    embedded = SqliteIndex(tmp_path / "index.sqlite3")
    try:
        expected = _snapshot(embedded, *_scenario(embedded))
    finally:
        embedded.close()
    assert _snapshot(index, *_scenario(index)) == expected
    assert any(gone for *_, gone in expected["tasks"])
    assert any(("returned", None, None, None) in h for h in expected["history"].values())
