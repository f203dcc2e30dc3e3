"""content.v2: which parts of a text are the document's own content.

An official document's "Nơi nhận:" block (distribution list beside the signature) is not
content, but an annex, an attached programme or the footnotes after it are ("PHỤ LỤC",
"(Kèm theo …)", "CHƯƠNG TRÌNH …", "[1] Chương trình số 30-CTr/TU …"). A web page reporting on directives ends where the site's furniture
begins: author line, rating widget, view counters, "related documents" lists.
Citations and tasks are read only in the content.
"""

from __future__ import annotations

import re

from extractors.lines import is_upper
from extractors.patterns import DISTRIBUTION

NAME = "content.v3"

_SITE_FURNITURE = re.compile(
    r"^\s*(?:Tác giả(?: bài viết)?\s*:|Tổng số điểm|Click để đánh giá|lượt xem\s*:|"
    r"Tin liên quan|Các tin khác|Tin khác|Bài viết liên quan|Văn bản liên quan|"
    r"Tin cùng chuyên mục|Chia sẻ bài viết|Từ khóa\s*:|Đang truy cập\s*:|Nguồn\s*:|"
    # a legal portal's chrome: the compare widget, notices to its members, log-in
    r"NỘI DUNG SỬA ĐỔI, HƯỚNG DẪN|Click (?:trái|phải) để|Rà chuột vào|Thưa Quý khách|"
    r"Quý Thành viên|Bạn vừa bị Đăng xuất|Đăng nhập để)",
    re.I | re.M,
)
# A footnote after the signature: "[1] Chương trình số 30-CTr/TU …".
FOOTNOTE = re.compile(r"^\s*\[\d{1,3}\](?:\s|$)")
# "Nơi nhận:" at the start of a line, or after the column gap of a layout text.
# An annex's own title: "PHỤ LỤC …", "(Kèm theo Công văn số …)".
ANNEX_TITLE = r"PHỤ\s+LỤC\b|Phụ\s+lục\b|\(Kèm\s+theo\b"
_ANNEX = re.compile(
    rf"^\s*(?:{ANNEX_TITLE}|Chú\s+thích\s*:|"
    r"DANH\s+SÁCH|CHƯƠNG\s+TRÌNH|QUY\s+ĐỊNH|QUY\s+CHẾ|"
    r"KẾ\s+HOẠCH|ĐỀ\s+ÁN|BẢNG|BIỂU)"
)
_SIGNATURE_LINE = re.compile(r"^\s*(?:T/M|TM\.|KT\.|TL\.|TUQ\.|Q\.)")


def content_end(text: str) -> int:
    """Offset where a web page's own content stops (len(text) when nothing follows)."""
    furniture = _SITE_FURNITURE.search(text)
    return furniture.start() if furniture else len(text)


def excluded_spans(text: str) -> list[tuple[int, int]]:
    """Spans that are not content: each "Nơi nhận" block with the signature beside it."""
    spans = []
    for match in DISTRIBUTION.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        end = len(text)
        offset = text.find("\n", match.end())
        seen = 0
        while offset != -1 and offset < len(text):
            line_end = text.find("\n", offset + 1)
            line = text[offset + 1 : line_end if line_end != -1 else len(text)]
            seen += 1
            stripped = line.strip()
            # a title in capitals, not a list line in capitals ("- TAND TP, VKSND TP; THA TP;")
            big_title = (
                is_upper(stripped)
                and len(stripped.split()) >= 6
                and not stripped.startswith(("-", "+", "•"))
                and not stripped.endswith((";", ","))
            )
            starts = _ANNEX.match(line) or FOOTNOTE.match(line) or big_title
            if seen > 1 and starts and not _SIGNATURE_LINE.match(line):
                end = offset + 1
                break
            offset = line_end
        spans.append((start, end))
    return spans
