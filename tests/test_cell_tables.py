"""Plan tables saved one cell a line (web captures) come back as pipe rows."""

from datetime import date
from pathlib import Path

from extractors.pipeline import extract
from readers.cell_tables import rejoin_cell_tables
from readers.text import read_text

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "corpus" / "dev" / "kh-980-KH-UBND-NgheAn-2025-phong-thu-dan-su-bang-web.txt"


def _rows(text):
    return [line for line in text.splitlines() if line.startswith("| ")]


def test_cell_tables_real_plan_annex_rows_and_columns():
    text = read_text(PLAN.read_bytes()).text
    rows = _rows(text)
    assert rows[0] == (
        "| TT | Nội dung thực hiện | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn "
        "thành | Sản phẩm dự kiến |"
    )
    assert all(row.count("|") == 7 for row in rows)  # six columns on every row
    # a group title over merged cells is padded, not run into the next row
    title = "| I | KIỆN TOÀN VÀ HOÀN THIỆN CƠ CHẾ CHỈ ĐẠO, ĐIỀU HÀNH PHÒNG THỦ DÂN SỰ |"
    assert any(row.startswith(title) and row.count("|") == 7 for row in rows)
    # a page break's residue between two rows is dropped, the columns stay aligned
    assert any(
        row.startswith("| 2 | Thành lập bộ máy quản lý Quỹ") and "| Sở Tài chính |" in row
        for row in rows
    )
    # the portal's pages after the table are no cell of it
    assert not any("ThuVienPhapLuat" in row for row in rows)


def test_cell_tables_rows_become_tasks_with_their_columns():
    text = read_text(PLAN.read_bytes()).text
    tasks = {t.text[:40]: t for t in extract(text).tasks}
    task = tasks["Hướng dẫn thanh toán chi phí khám bệnh, "]
    assert [b.written for b in task.lead] == ["Sở Y tế"]
    assert [b.written for b in task.support] == ["Sở Tài chính", "Cơ quan, địa phương liên quan"]
    # a time cell that is only a year: within that year
    assert task.deadline is not None and task.deadline.due == date(2025, 12, 31)
    task = tasks["Tổ chức lại Ban Chỉ huy Phòng thủ dân sự"]
    assert [b.written for b in task.lead] == ["Bộ Chỉ huy Quân sự tỉnh", "Ủy ban nhân dân cấp xã"]
    assert task.deadline is not None and task.deadline.due == date(2025, 11, 30)


def test_cell_tables_leave_other_blocks_alone():
    # a header laid out as a two-column table is no plan table: the bars are left to
    # strip_markup, the text is unchanged
    header = (
        "|\nỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n|\n|\n"
        "Số: 980/KH-UBND\n|\n"
    )
    assert rejoin_cell_tables(header) == header
