"""What only the Elasticsearch backend has: a versioned index behind an alias, the layout
check, writes that can be repeated (a lost answer), and the requests it builds.

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
from elastic_transport import ConnectionError

from directives.errors import IndexBackendError
from index import elastic_schema
from index.base import SearchQuery
from index.common import date_bounds
from index.elastic import ElasticIndex
from index.elastic_queries import match_query
from index.factory import open_index
from tests.elastic_standin import (
    StandinNode,
    make_standin_index,
    standin_client,
)
from tests.index_fixtures import make_document, task

KINDS = ("documents",)
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
    index.put(document)
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


class LostAnswerNode(StandinNode):
    """TEST ONLY: the first write reaches the server and is applied, but its answer is
    lost (a dropped connection), so the client cannot know whether it applied."""

    lost: list[str] = []

    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        response = super().perform_request(method, target, body, headers, **kwargs)
        if "/_doc/" in target and method == "PUT" and not LostAnswerNode.lost:
            LostAnswerNode.lost.append(target)
            raise ConnectionError("connection reset by peer (test)")
        return response


def test_elastic_standin_a_write_whose_answer_was_lost_can_be_repeated(elastic_standin_url):  # noqa: F811
    """A projection write is the whole document under its id: repeating it (the next
    ingest, `directives reindex`) leaves one copy, never two."""
    LostAnswerNode.lost = []
    client = standin_client(elastic_standin_url, node_class=LostAnswerNode, max_retries=0)
    idx = ElasticIndex(client=client, prefix=_prefix())
    document = _tracked()
    with pytest.raises(IndexBackendError):
        idx.put(document)
    assert LostAnswerNode.lost
    idx.put(document)
    idx.put(document)
    assert idx.count() == 1 and idx.ids() == {document.id}
    assert idx.search(SearchQuery("104-CTr/TU")).total == 1
    idx.delete(document.id)
    assert idx.count() == 0
    idx.drop()


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
    index.put(make_document("Thực hiện <b>Nghị quyết</b> về phòng, chống tham nhũng."))
    browse = index.search(SearchQuery())
    assert browse.hits[0].snippet.startswith("Thực hiện &lt;b&gt;Nghị quyết&lt;/b&gt;")
    hit = index.search(SearchQuery("tham nhung")).hits[0]
    assert "<mark>tham</mark> <mark>nhũng</mark>" in hit.snippet
