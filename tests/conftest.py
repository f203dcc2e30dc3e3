from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from directives.settings import Settings
from files.originals import OriginalStore
from flows.pipeline import IngestReport, discover, ingest_file, run_ingest
from index.sqlite import SqliteIndex
from readers.dispatch import Limits
from store.accounts import AccountStore
from store.engine import create_store_engine
from store.migrate import upgrade
from store.open import tracking_rule
from store.store import Store

# elastic_standin_url: osmem-server, the Elasticsearch stand-in; store / store_url: the
# store on SQLite and on a real PostgreSQL server started by the tests
pytest_plugins = ["tests.elastic_standin", "tests.store_fixtures"]

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpus" / "samples"
GOLD = ROOT / "corpus" / "gold"
VU_DUONG = SAMPLES / "cv-226-CV-DU-VuDuong-2026.txt"
# the day the tests' documents arrive, for the tracking rule (documents more than two years
# older are not followed): fixed, so that which samples are followed never drifts
INGESTED_ON = date(2026, 12, 6)


def migrate(settings: Settings) -> Settings:
    """The data folder's store created at the current layout (`directives migrate`)."""
    engine = create_store_engine(settings.store_url)
    upgrade(engine)
    engine.dispose()
    return settings


def open_accounts(data_dir: Path) -> AccountStore:
    """The accounts of a data folder's store (migrated first); close it after use."""
    return AccountStore.at(migrate(Settings(data_dir=data_dir)).store_url)


def open_data(data_dir: Path) -> tuple[Store, SqliteIndex]:
    """The store (migrated) and the embedded index of a data folder."""
    settings = migrate(Settings(data_dir=data_dir))
    rule = tracking_rule(settings, today=INGESTED_ON)
    return Store(settings.store_url, rule), SqliteIndex(settings.index_path)


def ingest_into(data_dir: Path, *paths: Path) -> IngestReport:
    settings = Settings(data_dir=data_dir)
    store, index = open_data(data_dir)
    originals = OriginalStore(settings.originals_dir)
    try:
        return run_ingest(
            list(discover(paths)),
            lambda p: ingest_file(
                p, store=store, index=index, originals=originals, limits=Limits()
            ),
        )
    finally:
        index.close()
        store.close()


@pytest.fixture(scope="session")
def indexed_samples(tmp_path_factory) -> Path:
    """A data directory holding the sample corpus, ingested once per test session."""
    data_dir = tmp_path_factory.mktemp("data")
    report = ingest_into(data_dir, SAMPLES)
    assert not report.failed, report.failed
    return data_dir


@pytest.fixture
def samples_copy(tmp_path) -> Path:
    target = tmp_path / "inbox"
    shutil.copytree(SAMPLES, target)
    return target
