"""The web pages in a real headless Chromium (Debian's /usr/bin/chromium), driven by
Playwright, against the app served by uvicorn over the sample corpus.

Screenshots go to test-artifacts/ for a person to look at.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from directives.settings import Settings
from index.accounts import AccountStore
from tests.browser_server import running_app
from tests.conftest import ROOT, SAMPLES, ingest_into

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
UPLOADED = SAMPLES / "nd-55-2023-ND-CP-signed.pdf"  # left out of the ingest, uploaded by hand
EDITOR, PASSWORD = "bientap", "mat-khau-bientap"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: run scripts/setup.sh (apt package chromium)")
    data_dir = tmp_path_factory.mktemp("browser")
    report = ingest_into(data_dir, *(p for p in sorted(SAMPLES.iterdir()) if p != UPLOADED))
    assert not report.failed, report.failed
    accounts = AccountStore(Settings(data_dir=data_dir).accounts_path)
    accounts.add_user(EDITOR, PASSWORD, "editor", 0, "Nguyễn Thị Biên")
    accounts.close()
    with running_app(Settings(data_dir=data_dir)) as url:
        yield url


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
    page.get_by_label("Từ khóa, số/ký hiệu").fill("chi thi phong chong tham nhung")
    page.get_by_role("button", name="Tìm", exact=True).click()
    expect(page.locator("#so-ket-qua")).to_contain_text("Tìm thấy")
    first = page.locator(".hit").first
    expect(first).to_contain_text("Chỉ thị")
    expect(first.locator(".snippet mark").first).to_be_visible()
    shot(page, "search.png")

    first.locator("h2 a").click()
    expect(page.locator("h1")).to_contain_text("Chỉ thị số 07/CT-TTg")
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
