"""The Elasticsearch layout: index names, aliases, settings, mappings, and the layout check.

One index, a versioned name behind the alias every request uses:
``{prefix}-documents-v3`` (alias ``{prefix}-documents``); a document's citations live
inside it. It is created with an explicit mapping at start-up when missing; a later
layout is built as ``-v4`` beside it and the alias moved.
"""

from __future__ import annotations

import hashlib
from typing import Any

from elasticsearch import ApiError, Elasticsearch

from directives.errors import IndexBackendError

LAYOUT = 3  # 3: documents only; tasks and their history live in the store

SETTINGS: dict[str, Any] = {
    "number_of_shards": 1,  # a few thousand documents; one shard keeps bm25 statistics exact
    "auto_expand_replicas": "0-1",  # green on one node, one replica on a cluster
    "analysis": {
        "analyzer": {
            # accent-insensitive: asciifolding folds every Vietnamese mark and đ -> d
            "folded": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["lowercase", "asciifolding"],
            },
            # the accents as printed, to rank "Đảng" typed with accents above "đăng"
            "exact": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]},
        }
    },
}
_KEYWORD = {"type": "keyword"}
_STORED = {"type": "text", "index": False}  # returned, never searched
_FOLDED = {"type": "text", "analyzer": "folded"}
_WITH_EXACT = {**_FOLDED, "fields": {"exact": {"type": "text", "analyzer": "exact"}}}
_WITH_RAW = {**_FOLDED, "fields": {"raw": _KEYWORD}}  # raw: facets show the value as printed
_OPAQUE = {"type": "object", "enabled": False}
_INT = {"type": "integer"}

MAPPINGS: dict[str, dict[str, Any]] = {
    "documents": {
        "id": _KEYWORD,
        "sha256": _KEYWORD,
        "filename": _KEYWORD,
        "text": _WITH_EXACT,
        "opening": _STORED,  # the first 300 characters: the snippet when browsing
        "doc_type": _WITH_RAW,
        "number": _FOLDED,
        "numkey": _FOLDED,  # lookup tokens (index/lookup.py), one word each
        "issuer": _WITH_RAW,
        "issuer_parent": _STORED,
        "place": _STORED,
        "date": _KEYWORD,
        "year": _INT,
        "date_lo": _KEYWORD,  # ISO strings: a partial date covers a range, as in SQLite
        "date_hi": _KEYWORD,
        "subject": _WITH_EXACT,
        "urgency": _KEYWORD,
        "security": _KEYWORD,
        "urgency_key": _KEYWORD,
        "security_key": _KEYWORD,
        "security_level": _INT,
        "doc_type_key": _KEYWORD,
        "issuer_key": _KEYWORD,
        "number_key": _KEYWORD,
        "task_count": _INT,
        "has_tasks": {"type": "boolean"},
        "ingested_at": _KEYWORD,
        "added": {"type": "long"},  # insertion order, for document_ids()
        "meta": _OPAQUE,
        "citations": _OPAQUE,
        "cited_keys": _KEYWORD,  # number_key of every citation, for cited_by()
    },
}


def alias_name(prefix: str, kind: str) -> str:
    """The alias every request uses for one kind of record: "directives-tasks"."""
    return f"{prefix}-{kind}"


def ensure_indices(es: Elasticsearch, prefix: str, where: str) -> dict[str, str]:
    """Create the indices that are missing and check the layout of those that exist.

    Returns the kind of each index and alias name, as bulk answers name them. Raises
    IndexBackendError when an index has another layout.
    """
    kinds: dict[str, str] = {}
    for kind, properties in MAPPINGS.items():
        alias = alias_name(prefix, kind)
        if not es.indices.exists_alias(name=alias):
            _create(es, alias, properties)
        for name, mapping in es.indices.get_mapping(index=alias).items():
            layout = mapping["mappings"].get("_meta", {}).get("layout")
            if layout != LAYOUT:
                raise IndexBackendError(
                    f"{where}: {name} has layout {layout}, this version needs "
                    f"{LAYOUT}: move the alias {alias} away and run `directives reindex`, "
                    "which rebuilds it from the store"
                )
            kinds[name] = kind
        kinds[alias] = kind
    return kinds


def _create(es: Elasticsearch, alias: str, properties: dict[str, Any]) -> None:
    name = f"{alias}-v{LAYOUT}"
    try:
        es.indices.create(
            index=name,
            settings=SETTINGS,
            mappings={"_meta": {"layout": LAYOUT}, "dynamic": "strict", "properties": properties},
            aliases={alias: {}},
        )
    except ApiError as e:
        if e.error != "resource_already_exists_exception":
            raise
        es.indices.put_alias(index=name, name=alias)  # created meanwhile


def drop_indices(es: Elasticsearch, prefix: str, kinds: dict[str, str]) -> None:
    """Delete a prefix's indices, by name: Elasticsearch refuses wildcards in deletes
    (action.destructive_requires_name)."""
    aliases = {alias_name(prefix, kind) for kind in MAPPINGS}
    names = [name for name in kinds if name not in aliases]
    es.indices.delete(index=names, ignore_unavailable=True)


def path_id(path: str) -> str:
    """A file path as a document id (ids are limited to 512 bytes, paths are not)."""
    return hashlib.sha256(path.encode("utf-8")).hexdigest()
