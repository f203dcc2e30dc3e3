"""What the commands print: reports, JSON, how a file was read."""

from __future__ import annotations

import json


def print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def unescape(text: str) -> str:
    import html

    return html.unescape(text)


def print_report(report: dict) -> None:
    print(
        f"Đã tiếp nhận {len(report['ingested'])}, không đổi {len(report['unchanged'])}, "
        f"lỗi {len(report['failed'])}."
    )
    for item in report["ingested"]:
        reading = item.get("reading") or {}
        print(f"  + {item['path']}  [{item['id']}]  {reading_note(reading)}")
    for item in report["unchanged"]:
        print(f"  = {item['path']}  [{item['id']}]")
    for item in report["failed"]:
        named = f" ({item['error_type']})" if item.get("error_type") else ""
        print(f"  ! {item['path']}: {item['error']}{named}")
        if item.get("quarantined"):
            print(f"    → cách ly: {item['quarantined']}")


def reading_note(reading: dict) -> str:
    """How a document was read, e.g. "ocr; OCR trang 1-3 (độ tin cậy 92); giải mã tcvn3"."""
    parts = [str(reading.get("method", ""))]
    pages = reading.get("ocr_pages") or []
    if pages:
        confidence = reading.get("ocr_confidence") or [0.0]
        mean = sum(confidence) / len(confidence)
        parts.append(f"OCR trang {page_ranges(pages)} (độ tin cậy {mean:.0f})")
    if reading.get("decoder"):
        parts.append(f"giải mã {reading['decoder']}")
    if reading.get("language", "vi") != "vi":
        parts.append("không phải tiếng Việt: không trích xuất nhiệm vụ")
    parts.extend(reading.get("notes") or [])
    return "; ".join(parts)


def page_ranges(pages: list[int]) -> str:
    """[1, 2, 3, 5] -> "1-3, 5"."""
    runs: list[list[int]] = []
    for page in pages:
        if runs and page == runs[-1][-1] + 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
