"""Opening what a command or the server works on, from the settings: the store (the
system of record), the search index (its projection), the originals and quarantine."""

from __future__ import annotations

from collections.abc import Callable

from directives.settings import Settings
from index.base import Index
from index.factory import open_index
from readers.dispatch import Limits
from store.engine import create_store_engine, redacted
from store.migrate import head, upgrade
from store.store import Store


def open_store(settings: Settings) -> Store:
    """The store at its current layout; a StoreError says what to run when it is not."""
    return Store(settings.store_url, settings.tracking_rule())


def migrate_store(settings: Settings, say: Callable[[str], None] | None = None) -> list[str]:
    """Bring the store to this version's layout (`directives migrate`; the server at its
    start); says which revisions were applied. The revisions applied, oldest first."""
    engine = create_store_engine(settings.store_url)
    try:
        steps = upgrade(engine)
    finally:
        engine.dispose()
    if say:
        where = redacted(settings.store_url)
        if steps:
            say(f"Kho dữ liệu {where}: đã áp dụng {', '.join(steps)} (phiên bản {head()}).")
        else:
            say(f"Kho dữ liệu {where}: đã ở phiên bản mới nhất ({head()}).")
    return steps


def open_search(settings: Settings) -> Index:
    return open_index(settings.index_path, settings.elasticsearch_url)


def limits_of(settings: Settings) -> Limits:
    return Limits(
        settings.max_file_bytes,
        settings.max_pages,
        max_unpacked_bytes=settings.max_unpacked_bytes,
    )
