"""Opening the store from the settings: its engine, its migrations, the tracking rule, and
the accounts and reminder outbox that live in it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from directives.settings import Settings
from store.engine import create_store_engine, redacted
from store.migrate import head, upgrade
from store.store import Store
from store.tracking_rule import TrackingRule


def tracking_rule(settings: Settings, today: date | None = None) -> TrackingRule:
    """Which arriving documents the office follows (store/tracking_rule.py)."""
    day = today or settings.today()
    since = (
        day.replace(year=day.year - settings.track_years, day=min(day.day, 28)).isoformat()
        if settings.track_years > 0
        else None
    )
    return TrackingRule(settings.own_body_names, since)


def open_store(settings: Settings) -> Store:
    """The store at its current layout; a StoreError says what to run when it is not."""
    return Store(settings.store_url, tracking_rule(settings))


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
