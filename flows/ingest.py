"""The Prefect flow ``ingest``: one task per file (map over files, not paragraphs).

Without a Prefect server (no PREFECT_API_URL) ``directives ingest`` runs the same steps
in-process through ``run_ingest``: Prefect's temporary server costs 13-17 s per process
(STACK.md), too much for a command a clerk types. With a server configured, the CLI
runs this flow and every run is tracked there.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from directives.settings import Settings
from files.originals import OriginalStore
from files.quarantine import Quarantine
from flows.pipeline import IngestReport, Outcome, discover, ingest_file, run_ingest
from index.factory import open_search
from readers.dispatch import Limits
from store.open import open_store


@task(name="ingest-file", cache_policy=NO_CACHE, retries=0)
def ingest_file_task(
    path: Path, store, index, originals: OriginalStore, limits: Limits, quarantine: Quarantine
) -> Outcome:
    return ingest_file(
        path, store=store, index=index, originals=originals, limits=limits, quarantine=quarantine
    )


@flow(name="ingest", log_prints=False)
def ingest(
    paths: list[str],
    data_dir: str,
    elasticsearch_url: str | None = None,
    database_url: str | None = None,
    max_bytes: int = Limits().max_bytes,
    max_pages: int = Limits().max_pages,
    max_unpacked_bytes: int = Limits().max_unpacked_bytes,
) -> dict:
    """Ingest files and folders into the store and the index; returns the report as JSON."""
    logger = get_run_logger()
    settings = Settings(
        data_dir=Path(data_dir), elasticsearch_url=elasticsearch_url, database_url=database_url
    )
    store = open_store(settings)
    index = open_search(settings)
    originals = OriginalStore(settings.originals_dir)
    quarantine = Quarantine(settings.quarantine_dir)
    limits = Limits(max_bytes, max_pages, max_unpacked_bytes=max_unpacked_bytes)
    files = list(discover(Path(p) for p in paths))

    def progress(number: int, total: int, outcome: Outcome) -> None:
        logger.info("[%d/%d] %s %s", number, total, outcome.status, outcome.path)

    try:
        report: IngestReport = run_ingest(
            files,
            lambda p: ingest_file_task(p, store, index, originals, limits, quarantine),
            progress,
        )
    finally:
        index.close()
        store.close()
    logger.info(
        "ingested %d, unchanged %d, failed %d",
        len(report.ingested),
        len(report.unchanged),
        len(report.failed),
    )
    return report.as_json()
