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
from datetime import date

import pytest

from directives.errors import TaskConflictError, TaskNotFoundError
from index.base import SearchQuery
from index.sqlite import SqliteIndex
from store.tracking import TaskQuery, check_status
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
    for path, document in samples:
        index.put(document, str(path))
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
    path, original = next((p, d) for p, d in samples if d.number == "226-CV/ĐU")
    stored = loaded.get(original.id)
    assert stored.number == "226-CV/ĐU"
    assert stored.issuer == original.issuer and stored.text == original.text
    assert [c.number for c in stored.citations] == [c.number for c in original.citations]
    assert loaded.has(original.id) and not loaded.has("0" * 16)
    assert loaded.source_state(str(path), original.id) == "unchanged"
    assert {i for i, _, _ in loaded.document_ids()} == {d.id for _, d in samples}


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
    empty.put(make_document("Thực hiện <b>Nghị quyết</b> về phòng, chống tham nhũng."), "a.txt")
    hit = empty.search(SearchQuery("tham nhung")).hits[0]
    assert "&lt;b&gt;" in hit.snippet and "<b>" not in hit.snippet
    assert "<mark>tham</mark>" in hit.snippet and "<mark>nhũng</mark>" in hit.snippet


def test_contract_exact_accents_rank_first(empty):
    folded_only = make_document("Cơ quan đăng ký biện pháp bảo đảm tại địa phương.")
    exact = make_document("Cơ quan Đảng ký biện pháp bảo đảm tại địa phương.")
    empty.put(folded_only, "a.txt")
    empty.put(exact, "b.txt")
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
    empty.put(month, "m.txt")
    for low, high in [("2025-11-15", "2025-12-31"), ("2025-01-01", "2025-11-03")]:
        assert empty.search(SearchQuery(date_from=low, date_to=high)).total == 1
    assert empty.search(SearchQuery(date_from="2025-12-01")).total == 0


def test_contract_urgency_and_security_filters(empty):
    empty.put(make_document("Triển khai ngay", urgency="Hỏa tốc"), "h.txt")
    empty.put(make_document("Triển khai kế hoạch"), "p.txt")
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
    empty.put(citing, "citing.txt")
    links = {link.number: link for link in empty.cites(citing.id)}
    assert set(links) == {"12-NQ/TW", "99-CT/TW"}
    assert links["12-NQ/TW"].documents == ()  # not indexed yet
    empty.put(cited, "cited.txt")
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
    empty.put(secret, "s.txt")
    empty.put(plain, "p.txt")
    hidden = empty.search(SearchQuery("bi mat", clearance=0))
    assert [h.id for h in hidden.hits] == [plain.id]
    assert all(f.value != "Mật" for f in hidden.facets["security"])
    assert {f.value: f.count for f in hidden.facets["doc_type"]} == {"Công văn": 1}
    assert empty.search(SearchQuery("7-KH/TU", clearance=0)).total == 0
    assert empty.tasks(TaskQuery(body="Công an tỉnh", clearance=0)).total == 0
    citing = make_document(
        "Thực hiện Kế hoạch số 7-KH/TU", number="9-CV/TU", citations=("7-KH/TU",)
    )
    empty.put(citing, "c.txt")
    assert [link.documents for link in empty.cites(citing.id, clearance=0)] == [()]
    assert [d.id for d in empty.cites(citing.id, clearance=1)[0].documents] == [secret.id]
    quoting_secret = make_document(
        "Căn cứ 8-KH/TU", security="Mật", number="10-CV/TU", citations=("8-KH/TU",)
    )
    empty.put(quoting_secret, "q.txt")
    assert empty.cited_by(plain.id, clearance=0) == ()
    assert [x.documents[0].id for x in empty.cited_by(plain.id, clearance=1)] == [quoting_secret.id]
    shown = empty.search(SearchQuery("bi mat", clearance=1))
    assert {h.id for h in shown.hits} == {secret.id, plain.id}
    assert empty.tasks(TaskQuery(body="Công an tỉnh", clearance=1)).total == 1


# -- tasks ----------------------------------------------------------------------------


def _tracked(index):
    document = make_document(
        "Giao nhiệm vụ",
        number="104-CTr/TU",
        tasks=(
            task(
                "Ủy ban nhân dân tỉnh chủ trì tổng kết",
                lead=("Ủy ban nhân dân tỉnh Lào Cai",),
                due="2026-10-05",
            ),
            task(
                "Sở Tài chính bố trí kinh phí",
                lead=("Sở Tài chính",),
                support=("Ủy ban nhân dân tỉnh",),
                due="2026-09-20",
            ),
            task(
                "Công an tỉnh báo cáo định kỳ 06 tháng",
                lead=("Công an tỉnh",),
                recurrence=("semiannual",),
            ),
            task("Sở Nội vụ hướng dẫn", lead=("Sở Nội vụ",), due="2026-12-31"),
        ),
    )
    index.put(document, "tracked.txt")
    return document


def _texts(page):
    return [t.text for t in page.tasks]


def test_contract_tasks_by_body_alias_and_role(empty):
    _tracked(empty)
    for name in ("UBND tỉnh", "Ủy ban nhân dân tỉnh", "uy ban nhan dan tinh"):
        page = empty.tasks(TaskQuery(body=name, today=TODAY))
        assert _texts(page) == [
            "Sở Tài chính bố trí kinh phí",
            "Ủy ban nhân dân tỉnh chủ trì tổng kết",
        ], name
    lead = empty.tasks(TaskQuery(body="UBND tỉnh", role="lead", today=TODAY))
    assert _texts(lead) == ["Ủy ban nhân dân tỉnh chủ trì tổng kết"]
    assert empty.tasks(TaskQuery(body="CA tỉnh", today=TODAY)).total == 1


def test_contract_tasks_by_due(empty):
    _tracked(empty)
    week = empty.tasks(TaskQuery(due_within_days=7, today=TODAY))
    assert _texts(week) == ["Ủy ban nhân dân tỉnh chủ trì tổng kết"]
    overdue = empty.tasks(TaskQuery(overdue=True, today=TODAY))
    assert _texts(overdue) == ["Sở Tài chính bố trí kinh phí"]
    assert overdue.tasks[0].overdue(TODAY)
    ranged = empty.tasks(TaskQuery(due_from="2026-10-01", due_to="2026-12-31", today=TODAY))
    assert len(ranged.tasks) == 2
    on = empty.tasks(TaskQuery(due_on=("2026-09-20", "2026-12-31", "2027-01-01"), today=TODAY))
    assert sorted(t.due for t in on.tasks) == ["2026-09-20", "2026-12-31"]
    streamed = empty.each_task(TaskQuery(due_on=("2026-09-20", "2026-12-31"), open_only=True))
    assert sorted(t.due for t in streamed) == ["2026-09-20", "2026-12-31"]
    assert len(list(empty.each_task(TaskQuery(limit=1)))) == 4  # limit and order ignored
    # "báo cáo định kỳ 06 tháng": every six months, on the last day (30/6, 31/12)
    for days, found in [
        (("2026-12-31",), 1),
        (("2026-12-30", "2026-09-30"), 0),
        (("2027-06-30",), 1),
    ]:
        assert len(list(empty.each_task(TaskQuery(recurring_on=days)))) == found, days
    recurring = empty.tasks(TaskQuery(recurring=True, today=TODAY))
    assert [t.recurrence for t in recurring.tasks] == [("semiannual",)]
    everything = empty.tasks(TaskQuery(today=TODAY))
    assert everything.total == 4 and everything.tasks[-1].due is None  # undated last


def test_contract_task_status_history_and_conflict(empty):
    _tracked(empty)
    t = empty.tasks(TaskQuery(overdue=True, today=TODAY)).tasks[0]
    assert t.status == "chua_thuc_hien"
    moved = empty.update_task(
        t.id, who="chuyen.vien", status=check_status("đang thực hiện"), if_version=t.version
    )
    assert moved.status == "dang_thuc_hien" and moved.version != t.version
    with pytest.raises(TaskConflictError):
        empty.update_task(t.id, who="nguoi.khac", status="hoan_thanh", if_version=t.version)
    done = empty.update_task(
        t.id, who="chuyen.vien", status="hoan_thanh", note="Đã bố trí đủ kinh phí"
    )
    assert done.status == "hoan_thanh" and not done.overdue(TODAY)
    assert empty.tasks(TaskQuery(overdue=True, today=TODAY)).total == 0
    assert [x.id for x in empty.tasks(TaskQuery(status="hoan_thanh")).tasks] == [t.id]
    assert t.id not in [x.id for x in empty.tasks(TaskQuery(open_only=True)).tasks]
    assert empty.tasks(TaskQuery(open_only=True)).total == 3
    events = empty.task_history(t.id)
    assert [(e.action, e.old, e.new) for e in events] == [
        ("status", "chua_thuc_hien", "dang_thuc_hien"),
        ("status", "dang_thuc_hien", "hoan_thanh"),
        ("note", None, None),
    ]
    assert events[2].note == "Đã bố trí đủ kinh phí" and {e.who for e in events} == {"chuyen.vien"}
    with pytest.raises(TaskNotFoundError):
        empty.update_task("0" * 16, who="x", status="hoan_thanh")


def test_contract_edits_survive_a_changed_file(empty):
    first = _tracked(empty)
    old = {t.text: t for t in empty.tasks(TaskQuery(today=TODAY)).tasks}
    kept = old["Sở Tài chính bố trí kinh phí"]
    empty.update_task(kept.id, who="a", status="hoan_thanh", note="xong")
    dropped = old["Sở Nội vụ hướng dẫn"]
    empty.update_task(dropped.id, who="a", status="dang_thuc_hien")
    second = make_document(
        "Giao nhiệm vụ (bản sửa)",
        number="104-CTr/TU",
        tasks=(
            task(
                "Ủy ban nhân dân tỉnh chủ trì tổng kết",
                lead=("Ủy ban nhân dân tỉnh Lào Cai",),
                due="2026-10-05",
            ),
            task("Sở Tài chính bố trí đủ kinh phí", lead=("Sở Tài chính",), due="2026-09-25"),
            task(
                "Công an tỉnh báo cáo định kỳ 06 tháng",
                lead=("Công an tỉnh",),
                recurrence=("semiannual",),
            ),
            task("Sở Y tế bảo đảm thuốc", lead=("Sở Y tế",)),
        ),
    )
    assert empty.source_state("tracked.txt", second.id) == "changed"
    empty.put(second, "tracked.txt")
    assert empty.get(first.id) is None and empty.count() == 1
    now = {t.id: t for t in empty.tasks(TaskQuery(today=TODAY)).tasks}
    assert kept.id in now and now[kept.id].status == "hoan_thanh"
    assert (
        now[kept.id].text == "Sở Tài chính bố trí đủ kinh phí" and now[kept.id].due == "2026-09-25"
    )
    assert [e.action for e in empty.task_history(kept.id)] == ["status", "note"]
    assert old["Công an tỉnh báo cáo định kỳ 06 tháng"].id in now
    assert dropped.id not in now
    gone = empty.task(dropped.id)
    assert gone.gone and gone.status == "dang_thuc_hien" and gone.doc_id == second.id
    assert [e.action for e in empty.task_history(dropped.id)] == ["status", "gone"]
    everything = empty.tasks(TaskQuery(include_gone=True, today=TODAY))
    assert everything.total == 5


def test_contract_refresh_keeps_edits(empty):
    document = _tracked(empty)
    t = empty.tasks(TaskQuery(body="Sở Nội vụ", today=TODAY)).tasks[0]
    empty.update_task(t.id, who="a", status="dang_thuc_hien", note="đang soạn")
    reread = make_document(
        "Giao nhiệm vụ",
        number="104-CTr/TU",
        tasks=(
            task("Sở Nội vụ hướng dẫn thực hiện", lead=("Sở Nội vụ",), due="2026-12-31"),
            task("Sở Tài chính bố trí kinh phí", lead=("Sở Tài chính",), due="2026-09-20"),
        ),
    )
    assert reread.id == document.id
    empty.refresh(reread)
    after = empty.task(t.id)
    assert after.status == "dang_thuc_hien" and not after.gone
    assert after.text == "Sở Nội vụ hướng dẫn thực hiện"
    assert empty.tasks(TaskQuery(doc_id=document.id, today=TODAY)).total == 2
    assert empty.tasks(TaskQuery(doc_id=document.id, include_gone=True, today=TODAY)).total == 4
    assert empty.get(document.id).number == "104-CTr/TU"


def test_contract_same_file_twice_and_link(empty):
    document = make_document("Một văn bản", number="1-CV/ĐU")
    empty.put(document, "a.txt")
    empty.put(document, "copy/a.txt")
    empty.link("b.txt", document.id)
    assert empty.count() == 1
    assert empty.source_state("b.txt", document.id) == "unchanged"
    assert empty.source_state("c.txt", document.id) == "new"


def _two_versions():
    """One file's two versions, with the same tasks: the second carries the first's ids."""
    tasks = (
        task("Sở Tài chính bố trí kinh phí", lead=("Sở Tài chính",), due="2026-09-20"),
        task("Sở Nội vụ hướng dẫn", lead=("Sở Nội vụ",), due="2026-12-31"),
    )
    first = make_document("Giao nhiệm vụ", number="104-CTr/TU", tasks=tasks)
    second = make_document("Giao nhiệm vụ (bản sửa)", number="104-CTr/TU", tasks=tasks)
    return first, second


@pytest.mark.parametrize("how", ["replaced", "retired"])
def test_contract_old_version_returns_under_another_path(empty, how):
    """v1's tasks live on under v2 (carried when the file changed, or retired into v2 when
    the path took content another path held); v1 brought back under a new path is a new
    document whose fresh task ids must not take theirs."""
    v1, v2 = _two_versions()
    empty.put(v1, "a.txt")
    if how == "retired":
        empty.put(v2, "b.txt")
    started = empty.tasks(TaskQuery(doc_id=v1.id, today=TODAY)).tasks[0]
    empty.update_task(started.id, who="a", status="dang_thuc_hien", note="bắt đầu")
    empty.put(v2, "a.txt")  # v1 is held by nobody now: its tasks go to v2
    before = {t.id: t for t in empty.tasks(TaskQuery(include_gone=True, today=TODAY)).tasks}
    assert {t.doc_id for t in before.values()} == {v2.id} and started.id in before
    empty.put(v1, "c.txt")  # the old version comes back
    assert empty.count() == 2 and empty.source_state("c.txt", v1.id) == "unchanged"
    assert empty.source_state("a.txt", v2.id) == "unchanged"
    fresh = empty.tasks(TaskQuery(doc_id=v1.id, include_gone=True, today=TODAY)).tasks
    assert [t.text for t in fresh] == [t.text for t in v1.tasks]
    assert not {t.id for t in fresh} & set(before)
    assert all(t.status == "chua_thuc_hien" and not t.gone for t in fresh)
    assert all(empty.task_history(t.id) == () for t in fresh)
    after = {t.id: t for t in empty.tasks(TaskQuery(doc_id=v2.id, include_gone=True)).tasks}
    assert {i: (t.status, t.gone) for i, t in after.items()} == {
        i: (t.status, t.gone) for i, t in before.items()
    }
    assert [e.note for e in empty.task_history(started.id)][:2] == [None, "bắt đầu"]
