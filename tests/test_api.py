import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from directives.settings import Settings
from tests.conftest import open_accounts


def token_for(data_dir, username, role, clearance=0):
    accounts = open_accounts(data_dir)
    try:
        if accounts.user(username) is None:
            accounts.add_user(username, f"mat-khau-{username}", role, clearance)
        return accounts.issue_token(username, "test")
    finally:
        accounts.close()


@pytest.fixture(scope="module")
def client(indexed_samples):
    token = token_for(indexed_samples, "reader", "viewer")
    app = create_app(Settings(data_dir=indexed_samples))
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as test_client:
        yield test_client


def test_api_search_finds_vu_duong_first(client):
    response = client.get("/search", params={"q": "cong an xa vu duong"})
    assert response.status_code == 200
    body = response.json()
    assert body["total"] >= 1
    first = body["hits"][0]
    assert set(first) == {
        "id", "doc_type", "number", "issuer", "date", "subject", "snippet", "urgency", "security",
        "tasks",
    }  # fmt: skip
    assert first["tasks"] > 0
    assert {f["value"]: f["count"] for f in body["facets"]["doc_type"]}["Công văn"] >= 1
    assert (first["doc_type"], first["number"], first["issuer"], first["date"]) == (
        "Công văn",
        "226-CV/ĐU",
        "Đảng ủy xã Vũ Dương",
        "2026-06-11",
    )
    assert "<mark>" in first["snippet"]


def test_api_search_date_range_and_sort(client):
    body = client.get(
        "/search", params={"date_from": "2026-09-01", "date_to": "2026-09-30", "sort": "date"}
    ).json()
    numbers = [h["number"] for h in body["hits"]]
    assert "9387/UBND-KT" in numbers and "2449-CV/ĐU" in numbers
    assert numbers.index("9387/UBND-KT") < numbers.index("2449-CV/ĐU")  # 15.9 before 7.9
    assert client.get("/search", params={"date_from": "not a date"}).status_code == 422


def test_api_search_filters_and_paging(client):
    body = client.get("/search", params={"type": "Công văn", "year": 2026, "limit": 2}).json()
    assert body["total"] >= 3 and len(body["hits"]) == 2
    nxt = client.get(
        "/search", params={"type": "Công văn", "year": 2026, "limit": 2, "offset": 2}
    ).json()
    assert {h["id"] for h in body["hits"]}.isdisjoint(h["id"] for h in nxt["hits"])
    assert (
        client.get("/search", params={"q": "cong an", "issuer": "Chính phủ"}).json()["hits"][0][
            "issuer"
        ]
        == "Chính phủ"
    )


def test_api_document_has_metadata_and_text(client):
    hit = client.get("/search", params={"q": "226-CV/ĐU"}).json()["hits"][0]
    document = client.get(f"/documents/{hit['id']}").json()
    assert document["number"] == "226-CV/ĐU" and document["place"] == "Vũ Dương"
    assert "Kính gửi" in document["text"]
    number = document["header"]["number"]
    assert document["text"][number["start"] : number["end"]] == "226-CV/ĐU"
    assert document["reading"]["format"] == "text" and document["extractors"]


def test_api_document_and_extraction_carry_needs_review_flags(client):
    # a press article: no header, its "issuer" is the first words of the story
    hit = client.get("/search", params={"q": "Bộ trưởng Tô Lâm Kon Tum"}).json()["hits"][0]
    document = client.get(f"/documents/{hit['id']}").json()
    fields = {r["field"]: r["reason"] for r in document["needs_review"]}
    assert "issuer" in fields and fields["issuer"].startswith(("Không", "Tên"))
    hit = client.get("/search", params={"q": "226-CV/ĐU"}).json()["hits"][0]
    extraction = client.get(f"/documents/{hit['id']}/extraction").json()
    assert isinstance(extraction["needs_review"], list)
    assert all(isinstance(t["needs_review"], list) for t in extraction["tasks"])
    assert not {"number", "date", "issuer"} & {r["field"] for r in extraction["needs_review"]}


def test_api_unknown_document_is_404_json(client):
    response = client.get("/documents/0000000000000000")
    assert response.status_code == 404
    assert "0000000000000000" in response.json()["detail"]


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 1000}, {"year": "abc"}, {"offset": -1}])
def test_api_rejects_bad_parameters(client, params):
    assert client.get("/search", params=params).status_code == 422


def test_api_health_and_openapi(client):
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["documents"] == 14
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/search", "/documents/{doc_id}", "/health"} <= set(paths)
