"""The web pages in a real headless Chromium (Debian's /usr/bin/chromium), driven by
Playwright, against the app served by uvicorn over the sample corpus.

Screenshots go to test-artifacts/ for a person to look at.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from directives.settings import Settings
from tests.browser_server import running_app
from tests.conftest import ROOT, SAMPLES, ingest_into, open_accounts

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
UPLOADED = SAMPLES / "nd-55-2023-ND-CP-signed.pdf"  # left out of the ingest, uploaded by hand
LAO_CAI = SAMPLES / "cv-2449-CV-DU-LaoCai-2026.txt"
EDITOR, PASSWORD = "bientap", "mat-khau-bientap"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: run scripts/setup.sh (apt package chromium)")
    data_dir = tmp_path_factory.mktemp("browser")
    report = ingest_into(data_dir, *(p for p in sorted(SAMPLES.iterdir()) if p != UPLOADED))
    assert not report.failed, report.failed
    accounts = open_accounts(data_dir)
    accounts.add_user(EDITOR, PASSWORD, "editor", 0, "Nguyễn Thị Biên")
    accounts.close()
    with running_app(Settings(data_dir=data_dir)) as url:
        yield url, data_dir


@pytest.fixture(scope="module")
def base_url(served):
    return served[0]


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--lang=vi"]
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(
        base_url=base_url, viewport={"width": 1366, "height": 768}, locale="vi-VN"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    yield page
    context.close()
    assert not errors, errors  # no script error, no CSP violation


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / name)


def log_in(page) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/dang-nhap\?next="))
    page.get_by_label("Tên đăng nhập").fill(EDITOR)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("navigation", name="Điều hướng chính")).to_be_visible()


def test_browser_search_open_and_complete_a_task(page):
    """The contract of the issue: log in, search without accents, open the result, mark
    one of its tasks done, and find it under "hoàn thành" on the task board."""
    log_in(page)
    page.get_by_label("Từ khóa, số/ký hiệu").fill("dang uy cong an xa vu duong")
    page.get_by_role("button", name="Tìm", exact=True).click()
    expect(page.locator("#so-ket-qua")).to_contain_text("Tìm thấy")
    first = page.locator(".hit").first
    expect(first).to_contain_text("226-CV/ĐU")
    expect(first.locator(".snippet mark").first).to_be_visible()
    shot(page, "search.png")

    first.locator("h2 a").click()
    expect(page.locator("h1")).to_contain_text("Công văn số 226-CV/ĐU")
    card = page.locator(".task-card").first
    task_id = card.get_attribute("id").removeprefix("nv-")
    task_text = card.locator(".task-text").inner_text()
    shot(page, "document.png")
    in_text = page.locator(f"#task-{task_id}")  # the task highlighted in the full text
    in_text.scroll_into_view_if_needed()
    expect(in_text).to_be_in_viewport()
    shot(page, "document-task.png")

    card.get_by_label("Trạng thái").select_option(label="hoàn thành")
    card.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu")
    expect(page.locator(f"#nv-{task_id} .badge.status-hoan_thanh")).to_have_text("hoàn thành")

    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Nhiệm vụ"
    ).click()
    page.get_by_role("navigation", name="Trạng thái").get_by_role(
        "link", name=re.compile("^Hoàn thành")
    ).click()
    expect(page).to_have_url(re.compile(r"trang_thai=hoan-thanh"))
    row = page.locator(f"#nv-{task_id}")
    expect(row).to_be_visible()
    expect(row).to_contain_text(task_text[:60])
    expect(row.locator(".badge.status-hoan_thanh")).to_be_visible()
    shot(page, "board.png")


def test_browser_upload_shows_what_was_extracted(page):
    log_in(page)
    page.get_by_role("link", name="Tải lên").click()
    page.get_by_label("Tệp văn bản").set_input_files(UPLOADED)
    with page.expect_response(
        lambda r: r.url.endswith("/documents") and r.request.method == "POST"
    ) as answer:
        page.get_by_role("button", name="Tải lên và trích xuất").click()
    assert answer.value.status == 200 and answer.value.json()["status"] == "ingested"
    result = page.locator(".upload-result")
    expect(result).to_contain_text("Đã tiếp nhận và trích xuất", timeout=60_000)
    for text in ("Nghị định", "55/2023/NĐ-CP", "Chính phủ", "21/07/2023", "đọc lớp chữ của PDF"):
        expect(result).to_contain_text(text)
    expect(result.locator(".task-card").first).to_be_visible()
    expect(page.locator("#upload-progress")).to_be_hidden()
    shot(page, "upload.png")
    result.get_by_role("link", name="Mở trang văn bản").click()
    expect(page.locator("h1")).to_contain_text("Nghị định số 55/2023/NĐ-CP")


# the Lao Cai công văn's lead-in, which the extractor rightly leaves out: a clerk adds it
MISSED_START, MISSED_END = "Đảng ủy Ủy\n   ban nhân dân tỉnh đề nghị", "như sau:"
SELECT_TEXT = """(phrase) => {
  const root = document.getElementById("toan-van-text");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let all = "";
  while (walker.nextNode()) {
    const n = walker.currentNode;
    if (n.parentElement.closest(".task-no")) continue;
    nodes.push([n, all.length]);
    all += n.data;
  }
  const at = all.indexOf(phrase);
  if (at < 0) return false;
  const find = (pos) => nodes.find(([n, s]) => pos >= s && pos <= s + n.data.length);
  const [sn, ss] = find(at), [en, es] = find(at + phrase.length);
  const range = document.createRange();
  range.setStart(sn, at - ss);
  range.setEnd(en, at + phrase.length - es);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  return true;
}"""


def test_browser_correct_add_hide_review_then_export_gold_and_eval(
    page, served, tmp_path, monkeypatch, capsys
):
    """A clerk corrects a lead body and a due date, adds a task the extractor missed by
    selecting its text, hides a false one and marks the document reviewed; the exported
    gold holds those decisions, and `directives eval` on it measures the extractor against
    them: right where nobody corrected it, wrong exactly where a person did."""
    import json

    from cli.main import main
    from store.store import Store
    from store.tracking import TaskQuery

    _, data_dir = served
    store = Store(Settings(data_dir=data_dir).store_url)
    doc_id = store.holder(__import__("hashlib").sha256(LAO_CAI.read_bytes()).hexdigest())
    text = store.get(doc_id).text
    store.close()
    log_in(page)
    page.goto(f"/van-ban/{doc_id}")
    expect(page.locator("h1")).to_contain_text("Công văn số 2449-CV/ĐU")
    cards = page.locator(".task-card")
    expect(cards).to_have_count(5)

    first = cards.nth(0)
    first.get_by_text("Sửa nhiệm vụ").click()
    first.get_by_label("Chủ trì").fill("Sở Tài chính")
    first.get_by_label("Hạn", exact=True).fill("2027-01-15")
    first.get_by_role("button", name="Lưu sửa đổi").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu")
    first = page.locator(".task-card").nth(0)
    expect(first.locator(".badge.corrected")).to_be_visible()
    expect(first.locator(".facts")).to_contain_text("Sở Tài chính")
    expect(first.locator(".facts")).to_contain_text("15/01/2027")
    expect(first.locator(".corrected-note")).to_contain_text("máy đọc")

    start = text.index(MISSED_START)
    end = text.index(MISSED_END, start) + len(MISSED_END)
    assert page.evaluate(SELECT_TEXT, text[start:end])
    page.locator("#toan-van-text").dispatch_event("mouseup")
    adding = page.locator("#them-nhiem-vu")
    expect(adding).to_be_visible()
    expect(adding.locator(".selected-text")).to_contain_text("đề nghị Ủy ban nhân dân tỉnh")
    adding.get_by_label("Chủ trì").fill("Ủy ban nhân dân tỉnh; Tổ chức đảng trực thuộc")
    adding.get_by_role("button", name="Thêm nhiệm vụ").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu")
    expect(page.locator(".task-card")).to_have_count(6)
    expect(page.locator(".task-card .badge.added")).to_have_count(1)

    last = page.locator(".task-card").nth(4)  # "Đề nghị … nghiêm túc triển khai thực hiện."
    expect(last).to_contain_text("nghiêm túc triển khai")
    last.get_by_text("Sửa nhiệm vụ").click()
    last.get_by_role("button", name="Không phải nhiệm vụ").click()
    expect(page.locator(".task-card").nth(4).locator(".badge.hidden-task")).to_be_visible()

    page.get_by_role("button", name="Đánh dấu đã kiểm tra").click()
    expect(page.locator(".badge.reviewed")).to_have_text("Đã kiểm tra")
    shot(page, "document-corrected.png")

    store = Store(Settings(data_dir=data_dir).store_url)
    try:
        (added,) = [t for t in store.tasks(TaskQuery(doc_id=doc_id)).tasks if t.origin == "added"]
        assert (added.start, added.end) == (start, end)  # the selection's offsets, exactly
        assert added.text == text[start:end]
    finally:
        store.close()

    monkeypatch.setenv("DIRECTIVES_DATA_DIR", str(data_dir))
    out = tmp_path / "gold"
    assert main(["export-gold", "--out", str(out)]) == 0
    assert "Đã xuất 1 văn bản" in capsys.readouterr().out
    (gold_file,) = out.glob("*.json")
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    assert gold["number"] == "2449-CV/ĐU" and len(gold["tasks"]) == 5
    assert gold["tasks"][0]["snippet"].startswith("Đảng ủy Ủy ban nhân dân tỉnh đề nghị")
    assert gold["tasks"][1]["lead"] == ["Sở Tài chính"] and gold["tasks"][1]["due"] == "2027-01-15"
    assert not any("nghiêm túc" in t["snippet"] for t in gold["tasks"])
    scores = tmp_path / "scores.json"
    assert main(["eval", "--docs", str(out / "documents"), "--gold", str(out),
                 "--json", str(scores)]) == 0  # fmt: skip
    overall = json.loads(scores.read_text(encoding="utf-8"))["overall"]
    for field in ("doc_type", "number", "issuer", "date", "signer.name"):
        assert overall[field]["accuracy"] == 1.0, field  # nobody corrected them
    tasks = overall["tasks"]
    # 4 of the 5 extracted tasks are confirmed; the hidden one is spurious, the added one
    # missed; of the 4 matched, the corrected lead and due are the extractor's errors
    assert (tasks["precision"], tasks["recall"]) == (0.8, 0.8)
    assert tasks["lead_exact"] == 0.75 and tasks["due_accuracy"] == 0.75
