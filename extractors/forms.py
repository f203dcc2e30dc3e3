"""forms.v1: annexes that are forms or templates to fill in, which assign nothing.

A Nghị quyết or Quyết định often ends with its forms: "Mẫu số 01/HĐBC-QH", an application
("ĐƠN ĐĂNG KÝ …", "Kính gửi: Ủy ban nhân dân xã ……"), minutes to fill in ("Cuộc họp vào hồi
…… giờ"), a header left blank ("ỦY BAN NHÂN DÂN .......(1)........", "Số: ..../....").
Their lines read like a document's own ("Đề nghị Ủy ban nhân dân xã … xem xét"), so
tasks and citations would be read from them. A form is recognised by what only forms
have: dotted blanks to write on, numbered placeholders ("(1)", "(2)") explained in a
note, and signature instructions ("(Ký, ghi rõ họ tên)"). A block that opens with
"Mẫu …" (or an annex heading) and holds enough of them is masked whole, up to the next
block opener.
"""

from __future__ import annotations

import re

NAME = "forms.v1"

# What opens a block: "Mẫu số 01", "Mẫu 02/TB", "MẪU SỐ 3", "PHỤ LỤC II", "Biểu mẫu số 1".
_OPENER = re.compile(
    r"^[ \t*_]*(?:(?:Biểu\s+)?[Mm]ẫu(?:\s+số)?\s*:?\s*\d{1,3}[\w./-]*|(?:BIỂU\s+)?MẪU(?:\s+SỐ)?\s*\d{1,3}[\w./-]*|"
    r"PHỤ\s+LỤC|Phụ\s+lục)\b[^\n]{0,60}$",
    re.M,
)
_NAMED_FORM = re.compile(r"^[\s*_]*(?:Biểu\s+)?(?:[Mm]ẫu|MẪU)")
# A blank to write on: a run of dots, ellipses or underscores.
_BLANK = re.compile(r"(?:\.\s?){5,}|…(?:\s?[….]){1,}|_{5,}")
# "(1)", "(2)" next to a blank, or a placeholder in a blank ("…(1)…").
_PLACEHOLDER = re.compile(r"\(\d{1,2}\)\s*[.…_]|[.…_]\s*\(\d{1,2}\)")
_SIGN_HERE = re.compile(
    r"\(\s*(?:[Kk]ý|Chữ\s+ký)[^)]{0,40}(?:họ\s+(?:và\s+)?tên|đóng\s+dấu)[^)]{0,20}\)"
)
# How many blank lines make a form when nothing else does.
_MIN_BLANK_LINES = 4


def form_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that are forms to fill in: from a block opener to the next."""
    openers = [m.start() for m in _OPENER.finditer(text)]
    spans: list[tuple[int, int]] = []
    for i, start in enumerate(openers):
        end = openers[i + 1] if i + 1 < len(openers) else len(text)
        if is_form(text[start:end]):
            if spans and spans[-1][1] == start:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
    return spans


def is_form(block: str) -> bool:
    """Whether a block of text is a form. One named a form ("Mẫu số 01") needs blanks to
    write on with placeholders or a signature instruction, or many blank lines; an annex
    ("Phụ lục") needs both blanks and a signature instruction, for an annex is more
    often a plan or a list whose empty cells are dotted. A table is no form."""
    lines = block.splitlines()
    if sum(1 for line in lines if line.count("|") >= 2) >= 3:
        return False  # a plan table's rows (tables.py reads them)
    blank_lines = sum(1 for line in lines if _BLANK.search(line))
    if blank_lines < 2:
        return False
    sign = bool(_SIGN_HERE.search(block))
    if not _NAMED_FORM.match(block):
        return sign and blank_lines >= _MIN_BLANK_LINES
    marks = bool(_PLACEHOLDER.search(block)) or sign
    return blank_lines >= _MIN_BLANK_LINES or marks
