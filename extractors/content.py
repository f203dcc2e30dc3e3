"""content.v1: where a document's own content ends.

An official document ends at its "Nơi nhận:" block (distribution list and signature); a
web page reporting on directives ends where the site's furniture begins: author line,
rating widget, view counters, "related documents" lists. Citations and tasks are read
only before that point.
"""

from __future__ import annotations

import re

NAME = "content.v1"

_SITE_FURNITURE = re.compile(
    r"^\s*(?:Tác giả(?: bài viết)?\s*:|Tổng số điểm|Click để đánh giá|lượt xem\s*:|"
    r"Tin liên quan|Các tin khác|Tin khác|Bài viết liên quan|Văn bản liên quan|"
    r"Tin cùng chuyên mục|Chia sẻ bài viết|Từ khóa\s*:|Đang truy cập\s*:|Nguồn\s*:)",
    re.I | re.M,
)
# "Nơi nhận:" at the start of a line, or after the column gap of a layout text.
_DISTRIBUTION = re.compile(r"(?:^|   )\s*Nơi\s+nhận\s*:", re.M)


def content_end(text: str) -> int:
    """Offset where the document's own content stops (len(text) when nothing follows)."""
    ends = [len(text)]
    furniture = _SITE_FURNITURE.search(text)
    if furniture:
        ends.append(furniture.start())
    distribution = [m.start() for m in _DISTRIBUTION.finditer(text)]
    if distribution:
        ends.append(distribution[-1])
    return min(ends)
