"""`directives reminders`: plan and send reminder digests."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict

from cli.output import print_json
from directives.settings import Settings


def add(sub: argparse._SubParsersAction) -> None:
    reminders = sub.add_parser(
        "reminders", help="plan today's reminder digests and send them (and earlier pending ones)"
    )
    reminders.add_argument("--dry-run", action="store_true", help="print what would be sent")
    reminders.add_argument("--today", metavar="YYYY-MM-DD", help="plan as if today were this day")
    reminders.add_argument("--status", action="store_true", help="list digests and their state")
    reminders.add_argument(
        "--resend-uncertain",
        action="store_true",
        help="send again digests a crash left uncertain (check first that they did not arrive)",
    )
    reminders.add_argument("--json", action="store_true")
    reminders.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import date

    from flows.deployments import smtp_config
    from reminders.contacts import load as load_contacts
    from reminders.delivery import deliver, dry_run, plan_digests, rules_from
    from store.open import open_store
    from store.outbox import Outbox

    today = date.fromisoformat(args.today) if args.today else settings.today()
    store = open_store(settings)
    try:
        outbox = Outbox(store.engine)
        if args.status:
            rows = [asdict(d) for d in outbox.all()]
            if args.json:
                print_json(rows)
            for d in [] if args.json else rows:
                print(f"{d['day']} {d['state']:<10} {d['channel']:<7} {d['recipient']} "
                      f"({len(d['payload']['items'])} nhiệm vụ){' — ' + d['last_error'] if d['last_error'] else ''}")  # fmt: skip
            return 0
        if args.resend_uncertain:
            for d in outbox.uncertain():
                outbox.mark(d.id, "pending", "gửi lại theo yêu cầu")
        directory = load_contacts(settings.contacts_path)
        if args.dry_run:
            planned = dry_run(
                store, outbox, directory, today, rules_from(settings), settings.base_url
            )
            if args.json:
                print_json(planned)
            for p in [] if args.json else planned:
                if p["channel"] == "none":
                    print(f"Không có địa chỉ: {', '.join(p['unmapped'])}")
                    continue
                print(f"=== {p['channel']} → {p['to']}: {p['subject']}\n{p['text']}")
            return 0
        report = plan_digests(
            store, outbox, directory, today, rules_from(settings), settings.base_url
        )
        report = deliver(outbox, smtp_config(settings), report)
    finally:
        store.close()
    if args.json:
        print_json(report.as_json())
    else:
        print(
            f"{report.reminders} lời nhắc; {len(report.planned)} bản tổng hợp mới; "
            f"đã gửi {len(report.sent)}, lỗi {len(report.failed)} (sẽ gửi lại lần sau), "
            f"không chắc chắn {len(report.uncertain)}"
        )
        for f in report.failed:
            print(f"  lỗi {f['to']}: {f['error']}", file=sys.stderr)
        if report.unmapped:
            print(f"  chưa có địa chỉ: {', '.join(report.unmapped)}", file=sys.stderr)
    return 1 if report.failed else 0
