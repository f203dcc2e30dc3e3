"""The store, the system of record, on SQLite and on a real PostgreSQL server: tasks with
stable identity, status and history, versions and renditions of documents, corrections
that no re-extraction overwrites, and the migrations that build it."""

from __future__ import annotations

from datetime import date

import pytest

from directives.errors import (
    InvalidCorrectionError,
    StoreError,
    TaskConflictError,
    TaskNotFoundError,
)
from store.engine import create_store_engine
from store.migrate import head, upgrade
from store.store import Store
from store.tracking import TaskQuery, check_status
from tests.index_fixtures import make_document, task

TODAY = date(2026, 10, 1)


# -- tasks ----------------------------------------------------------------------------


def _tracked(store):
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
    store.put(document, "tracked.txt")
    return document


def _texts(page):
    return [t.text for t in page.tasks]


def test_tasks_by_body_alias_and_role(store):
    _tracked(store)
    for name in ("UBND tỉnh", "Ủy ban nhân dân tỉnh", "uy ban nhan dan tinh"):
        page = store.tasks(TaskQuery(body=name, today=TODAY))
        assert _texts(page) == [
            "Sở Tài chính bố trí kinh phí",
            "Ủy ban nhân dân tỉnh chủ trì tổng kết",
        ], name
    lead = store.tasks(TaskQuery(body="UBND tỉnh", role="lead", today=TODAY))
    assert _texts(lead) == ["Ủy ban nhân dân tỉnh chủ trì tổng kết"]
    assert store.tasks(TaskQuery(body="CA tỉnh", today=TODAY)).total == 1


def test_tasks_by_due(store):
    _tracked(store)
    week = store.tasks(TaskQuery(due_within_days=7, today=TODAY))
    assert _texts(week) == ["Ủy ban nhân dân tỉnh chủ trì tổng kết"]
    overdue = store.tasks(TaskQuery(overdue=True, today=TODAY))
    assert _texts(overdue) == ["Sở Tài chính bố trí kinh phí"]
    assert overdue.tasks[0].overdue(TODAY)
    ranged = store.tasks(TaskQuery(due_from="2026-10-01", due_to="2026-12-31", today=TODAY))
    assert len(ranged.tasks) == 2
    on = store.tasks(TaskQuery(due_on=("2026-09-20", "2026-12-31", "2027-01-01"), today=TODAY))
    assert sorted(t.due for t in on.tasks) == ["2026-09-20", "2026-12-31"]
    streamed = store.each_task(TaskQuery(due_on=("2026-09-20", "2026-12-31"), open_only=True))
    assert sorted(t.due for t in streamed) == ["2026-09-20", "2026-12-31"]
    assert len(list(store.each_task(TaskQuery(limit=1)))) == 4  # limit and order ignored
    # "báo cáo định kỳ 06 tháng": every six months, on the last day (30/6, 31/12)
    for days, found in [
        (("2026-12-31",), 1),
        (("2026-12-30", "2026-09-30"), 0),
        (("2027-06-30",), 1),
    ]:
        assert len(list(store.each_task(TaskQuery(recurring_on=days)))) == found, days
    recurring = store.tasks(TaskQuery(recurring=True, today=TODAY))
    assert [t.recurrence for t in recurring.tasks] == [("semiannual",)]
    everything = store.tasks(TaskQuery(today=TODAY))
    assert everything.total == 4 and everything.tasks[-1].due is None  # undated last


def test_task_status_history_and_conflict(store):
    _tracked(store)
    t = store.tasks(TaskQuery(overdue=True, today=TODAY)).tasks[0]
    assert t.status == "chua_thuc_hien"
    moved = store.update_task(
        t.id, who="chuyen.vien", status=check_status("đang thực hiện"), if_version=t.version
    )
    assert moved.status == "dang_thuc_hien" and moved.version != t.version
    with pytest.raises(TaskConflictError):
        store.update_task(t.id, who="nguoi.khac", status="hoan_thanh", if_version=t.version)
    done = store.update_task(
        t.id, who="chuyen.vien", status="hoan_thanh", note="Đã bố trí đủ kinh phí"
    )
    assert done.status == "hoan_thanh" and not done.overdue(TODAY)
    assert store.tasks(TaskQuery(overdue=True, today=TODAY)).total == 0
    assert [x.id for x in store.tasks(TaskQuery(status="hoan_thanh")).tasks] == [t.id]
    assert t.id not in [x.id for x in store.tasks(TaskQuery(open_only=True)).tasks]
    assert store.tasks(TaskQuery(open_only=True)).total == 3
    events = store.task_history(t.id)
    assert [(e.action, e.old, e.new) for e in events] == [
        ("status", "chua_thuc_hien", "dang_thuc_hien"),
        ("status", "dang_thuc_hien", "hoan_thanh"),
        ("note", None, None),
    ]
    assert events[2].note == "Đã bố trí đủ kinh phí" and {e.who for e in events} == {"chuyen.vien"}
    with pytest.raises(TaskNotFoundError):
        store.update_task("0" * 16, who="x", status="hoan_thanh")


def test_edits_survive_a_changed_file(store):
    first = _tracked(store)
    old = {t.text: t for t in store.tasks(TaskQuery(today=TODAY)).tasks}
    kept = old["Sở Tài chính bố trí kinh phí"]
    store.update_task(kept.id, who="a", status="hoan_thanh", note="xong")
    dropped = old["Sở Nội vụ hướng dẫn"]
    store.update_task(dropped.id, who="a", status="dang_thuc_hien")
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
    assert store.source_state("tracked.txt", second.sha256) == "changed"
    store.put(second, "tracked.txt")
    assert store.document(first.id).state == "replaced" and store.count() == 1
    now = {t.id: t for t in store.tasks(TaskQuery(today=TODAY)).tasks}
    assert kept.id in now and now[kept.id].status == "hoan_thanh"
    assert (
        now[kept.id].text == "Sở Tài chính bố trí đủ kinh phí" and now[kept.id].due == "2026-09-25"
    )
    assert [e.action for e in store.task_history(kept.id)] == ["status", "note"]
    assert old["Công an tỉnh báo cáo định kỳ 06 tháng"].id in now
    assert dropped.id not in now
    gone = store.task(dropped.id)
    assert gone.gone and gone.status == "dang_thuc_hien" and gone.doc_id == second.id
    assert [e.action for e in store.task_history(dropped.id)] == ["status", "gone"]
    everything = store.tasks(TaskQuery(include_gone=True, today=TODAY))
    assert everything.total == 5


def test_refresh_keeps_edits(store):
    document = _tracked(store)
    t = store.tasks(TaskQuery(body="Sở Nội vụ", today=TODAY)).tasks[0]
    store.update_task(t.id, who="a", status="dang_thuc_hien", note="đang soạn")
    reread = make_document(
        "Giao nhiệm vụ",
        number="104-CTr/TU",
        tasks=(
            task("Sở Nội vụ hướng dẫn thực hiện", lead=("Sở Nội vụ",), due="2026-12-31"),
            task("Sở Tài chính bố trí kinh phí", lead=("Sở Tài chính",), due="2026-09-20"),
        ),
    )
    assert reread.id == document.id
    store.refresh(reread)
    after = store.task(t.id)
    assert after.status == "dang_thuc_hien" and not after.gone
    assert after.text == "Sở Nội vụ hướng dẫn thực hiện"
    assert store.tasks(TaskQuery(doc_id=document.id, today=TODAY)).total == 2
    assert store.tasks(TaskQuery(doc_id=document.id, include_gone=True, today=TODAY)).total == 4
    assert store.get(document.id).number == "104-CTr/TU"


def test_same_file_twice_and_link(store):
    document = make_document("Một văn bản", number="1-CV/ĐU")
    store.put(document, "a.txt")
    store.put(document, "copy/a.txt")
    store.link("b.txt", document.sha256)
    assert store.count() == 1
    assert store.source_state("b.txt", document.sha256) == "unchanged"
    assert store.source_state("c.txt", document.sha256) == "new"


def _two_versions():
    """One file's two versions, with the same tasks: the second carries the first's ids."""
    tasks = (
        task("Sở Tài chính bố trí kinh phí", lead=("Sở Tài chính",), due="2026-09-20"),
        task("Sở Nội vụ hướng dẫn", lead=("Sở Nội vụ",), due="2026-12-31"),
    )
    first = make_document("Giao nhiệm vụ", number="104-CTr/TU", tasks=tasks)
    second = make_document("Giao nhiệm vụ (bản sửa)", number="104-CTr/TU", tasks=tasks)
    return first, second


def test_old_version_brought_in_again_stays_replaced(store):
    """v1's tasks live on under v2 once the file changed; v1 brought back under another
    path is recognised as the replaced version: no second document, no fresh tasks."""
    v1, v2 = _two_versions()
    store.put(v1, "a.txt")
    started = store.tasks(TaskQuery(doc_id=v1.id, today=TODAY)).tasks[0]
    store.update_task(started.id, who="a", status="dang_thuc_hien", note="bắt đầu")
    assert store.put(v2, "a.txt").withdrawn == (v1.id,)
    before = {t.id: t for t in store.tasks(TaskQuery(include_gone=True, today=TODAY)).tasks}
    assert {t.doc_id for t in before.values()} == {v2.id} and started.id in before
    assert store.put(v1, "c.txt").doc_id == v2.id
    assert store.count() == 1 and store.current_ids() == [v2.id]
    assert store.document(v1.id).state == "replaced"
    assert store.document(v1.id).replaced_by == v2.id
    after = {t.id: t for t in store.tasks(TaskQuery(include_gone=True, today=TODAY)).tasks}
    assert {i: (t.status, t.gone) for i, t in after.items()} == {
        i: (t.status, t.gone) for i, t in before.items()
    }
    assert [e.note for e in store.task_history(started.id)] == [None, "bắt đầu"]


# -- migrations -------------------------------------------------------------------------


def test_an_unmigrated_store_is_refused_with_the_command_to_run(store_url):
    with pytest.raises(StoreError, match="directives migrate"):
        Store(store_url)
    engine = create_store_engine(store_url)
    assert upgrade(engine) == ["0001", "0002", "0003", "0004", "0005"] and head() == "0005"
    assert upgrade(engine) == []  # once
    engine.dispose()
    Store(store_url).close()


def test_a_store_of_an_older_revision_is_upgraded_keeping_its_rows(store_url):
    """A store left at revision 0001 (before accounts moved in) is refused until
    `directives migrate` upgrades it; its documents and tasks come through."""
    from alembic import command

    from store.accounts import AccountStore
    from store.migrate import _config

    engine = create_store_engine(store_url)
    command.upgrade(_config(engine), "0001")
    older = Store(store_url, checked=False)
    older.put(_document_with_tasks(), "a.txt")
    older.close()
    with pytest.raises(StoreError, match="0001, cần 0005: chạy `directives migrate`"):
        Store(store_url)
    assert upgrade(engine) == ["0002", "0003", "0004", "0005"]
    engine.dispose()
    store = Store(store_url)
    try:
        assert store.count() == 1 and store.tasks(TaskQuery()).total == 2
        accounts = AccountStore(store.engine)
        accounts.add_user("van.thu", "mat-khau-van-thu", "editor")
        assert accounts.authenticate("van.thu", "mat-khau-van-thu").role == "editor"
    finally:
        store.close()


def _document_with_tasks():
    return make_document(
        "Giao nhiệm vụ",
        number="7-KH/UB",
        tasks=(
            task("Sở Tài chính bố trí kinh phí", lead=("Sở Tài chính",), due="2026-09-20"),
            task("Sở Nội vụ hướng dẫn", lead=("Sở Nội vụ",), due="2026-12-31"),
        ),
    )


# -- corrections ------------------------------------------------------------------------


def test_corrections_stand_against_a_new_extraction(store):
    document = _tracked(store)
    t = store.tasks(TaskQuery(body="Sở Tài chính", role="lead", today=TODAY)).tasks[0]
    fixed = store.update_task(
        t.id,
        who="chuyen.vien",
        corrections={"lead": ["Sở Kế hoạch và Đầu tư"], "due": "2027-01-15"},
        if_version=t.version,
    )
    assert [b.name for b in fixed.lead] == ["Sở Kế hoạch và Đầu tư"] and fixed.due == "2027-01-15"
    assert {c.field for c in fixed.corrected} == {"lead", "due"}
    assert store.tasks(TaskQuery(body="Sở Tài chính", role="lead", today=TODAY)).total == 0
    assert store.tasks(TaskQuery(body="Sở KH&ĐT", today=TODAY)).tasks[0].id == t.id
    with pytest.raises(TaskConflictError):
        store.update_task(t.id, who="x", corrections={"due": None}, if_version=t.version)
    with pytest.raises(InvalidCorrectionError):
        store.update_task(t.id, who="x", corrections={"due": "15/01/2027"})
    # the extractor reads the document again and still sees Sở Tài chính, 2026-09-20
    store.refresh(document)
    again = store.task(t.id)
    assert [b.name for b in again.lead] == ["Sở Kế hoạch và Đầu tư"] and again.due == "2027-01-15"
    seen = {c.field: c.machine for c in again.corrected}
    assert seen == {"lead": "Sở Tài chính", "due": "2026-09-20"}  # the disagreement, shown
    history = store.task_history(t.id)
    assert [(e.action, e.field, e.old, e.new) for e in history] == [
        ("corrected", "lead", "Sở Tài chính", "Sở Kế hoạch và Đầu tư"),
        ("corrected", "due", "2026-09-20", "2027-01-15"),
    ]


def test_text_span_correction_takes_the_document_text(store):
    document = make_document(
        "Giao Sở Tài chính bố trí kinh phí trước ngày 20/9/2026. Hết.",
        number="5-CV/UB",
        tasks=(task("Giao Sở Tài chính bố trí kinh phí", lead=("Sở Tài chính",)),),
    )
    store.put(document, "span.txt")
    t = store.tasks(TaskQuery(doc_id=document.id)).tasks[0]
    end = document.text.index(" Hết")
    fixed = store.update_task(t.id, who="a", corrections={"text": (5, end)})
    assert fixed.text == "Sở Tài chính bố trí kinh phí trước ngày 20/9/2026."
    assert (fixed.start, fixed.end) == (5, end)
    with pytest.raises(InvalidCorrectionError):
        store.update_task(t.id, who="a", corrections={"text": (5, 10_000)})


def test_a_missed_task_is_added_and_a_false_one_hidden(store):
    document = _tracked(store)
    start = document.text.index("nhiệm vụ")
    added = store.add_task(
        document.id, "chuyen.vien", text_start=start, text_end=len(document.text),
        lead=["Văn phòng UBND tỉnh"], due="2026-11-30",
    )  # fmt: skip
    assert added.origin == "added" and added.text == "nhiệm vụ"
    assert [b.name for b in added.lead] == ["Văn phòng Ủy ban nhân dân tỉnh"]
    assert store.tasks(TaskQuery(doc_id=document.id)).total == 5
    false = store.tasks(TaskQuery(body="Sở Nội vụ")).tasks[0]
    store.update_task(false.id, who="chuyen.vien", not_a_task=True)
    assert store.tasks(TaskQuery(doc_id=document.id)).total == 4
    assert store.tasks(TaskQuery(doc_id=document.id, include_hidden=True)).total == 5
    assert store.task(false.id).not_a_task
    store.refresh(document)  # a new extraction neither unhides nor drops what people did
    assert store.task(false.id).not_a_task and store.task(added.id).origin == "added"
    assert store.tasks(TaskQuery(doc_id=document.id)).total == 4
    assert len(store.get(document.id).tasks) == 4
    store.update_task(false.id, who="chuyen.vien", not_a_task=False)
    assert store.tasks(TaskQuery(doc_id=document.id)).total == 5
    assert [e.action for e in store.task_history(false.id)] == ["hidden", "restored"]
    assert [e.action for e in store.task_history(added.id)] == ["added"]


def test_header_corrections_review_and_tracking(store):
    document = _tracked(store)
    stored = store.correct_document(
        document.id, "chuyen.vien", {"number": "105-CTr/TU", "security": "mật"}
    )
    assert stored.document.number == "105-CTr/TU" and stored.document.security == "Mật"
    assert store.tasks(TaskQuery(doc_id=document.id, clearance=0)).total == 0  # now classified
    store.refresh(document)
    again = store.document(document.id)
    assert again.document.number == "105-CTr/TU"
    assert {c.field: c.machine for c in again.corrections} == {
        "number": "104-CTr/TU",
        "security": None,
    }
    with pytest.raises(InvalidCorrectionError):
        store.correct_document(document.id, "x", {"date": "32/13/2026"})
    assert not again.reviewed_by
    store.mark_reviewed(document.id, "truong.phong")
    assert store.document(document.id).reviewed_by == "truong.phong"
    assert store.document(document.id).tracked
    store.set_tracked(document.id, "truong.phong", False)
    assert not store.document(document.id).tracked
    assert store.tasks(TaskQuery(tracked_only=True)).total == 0
    assert store.tasks(TaskQuery()).total == 4
    assert [e.action for e in store.document_history(document.id)] == [
        "corrected", "corrected", "reviewed", "untracked",
    ]  # fmt: skip


def test_the_same_document_as_another_file_is_one_document(store):
    """The signed text PDF and a scan of it: one document, two renditions, one set of
    tasks; the text reading is kept as the document's."""
    tasks = (task("Sở Tài chính bố trí kinh phí", lead=("Sở Tài chính",), due="2026-09-20"),)
    scan = make_document("Giao nhiem vu (OCR)", number="104-CTr/TU", tasks=tasks, salt="scan")
    scan = replace_reading(scan, {"ocr_pages": [1]})
    text = make_document("Giao nhiệm vụ", number="104-CTr/TU", tasks=tasks, salt="text")
    store.put(scan, "scan.pdf")
    t = store.tasks(TaskQuery()).tasks[0]
    store.update_task(t.id, who="a", status="dang_thuc_hien")
    put = store.put(text, "signed.pdf")
    assert put.doc_id == scan.id and put.rendition_of == scan.id
    assert store.count() == 1 and store.tasks(TaskQuery(include_gone=True)).total == 1
    stored = store.document(scan.id)
    assert [(r.filename, r.primary) for r in stored.renditions] == [
        (scan.filename, False),
        (text.filename, True),
    ]
    assert stored.document.text == "Giao nhiệm vụ"
    assert store.task(t.id).status == "dang_thuc_hien"
    other = make_document("Giao nhiệm vụ", number="105-CTr/TU", tasks=tasks)
    assert store.put(other, "other.pdf").doc_id == other.id and store.count() == 2


def test_blank_numbers_never_merge(store):
    a = make_document("Văn bản A", number="/QĐ-UBND", salt="a")
    b = make_document("Văn bản B", number="/QĐ-UBND", salt="b")
    store.put(a, "a.txt")
    store.put(b, "b.txt")
    assert store.count() == 2


def replace_reading(document, reading):
    from dataclasses import replace

    return replace(document, meta={**document.meta, "reading": reading})


def test_review_queue_puts_the_doubtful_first_and_drops_the_reviewed(store):
    plain = make_document("Văn bản đọc rõ", number="1-CV/UB", salt="a")
    flagged = replace_meta(
        make_document("Văn bản có số viết tay", number="2-CV/UB", salt="b"),
        needs_review=[{"field": "number", "reason": "số viết tay", "start": 0, "end": 1}],
    )
    scan = replace_meta(
        make_document("Ban quet mo", number="3-CV/UB", salt="c"),
        reading={"ocr_pages": [1], "ocr_confidence": [52.5]},
    )
    secret = make_document("Văn bản mật", number="4-CV/UB", salt="d", security="Mật")
    for n, document in enumerate((plain, flagged, scan, secret)):
        store.put(document, f"{n}.txt")
    queue = store.review_queue(clearance=0)
    assert [d.number for d in queue.items] == ["2-CV/UB", "3-CV/UB", "1-CV/UB"]
    assert queue.items[0].review_flags == 1 and queue.items[1].low_ocr
    assert store.review_queue(clearance=0, flagged_only=True).total == 2
    assert store.review_queue(clearance=1).total == 4
    store.mark_reviewed(flagged.id, "truong.phong")
    assert [d.number for d in store.review_queue(clearance=0).items] == ["3-CV/UB", "1-CV/UB"]


def replace_meta(document, **meta):
    from dataclasses import replace

    return replace(document, meta={**document.meta, **meta})


def test_the_office_follows_documents_that_name_its_own_bodies(store_url):
    from store.tracking_rule import TrackingRule
    from tests.store_fixtures import migrated

    rule = TrackingRule(("Sở Tài chính", "STC"), since="2025-01-01")
    store = Store(migrated(store_url), rule)
    try:
        ours = make_document(
            "Giao Sở Tài chính", number="1-KH/UB",
            tasks=(task("Sở Tài chính bố trí kinh phí", lead=("Sở Tài chính",), due="2026-01-10"),),
        )  # fmt: skip
        support = make_document(
            "Phối hợp", number="2-KH/UB",
            tasks=(task("Sở Y tế chủ trì", lead=("Sở Y tế",), support=("Sở Tài chính",),
                        due="2026-01-10"),),
        )  # fmt: skip
        theirs = make_document(
            "Giao Bộ Quốc phòng", number="3-NQ/TW",
            tasks=(task("Bộ Quốc phòng chủ trì", lead=("Bộ Quốc phòng",), due="2026-01-10"),),
        )  # fmt: skip
        old = make_document(
            "Văn bản cũ", number="4-QĐ/UB", date="2004-05-01",
            tasks=(task("Sở Tài chính bố trí kinh phí năm 2004", lead=("Sở Tài chính",),
                        due="2004-12-31"),),
        )  # fmt: skip
        press = make_document(
            "Bài báo", number=None, doc_type="Bài viết", salt="p",
            tasks=(task("Sở Tài chính cần bố trí kinh phí", lead=("Sở Tài chính",),
                        due="2026-01-10"),),
        )  # fmt: skip
        for n, d in enumerate((ours, support, theirs, old, press)):
            store.put(d, f"{n}.txt")
        followed = {d.id: store.document(d.id).tracked for d in (ours, support, theirs, old, press)}
        assert followed == {ours.id: True, support.id: True, theirs.id: False, old.id: False,
                            press.id: False}  # fmt: skip
        overdue = store.tasks(TaskQuery(overdue=True, tracked_only=True, today=TODAY))
        assert {t.doc_id for t in overdue.tasks} == {ours.id, support.id}
        assert store.tasks(TaskQuery(overdue=True, today=TODAY)).total == 5
        mine = store.tasks(TaskQuery(bodies=("STC", "Sở Tài chính"), tracked_only=True))
        assert {t.doc_id for t in mine.tasks} == {ours.id, support.id}
        store.set_tracked(theirs.id, "chanh.van.phong", True)
        assert store.tasks(TaskQuery(tracked_only=True)).total == 3
        store.set_tracked(theirs.id, "chanh.van.phong", None)  # back to the rule
        assert not store.document(theirs.id).tracked
    finally:
        store.close()


def test_two_writers_storing_the_same_new_file_make_one_document(store):
    """As two ingest workers on two machines would: the same file, at the same moment."""
    import threading

    document = _document_with_tasks()
    results, errors = [], []
    barrier = threading.Barrier(4)

    def ingest(path):
        barrier.wait()
        try:
            results.append(store.put(document, path).doc_id)
        except Exception as e:  # noqa: BLE001 - the assertion below names it
            errors.append(e)

    threads = [threading.Thread(target=ingest, args=(f"/may-{n}/a.pdf",)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and results == [document.id] * 4
    assert store.count() == 1 and store.tasks(TaskQuery()).total == 2
    assert all(store.source_state(f"/may-{n}/a.pdf", document.sha256) == "unchanged"
               for n in range(4))  # fmt: skip


def test_a_corrected_date_runs_the_tracking_rule_again(store_url):
    from store.tracking_rule import TrackingRule
    from tests.store_fixtures import migrated

    store = Store(migrated(store_url), TrackingRule(since="2025-01-01"))
    try:
        misread = make_document(
            "Kế hoạch", number="9-KH/UB", date="2005-03-02",  # OCR read 2005 for 2025
            tasks=(task("Sở Tài chính bố trí kinh phí", lead=("Sở Tài chính",), due="2025-06-30"),),
        )  # fmt: skip
        store.put(misread, "a.pdf")
        assert not store.document(misread.id).tracked
        store.correct_document(misread.id, "van.thu", {"date": "2025-03-02"})
        assert store.document(misread.id).tracked
    finally:
        store.close()


def test_tokens_end_when_revoked_expired_or_the_password_changes(store):
    from store.accounts import AccountStore

    accounts = AccountStore(store.engine)
    accounts.add_user("van.thu", "mat-khau-van-thu", "editor")
    token = accounts.issue_token("van.thu", "e-office")
    feed = accounts.issue_token("van.thu", "lịch", kind="calendar")
    expired = accounts.issue_token("van.thu", "cũ", days=-1)
    assert accounts.user_for_token(token).username == "van.thu"
    assert accounts.user_for_token(feed) is None  # not an API token
    assert accounts.user_for_token(feed, "calendar").username == "van.thu"
    assert accounts.user_for_token(expired) is None
    (listed,) = [t for t in accounts.tokens("van.thu") if t.name == "e-office"]
    assert accounts.revoke_token("van.thu", listed.id) and accounts.user_for_token(token) is None
    assert not accounts.revoke_token("van.thu", listed.id)
    again = accounts.issue_token("van.thu", "e-office")
    session, _ = accounts.open_session("van.thu")
    accounts.set_password("van.thu", "mat-khau-moi-2026")
    assert accounts.user_for_token(again) is None and accounts.session(session) is None
    assert accounts.tokens("van.thu") == []


def test_of_runs_claiming_a_digest_at_once_one_gets_it(store):
    import threading

    from store.outbox import Outbox

    outbox = Outbox(store.engine)
    digest = outbox.plan("email", "stc@laocai.gov.vn", "2026-12-06", [("t|7d|x", {})], {})
    won, barrier = [], threading.Barrier(6)

    def claim(n):
        barrier.wait()
        if outbox.claim(digest.id, f"run-{n}"):
            won.append(n)

    threads = [threading.Thread(target=claim, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(won) == 1 and outbox.digest(digest.id).state == "sending"
    assert outbox.recover() == []  # its lease holds: a live run's, left alone
    expired = Outbox(store.engine, lease_seconds=-1)
    again = expired.plan("email", "snv@laocai.gov.vn", "2026-12-06", [("t|3d|y", {})], {})
    assert expired.claim(again.id, "a-run-that-died")
    assert [d.id for d in outbox.recover()] == [again.id]  # ran out: uncertain, not resent
    assert outbox.digest(again.id).state == "uncertain"
