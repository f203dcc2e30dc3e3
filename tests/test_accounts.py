"""Token and session lifecycle, and password guessing held back, through the REST API on
a real store: tokens expire, are listed and revoked, end with a password change or an
admin's change; calendar tokens open the calendar feed only; the 11th wrong password in
a minute gets 429."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from directives.settings import Settings
from tests.conftest import VU_DUONG, ingest_into, open_accounts


@pytest.fixture
def office(tmp_path):
    data = tmp_path / "data"
    assert not ingest_into(data, VU_DUONG).failed
    accounts = open_accounts(data)
    accounts.add_user("van.thu", "mat-khau-van-thu", "editor")
    accounts.add_user("quantri", "mat-khau-quantri", "admin", 3)
    admin = accounts.issue_token("quantri", "test")
    accounts.close()
    with TestClient(create_app(Settings(data_dir=data))) as client:
        yield client, data, {"Authorization": f"Bearer {admin}"}


def _login(client, password="mat-khau-van-thu", name="may-tinh") -> str:
    answer = client.post(
        "/auth/token", json={"username": "van.thu", "password": password, "name": name}
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["token"]


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_tokens_are_listed_revoked_and_end_with_a_password_change(office):
    client, _, _ = office
    first, second = _login(client, name="e-office"), _login(client, name="dien-thoai")
    listed = sorted(
        client.get("/me/tokens", headers=_bearer(first)).json(), key=lambda t: t["name"]
    )
    assert [t["name"] for t in listed] == ["dien-thoai", "e-office"]
    assert all(t["expires_at"] > t["created_at"] and t["kind"] == "api" for t in listed)
    assert client.delete(f"/me/tokens/{listed[0]['id']}", headers=_bearer(first)).status_code == 204
    assert client.get("/me", headers=_bearer(second)).status_code == 401
    assert client.get("/me", headers=_bearer(first)).status_code == 200
    changed = client.put(
        "/me/password",
        json={"current_password": "mat-khau-van-thu", "new_password": "mat-khau-moi-2026"},
        headers=_bearer(first),
    )
    assert changed.status_code == 204
    assert client.get("/me", headers=_bearer(first)).status_code == 401  # every token ended
    assert (
        client.get("/me", headers=_bearer(_login(client, "mat-khau-moi-2026"))).status_code == 200
    )


def test_an_expired_token_is_refused(office):
    client, data, _ = office
    accounts = open_accounts(data)
    try:
        old = accounts.issue_token("van.thu", "cu", days=-1)
    finally:
        accounts.close()
    answer = client.get("/me", headers=_bearer(old))
    assert answer.status_code == 401 and answer.headers["www-authenticate"] == "Bearer"


def test_a_calendar_token_opens_the_feed_only(office):
    client, _, _ = office
    api_token = _login(client)
    made = client.post("/me/calendar-token", headers=_bearer(api_token)).json()
    feed_token = made["token"]
    assert made["url"].endswith(f"/calendar.ics?token={feed_token}")
    feed = client.get("/calendar.ics", params={"token": feed_token})
    assert feed.status_code == 200 and "BEGIN:VCALENDAR" in feed.text
    assert client.get("/search", headers=_bearer(feed_token)).status_code == 401
    assert client.get("/search", params={"token": feed_token}).status_code == 401
    # a full-privilege API token never goes into a URL
    assert client.get("/calendar.ics", params={"token": api_token}).status_code == 401
    kinds = [t["kind"] for t in client.get("/me/tokens", headers=_bearer(api_token)).json()]
    assert sorted(kinds) == ["api", "calendar"]


def test_the_eleventh_wrong_password_in_a_minute_is_held_back(office):
    client, data, _ = office
    for _ in range(10):
        wrong = client.post("/auth/token", json={"username": "van.thu", "password": "doan-bua"})
        assert wrong.status_code == 401
    held = client.post("/auth/token", json={"username": "van.thu", "password": "mat-khau-van-thu"})
    assert held.status_code == 429 and 1 <= int(held.headers["retry-after"]) <= 60
    accounts = open_accounts(data)
    try:
        actions = [e.action for e in accounts.audit_log()]
    finally:
        accounts.close()
    assert actions.count("đăng nhập thất bại") == 10 and "đăng nhập bị tạm chặn" in actions


def test_an_admin_disables_a_user_or_changes_a_role_and_their_access_ends(office):
    client, _, admin = office
    token = _login(client)
    changed = client.patch("/users/van.thu", json={"role": "viewer"}, headers=admin)
    assert changed.status_code == 200 and changed.json()["role"] == "viewer"
    assert client.get("/me", headers=_bearer(token)).status_code == 401
    token = _login(client)
    assert client.get("/users/van.thu/tokens", headers=admin).json()[0]["name"] == "may-tinh"
    assert client.patch("/users/van.thu", json={"active": False}, headers=admin).status_code == 200
    assert client.get("/me", headers=_bearer(token)).status_code == 401
    refused = client.post(
        "/auth/token", json={"username": "van.thu", "password": "mat-khau-van-thu"}
    )
    assert refused.status_code == 401
    assert client.patch("/users/van.thu", json={"active": True}, headers=admin).status_code == 200
    assert client.get("/me", headers=_bearer(_login(client))).json()["role"] == "viewer"
    assert client.patch("/users/khong-co", json={"role": "admin"}, headers=admin).status_code == 400


def test_today_is_the_offices_day_and_uploads_obey_every_limit(tmp_path):
    """Settings give one 'today' (DIRECTIVES_TIMEZONE) and one set of reading limits: the
    upload refuses a DOCX that unpacks beyond DIRECTIVES_MAX_UNPACKED_BYTES, as ingest does."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from tests.conftest import SAMPLES

    east, west = Settings(timezone="Pacific/Kiritimati"), Settings(timezone="Pacific/Pago_Pago")
    assert east.today() != west.today()  # 25 hours apart: never the same day
    assert east.today() == datetime.now(ZoneInfo("Pacific/Kiritimati")).date()
    data = tmp_path / "data"
    accounts = open_accounts(data)
    accounts.add_user("van.thu", "mat-khau-van-thu", "editor")
    token = accounts.issue_token("van.thu", "test")
    accounts.close()
    settings = Settings(data_dir=data, max_unpacked_bytes=10_000)
    docx = SAMPLES / "kh-2242-KH-SCT-LaoCai-2026.docx"
    with TestClient(create_app(settings)) as client, docx.open("rb") as f:
        answer = client.post(
            "/documents", files={"file": (docx.name, f)}, headers=_bearer(token)
        ).json()
    assert answer["status"] == "failed" and "giải nén quá lớn" in answer["error"]
