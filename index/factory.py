"""Choose the index backend from settings: SQLite unless an Elasticsearch URL is set."""

from __future__ import annotations

from pathlib import Path

from directives.settings import Settings
from index.base import Index


def open_index(index_path: Path, elasticsearch_url: str | None = None) -> Index:
    """The Elasticsearch backend at ``elasticsearch_url``, else the SQLite file ``index_path``."""
    if elasticsearch_url:
        from index.elastic import ElasticIndex  # the client loads only when it is used

        return ElasticIndex(elasticsearch_url)
    from index.sqlite import SqliteIndex

    return SqliteIndex(index_path)


def open_search(settings: Settings) -> Index:
    """The search index the settings name."""
    return open_index(settings.index_path, settings.elasticsearch_url)
