import sqlite3

import pytest

from index.base import SearchQuery
from index.queries import build_match, match_terms
from index.sqlite import SqliteIndex
from tests.conftest import VU_DUONG, ingest_into


@pytest.fixture
def index(indexed_samples):
    idx = SqliteIndex(indexed_samples / "index.sqlite3")
    yield idx
    idx.close()


def _first(index, q, **filters):
    page = index.search(SearchQuery(q, **filters))
    return page, (page.hits[0] if page.hits else None)


@pytest.mark.parametrize(
    "query",
    [
        "dang uy cong an xa",
        "Đảng ủy Công an xã",
        "DANG UY XA VU DUONG",
        "cong an xa vu duong",
        "226-CV/ĐU",
        "226 cv du",
    ],
)
def test_index_search_folds_accents_and_d(index, query):
    page, first = _first(index, query)
    assert page.total >= 1
    assert first.number == "226-CV/ĐU"


def test_index_snippet_highlights_accented_original(index):
    _, first = _first(index, "vu duong")
    assert "<mark>Vũ</mark> <mark>Dương</mark>" in first.snippet


def test_index_snippet_is_html_escaped(tmp_path):
    doc = tmp_path / "x.txt"
    doc.write_text("Công văn <script>alert(1)</script> về cải cách hành chính", encoding="utf-8")
    ingest_into(tmp_path / "data", doc)
    idx = SqliteIndex(tmp_path / "data" / "index.sqlite3")
    try:
        _, first = _first(idx, "cai cach")
    finally:
        idx.close()
    assert "<script>" not in first.snippet and "&lt;script&gt;" in first.snippet


def test_index_filters_type_issuer_year(index):
    page, _ = _first(index, "", doc_type="cong van", year=2026)
    assert page.total >= 3
    assert all(h.doc_type == "Công văn" and h.date.startswith("2026") for h in page.hits)
    page, _ = _first(index, "", issuer="lao cai")
    assert page.total >= 2 and all("Lào Cai" in h.issuer for h in page.hits)
    page, _ = _first(index, "cong an", doc_type="Nghị định")
    assert all(h.doc_type == "Nghị định" for h in page.hits)


def test_index_pagination_is_stable(index):
    full = index.search(SearchQuery("tinh", limit=50))
    pages = [
        index.search(SearchQuery("tinh", limit=3, offset=o)).hits for o in range(0, full.total, 3)
    ]
    assert [h.id for page in pages for h in page] == [h.id for h in full.hits]


@pytest.mark.parametrize("candidates", [2, 5])
def test_index_pages_past_the_scored_candidates(index, monkeypatch, candidates):
    """Past the bm25 candidates the other matches follow newest first: every match once."""
    import index.sqlite_search as backend

    monkeypatch.setattr(backend, "CANDIDATES", candidates)
    full = index.search(SearchQuery("tinh", limit=50))
    assert full.total > candidates + 3
    ids = [h.id for h in full.hits]
    assert len(ids) == len(set(ids)) == full.total
    pages = [
        index.search(SearchQuery("tinh", limit=2, offset=o)).hits for o in range(0, full.total, 2)
    ]
    assert [h.id for page in pages for h in page] == ids
    rest = [(h.date + "-01-01")[:10] if h.date else "" for h in full.hits[candidates:]]
    assert rest == sorted(rest, reverse=True)  # by date, newest first


def test_index_no_match_is_empty(index):
    assert index.search(SearchQuery("xyzzyq")).total == 0


def test_index_query_builder_quotes_everything():
    assert build_match('nghị quyết "Vũ Dương" AND OR') == '"vu duong" "nghi" "quyet" "and" "or"'
    assert build_match("12-NQ/TW") == '"12 nq tw"'
    assert build_match('  " ') is None
    assert match_terms("cong an cong") == ('"cong"', '"an"')  # a word twice is one term


def test_index_same_file_twice_stored_once(tmp_path):
    data = tmp_path / "data"
    first = ingest_into(data, VU_DUONG)
    second = ingest_into(data, VU_DUONG)
    copy = tmp_path / "copy.txt"
    copy.write_bytes(VU_DUONG.read_bytes())
    third = ingest_into(data, copy)
    assert len(first.ingested) == 1 and [o.status for o in second.unchanged] == ["unchanged"]
    assert third.unchanged[0].id == first.ingested[0].id
    idx = SqliteIndex(data / "index.sqlite3")
    try:
        assert idx.count() == 1
    finally:
        idx.close()


def test_index_changed_file_replaces_old_version(tmp_path):
    data = tmp_path / "data"
    path = tmp_path / "cv.txt"
    path.write_text(VU_DUONG.read_text(encoding="utf-8"), encoding="utf-8")
    old = ingest_into(data, path).ingested[0].id
    path.write_text(
        VU_DUONG.read_text(encoding="utf-8")
        .replace("Vũ Dương", "Yên Thành")
        .replace("VŨ DƯƠNG", "YÊN THÀNH"),
        encoding="utf-8",
    )
    new = ingest_into(data, path).ingested[0].id
    idx = SqliteIndex(data / "index.sqlite3")
    try:
        assert old != new and idx.count() == 1
        assert idx.get(old) is None and idx.get(new).place == "Yên Thành"
        assert idx.search(SearchQuery('"xa vu duong"')).total == 0
        assert idx.search(SearchQuery("yen thanh")).total == 1
    finally:
        idx.close()
    originals = list((data / "originals").rglob("*.txt"))
    assert len(originals) == 2  # every original is kept


def test_index_failed_write_leaves_nothing(tmp_path, indexed_samples, monkeypatch):
    source = SqliteIndex(indexed_samples / "index.sqlite3")
    document = source.get(source.search(SearchQuery("vu duong")).hits[0].id)
    source.close()
    idx = SqliteIndex(tmp_path / "index.sqlite3")

    def crash(rowid, document, numkey):  # fails after the document rows were written
        raise OSError("disk full")

    monkeypatch.setattr(idx, "_index_text", crash)
    with pytest.raises(OSError):
        idx.put(document)
    monkeypatch.undo()
    assert idx.count() == 0 and not idx.has(document.id)
    assert idx.search(SearchQuery("vu duong")).total == 0
    idx.put(document)
    assert idx.count() == 1
    idx.close()
    check = sqlite3.connect(tmp_path / "index.sqlite3")
    check.execute("INSERT INTO documents_fts(documents_fts) VALUES('integrity-check')")
    check.close()


def test_cli_tasks_by_body_abbreviation(indexed_samples, monkeypatch, capsys):
    import json

    from cli.main import main

    monkeypatch.setenv("DIRECTIVES_DATA_DIR", str(indexed_samples))
    assert main(["tasks", "--body", "ubnd tinh", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["total"] >= 2
    for t in listed["tasks"]:
        names = [b["name"] for b in (*t["lead"], *t["support"])]
        assert any(n.startswith("Ủy ban nhân dân tỉnh") for n in names), names
    assert main(["tasks", "--status", "không có"]) == 2  # a clear error, not a traceback
    assert "trạng thái không hợp lệ" in capsys.readouterr().err


def test_index_of_an_older_layout_names_the_commands(tmp_path):
    """An index written by an older version (layout 5 held tasks) is not opened: the
    message says to migrate the store and rebuild the index from it."""
    from directives.errors import IndexBackendError

    path = tmp_path / "index.sqlite3"
    SqliteIndex(path).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 5")
    db.close()
    with pytest.raises(IndexBackendError, match="directives migrate.*directives reindex"):
        SqliteIndex(path)
