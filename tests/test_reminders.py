"""Reminders: the rules (pure), the contacts directory, and delivery exactly once through
a real SMTP server (aiosmtpd) and a real HTTP server for webhooks, outages included."""

from __future__ import annotations

import json
import socket
import threading
from datetime import date
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller

from reminders.channels import SmtpConfig
from reminders.contacts import Contact, Directory, load, parse, save
from reminders.delivery import deliver, dry_run, plan_digests
from reminders.rules import Rules, next_occurrence, plan
from store.models import NamedBody
from store.outbox import Outbox
from store.tracking import TaskRecord
from tests.conftest import SAMPLES, ingest_into, open_data
from tests.index_fixtures import make_document, task

TODAY = date(2026, 9, 28)


def record(
    text="Báo cáo kết quả", due=None, recurrence=(), status="chua_thuc_hien", lead=("Sở Tài chính",)
):
    return TaskRecord(
        id=f"t{abs(hash((text, due, recurrence, status))) % 10**8}",
        doc_id="d1", ordinal=0, text=text, start=0, end=len(text),
        lead=tuple(NamedBody(b, b) for b in lead), support=(), due=due, due_text=None,
        recurrence=recurrence, report_to=None, status=status, version="1",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "recurrence", "today", "expected"),
    [
        ("Báo cáo trước ngày 15 hằng tháng", ("monthly",), date(2026, 9, 28), date(2026, 10, 15)),
        ("Báo cáo trước ngày 15 hằng tháng", ("monthly",), date(2026, 10, 3), date(2026, 10, 15)),
        ("Báo cáo hằng tháng", ("monthly",), date(2026, 2, 10), date(2026, 2, 28)),
        ("Báo cáo hằng quý", ("quarterly",), date(2026, 9, 28), date(2026, 9, 30)),
        (
            "Báo cáo hằng quý trước ngày 20 của tháng cuối quý",
            ("quarterly",),
            date(2026, 9, 21),
            date(2026, 12, 20),
        ),
        (
            "Định kỳ 06 tháng, 01 năm báo cáo Tỉnh ủy",
            ("semiannual", "annual"),
            date(2026, 7, 1),
            date(2026, 12, 31),
        ),
        (
            "Định kỳ 06 tháng, 01 năm báo cáo Tỉnh ủy",
            ("semiannual", "annual"),
            date(2026, 3, 1),
            date(2026, 6, 30),
        ),
        ("Hằng năm báo cáo", ("annual",), date(2026, 12, 31), date(2026, 12, 31)),
        ("Hằng tuần giao ban", ("weekly",), date(2026, 9, 28), None),
    ],
)
def test_reminders_next_occurrence(text, recurrence, today, expected):
    assert next_occurrence(record(text, recurrence=recurrence), today) == expected


@pytest.mark.parametrize(
    ("due", "rules"),
    [
        ("2026-10-05", ["before-7"]),
        ("2026-10-01", ["before-3"]),
        ("2026-09-29", ["before-1"]),
        ("2026-09-28", ["on-day"]),
        ("2026-09-21", ["overdue-7"]),
        ("2026-09-14", ["overdue-14"]),
        ("2026-09-20", []),
        ("2026-10-06", []),
    ],
)
def test_reminders_rules_by_due_date(due, rules):
    assert [r.rule for r in plan([record(due=due)], TODAY)] == rules


def test_reminders_done_and_gone_get_none_and_rules_are_settings():
    assert plan([record(due="2026-10-05", status="hoan_thanh")], TODAY) == []
    assert [r.rule for r in plan([record(due="2026-10-12")], TODAY, Rules(days_before=(14,)))] == [
        "before-14"
    ]
    assert plan([record(due="2026-09-21")], TODAY, Rules(overdue_every=0)) == []


def test_contacts_directory_matches_aliases_and_longest_name(tmp_path):
    directory = parse(
        {
            "default_email": "vanphong@laocai.gov.vn",
            "body": [
                {
                    "name": "Ủy ban nhân dân tỉnh",
                    "aliases": ["UBND tỉnh"],
                    "email": "ubnd@laocai.gov.vn",
                },
                {"name": "Sở Tài chính", "email": ["stc@laocai.gov.vn", "kt@laocai.gov.vn"]},
                {
                    "name": "Công an tỉnh",
                    "aliases": ["CA tỉnh"],
                    "webhook": "http://127.0.0.1/hook",
                },
            ],
        }
    )
    assert directory.find("Sở Tài chính tỉnh Lào Cai").email == (
        "stc@laocai.gov.vn",
        "kt@laocai.gov.vn",
    )
    assert directory.find("UBND tỉnh Lào Cai").name == "Ủy ban nhân dân tỉnh"
    assert directory.find("Công an tỉnh").webhook == "http://127.0.0.1/hook"
    assert directory.find("Sở Y tế") is None
    save(directory, tmp_path / "contacts.toml")
    again = load(tmp_path / "contacts.toml")
    assert again.contacts == directory.contacts and again.default_email == directory.default_email


# -- delivery through real servers ------------------------------------------------


class Inbox:
    """aiosmtpd handler: keeps every message it accepted."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            (envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default))
        )
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    port = free_port()
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    yield controller, inbox, port
    if getattr(controller, "_thread", None) is not None:
        controller.stop()


@pytest.fixture
def webhook():
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((dict(self.headers), json.loads(body)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/nhac-viec", received
    server.shutdown()


@pytest.fixture
def office(tmp_path):
    data = tmp_path / "data"
    assert not ingest_into(data, SAMPLES / "cv-9387-UBND-KT-LaoCai-2026.txt").failed
    store, index = open_data(data)
    store.put(
        make_document(
            "Giao nhiệm vụ theo dõi",
            number="77-KH/UBND",
            tasks=(
                task("Sở Tài chính bố trí kinh phí", lead=("Sở Tài chính",), due="2026-10-01"),
                task("Sở Y tế bảo đảm thuốc", lead=("Sở Y tế",), due="2026-09-21"),
                task("Rà soát, tổng hợp", due="2026-09-29"),
            ),
        ),
        "77.txt",
    )
    index.close()
    yield store, Outbox(store.engine)
    store.close()


def directory_for(hook_url):
    return Directory.of(
        "vanphong@laocai.gov.vn",
        (
            Contact(
                "Sở Nông nghiệp và Môi trường", ("Sở NN&MT",), ("snnmt@laocai.gov.vn",), hook_url
            ),
            Contact("Sở Tài chính", (), ("stc@laocai.gov.vn",)),
        ),
    )


def _run(index, outbox, directory, port):
    report = plan_digests(index, outbox, directory, TODAY, Rules(), "http://van-phong.local")
    return deliver(outbox, SmtpConfig("127.0.0.1", port, sender="nhac-viec@laocai.gov.vn"), report)


def test_reminders_digest_per_recipient_arrives_once(office, smtp, webhook):
    index, outbox = office
    controller, inbox, port = smtp
    hook_url, received = webhook
    controller.start()
    report = _run(index, outbox, directory_for(hook_url), port)
    assert not report.failed
    by_rcpt = {tuple(rcpt): msg for rcpt, msg in inbox.messages}
    # the real Công văn 9387 gives Sở Nông nghiệp và Môi trường a task due 05/10/2026
    snnmt = by_rcpt[("snnmt@laocai.gov.vn",)]
    assert snnmt["Subject"].startswith("[Nhắc việc] Sở Nông nghiệp và Môi trường: 1 nhiệm vụ")
    plain = snnmt.get_body(("plain",)).get_content()
    html = snnmt.get_body(("html",)).get_content()
    assert "hạn 05/10/2026, còn 7 ngày" in plain and "Công văn 9387/UBND-KT" in plain
    assert "http://van-phong.local/van-ban/" in html and "mở nhiệm vụ" in html
    assert (
        "hạn 01/10/2026, còn 3 ngày"
        in by_rcpt[("stc@laocai.gov.vn",)].get_body(("plain",)).get_content()
    )
    # Sở Y tế is not in the directory, and one task names no body: both go to the default
    office_mail = by_rcpt[("vanphong@laocai.gov.vn",)].get_body(("plain",)).get_content()
    assert "QUÁ HẠN (1)" in office_mail and "Chưa có địa chỉ của Sở Y tế" in office_mail
    assert "Rà soát, tổng hợp" in office_mail
    assert len(inbox.messages) == 3
    headers, payload = received[0]
    assert len(received) == 1 and headers["Idempotency-Key"]
    assert (
        payload["name"] == "Sở Nông nghiệp và Môi trường" and payload["items"][0]["days_left"] == 7
    )
    # the same day again, and a second scheduler run: nothing more
    again = _run(index, outbox, directory_for(hook_url), port)
    assert again.planned == [] and again.sent == []
    assert len(inbox.messages) == 3 and len(received) == 1


def test_reminders_smtp_outage_is_retried_and_arrives_once(office, smtp, webhook):
    index, outbox = office
    controller, inbox, port = smtp
    hook_url, received = webhook
    down = _run(index, outbox, directory_for(hook_url), port)  # nothing listens on the port
    assert len(down.failed) == 3 and all("không kết nối được" in f["error"] for f in down.failed)
    assert len(received) == 1  # the webhook was up
    controller.start()
    back = _run(index, outbox, directory_for(hook_url), port)
    assert len(back.sent) == 3 and back.planned == []
    assert sorted(r[0] for r, _ in inbox.messages) == [
        "snnmt@laocai.gov.vn",
        "stc@laocai.gov.vn",
        "vanphong@laocai.gov.vn",
    ]
    _run(index, outbox, directory_for(hook_url), port)
    assert len(inbox.messages) == 3 and len(received) == 1


def test_reminders_crash_after_sending_never_sends_twice(office, smtp, webhook, monkeypatch):
    index, live = office
    controller, inbox, port = smtp
    hook_url, hooked = webhook
    controller.start()
    outbox = Outbox(index.engine, lease_seconds=-1)  # the crashed run's claims have run out
    real_mark = outbox.mark

    def crash_before_logging_sent(digest_id, state, error=None):
        if state == "sent":
            raise KeyboardInterrupt("the process died here")
        real_mark(digest_id, state, error)

    monkeypatch.setattr(outbox, "mark", crash_before_logging_sent)
    with pytest.raises(KeyboardInterrupt):
        _run(index, outbox, directory_for(hook_url), port)
    assert len(inbox.messages) + len(hooked) == 1  # one digest handed over, then the crash
    monkeypatch.setattr(outbox, "mark", real_mark)
    rerun = _run(index, live, directory_for(hook_url), port)
    assert len(rerun.uncertain) == 1 and len(rerun.sent) == 3  # the other three go out now
    assert len(inbox.messages) == 3 and len(hooked) == 1  # four digests, each once
    assert len({tuple(r) for r, _ in inbox.messages}) == 3
    assert [d.state for d in outbox.uncertain()] == ["uncertain"]


def test_reminders_a_live_claim_is_left_to_its_run(office, smtp, webhook, monkeypatch):
    """A run still sending (its lease holds) is not a crash: another run neither marks its
    digest uncertain nor sends it."""
    index, outbox = office
    controller, inbox, port = smtp
    hook_url, hooked = webhook
    controller.start()
    plan_digests(index, outbox, directory_for(hook_url), TODAY, Rules(), "http://van-phong.local")
    busy = outbox.pending()[0]
    assert outbox.claim(busy.id, "another-run") and not outbox.claim(busy.id, "a-third-run")
    second = _run(index, outbox, directory_for(hook_url), port)
    assert second.uncertain == [] and busy.id not in {d["id"] for d in second.sent}
    assert outbox.digest(busy.id).state == "sending"
    assert len(inbox.messages) + len(hooked) == 3


def test_reminders_two_runs_at_once_send_each_digest_once(office, smtp, webhook):
    """Two schedulers (the CLI and the Prefect flow, or two workers) at the same moment
    over the same outbox: every digest reaches the real SMTP server (and the webhook) once."""
    index, outbox = office
    controller, inbox, port = smtp
    hook_url, hooked = webhook
    controller.start()
    reports, errors = [], []
    barrier = threading.Barrier(2)

    def scheduler():
        barrier.wait()
        try:
            reports.append(_run(index, Outbox(index.engine), directory_for(hook_url), port))
        except Exception as e:  # noqa: BLE001 - asserted below
            errors.append(e)

    runs = [threading.Thread(target=scheduler) for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join()
    assert errors == []
    assert len(inbox.messages) == 3 and len(hooked) == 1
    assert len({tuple(r) for r, _ in inbox.messages}) == 3
    assert sum(len(r.sent) for r in reports) == 4
    assert {d.state for d in outbox.all()} == {"sent"}


def test_reminders_dry_run_writes_nothing(office, webhook):
    index, outbox = office
    hook_url, received = webhook
    planned = dry_run(
        index, outbox, directory_for(hook_url), TODAY, Rules(), "http://van-phong.local"
    )
    assert {p["to"] for p in planned} >= {
        "snnmt@laocai.gov.vn",
        "stc@laocai.gov.vn",
        "vanphong@laocai.gov.vn",
    }
    assert all("Nhắc việc" in p["subject"] for p in planned if p["channel"] != "none")
    assert outbox.all() == [] and received == []


def test_reminders_deployments_are_daily_at_seven_in_vietnam_and_run_one_at_a_time():
    from directives.settings import Settings
    from flows.deployments import deployments

    served = {d.name: d for d in deployments(Settings())}
    assert set(served) == {"ingest-inbox", "send-reminders", "reindex"}
    (schedule,) = served["send-reminders"].schedules
    assert schedule.schedule.cron == "0 7 * * *"
    assert schedule.schedule.timezone == "Asia/Ho_Chi_Minh"
    for deployment in served.values():
        limit = deployment.concurrency_limit
        assert getattr(limit, "limit", limit) == 1, deployment.name


@pytest.mark.prefect
def test_reminders_prefect_flow_sends_through_smtp(office, smtp, monkeypatch, tmp_path):
    """The send-reminders flow itself, run by Prefect (temporary server), to a real SMTP."""
    from prefect.testing.utilities import prefect_test_harness

    from flows.deployments import send_reminders_flow
    from reminders.contacts import save

    index, outbox = office
    controller, inbox, port = smtp
    controller.start()
    data = tmp_path / "data"
    save(directory_for(None), data / "contacts.toml")
    for key, value in {
        "DIRECTIVES_DATA_DIR": str(data),
        "DIRECTIVES_SMTP_HOST": "127.0.0.1",
        "DIRECTIVES_SMTP_PORT": str(port),
        "DIRECTIVES_BASE_URL": "http://van-phong.local",
    }.items():
        monkeypatch.setenv(key, value)
    with prefect_test_harness(server_startup_timeout=60):
        result = send_reminders_flow(today=TODAY)
        again = send_reminders_flow(today=TODAY)
    assert len(result["sent"]) == 3 and again["sent"] == [] and len(inbox.messages) == 3


def test_contacts_file_survives_any_text(tmp_path):
    odd = Contact('Sở "Tài chính"\\ \x13\t', ("a\nb",), ("x@y.vn",), None)
    save(Directory.of("vp@y.vn", (odd,)), tmp_path / "contacts.toml")
    assert load(tmp_path / "contacts.toml").contacts == (odd,)


def test_reminders_of_days_without_a_run_are_caught_up_once(office, smtp, webhook):
    """The worker ran on 20/9, then was down until 28/9: the reminders of the days between
    (Sở Y tế's task due 21/9, the 7-day notices of 22/9 and 24/9, …) go out on 28/9 once,
    marked "nhắc bù"; the next run sends none of them again."""
    from datetime import timedelta

    index, outbox = office
    controller, inbox, port = smtp
    hook_url, hooked = webhook
    controller.start()
    smtp_config = SmtpConfig("127.0.0.1", port, sender="nhac-viec@laocai.gov.vn")
    before = TODAY - timedelta(days=8)
    first = plan_digests(index, outbox, directory_for(hook_url), before, Rules(), "http://x")
    deliver(outbox, smtp_config, first)
    sent_first = len(inbox.messages)
    back = plan_digests(index, outbox, directory_for(hook_url), TODAY, Rules(), "http://x")
    deliver(outbox, smtp_config, back)
    items = [i for d in outbox.all() if d.day == TODAY.isoformat() for i in d.payload["items"]]
    caught = [i for i in items if i["catch_up"]]
    assert caught and not all(i["catch_up"] for i in items)
    assert {i["key"].split("|")[2] for i in caught} >= {"2026-09-21", "2026-09-29"}
    mails = [m.get_body(("plain",)).get_content() for _, m in inbox.messages[sent_first:]]
    assert any("(nhắc bù)" in m for m in mails)
    again = plan_digests(index, outbox, directory_for(hook_url), TODAY + timedelta(days=1),
                         Rules(), "http://x")  # fmt: skip
    later = [i for p in again.planned for d in [outbox.digest(p["id"])] for i in d.payload["items"]]
    assert not {i["key"] for i in later} & {i["key"] for i in caught}  # each once
