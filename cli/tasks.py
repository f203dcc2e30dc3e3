"""`directives tasks`: list tasks from the store."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from cli.output import print_json
from directives.settings import Settings


def add(sub: argparse._SubParsersAction) -> None:
    tasks = sub.add_parser("tasks", help="list tasks: by body, due date, status")
    tasks.add_argument("--body", help='a body, abbreviations allowed: "UBND tỉnh"')
    tasks.add_argument("--role", choices=("any", "lead", "support"), default="any")
    tasks.add_argument("--status", help="chưa thực hiện | đang thực hiện | hoàn thành")
    tasks.add_argument("--due-within", type=int, metavar="DAYS", help="due in the next N days")
    tasks.add_argument("--overdue", action="store_true", help="only tasks past their deadline")
    tasks.add_argument("--recurring", action="store_true", help="only recurring duties")
    tasks.add_argument("--document", help="only the tasks of this document id")
    tasks.add_argument("--limit", type=int, default=50)
    tasks.add_argument("--json", action="store_true")
    tasks.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from store.open import open_store
    from store.tracking import STATUS_LABELS, TaskQuery, check_status

    query = TaskQuery(
        body=args.body,
        role=args.role,
        doc_id=args.document,
        status=check_status(args.status) if args.status else None,
        due_within_days=args.due_within,
        overdue=True if args.overdue else None,
        recurring=True if args.recurring else None,
        limit=args.limit,
    )
    store = open_store(settings)
    try:
        page = store.tasks(query)
    finally:
        store.close()
    if args.json:
        print_json({"total": page.total, "tasks": [asdict(t) for t in page.tasks]})
        return 0
    print(f"{page.total} nhiệm vụ")
    for t in page.tasks:
        lead = ", ".join(b.written for b in t.lead) or "(chưa rõ đơn vị)"
        due = f"hạn {t.due}" if t.due else (t.due_text or "không ghi hạn")
        print(f"\n[{t.id}] {lead} · {due} · {STATUS_LABELS[t.status]} · {t.doc_number or t.doc_id}")
        print(f"  {' '.join(t.text.split())[:300]}")
    return 0
