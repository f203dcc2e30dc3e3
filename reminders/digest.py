"""A recipient's daily digest in Vietnamese: plain text, HTML, and webhook JSON."""

from __future__ import annotations

import html
from datetime import date
from typing import Any

from reminders.rules import Reminder

SECTIONS = (
    ("overdue", "Quá hạn"),
    ("today", "Đến hạn hôm nay"),
    ("soon", "Sắp đến hạn"),
    ("recurring", "Báo cáo định kỳ sắp đến hạn"),
)


def item(
    reminder: Reminder, today: date, base_url: str, role: str, unmapped: str | None
) -> dict[str, Any]:
    """One reminder as the digest (and the webhook) carries it."""
    t = reminder.task
    left = (reminder.occurrence - today).days
    if reminder.rule.endswith("/recurring"):
        section = "recurring"
    elif left < 0:
        section = "overdue"
    elif left == 0:
        section = "today"
    else:
        section = "soon"
    return {
        "key": reminder.key,
        "task_id": t.id,
        "rule": reminder.rule,
        "section": section,
        "due": reminder.occurrence.isoformat(),
        "days_left": left,
        "text": " ".join(t.text.split()),
        "lead": [b.written for b in t.lead],
        "support": [b.written for b in t.support],
        "role": role,  # "lead" | "support" | "default" (no body on the task, or unmapped)
        "unmapped_body": unmapped,  # the body whose contact is missing, sent to the default
        "recurrence": list(t.recurrence),
        "report_to": t.report_to,
        "document": {"id": t.doc_id, "number": t.doc_number, "type": t.doc_type},
        "url": f"{base_url}/van-ban/{t.doc_id}#task-{t.id}",
    }


def _when(entry: dict[str, Any]) -> str:
    due = date.fromisoformat(entry["due"]).strftime("%d/%m/%Y")
    left = entry["days_left"]
    late = " (nhắc bù)" if entry.get("catch_up") else ""  # its day passed while nothing ran
    if left < 0:
        return f"hạn {due}, đã quá {-left} ngày{late}"
    if left == 0:
        return f"hạn hôm nay {due}{late}"
    return f"hạn {due}, còn {left} ngày{late}"


def _doc(entry: dict[str, Any]) -> str:
    d = entry["document"]
    return " ".join(x for x in (d.get("type"), d.get("number")) if x) or "văn bản"


def subject(payload: dict[str, Any]) -> str:
    items = payload["items"]
    day = date.fromisoformat(payload["day"]).strftime("%d/%m/%Y")
    overdue = sum(1 for i in items if i["section"] == "overdue")
    extra = f", {overdue} quá hạn" if overdue else ""
    return f"[Nhắc việc] {payload['name']}: {len(items)} nhiệm vụ{extra} — {day}"


def plain(payload: dict[str, Any]) -> str:
    lines = [f"Kính gửi: {payload['name']}", "", "Hệ thống theo dõi nhiệm vụ nhắc các việc sau:"]
    for section, title in SECTIONS:
        entries = [i for i in payload["items"] if i["section"] == section]
        if not entries:
            continue
        lines += ["", f"{title.upper()} ({len(entries)})"]
        for n, e in enumerate(entries, 1):
            who = ", ".join(e["lead"]) or "chưa rõ đơn vị chủ trì"
            lines.append(f"{n}. {e['text'][:300]}")
            lines.append(f"   Chủ trì: {who} · {_when(e)} · {_doc(e)}")
            if e["unmapped_body"]:
                lines.append(f"   (Chưa có địa chỉ của {e['unmapped_body']} trong danh bạ)")
            lines.append(f"   {e['url']}")
    lines += ["", "Thư này được gửi tự động; vui lòng cập nhật trạng thái trên hệ thống."]
    return "\n".join(lines) + "\n"


def rich(payload: dict[str, Any]) -> str:
    esc = html.escape
    parts = [
        '<html><body style="font-family: Arial, sans-serif; font-size: 14px">',
        f"<p>Kính gửi: <b>{esc(payload['name'])}</b></p>",
        "<p>Hệ thống theo dõi nhiệm vụ nhắc các việc sau:</p>",
    ]
    for section, title in SECTIONS:
        entries = [i for i in payload["items"] if i["section"] == section]
        if not entries:
            continue
        colour = "#b00020" if section == "overdue" else "#333"
        parts.append(f'<h3 style="color: {colour}">{esc(title)} ({len(entries)})</h3><ol>')
        for e in entries:
            who = ", ".join(e["lead"]) or "chưa rõ đơn vị chủ trì"
            note = (
                f"<br><i>Chưa có địa chỉ của {esc(e['unmapped_body'])} trong danh bạ</i>"
                if e["unmapped_body"]
                else ""
            )
            parts.append(
                f"<li><p>{esc(e['text'][:400])}<br>Chủ trì: {esc(who)} · {esc(_when(e))} · "
                f'{esc(_doc(e))} · <a href="{esc(e["url"])}">mở nhiệm vụ</a>{note}</p></li>'
            )
        parts.append("</ol>")
    parts.append("<p>Thư này được gửi tự động; vui lòng cập nhật trạng thái trên hệ thống.</p>")
    parts.append("</body></html>")
    return "\n".join(parts)
