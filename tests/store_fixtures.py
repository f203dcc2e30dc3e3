"""The store on both engines: a SQLite file, and a database on a real PostgreSQL server
the tests start themselves (tests/postgres.py). Store tests ask for ``store_url`` or
``store`` and run once per engine."""

from __future__ import annotations

import itertools

import pytest
import sqlalchemy as sa

from store.engine import create_store_engine, sqlite_url
from store.migrate import upgrade
from store.store import Store
from tests import postgres

_names = itertools.count()


@pytest.fixture(scope="session")
def pg_cluster():
    cluster = postgres.start()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    """An empty, unmigrated store on each engine."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "store.sqlite3")
    cluster = request.getfixturevalue("pg_cluster")
    name = f"store_{next(_names)}"
    admin = sa.create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as db:
        db.execute(sa.text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return cluster.url(name)


def migrated(url: str) -> str:
    engine = create_store_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


@pytest.fixture
def store(store_url):
    opened = Store(migrated(store_url))
    yield opened
    opened.close()
