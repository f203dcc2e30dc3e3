"""Choose the index backend from settings: SQLite unless an Elasticsearch URL is set."""

from __future__ import annotations

from pathlib import Path

from directives.errors import IndexBackendError
from index.base import Index
from index.sqlite import SqliteIndex


def open_index(index_path: Path, elasticsearch_url: str | None = None) -> Index:
    if elasticsearch_url:
        raise IndexBackendError(
            "DIRECTIVES_ELASTICSEARCH_URL is set, but the Elasticsearch backend is not "
            "available in this version; unset it to use the embedded SQLite index"
        )
    return SqliteIndex(index_path)
