"""Deadline reminders: scan the tasks, plan each recipient's digest, deliver it.

The plain functions here are what the Prefect flow ``send-reminders`` and the command
``directives reminders`` both run. How exactly-once is kept: store/outbox.py.
"""

from __future__ import annotations

import itertools
import logging
import os
import socket
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from directives.settings import Settings
from reminders import digest as render
from reminders.channels import ChannelError, SmtpChannel, SmtpConfig, email_message, post_webhook
from reminders.contacts import Directory
from reminders.rules import Reminder, Rules, plan
from store.outbox import Digest, Outbox
from store.store import Store
from store.tracking import TaskQuery

log = logging.getLogger("reminders.rules")
CATCH_UP_DAYS = 31  # days without a run caught up at most
OVERDUE_YEARS = 10  # overdue tasks are reminded weekly for at most this long


def rules_from(settings: Settings) -> Rules:
    days = tuple(int(d) for d in settings.remind_days_before.split(",") if d.strip())
    return Rules(days, settings.remind_on_the_day, settings.remind_overdue_every)


def reminder_dates(today: date, rules: Rules) -> tuple[str, ...]:
    """The only due dates that can produce a reminder today (before, on the day, overdue)."""
    days = {today + timedelta(days=d) for d in rules.days_before}
    days.add(today)
    if rules.overdue_every:
        for k in range(1, OVERDUE_YEARS * 366 // rules.overdue_every + 1):
            days.add(today - timedelta(days=k * rules.overdue_every))
    return tuple(sorted(d.isoformat() for d in days))


def scan(store: Store, today: date, rules: Rules) -> list[Reminder]:
    """Every reminder due today: dated tasks by their exact due dates, recurring duties.

    Tasks are streamed, never paged, and only those that can give a reminder today are
    read: dated tasks due on one of the reminder dates, recurring duties whose period and
    day fall on one of the days ahead."""
    dated = store.each_task(
        TaskQuery(
            due_on=reminder_dates(today, rules),
            open_only=True,
            recurring=False,
            tracked_only=True,
            today=today,
        )
    )
    ahead = tuple(
        (today + timedelta(days=d)).isoformat() for d in {0, *rules.days_before} if d >= 0
    )
    recurring = store.each_task(
        TaskQuery(recurring_on=ahead, open_only=True, tracked_only=True, today=today)
    )
    return plan(itertools.chain(dated, recurring), today, rules)


@dataclass
class Route:
    """Who receives a reminder, through which channel, and as what."""

    channel: str
    recipient: str
    name: str
    role: str
    unmapped: str | None = None


def routes(reminder: Reminder, directory: Directory) -> tuple[list[Route], list[str]]:
    """Recipients of one reminder, and the bodies left with no address at all."""
    out: list[Route] = []
    missing: list[str] = []
    bodies = [(b, "lead") for b in reminder.task.lead] + [
        (b, "support") for b in reminder.task.support
    ]
    default = directory.default_email
    for body, role in bodies or [(None, "default")]:
        contact = directory.find(body.name) if body else None
        if contact and (contact.email or contact.webhook):
            out += [Route("email", a, contact.name, role) for a in contact.email]
            if contact.webhook:
                out.append(Route("webhook", contact.webhook, contact.name, role))
        elif default:
            written = body.written if body else None
            out.append(Route("email", default, "Văn phòng (địa chỉ mặc định)", "default", written))
        elif body:
            missing.append(body.written)
    unique = {(r.channel, r.recipient): r for r in out}
    return list(unique.values()), missing


@dataclass
class Report:
    reminders: int = 0
    planned: list[dict[str, Any]] = field(default_factory=list)
    sent: list[dict[str, Any]] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)
    uncertain: list[dict[str, Any]] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return self.__dict__.copy()


def prepare(
    reminders: list[Reminder],
    directory: Directory,
    today: date,
    base_url: str,
    catch_up: frozenset[str] = frozenset(),
) -> tuple[dict[tuple[str, str], dict[str, Any]], list[str]]:
    """Group reminders into one digest per (channel, recipient): header and keyed items."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    unmapped: list[str] = []
    for reminder in reminders:
        found, missing = routes(reminder, directory)
        unmapped += missing
        for route in found:
            group = groups.setdefault(
                (route.channel, route.recipient),
                {"name": route.name, "day": today.isoformat(), "items": []},
            )
            entry = render.item(reminder, today, base_url, route.role, route.unmapped)
            entry["catch_up"] = reminder.key in catch_up  # due on a day no run planned
            group["items"].append((reminder.key, entry))
    return groups, sorted(set(unmapped))


def plan_digests(
    store: Store, outbox: Outbox, directory: Directory, today: date, rules: Rules, base_url: str
) -> Report:
    report = Report()
    reminders, missed = due_reminders(store, outbox, today, rules)
    report.reminders = len(reminders)
    groups, report.unmapped = prepare(reminders, directory, today, base_url, missed)
    for (channel, recipient), group in sorted(groups.items()):
        header = {"name": group["name"], "day": group["day"]}
        made = outbox.plan(channel, recipient, today.isoformat(), group["items"], header)  # type: ignore[arg-type]
        if made:
            report.planned.append(
                {
                    "id": made.id,
                    "channel": channel,
                    "to": recipient,
                    "items": len(made.payload["items"]),
                }
            )
    outbox.record_run(today.isoformat())
    return report


def due_reminders(
    store: Store, outbox: Outbox, today: date, rules: Rules
) -> tuple[list[Reminder], frozenset[str]]:
    """Today's reminders, and those of the days since the last run when no run planned
    (the worker was down): each once, the latter's keys returned apart ("nhắc bù")."""
    reminders = scan(store, today, rules)
    keys = {r.key for r in reminders}
    last = outbox.last_run()
    missed: set[str] = set()
    if last is not None:
        day = max(date.fromisoformat(last) + timedelta(days=1), today - timedelta(CATCH_UP_DAYS))
        while day < today:
            for reminder in scan(store, day, rules):
                if reminder.key not in keys:
                    keys.add(reminder.key)
                    missed.add(reminder.key)
                    reminders.append(reminder)
            day += timedelta(days=1)
    return reminders, frozenset(missed)


def deliver(outbox: Outbox, smtp: SmtpConfig, report: Report | None = None) -> Report:
    """Send every pending digest; failures stay pending for the next run."""
    report = report or Report()
    report.uncertain = [{"id": d.id, "to": d.recipient, "day": d.day} for d in outbox.recover()]
    pending = outbox.pending()
    owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    mail = SmtpChannel(smtp)
    mail_ready: bool | None = None
    try:
        for d in pending:
            if not outbox.claim(d.id, owner):
                continue  # another run took it since the list was read
            if d.channel == "email":
                if mail_ready is None:
                    try:
                        mail.open()
                        mail_ready = True
                    except ChannelError as e:
                        mail_ready = False
                        mail_error = str(e)
                if not mail_ready:  # given back, for the next run
                    outbox.mark(d.id, "pending", mail_error)
                    report.failed.append({"id": d.id, "to": d.recipient, "error": mail_error})
                    continue
            _send_one(outbox, d, mail, smtp, report)
    finally:
        mail.close()
    return report


def _send_one(
    outbox: Outbox, d: Digest, mail: SmtpChannel, smtp: SmtpConfig, report: Report
) -> None:
    """Send a digest this run has claimed (``sending``, under its lease)."""
    try:
        if d.channel == "email":
            message = email_message(
                smtp,
                d.recipient,
                render.subject(d.payload),
                render.plain(d.payload),
                render.rich(d.payload),
                d.id,
            )
            mail.send(message)
        else:
            post_webhook(d.recipient, d.payload, d.id)
    except ChannelError as e:
        outbox.mark(d.id, "pending", str(e))
        report.failed.append({"id": d.id, "to": d.recipient, "error": str(e)})
        log.warning("digest %s to %s not sent: %s", d.id, d.recipient, e)
        return
    outbox.mark(d.id, "sent")
    report.sent.append(
        {"id": d.id, "channel": d.channel, "to": d.recipient, "items": len(d.payload["items"])}
    )


def dry_run(
    store: Store, outbox: Outbox, directory: Directory, today: date, rules: Rules, base_url: str
) -> list[dict[str, Any]]:
    """What a run would send today, written nowhere."""
    reminders, missed = due_reminders(store, outbox, today, rules)
    groups, unmapped = prepare(reminders, directory, today, base_url, missed)
    out = []
    for (channel, recipient), group in sorted(groups.items()):
        fresh = [entry for key, entry in group["items"] if not outbox.logged(key, recipient)]
        if fresh:
            payload = {"name": group["name"], "day": group["day"], "items": fresh}
            out.append(
                {
                    "channel": channel,
                    "to": recipient,
                    "subject": render.subject(payload),
                    "text": render.plain(payload),
                }
            )
    if unmapped:
        out.append({"channel": "none", "to": None, "unmapped": unmapped})
    return out
