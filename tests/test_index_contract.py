"""The index contract: the same tests on every backend.

- ``sqlite``: the embedded default, always.
- ``elastic-standin``: the Elasticsearch backend against osmem-server, an in-memory
  OpenSearch-compatible server that STANDS IN for Elasticsearch here (no Elasticsearch
  can run on this machine); it checks our client code and queries, not Elasticsearch.
- ``elastic``: a real Elasticsearch, only when DIRECTIVES_ELASTICSEARCH_URL is set.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import replace
from datetime import date

import pytest

from index.base import SearchQuery
from index.sqlite import SqliteIndex
from tests.index_fixtures import make_document, read_samples, task

BACKENDS = ["sqlite", "elastic-standin"]
if os.environ.get("DIRECTIVES_ELASTICSEARCH_URL"):
    BACKENDS.append("elastic")
TODAY = date(2026, 10, 1)


@pytest.fixture(scope="session")
def samples():
    return read_samples()


def _open(kind: str, tmp_path, request):
    if kind == "sqlite":
        return SqliteIndex(tmp_path / f"{uuid.uuid4().hex}.sqlite3")
    from tests.elastic_standin import make_standin_index

    if kind == "elastic-standin":
        url = request.getfixturevalue("elastic_standin_url")
        return make_standin_index(url, f"t{uuid.uuid4().hex[:12]}")
    from index.elastic import ElasticIndex

    return ElasticIndex(
        os.environ["DIRECTIVES_ELASTICSEARCH_URL"], prefix=f"t{uuid.uuid4().hex[:12]}"
    )


def _close(index) -> None:
    """Close the index; an Elasticsearch one drops its indices first, so a run on a real
    cluster leaves no ``t…`` indices behind."""
    try:
        if hasattr(index, "drop"):
            index.drop()
    finally:
        index.close()


@pytest.fixture(params=BACKENDS)
def empty(request, tmp_path):
    index = _open(request.param, tmp_path, request)
    yield index
    _close(index)


@pytest.fixture(scope="module", params=BACKENDS)
def loaded(request, tmp_path_factory, samples):
    """Every backend holding the real sample corpus (read once per session)."""
    index = _open(request.param, tmp_path_factory.mktemp("idx"), request)
    for _, document in samples:
        index.put(document)
    yield index
    _close(index)


def _numbers(page):
    return [h.number for h in page.hits]


def _all(index, **kwargs):
    out, offset = [], 0
    while True:
        page = index.search(SearchQuery(limit=5, offset=offset, **kwargs))
        out += page.hits
        offset += 5
        if offset >= page.total:
            return out, page.total


# -- documents and search -------------------------------------------------------------


def test_contract_put_get_count(loaded, samples):
    assert loaded.count() == len(samples)
    original = next(d for _, d in samples if d.number == "226-CV/ĐU")
    stored = loaded.get(original.id)
    assert stored.number == "226-CV/ĐU"
    assert stored.issuer == original.issuer and stored.text == original.text
    assert [c.number for c in stored.citations] == [c.number for c in original.citations]
    assert loaded.has(original.id) and not loaded.has("0" * 16)
    assert loaded.ids() == {d.id for _, d in samples}


def test_contract_put_replaces_and_delete_removes(empty):
    """A projection is written whole: putting a document again replaces it (a corrected
    number is found by its new spelling only), and delete takes it out of every search."""
    first = make_document("Kế hoạch tuyên truyền", number="8-KH/TU")
    empty.put(first)
    assert empty.search(SearchQuery("8-KH/TU")).total == 1
    empty.put(replace(first, number="9-KH/TU"))
    assert empty.count() == 1 and empty.get(first.id).number == "9-KH/TU"
    assert empty.search(SearchQuery("8-KH/TU")).total == 0
    assert [h.id for h in empty.search(SearchQuery("9-KH/TU")).hits] == [first.id]
    empty.delete(first.id)
    empty.delete(first.id)  # nothing to delete: no error
    assert empty.count() == 0 and empty.ids() == set()
    assert empty.search(SearchQuery("tuyen truyen")).total == 0


@pytest.mark.parametrize(
    "q", ["dang uy cong an xa vu duong", "Đảng ủy Công an xã Vũ Dương", "DANG UY XA VU DUONG"]
)
def test_contract_words_without_accents(loaded, q):
    page = loaded.search(SearchQuery(q))
    assert page.hits and page.hits[0].number == "226-CV/ĐU"


@pytest.mark.parametrize(
    ("q", "number"),
    [
        ("226-CV/ĐU", "226-CV/ĐU"),
        ("226 CV ĐU", "226-CV/ĐU"),
        ("cv226", "226-CV/ĐU"),
        ("công văn 226", "226-CV/ĐU"),
        ("60-NQ/TW", "60-NQ/TW"),
        ("60 NQ TW", "60-NQ/TW"),
        ("nghị quyết 60", "60-NQ/TW"),
        ("nghi quyet so 60", "60-NQ/TW"),
        ("nq60", "60-NQ/TW"),
        ("NQ 60", "60-NQ/TW"),
        ("chi thi 07", "07/CT-TTg"),
        ("383-QĐ/TW", "383-QĐ/TW"),
    ],
)
def test_contract_number_lookup_in_any_spelling(loaded, q, number):
    page = loaded.search(SearchQuery(q))
    assert page.hits, q
    assert page.hits[0].number == number, (q, _numbers(page)[:3])


def test_contract_phrase_and_prefix(loaded):
    words = loaded.search(SearchQuery("phong chong tham nhung"))
    phrase = loaded.search(SearchQuery('"phòng, chống tham nhũng"'))
    assert 0 < phrase.total <= words.total
    assert all("<mark>" in h.snippet for h in phrase.hits)
    prefix = loaded.search(SearchQuery("tham nh*"))
    assert prefix.total >= loaded.search(SearchQuery("tham nhung")).total > 0


def test_contract_snippet_highlights_and_escapes(empty):
    empty.put(make_document("Thực hiện <b>Nghị quyết</b> về phòng, chống tham nhũng."))
    hit = empty.search(SearchQuery("tham nhung")).hits[0]
    assert "&lt;b&gt;" in hit.snippet and "<b>" not in hit.snippet
    assert "<mark>tham</mark>" in hit.snippet and "<mark>nhũng</mark>" in hit.snippet


def test_contract_exact_accents_rank_first(empty):
    folded_only = make_document("Cơ quan đăng ký biện pháp bảo đảm tại địa phương.")
    exact = make_document("Cơ quan Đảng ký biện pháp bảo đảm tại địa phương.")
    empty.put(folded_only)
    empty.put(exact)
    page = empty.search(SearchQuery("Đảng"))
    assert page.total == 2
    assert page.hits[0].id == exact.id
    assert empty.search(SearchQuery("đăng")).hits[0].id == folded_only.id


def test_contract_filters(loaded):
    cv = loaded.search(SearchQuery(doc_type="công văn", limit=50))
    assert cv.total >= 4 and all(h.doc_type == "Công văn" for h in cv.hits)
    lao_cai = loaded.search(SearchQuery(issuer="lao cai", limit=50))
    assert lao_cai.total >= 2 and all("Lào Cai" in (h.issuer or "") for h in lao_cai.hits)
    y2026 = loaded.search(SearchQuery(year=2026, limit=50))
    assert y2026.total >= 3 and all(h.date.startswith("2026") for h in y2026.hits)
    autumn = loaded.search(SearchQuery(date_from="2026-09-01", date_to="2026-09-30", limit=50))
    assert {h.number for h in autumn.hits} >= {"2449-CV/ĐU", "9387/UBND-KT"}
    # a date printed as "2026" only (day and month blank) overlaps every range in 2026
    assert all(h.date.startswith("2026-09") or h.date == "2026" for h in autumn.hits)
    with_tasks = loaded.search(SearchQuery(has_tasks=True, limit=50))
    without = loaded.search(SearchQuery(has_tasks=False, limit=50))
    assert with_tasks.total + without.total == loaded.count()
    assert all(h.tasks > 0 for h in with_tasks.hits) and all(h.tasks == 0 for h in without.hits)


def test_contract_partial_date_overlaps_range(empty):
    month = make_document("Kế hoạch tuyên truyền", date="2025-11", doc_type="Kế hoạch")
    empty.put(month)
    for low, high in [("2025-11-15", "2025-12-31"), ("2025-01-01", "2025-11-03")]:
        assert empty.search(SearchQuery(date_from=low, date_to=high)).total == 1
    assert empty.search(SearchQuery(date_from="2025-12-01")).total == 0


def test_contract_urgency_and_security_filters(empty):
    empty.put(make_document("Triển khai ngay", urgency="Hỏa tốc"))
    empty.put(make_document("Triển khai kế hoạch"))
    assert empty.search(SearchQuery(urgency="hỏa tốc")).total == 1
    assert empty.search(SearchQuery(q="trien khai")).total == 2


def test_contract_facets_count_the_hits(loaded):
    page = loaded.search(SearchQuery("tinh", limit=5))
    hits, total = _all(loaded, q="tinh")
    assert page.total == total == len(hits)
    types = {f.value: f.count for f in page.facets["doc_type"]}
    for value, count in types.items():
        assert count == sum(h.doc_type == value for h in hits)
    years = {f.value: f.count for f in page.facets["year"]}
    assert sum(years.values()) == sum(1 for h in hits if h.date and h.date[:4].isdigit())
    flags = {f.value: f.count for f in page.facets["has_tasks"]}
    assert flags.get("true", 0) == sum(h.tasks > 0 for h in hits)


def test_contract_sort_by_date_and_stable_pages(loaded):
    by_date = loaded.search(SearchQuery("tinh", sort="date", limit=50))
    dates = [h.date for h in by_date.hits if h.date]
    assert dates == sorted(dates, reverse=True)
    for sort in ("relevance", "date"):
        hits, total = _all(loaded, q="tinh", sort=sort)
        ids = [h.id for h in hits]
        assert len(ids) == len(set(ids)) == total
        again, _ = _all(loaded, q="tinh", sort=sort)
        assert [h.id for h in again] == ids


def test_contract_browse_without_words_is_newest_first(loaded):
    page = loaded.search(SearchQuery(limit=50))
    assert page.total == loaded.count()
    dated = [h.date for h in page.hits if h.date]
    assert dated == sorted(dated, reverse=True)


def test_contract_no_match(loaded):
    assert loaded.search(SearchQuery("xyzzyqwv")).total == 0


# -- citations ------------------------------------------------------------------------


def test_contract_citation_graph_both_ways(empty):
    cited = make_document(
        "Nghị quyết về công tác cán bộ",
        number="12-NQ/TW",
        doc_type="Nghị quyết",
        issuer="Ban Chấp hành Trung ương",
    )
    citing = make_document(
        "Thực hiện Nghị quyết số 12-NQ/TW và Chỉ thị số 99-CT/TW",
        number="5-CV/ĐU",
        citations=("12-NQ/TW", "99-CT/TW"),
    )
    empty.put(citing)
    links = {link.number: link for link in empty.cites(citing.id)}
    assert set(links) == {"12-NQ/TW", "99-CT/TW"}
    assert links["12-NQ/TW"].documents == ()  # not indexed yet
    empty.put(cited)
    links = {link.number: link for link in empty.cites(citing.id)}
    assert [d.id for d in links["12-NQ/TW"].documents] == [cited.id]
    assert links["99-CT/TW"].documents == ()
    back = empty.cited_by(cited.id)
    assert [link.documents[0].id for link in back] == [citing.id]
    assert empty.cited_by(citing.id) == ()


def test_contract_real_citations_resolve(loaded, samples):
    by_number = {d.number: d for _, d in samples}
    lao_cai = by_number["9387/UBND-KT"]
    links = {link.number: link for link in loaded.cites(lao_cai.id)}
    assert [d.id for d in links["2449-CV/ĐU"].documents] == [by_number["2449-CV/ĐU"].id]
    assert lao_cai.id in {
        link.documents[0].id for link in loaded.cited_by(by_number["2449-CV/ĐU"].id)
    }


# -- security marks -------------------------------------------------------------------


def test_contract_clearance_hides_classified(empty):
    secret = make_document(
        "Kế hoạch bảo vệ bí mật nhà nước",
        security="Mật",
        number="7-KH/TU",
        tasks=(task("Công an tỉnh chủ trì", lead=("Công an tỉnh",)),),
    )
    plain = make_document("Kế hoạch tuyên truyền bảo vệ bí mật", number="8-KH/TU")
    empty.put(secret)
    empty.put(plain)
    hidden = empty.search(SearchQuery("bi mat", clearance=0))
    assert [h.id for h in hidden.hits] == [plain.id]
    assert all(f.value != "Mật" for f in hidden.facets["security"])
    assert {f.value: f.count for f in hidden.facets["doc_type"]} == {"Công văn": 1}
    assert empty.search(SearchQuery("7-KH/TU", clearance=0)).total == 0
    citing = make_document(
        "Thực hiện Kế hoạch số 7-KH/TU", number="9-CV/TU", citations=("7-KH/TU",)
    )
    empty.put(citing)
    assert [link.documents for link in empty.cites(citing.id, clearance=0)] == [()]
    assert [d.id for d in empty.cites(citing.id, clearance=1)[0].documents] == [secret.id]
    quoting_secret = make_document(
        "Căn cứ 8-KH/TU", security="Mật", number="10-CV/TU", citations=("8-KH/TU",)
    )
    empty.put(quoting_secret)
    assert empty.cited_by(plain.id, clearance=0) == ()
    assert [x.documents[0].id for x in empty.cited_by(plain.id, clearance=1)] == [quoting_secret.id]
    shown = empty.search(SearchQuery("bi mat", clearance=1))
    assert {h.id for h in shown.hits} == {secret.id, plain.id}
