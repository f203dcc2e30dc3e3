"""The Prefect flows the project serves, and `directives worker`, which serves them.

- ``ingest-inbox``: polls the inbox folder (every ``DIRECTIVES_INBOX_INTERVAL_SECONDS``);
- ``send-reminders``: daily at 07:00 Asia/Ho_Chi_Minh;
- ``reindex``: on demand (``prefect deployment run reindex/reindex``).

Flows read the settings from the environment of the process that serves them, so every
machine of a work pool is configured the same way (DIRECTIVES_DATA_DIR on shared storage
or DIRECTIVES_ELASTICSEARCH_URL for a shared index).
"""

from __future__ import annotations

from datetime import date

from prefect import flow, get_run_logger, serve, task
from prefect.cache_policies import NO_CACHE
from prefect.schedules import Cron, Interval

from directives.settings import Settings, load_settings
from files.originals import OriginalStore
from flows.inbox import run_inbox
from flows.pipeline import limits_of
from flows.reindex import rebuild, reread
from index.factory import open_search
from reminders.channels import SmtpConfig
from reminders.contacts import load as load_contacts
from reminders.delivery import Report, deliver, dry_run, plan_digests, rules_from
from store.open import open_store
from store.outbox import Outbox

REMINDER_CRON = "0 7 * * *"


def smtp_config(settings: Settings) -> SmtpConfig:
    return SmtpConfig(
        settings.smtp_host,
        settings.smtp_port,
        settings.smtp_user,
        settings.smtp_password,
        settings.smtp_starttls,
        settings.mail_from,
    )


@flow(name="ingest-inbox", log_prints=False)
def ingest_inbox_flow() -> dict:
    """Ingest what arrived in the inbox folder; archive or quarantine each file."""
    logger = get_run_logger()
    report = run_inbox(
        load_settings(),
        lambda n, total, o: logger.info("[%d/%d] %s %s", n, total, o.status, o.path),
    )
    for failed in report.failed:
        logger.warning("failed %s: %s", failed.path, failed.error)
    return report.as_json()


@task(name="plan-digests", cache_policy=NO_CACHE)
def plan_task(settings: Settings, today: date) -> Report:
    store = open_store(settings)
    outbox = Outbox(store.engine)
    try:
        return plan_digests(
            store,
            outbox,
            load_contacts(settings.contacts_path),
            today,
            rules_from(settings),
            settings.base_url,
        )
    finally:
        store.close()
        outbox.close()


@task(name="deliver-digests", cache_policy=NO_CACHE)
def deliver_task(settings: Settings, report: Report) -> Report:
    store = open_store(settings)
    try:
        return deliver(Outbox(store.engine), smtp_config(settings), report)
    finally:
        store.close()


@flow(name="send-reminders", log_prints=False)
def send_reminders_flow(today: date | None = None, dry: bool = False) -> dict:
    """Plan today's digests and send every pending one (those of earlier failed runs too)."""
    logger = get_run_logger()
    settings = load_settings()
    day = today or settings.today()
    if dry:
        store = open_store(settings)
        outbox = Outbox(store.engine)
        try:
            planned = dry_run(
                store,
                outbox,
                load_contacts(settings.contacts_path),
                day,
                rules_from(settings),
                settings.base_url,
            )
        finally:
            store.close()
            outbox.close()
        for p in planned:
            logger.info("would send to %s: %s", p["to"], p.get("subject"))
        return {"dry_run": planned}
    report = deliver_task(settings, plan_task(settings, day))
    logger.info(
        "%d reminders; %d digests planned, %d sent, %d failed (retried next run), %d uncertain",
        report.reminders, len(report.planned), len(report.sent), len(report.failed), len(report.uncertain),
    )  # fmt: skip
    if report.unmapped:
        logger.warning("bodies with no address and no default: %s", ", ".join(report.unmapped))
    return report.as_json()


@flow(name="reindex", log_prints=False)
def reindex_flow(reread_originals: bool = False) -> dict:
    """Rebuild the search index from the store; ``reread``: read every original again
    with the current extractors first (every person's decision stands)."""
    logger = get_run_logger()
    settings = load_settings()
    store = open_store(settings)
    try:
        index = open_search(settings)
        try:
            progress = lambda n, total, status, name: logger.info(  # noqa: E731
                "[%d/%d] %s %s", n, total, status, name
            )
            report = (
                reread(
                    store,
                    index,
                    OriginalStore(settings.originals_dir),
                    limits_of(settings),
                    progress,
                )
                if reread_originals
                else rebuild(store, index, progress)
            )
        finally:
            index.close()
    finally:
        store.close()
    return report.as_json()


def deployments(settings: Settings) -> list:
    """The three deployments, one run at a time of each: two inbox runs would move the
    same files; the outbox keeps reminders exactly once with any number of runs, but one
    is meant."""
    return [
        ingest_inbox_flow.to_deployment(
            name="ingest-inbox",
            schedule=Interval(settings.inbox_interval_seconds),
            concurrency_limit=1,
        ),
        send_reminders_flow.to_deployment(
            name="send-reminders",
            schedule=Cron(REMINDER_CRON, timezone=settings.timezone),
            concurrency_limit=1,
        ),
        reindex_flow.to_deployment(name="reindex", concurrency_limit=1),
    ]


def serve_all(settings: Settings) -> None:
    """Create the three deployments on the Prefect server and run their flow runs."""
    serve(*deployments(settings), pause_on_shutdown=False)
