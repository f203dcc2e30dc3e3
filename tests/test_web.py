"""The web pages through FastAPI's TestClient: login, CSRF, roles and clearance.

Read-only pages run on the shared ``indexed_samples``; tests that change tasks or add
documents get a data directory of their own.
"""

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.web import highlighted, local_url, page_numbers
from directives.settings import Settings
from flows.pipeline import project
from index.base import SearchQuery
from index.sqlite import SqliteIndex
from store.models import NamedBody
from store.tracking import TaskQuery, TaskRecord
from tests.conftest import SAMPLES, VU_DUONG, ingest_into, open_accounts, open_data
from tests.index_fixtures import make_document, task

USERS = {  # username: (role, clearance)
    "nhanvien": ("viewer", 0),
    "bientap": ("editor", 0),
    "mat1": ("viewer", 1),
}


def add_users(data_dir) -> None:
    accounts = open_accounts(data_dir)
    try:
        for username, (role, clearance) in USERS.items():
            if accounts.user(username) is None:
                accounts.add_user(username, f"mat-khau-{username}", role, clearance)
    finally:
        accounts.close()


def audit_actions(data_dir) -> list[tuple[str, str]]:
    accounts = open_accounts(data_dir)
    try:
        return [(e.who, e.action) for e in accounts.audit_log()]
    finally:
        accounts.close()


def login(client: TestClient, username: str, password: str | None = None, next: str = "/"):
    form = client.get("/dang-nhap")
    token = re.search(r'name="login_csrf" value="([^"]+)"', form.text)[1]
    return client.post(
        "/dang-nhap",
        data={
            "username": username,
            "password": password or f"mat-khau-{username}",
            "login_csrf": token,
            "next": next,
        },
    )


def csrf_of(page_text: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page_text)[1]


@pytest.fixture(scope="module")
def app(indexed_samples):
    add_users(indexed_samples)
    return create_app(Settings(data_dir=indexed_samples))


@pytest.fixture
def anonymous(app):
    with TestClient(app, follow_redirects=False) as client:
        yield client


@pytest.fixture
def viewer(anonymous):
    assert login(anonymous, "nhanvien").status_code == 303
    return anonymous


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    """The users and the Vũ Dương công văn, built once (password hashing is slow)."""
    data_dir = tmp_path_factory.mktemp("web")
    assert not ingest_into(data_dir, VU_DUONG).failed
    add_users(data_dir)
    return data_dir


@pytest.fixture
def own_data(seeded, tmp_path) -> Path:
    """A copy of ``seeded`` of the test's own, for tests that change tasks or documents."""
    return Path(shutil.copytree(seeded, tmp_path / "data"))


@pytest.fixture
def client_for():
    """Opens a logged-in client on a data directory; closes them all after the test."""
    opened: list[TestClient] = []

    def open_client(data_dir, username: str) -> TestClient:
        client = TestClient(create_app(Settings(data_dir=data_dir)), follow_redirects=False)
        opened.append(client.__enter__())
        assert login(client, username).status_code == 303
        return client

    yield open_client
    for client in opened:
        client.__exit__(None, None, None)


def vu_duong_id(data_dir) -> str:
    index = SqliteIndex(Settings(data_dir=data_dir).index_path)
    try:
        return index.search(SearchQuery(q="226-CV/ĐU")).hits[0].id
    finally:
        index.close()


def tasks_of(data_dir, doc_id) -> list[TaskRecord]:
    store, index = open_data(data_dir)
    index.close()
    try:
        return sorted(store.tasks(TaskQuery(doc_id=doc_id)).tasks, key=lambda t: t.ordinal)
    finally:
        store.close()


# -- login, logout, redirects ------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/?q=cong+an", "/van-ban/abc", "/nhiem-vu?trang_thai=hoan-thanh", "/tai-len"]
)
def test_web_pages_redirect_to_login_without_session(anonymous, path):
    response = anonymous.get(path)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/dang-nhap?next=")
    follow = anonymous.get(response.headers["location"])
    assert follow.status_code == 200 and "Đăng nhập" in follow.text
    assert f'name="next" value="{path.replace("&", "&amp;")}"' in follow.text


def test_web_login_wrong_password_says_so(anonymous, indexed_samples):
    response = login(anonymous, "nhanvien", "sai-mat-khau")
    assert response.status_code == 401
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.text
    assert "directives_session" not in anonymous.cookies
    assert ("nhanvien", "đăng nhập thất bại") in audit_actions(indexed_samples)


def test_web_login_sets_session_cookie_and_goes_back(anonymous, indexed_samples):
    response = login(anonymous, "nhanvien", next="/nhiem-vu")
    assert response.status_code == 303 and response.headers["location"] == "/nhiem-vu"
    cookie = next(
        c for c in response.headers.get_list("set-cookie") if c.startswith("directives_session=")
    )
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    assert ("nhanvien", "đăng nhập") in audit_actions(indexed_samples)
    page = anonymous.get("/nhiem-vu")
    assert page.status_code == 200 and "Bảng nhiệm vụ" in page.text
    assert "Content-Security-Policy" in page.headers and page.headers["cache-control"] == "no-store"


def test_web_login_cookie_is_secure_when_configured(own_data):
    app = create_app(Settings(data_dir=own_data, secure_cookies=True))
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        response = login(client, "nhanvien")
        cookie = next(
            c for c in response.headers.get_list("set-cookie") if "directives_session=" in c
        )
        assert "Secure" in cookie


@pytest.mark.parametrize("target", ["https://example.com/", "//example.com/x", "/\\example.com"])
def test_web_login_never_redirects_off_site(anonymous, target):
    response = login(anonymous, "nhanvien", next=target)
    assert response.headers["location"] == "/"


def test_web_login_without_its_form_token_is_refused(anonymous):
    response = anonymous.post(
        "/dang-nhap", data={"username": "nhanvien", "password": "mat-khau-nhanvien"}
    )
    assert response.status_code == 403
    assert "directives_session" not in anonymous.cookies


def test_web_logout_needs_csrf_and_closes_the_session(viewer):
    assert viewer.post("/dang-xuat", data={"csrf": "sai"}).status_code == 403
    csrf = csrf_of(viewer.get("/").text)
    response = viewer.post("/dang-xuat", data={"csrf": csrf})
    assert response.status_code == 303 and response.headers["location"] == "/dang-nhap"
    assert viewer.get("/").status_code == 303


# -- search and document pages -----------------------------------------------------------


def test_web_search_page_renders_hits_without_accents(viewer):
    page = viewer.get("/", params={"q": "cong an xa vu duong"})
    assert page.status_code == 200
    assert "Tìm thấy" in page.text
    first = page.text.index('class="hit"')
    assert "226-CV/ĐU" in page.text[first : first + 600]
    assert "<mark>" in page.text  # snippets are rendered as HTML, not escaped twice
    assert "&lt;mark&gt;" not in page.text
    assert "Loại văn bản" in page.text and "/?q=cong+an+xa+vu+duong&amp;loai=" in page.text
    typed = viewer.get("/", params={"q": '<script>alert("x")</script>'}).text
    assert "<script>alert" not in typed and "&lt;script&gt;alert" in typed


def test_web_search_facet_filter_and_sort(viewer):
    page = viewer.get("/", params={"loai": "Công văn", "sap_xep": "moi-nhat"})
    hits = re.findall(r'<h2><a href="/van-ban/\w+">([^<]+)</a></h2>', page.text)
    assert hits and all(h.startswith("Công văn") for h in hits)
    assert "Loại văn bản: Công văn" in page.text  # the active filter, removable
    assert viewer.get("/", params={"trang": "abc", "nam": "x"}).status_code == 200


def test_web_document_page_shows_header_text_and_tasks(own_data, client_for):
    doc_id = vu_duong_id(own_data)
    tasks = tasks_of(own_data, doc_id)
    client = client_for(own_data, "nhanvien")
    page = client.get(f"/van-ban/{doc_id}")
    assert page.status_code == 200
    for text in ("Công văn số 226-CV/ĐU", "Đảng ủy xã Vũ Dương", "11/06/2026", "Toàn văn"):
        assert text in page.text
    assert f"Nhiệm vụ ({len(tasks)})" in page.text
    for t in tasks:
        assert f'id="task-{t.id}"' in page.text and f'id="nv-{t.id}"' in page.text
    assert 'class="due"' in page.text or 'class="lead"' in page.text
    assert f"/documents/{doc_id}/original" in page.text
    assert f"/documents/{doc_id}/extraction" in page.text
    assert 'action="/nhiem-vu/' not in page.text  # a viewer gets no task form


def test_web_document_page_lists_what_needs_review(viewer):
    # the press article among the samples: no header, so its issuer is flagged
    page = viewer.get("/", params={"q": "Bộ trưởng Tô Lâm Kon Tum"})
    doc_id = re.findall(r'<h2><a href="/van-ban/(\w+)">', page.text)[0]
    page = viewer.get(f"/van-ban/{doc_id}")
    assert "Cần kiểm tra lại" in page.text
    assert "<strong>Cơ quan ban hành</strong>" in page.text


def test_web_unknown_document_is_a_404_page(viewer):
    page = viewer.get("/van-ban/khong-co")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "Không tìm thấy" in page.text


# -- changing tasks ----------------------------------------------------------------------


def post_task(client, task: TaskRecord, **data):
    return client.post(
        f"/nhiem-vu/{task.id}",
        data={"version": task.version, "next": f"/van-ban/{task.doc_id}", **data},
    )


def test_web_task_form_without_csrf_is_refused(own_data, client_for):
    task_ = tasks_of(own_data, vu_duong_id(own_data))[0]
    client = client_for(own_data, "bientap")
    assert post_task(client, task_, status="hoan_thanh").status_code == 403
    assert post_task(client, task_, status="hoan_thanh", csrf="sai").status_code == 403
    assert tasks_of(own_data, task_.doc_id)[0].status == "chua_thuc_hien"


def test_web_viewer_cannot_change_a_task(own_data, client_for):
    task_ = tasks_of(own_data, vu_duong_id(own_data))[0]
    client = client_for(own_data, "nhanvien")
    csrf = csrf_of(client.get("/nhiem-vu").text)
    response = post_task(client, task_, status="hoan_thanh", csrf=csrf)
    assert response.status_code == 403 and "chỉ được xem" in response.text
    assert tasks_of(own_data, task_.doc_id)[0].status == "chua_thuc_hien"


def test_web_editor_marks_a_task_done_and_adds_a_note(own_data, client_for):
    doc_id = vu_duong_id(own_data)
    task_ = tasks_of(own_data, doc_id)[0]
    client = client_for(own_data, "bientap")
    page = client.get(f"/van-ban/{doc_id}")
    assert f'action="/nhiem-vu/{task_.id}"' in page.text
    response = post_task(
        client, task_, status="hoan_thanh", note="Đã báo cáo Đảng ủy", csrf=csrf_of(page.text)
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/van-ban/{doc_id}?da_luu={task_.id}#nv-{task_.id}"
    assert tasks_of(own_data, doc_id)[0].status == "hoan_thanh"
    after = client.get(f"/van-ban/{doc_id}?da_luu={task_.id}").text
    assert "Đã lưu" in after and "Đã báo cáo Đảng ủy" in after
    board = client.get("/nhiem-vu", params={"trang_thai": "hoan-thanh"}).text
    assert f'id="nv-{task_.id}"' in board
    assert ("bientap", "cập nhật nhiệm vụ") in audit_actions(own_data)


def test_web_stale_task_form_shows_the_conflict(own_data, client_for):
    doc_id = vu_duong_id(own_data)
    task_ = tasks_of(own_data, doc_id)[0]
    client = client_for(own_data, "bientap")
    csrf = csrf_of(client.get("/nhiem-vu").text)
    assert post_task(client, task_, status="dang_thuc_hien", csrf=csrf).status_code == 303
    stale = post_task(client, task_, status="hoan_thanh", note="muộn", csrf=csrf)
    assert stale.status_code == 409
    assert "Nhiệm vụ vừa được người khác cập nhật, hãy xem lại" in stale.text
    assert 'value="muộn"' in stale.text  # what the user typed is kept
    assert tasks_of(own_data, doc_id)[0].status == "dang_thuc_hien"


def test_web_task_board_filters_by_body_abbreviation(own_data, client_for):
    client = client_for(own_data, "nhanvien")
    everything = client.get("/nhiem-vu").text
    filtered = client.get("/nhiem-vu", params={"don_vi": "UBND xã"}).text
    nobody = client.get("/nhiem-vu", params={"don_vi": "Bộ Ngoại giao"}).text
    count = lambda text: text.count('<tr id="nv-')  # noqa: E731
    assert 0 < count(filtered) < count(everything)
    assert count(nobody) == 0


# -- clearance ---------------------------------------------------------------------------

SECRET_TEXT = (
    "Công an tỉnh chủ trì rà soát phương án bảo vệ mục tiêu trọng điểm trước ngày 30/12/2026."
)


@pytest.fixture
def classified(own_data):
    """A data directory with one more public and one classified ("Mật") document."""
    store, index = open_data(own_data)
    public = make_document(
        "Ủy ban nhân dân tỉnh giao Sở Tài chính tổng hợp báo cáo trước ngày 15/12/2026.",
        number="1/UBND-TH",
        subject="tổng hợp báo cáo",
        tasks=(task("Sở Tài chính tổng hợp báo cáo", lead=("Sở Tài chính",), due="2026-12-15"),),
    )
    secret = make_document(
        SECRET_TEXT,
        number="2/UBND-MAT",
        subject="phương án bảo vệ mục tiêu",
        security="Mật",
        tasks=(task(SECRET_TEXT, lead=("Công an tỉnh",), due="2026-12-30"),),
    )
    for document, path in ((public, "public.txt"), (secret, "secret.txt")):
        project(store, index, store.put(document, path))
    index.close()
    store.close()
    return own_data, secret.id


@pytest.mark.parametrize(("username", "sees"), [("nhanvien", False), ("mat1", True)])
def test_web_classified_document_follows_clearance(classified, username, sees, client_for):
    data_dir, secret_id = classified
    client = client_for(data_dir, username)
    search = client.get("/", params={"q": "bao ve muc tieu"}).text
    everything = client.get("/").text
    document = client.get(f"/van-ban/{secret_id}")
    board = client.get("/nhiem-vu").text
    assert ("2/UBND-MAT" in search) is sees
    assert ("2/UBND-MAT" in everything) is sees and "1/UBND-TH" in everything
    assert ("do_mat=M" in everything) is sees  # the "Độ mật" facet
    assert document.status_code == (200 if sees else 404)
    assert ("rà soát phương án bảo vệ" in board) is sees
    assert "Sở Tài chính tổng hợp báo cáo" in board


# -- upload without JavaScript -----------------------------------------------------------


def test_web_upload_form_ingests_a_file(own_data, client_for):
    viewer = client_for(own_data, "nhanvien")
    assert viewer.get("/tai-len").status_code == 403
    editor = client_for(own_data, "bientap")
    form = editor.get("/tai-len")
    assert form.status_code == 200 and 'type="file"' in form.text
    sample = SAMPLES / "cv-9387-UBND-KT-LaoCai-2026.txt"
    with sample.open("rb") as f:
        refused = editor.post("/tai-len", files={"file": (sample.name, f, "text/plain")})
    assert refused.status_code == 403
    with sample.open("rb") as f:
        page = editor.post(
            "/tai-len",
            data={"csrf": csrf_of(form.text)},
            files={"file": (sample.name, f, "text/plain")},
        )
    assert page.status_code == 200
    assert "Đã tiếp nhận và trích xuất" in page.text and "9387/UBND-KT" in page.text
    doc_id = re.search(r'href="/van-ban/(\w+)">Mở trang văn bản', page.text)[1]
    assert editor.get(f"/van-ban/{doc_id}").status_code == 200
    fragment = editor.get(f"/tai-len/ket-qua/{doc_id}", params={"trang_thai": "unchanged"})
    assert "đã có trong hệ thống" in fragment.text and "<html" not in fragment.text


# -- presentation helpers ----------------------------------------------------------------


def test_web_highlighted_wraps_tasks_and_marks_bodies_and_deadline():
    text = "Mở đầu <b>. UBND xã chủ trì, báo cáo trước ngày 30/6/2026. Kết thúc."
    start = text.index("UBND")
    end = text.index(" Kết")
    record = TaskRecord(
        id="t1", doc_id="d", ordinal=0, text=text[start:end], start=start, end=end,
        lead=(NamedBody("Ủy ban nhân dân xã", "UBND xã"),), support=(), due="2026-06-30",
        due_text="trước ngày 30/6/2026", recurrence=(), report_to=None,
        status="chua_thuc_hien", version="1",
    )  # fmt: skip
    html = str(highlighted(text, [record]))
    assert html.startswith("Mở đầu &lt;b&gt;. ")
    assert '<span class="task status-chua_thuc_hien" id="task-t1">' in html
    assert '<mark class="lead" title="đơn vị chủ trì">UBND xã</mark>' in html
    assert '<mark class="due" title="thời hạn">trước ngày 30/6/2026</mark>' in html
    assert html.endswith("</span> Kết thúc.")


@pytest.mark.parametrize(
    ("current", "last", "pages"),
    [(1, 1, [1]), (1, 4, [1, 2, 3, 4]), (6, 12, [1, None, 4, 5, 6, 7, 8, None, 12])],
)
def test_web_page_numbers(current, last, pages):
    assert page_numbers(current, last) == pages


@pytest.mark.parametrize(
    ("url", "safe"),
    [("/van-ban/x?a=1", "/van-ban/x?a=1"), ("http://x.org/", "/"), ("//x.org", "/"), ("", "/")],
)
def test_web_local_url(url, safe):
    assert local_url(url) == safe


def test_web_review_queue_and_corrections_by_form(own_data, client_for):
    """The "Cần kiểm tra" page lists the unreviewed document; an editor corrects a task's
    lead and due date and the document's number by form, marks it reviewed from the queue,
    and it leaves the queue; a viewer sees the queue but no form."""
    doc_id = vu_duong_id(own_data)
    viewer = client_for(own_data, "nhanvien")
    queue = viewer.get("/can-kiem-tra").text
    assert f'href="/van-ban/{doc_id}"' in queue and "Đã kiểm tra</button>" not in queue
    assert "Sửa nhiệm vụ" not in viewer.get(f"/van-ban/{doc_id}").text
    editor = client_for(own_data, "bientap")
    page = editor.get(f"/van-ban/{doc_id}")
    task_ = tasks_of(own_data, doc_id)[0]
    csrf = csrf_of(page.text)
    corrected = editor.post(
        f"/nhiem-vu/{task_.id}/sua",
        data={"csrf": csrf, "version": task_.version, "lead": "Công an xã Vũ Dương",
              "support": "", "due": "2026-12-20", "report_to": ""},
    )  # fmt: skip
    assert corrected.status_code == 303
    after = tasks_of(own_data, doc_id)[0]
    assert [b.name for b in after.lead] == ["Công an xã Vũ Dương"] and after.due == "2026-12-20"
    assert {c.field for c in after.corrected} == {"lead", "due"}
    yearly = editor.post(
        f"/nhiem-vu/{task_.id}/sua",
        data={"csrf": csrf, "version": after.version, "lead": "Công an xã Vũ Dương",
              "due": "2026-12-20", "recurrence": ["", "annual"]},
    )  # fmt: skip
    assert yearly.status_code == 303 and tasks_of(own_data, doc_id)[0].recurrence == ("annual",)
    text = editor.get(f"/documents/{doc_id}").json()["text"]
    start = text.index(task_.text[:20])
    spanned = editor.post(
        f"/nhiem-vu/{task_.id}/doan",
        data={"csrf": csrf, "text_start": start, "text_end": start + 40},
    )
    assert spanned.status_code == 303
    moved = tasks_of(own_data, doc_id)[0]
    assert (moved.start, moved.text) == (start, text[start : start + 40].strip())
    stale = editor.post(
        f"/nhiem-vu/{task_.id}/sua",
        data={"csrf": csrf, "version": task_.version, "lead": "Đảng ủy xã", "due": ""},
    )
    assert stale.status_code == 409 and "tải lại trang" in stale.text
    header = editor.post(
        f"/van-ban/{doc_id}/sua",
        data={"csrf": csrf, "number": "227-CV/ĐU", "doc_type": "Công văn",
              "issuer": "Đảng ủy xã Vũ Dương", "date": "2026-06-11"},
    )  # fmt: skip
    assert header.status_code == 303
    shown = editor.get(f"/van-ban/{doc_id}").text
    assert "Công văn số 227-CV/ĐU" in shown and "máy đọc: “226-CV/ĐU”" in shown
    bad = editor.post(f"/van-ban/{doc_id}/sua", data={"csrf": csrf, "date": "32-13-2026"})
    assert bad.status_code == 422 and "ngày không hợp lệ" in bad.text
    marked = editor.post(
        f"/van-ban/{doc_id}/da-kiem-tra",
        data={"csrf": csrf, "reviewed": "1", "next": "/can-kiem-tra"},
    )
    assert marked.status_code == 303 and marked.headers["location"].startswith("/can-kiem-tra")
    assert f'href="/van-ban/{doc_id}"' not in editor.get("/can-kiem-tra").text
    assert "Đã kiểm tra" in editor.get(f"/van-ban/{doc_id}").text
    actions = audit_actions(own_data)
    assert ("bientap", "sửa thể thức") in actions and ("bientap", "đã kiểm tra") in actions


def test_web_board_shows_no_overdue_task_of_a_document_not_followed(viewer, indexed_samples):
    """On the sample corpus, the press articles and the documents dated more than two
    years back are not followed: none of their tasks is on the board, overdue or not."""
    from store.store import Store

    store = Store(Settings(data_dir=indexed_samples).store_url)
    try:
        every = store.tasks(TaskQuery(limit=10_000)).tasks
        followed = {t.doc_id for t in every if t.tracked}
        not_followed = {t.doc_id for t in every if not t.tracked}
        overdue_elsewhere = [t for t in every if not t.tracked and t.overdue(date.today())]
    finally:
        store.close()
    assert followed and not_followed and overdue_elsewhere  # the samples hold both kinds
    board = viewer.get("/nhiem-vu").text
    on_board = set(re.findall(r'href="/van-ban/(\w+)#task-', board))
    assert on_board and on_board <= followed
    overdue = board.split('id="muc-qua-han"')[1].split("</section>")[0]
    assert not set(re.findall(r'href="/van-ban/(\w+)#task-', overdue)) & not_followed
    page = viewer.get(f"/van-ban/{overdue_elsewhere[0].doc_id}").text
    assert "Không theo dõi" in page and f'id="nv-{overdue_elsewhere[0].id}"' in page
