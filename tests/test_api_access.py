"""Access control through the API client: roles, tokens, ETags, audit, and security marks
enforced on every endpoint (a Mật document is invisible without clearance)."""

from __future__ import annotations

import shutil

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from directives.settings import Settings
from tests.conftest import SAMPLES, ingest_into, open_accounts

SECRET_SOURCE = SAMPLES / "cv-9387-UBND-KT-LaoCai-2026.txt"
CITING_SECRET = """ỦY BAN NHÂN DÂN                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
   TỈNH LÀO CAI                         Độc lập - Tự do - Hạnh phúc
Số: 9400/UBND-KT                  Lào Cai, ngày 20 tháng 9 năm 2026
V/v thực hiện Công văn số 9387/UBND-KT

Kính gửi: Sở Nông nghiệp và Môi trường.

Thực hiện Công văn số 9387/UBND-KT ngày 15/9/2026 của Ủy ban nhân dân tỉnh, giao Sở Nông
nghiệp và Môi trường chủ trì, báo cáo kết quả trước ngày 30/10/2026.

                                                 TL. CHỦ TỊCH
                                                 CHÁNH VĂN PHÒNG
                                                 Nguyễn Văn An
"""


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """A data dir with two public documents, one marked MẬT (a real Công văn with the
    mark added, as a văn thư stamps it) and one public document citing the secret one."""
    root = tmp_path_factory.mktemp("office")
    inbox = root / "inbox"
    inbox.mkdir()
    shutil.copy(SAMPLES / "cv-2449-CV-DU-LaoCai-2026.txt", inbox)
    shutil.copy(SAMPLES / "cv-226-CV-DU-VuDuong-2026.txt", inbox)
    lines = SECRET_SOURCE.read_text(encoding="utf-8").split("\n")
    lines.insert(3, "                MẬT")
    (inbox / "cv-9387-mat.txt").write_text("\n".join(lines), encoding="utf-8")
    (inbox / "cv-9400-dan-chieu.txt").write_text(CITING_SECRET, encoding="utf-8")
    data = root / "data"
    report = ingest_into(data, inbox)
    assert not report.failed, report.failed
    accounts = open_accounts(data)
    tokens = {}
    for name, role, clearance in [
        ("xem", "viewer", 0),
        ("xem.mat", "viewer", 1),
        ("sua", "editor", 0),
        ("sua.mat", "editor", 1),
        ("quantri", "admin", 3),
    ]:
        accounts.add_user(name, f"mat-khau-{name}", role, clearance)
        tokens[name] = accounts.issue_token(name, "test")
    accounts.close()
    app = create_app(Settings(data_dir=data, base_url="http://van-phong.local"))
    with TestClient(app) as client:
        yield client, tokens


def _as(tokens, name):
    return {"Authorization": f"Bearer {tokens[name]}"}


def _secret_id(client, tokens):
    hits = client.get(
        "/search", params={"q": "9387/UBND-KT"}, headers=_as(tokens, "xem.mat")
    ).json()
    found = [h for h in hits["hits"] if h["security"] == "Mật"]
    assert found, hits
    return found[0]["id"]


def test_no_token_is_401_and_bad_token_too(office):
    client, _ = office
    assert client.get("/search", params={"q": "lao cai"}).status_code == 401
    bad = client.get("/search", headers={"Authorization": "Bearer dvt_khong-dung"})
    assert bad.status_code == 401 and "đăng nhập" in bad.json()["detail"]
    assert client.get("/health").status_code == 200  # monitoring needs no account


def test_token_from_password(office):
    client, _ = office
    wrong = client.post("/auth/token", json={"username": "xem", "password": "sai-mat-khau"})
    assert wrong.status_code == 401
    issued = client.post("/auth/token", json={"username": "xem", "password": "mat-khau-xem"})
    token = issued.json()["token"]
    me = client.get("/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me == {"username": "xem", "display_name": "xem", "role": "viewer", "clearance": 0}


@pytest.mark.parametrize("who", ["xem", "sua"])
def test_classified_document_is_invisible_without_clearance(office, who):
    client, tokens = office
    secret = _secret_id(client, tokens)
    headers = _as(tokens, who)
    # search hits and facet counts
    for q in ("9387/UBND-KT", "bao ve moi truong", "", "lao cai"):
        page = client.get("/search", params={"q": q, "limit": 100}, headers=headers).json()
        assert secret not in [h["id"] for h in page["hits"]], q
        assert all(f["value"] != "Mật" for f in page["facets"].get("security", [])), q
        assert page["total"] == len(page["hits"])
    assert client.get("/search", params={"security": "Mật"}, headers=headers).json()["total"] == 0
    # the document, its parts, its original
    for path in ("", "/tasks", "/citations", "/extraction", "/original"):
        response = client.get(f"/documents/{secret}{path}", headers=headers)
        assert response.status_code == 404, path
    # citations both ways: the public 9400 cites it, it cites the public 2449
    public = {
        h["number"]: h["id"]
        for h in client.get("/search", params={"limit": 100}, headers=headers).json()["hits"]
    }
    cites = client.get(f"/documents/{public['9400/UBND-KT']}/citations", headers=headers).json()
    assert [c["documents"] for c in cites["cites"] if c["number"] == "9387/UBND-KT"] == [[]]
    back = client.get(f"/documents/{public['2449-CV/ĐU']}/citations", headers=headers).json()
    assert secret not in [d["id"] for c in back["cited_by"] for d in c["documents"]]
    # tasks: lists, one task, its history, a change, calendar feeds, reminders
    secret_tasks = client.get(f"/documents/{secret}/tasks", headers=_as(tokens, "quantri")).json()
    assert secret_tasks
    listed = client.get(
        "/tasks", params={"limit": 500, "include_gone": True}, headers=headers
    ).json()
    assert secret not in {t["doc_id"] for t in listed["tasks"]}
    for body in ("Sở Nông nghiệp và Môi trường", "Công an tỉnh"):
        by_body = client.get("/tasks", params={"body": body}, headers=headers).json()
        assert secret not in {t["doc_id"] for t in by_body["tasks"]}
    task_id = secret_tasks[0]["id"]
    assert client.get(f"/tasks/{task_id}", headers=headers).status_code == 404
    assert client.get(f"/tasks/{task_id}/history", headers=headers).status_code == 404
    patched = client.patch(
        f"/tasks/{task_id}", json={"status": "hoan_thanh"}, headers={**headers, "If-Match": '"1"'}
    )
    # a viewer may change nothing (403 whatever the task); an editor sees no such task
    assert patched.status_code == (403 if who == "xem" else 404)
    for params in ({}, {"body": "Sở Nông nghiệp và Môi trường"}):
        feed = client.get("/calendar.ics", params=params, headers=headers).text
        assert all(f"UID:{t['id']}@" not in feed for t in secret_tasks)
    soon = client.get("/reminders/upcoming", params={"days": 366}, headers=headers).json()
    assert secret not in {t["doc_id"] for t in soon["tasks"]}


@pytest.mark.parametrize("who", ["xem.mat", "sua.mat"])
def test_classified_document_is_visible_with_clearance(office, who):
    client, tokens = office
    secret = _secret_id(client, tokens)
    headers = _as(tokens, who)
    page = client.get("/search", params={"q": "9387/UBND-KT"}, headers=headers).json()
    assert page["hits"][0]["id"] == secret
    assert {f["value"]: f["count"] for f in page["facets"]["security"]} == {"Mật": 1}
    for path in ("", "/tasks", "/citations", "/extraction", "/original"):
        assert client.get(f"/documents/{secret}{path}", headers=headers).status_code == 200, path
    public = {
        h["number"]: h["id"]
        for h in client.get("/search", params={"limit": 100}, headers=headers).json()["hits"]
    }
    cites = client.get(f"/documents/{public['9400/UBND-KT']}/citations", headers=headers).json()
    assert [
        d["id"] for c in cites["cites"] if c["number"] == "9387/UBND-KT" for d in c["documents"]
    ] == [secret]
    back = client.get(f"/documents/{public['2449-CV/ĐU']}/citations", headers=headers).json()
    assert secret in [d["id"] for c in back["cited_by"] for d in c["documents"]]
    dated = [
        t for t in client.get(f"/documents/{secret}/tasks", headers=headers).json() if t["due"]
    ]
    assert dated
    feed = client.get("/calendar.ics", headers=headers).text
    assert f"UID:{dated[0]['id']}@directives" in feed


def test_task_update_with_etag(office):
    client, tokens = office
    editor = _as(tokens, "sua")
    task = client.get(
        "/tasks", params={"body": "Sở Nông nghiệp và Môi trường"}, headers=editor
    ).json()["tasks"][0]
    one = client.get(f"/tasks/{task['id']}", headers=editor)
    etag = one.headers["etag"]
    assert etag == f'"{task["version"]}"'
    assert (
        client.patch(
            f"/tasks/{task['id']}",
            json={"status": "hoan_thanh"},
            headers=_as(tokens, "xem") | {"If-Match": etag},
        ).status_code
        == 403
    )
    assert (
        client.patch(
            f"/tasks/{task['id']}", json={"status": "hoan_thanh"}, headers=editor
        ).status_code
        == 428
    )
    bad = client.patch(
        f"/tasks/{task['id']}", json={"status": "xong"}, headers=editor | {"If-Match": etag}
    )
    assert bad.status_code == 422 and "trạng thái không hợp lệ" in bad.json()["detail"]
    done = client.patch(
        f"/tasks/{task['id']}",
        json={"status": "hoàn thành", "note": "Đã báo cáo UBND tỉnh"},
        headers=editor | {"If-Match": etag},
    )
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "hoan_thanh" and done.json()["status_label"] == "hoàn thành"
    assert done.headers["etag"] != etag
    stale = client.patch(
        f"/tasks/{task['id']}", json={"note": "muộn"}, headers=editor | {"If-Match": etag}
    )
    assert stale.status_code == 412 and "đã được cập nhật sau khi đọc" in stale.json()["detail"]
    history = client.get(f"/tasks/{task['id']}/history", headers=editor).json()
    assert [(h["action"], h["who"]) for h in history] == [("status", "sua"), ("note", "sua")]
    listed = client.get("/tasks", params={"status": "hoan_thanh"}, headers=editor).json()
    assert task["id"] in [t["id"] for t in listed["tasks"]]
    audit = client.get("/audit", headers=_as(tokens, "quantri")).json()
    assert any(
        a["action"] == "cập nhật nhiệm vụ" and a["target"] == task["id"] and a["who"] == "sua"
        for a in audit
    )
    assert client.get("/audit", headers=editor).status_code == 403


def test_download_is_audited(office):
    client, tokens = office
    public = client.get("/search", params={"q": "226-CV/ĐU"}, headers=_as(tokens, "xem")).json()[
        "hits"
    ][0]
    response = client.get(f"/documents/{public['id']}/original", headers=_as(tokens, "xem"))
    assert response.status_code == 200
    assert response.content == (SAMPLES / "cv-226-CV-DU-VuDuong-2026.txt").read_bytes()
    audit = client.get("/audit", headers=_as(tokens, "quantri")).json()
    assert any(
        a["action"] == "tải bản gốc" and a["target"] == public["id"] and a["who"] == "xem"
        for a in audit
    )


def test_upload_by_editor(office):
    client, tokens = office
    sample = SAMPLES / "kh-2242-KH-SCT-LaoCai-2026.docx"
    with sample.open("rb") as f:
        refused = client.post(
            "/documents", files={"file": (sample.name, f)}, headers=_as(tokens, "xem")
        )
    assert refused.status_code == 403
    with sample.open("rb") as f:
        uploaded = client.post(
            "/documents", files={"file": (sample.name, f)}, headers=_as(tokens, "sua")
        )
    assert uploaded.status_code == 200, uploaded.text
    body = uploaded.json()
    assert body["status"] == "ingested" and body["document"]["doc_type"] == "Kế hoạch"
    assert body["reading"]["method"]
    again = client.post(
        "/documents", files={"file": (sample.name, sample.read_bytes())}, headers=_as(tokens, "sua")
    )
    assert again.json()["status"] == "unchanged" and again.json()["id"] == body["id"]
    wrong = client.post(
        "/documents", files={"file": ("virus.exe", b"MZ\x90\x00")}, headers=_as(tokens, "sua")
    )
    assert wrong.status_code == 415 and ".pdf" in wrong.json()["detail"]
    broken = client.post(
        "/documents", files={"file": ("hong.pdf", b"%PDF-1.7\n1 0 obj")}, headers=_as(tokens, "sua")
    )
    assert broken.status_code == 200 and broken.json()["status"] == "failed"
    assert "hong.pdf" in broken.json()["filename"]
    assert broken.json()["error"].startswith("Tệp bị hỏng hoặc không đầy đủ: ")


def test_admin_manages_users(office):
    client, tokens = office
    admin = _as(tokens, "quantri")
    created = client.post(
        "/users",
        json={"username": "moi", "password": "mat-khau-moi-1", "role": "viewer", "clearance": 0},
        headers=admin,
    )
    assert created.status_code == 201
    assert (
        client.post(
            "/users",
            json={"username": "moi", "password": "mat-khau-moi-1", "role": "viewer"},
            headers=admin,
        ).status_code
        == 400
    )
    assert (
        client.post(
            "/users",
            json={"username": "x2", "password": "mat-khau-x2-1", "role": "viewer"},
            headers=_as(tokens, "sua"),
        ).status_code
        == 403
    )
    assert "moi" in [u["username"] for u in client.get("/users", headers=admin).json()]


def test_password_change(office):
    client, tokens = office
    client.post(
        "/users",
        json={"username": "doi.mk", "password": "mat-khau-cu-1", "role": "viewer"},
        headers=_as(tokens, "quantri"),
    )
    token = client.post(
        "/auth/token", json={"username": "doi.mk", "password": "mat-khau-cu-1"}
    ).json()["token"]
    me = {"Authorization": f"Bearer {token}"}
    wrong = client.put(
        "/me/password",
        json={"current_password": "sai", "new_password": "mat-khau-moi-2"},
        headers=me,
    )
    assert wrong.status_code == 403
    assert (
        client.put(
            "/me/password",
            json={"current_password": "mat-khau-cu-1", "new_password": "mat-khau-moi-2"},
            headers=me,
        ).status_code
        == 204
    )
    assert (
        client.post(
            "/auth/token", json={"username": "doi.mk", "password": "mat-khau-cu-1"}
        ).status_code
        == 401
    )
    assert (
        client.post(
            "/auth/token", json={"username": "doi.mk", "password": "mat-khau-moi-2"}
        ).status_code
        == 200
    )


def test_first_start_creates_an_admin(tmp_path):
    settings = Settings(data_dir=tmp_path)
    with TestClient(create_app(settings)) as client:
        saved = (tmp_path / "admin-password.txt").read_text(encoding="utf-8")
        password = saved.split("mật khẩu: ")[1].strip()
        issued = client.post("/auth/token", json={"username": "admin", "password": password})
        assert issued.status_code == 200
    assert (tmp_path / "admin-password.txt").stat().st_mode & 0o077 == 0


def test_contacts_directory_through_the_api(office):
    client, tokens = office
    body = {
        "default_email": "vanphong@laocai.gov.vn",
        "contacts": [
            {
                "name": "Sở Tài chính",
                "aliases": ["STC"],
                "email": ["stc@laocai.gov.vn"],
                "webhook": None,
            }
        ],
    }
    assert client.put("/contacts", json=body, headers=_as(tokens, "sua")).status_code == 403
    saved = client.put("/contacts", json=body, headers=_as(tokens, "quantri"))
    assert saved.status_code == 200 and saved.json() == body
    assert client.get("/contacts", headers=_as(tokens, "xem")).json() == body
    bad = client.put(
        "/contacts", json={"contacts": [{"name": "X"}]}, headers=_as(tokens, "quantri")
    )
    assert bad.status_code == 422
