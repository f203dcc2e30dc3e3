"""The frequent-term bitmaps of the embedded index (index/sqlite_terms.py) never go stale.

Every check compares with what FTS5 itself answers for the same words, after writes of
every kind: new documents past the snapshot, a file replaced by a new version (its old
row removed), a document re-extracted in place, and a write by another connection.
"""

from dataclasses import replace

import numpy as np
import pytest

from index.base import SearchQuery
from index.queries import build_match, match_terms
from index.sqlite import SqliteIndex
from index.sqlite_terms import TermRows, fts_rowids
from tests.index_fixtures import make_document

QUERIES = [
    "cong an xa",
    "ke hoach",
    "uy ban nhan dan",
    "phong chay",
    '"cong an"',
    '"uy ban nhan dan"',
    "tr*",
]
SENTENCES = [
    "Công an xã tăng cường tuần tra.",
    "Ủy ban nhân dân xã xây dựng kế hoạch phòng cháy.",
    "Kế hoạch tuyên truyền của Công an tỉnh.",
    "Ủy ban nhân dân tỉnh chỉ đạo công tác phòng cháy, chữa cháy.",
]


def _docs(n: int, salt: str = ""):
    return [
        make_document(f"{SENTENCES[i % 4]} {SENTENCES[(i * 3 + 1) % 4]} Số thứ tự {i}.", salt=salt)
        for i in range(n)
    ]


@pytest.fixture
def index(tmp_path):
    idx = SqliteIndex(tmp_path / "index.sqlite3")
    idx._terms = TermRows(min_rows=1)  # every term cached, so the small index exercises it
    for _n, document in enumerate(_docs(40)):
        idx.put(document)
    yield idx
    idx.close()


def _truth(index: SqliteIndex, q: str) -> list[int]:
    return fts_rowids(index._db, build_match(q)).tolist()


def _cached(index: SqliteIndex, q: str) -> list[int]:
    index._terms.check(index._db)
    return index._terms.matching(index._db, match_terms(q)).tolist()


@pytest.mark.parametrize("q", QUERIES)
def test_index_terms_match_fts5_after_every_kind_of_write(index, q):
    assert _cached(index, q) == _truth(index, q)
    assert index._terms._bits, "the bitmaps were not cached"
    for _n, document in enumerate(_docs(3, salt="later")):  # past the snapshot
        index.put(document)
    assert _cached(index, q) == _truth(index, q)
    first = index.get(index.search(SearchQuery("so thu tu 0")).hits[0].id)
    index.put(replace(first, text="Văn bản thay thế, không còn công an hay kế hoạch."))
    assert _cached(index, q) == _truth(index, q)
    again = index.get(index.search(SearchQuery("so thu tu 7")).hits[0].id)
    index.delete(again.id)  # a version replaced by a newer one leaves the index
    assert _cached(index, q) == _truth(index, q)
    index.put(replace(again, text="Nội dung trích xuất lại: phòng chống thiên tai."))
    assert _cached(index, q) == _truth(index, q)


def test_index_terms_dropped_when_another_connection_removes_a_row(index, tmp_path):
    before = _cached(index, "cong an")
    other = SqliteIndex(tmp_path / "index.sqlite3")
    try:
        other.delete(index.search(SearchQuery("cong an")).hits[0].id)
    finally:
        other.close()
    after = _cached(index, "cong an")
    assert after == _truth(index, "cong an")
    assert after != before


def test_index_terms_search_totals_equal_fts5(index):
    for q in QUERIES:
        assert index.search(SearchQuery(q, limit=100)).total == len(_truth(index, q))


def test_index_terms_warm_reads_frequent_terms(tmp_path):
    idx = SqliteIndex(tmp_path / "index.sqlite3")
    try:
        idx._terms = TermRows(min_rows=5)
        for _n, document in enumerate(_docs(12)):
            idx.put(document)
        assert idx.warm() > 0
        cached = set(idx._terms._bits)
        assert '"xa"' in cached and '"ke"' in cached  # in 6 and 12 of the 12 documents
        assert '"chay"' in cached
        assert 'pairs:"ke_hoach"' in cached  # word pairs, for phrases
        assert not any("thu tu 1" in t for t in cached)
        bits = idx._terms._bits['"ke"']
        rows = np.flatnonzero(np.unpackbits(bits, count=idx._terms.snapshot + 1)).tolist()
        assert rows == _truth(idx, "ke")
    finally:
        idx.close()


def test_index_terms_phrase_is_exact_not_pairs_apart(index):
    """Pairs "công an" and "an xá" standing apart do not make the phrase "công an xá"."""
    apart = make_document("Công an tỉnh phối hợp với lực lượng tại An Xá.", number="9-KH/CA")
    together = make_document("Công an Xá Lợi và dân quân tuần tra.", number="10-KH/CA")
    index.put(apart)
    index.put(together)
    for q in ('"cong an xa"', '"công an xá"', '"cong an xa loi"'):
        page = index.search(SearchQuery(q, limit=100))
        assert [h.number for h in page.hits if h.number] == ["10-KH/CA"], q
        assert page.total == len(_truth(index, q))


@pytest.mark.parametrize("cached", [True, False])
def test_index_terms_pair_holding_agrees_with_fts5(index, cached):
    """The adjacent-words bonus asks which rows hold a pair: bitmap or doclist tail alike."""
    terms = index._terms if cached else TermRows()  # min_rows 2,000: nothing is cached
    terms.check(index._db)
    pairs = ("cong_an", "ke_hoach", "an_tinh", "khong_co")
    terms.matching(index._db, tuple(f'"{p.replace("_", " ")}"' for p in pairs))
    assert bool(terms._bits) == cached
    index.put(make_document("Kế hoạch mới của Công an tỉnh.", salt="tail"))
    rowids = np.arange(1, index.count() + 5, dtype=np.int64)  # some past the snapshot
    for pair in pairs:
        truth = set(fts_rowids(index._db, f'"{pair}"', table="documents_pairs").tolist())
        held = terms.holding(index._db, pair, rowids)
        assert set(rowids[held].tolist()) == truth, pair
