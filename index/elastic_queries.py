"""Pure builders of the Elasticsearch requests: search, facets, citations.

They compare, weigh and order as the SQLite backend does (index/sqlite.py);
index/elastic.py sends them.
"""

from __future__ import annotations

import re
from typing import Any

from extractors.fold import fold
from index.base import FACET_SIZE, SearchQuery
from index.common import date_bounds
from index.lookup import lookup_tokens
from index.queries import has_accents

LOOKUP_BOOST = 100.0  # a số/ký hiệu lookup token outranks any words match
# the same field weights as the SQLite backend's bm25 (index/sqlite_schema.py)
FIELDS = ("number^10", "numkey^50", "doc_type^2", "issuer^4", "subject^6", "text")
PHRASE_FIELDS = ("number^10", "doc_type^2", "issuer^4", "subject^6", "text")
EXACT_FIELDS = ("subject.exact^6", "text.exact")
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"  # private-use sentinels, escaped to <mark>
FACET_FIELDS = {
    "doc_type": "doc_type.raw",
    "issuer": "issuer.raw",
    "year": "year",
    "urgency": "urgency",
    "security": "security",
    "has_tasks": "has_tasks",
}
BY_DATE: list[Any] = [{"date_lo": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
TASK_ORDER: list[Any] = [
    {"due": {"order": "asc", "missing": "_last"}},
    {"doc_id": "asc"},
    {"ordinal": "asc"},
    {"id": "asc"},
]
_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"\w+")


def match_query(q: str) -> dict[str, Any] | None:
    """What a clerk types, as a query: every word must appear, in any field.

    Words in quotes, and a số/ký hiệu such as "226-CV/ĐU", are phrases; a word ending in
    ``*`` is a prefix. Words standing next to each other as typed, and words with the
    accents as typed, score more. A query that looks like a number lookup ("nghị quyết
    12", "nq12") also matches the document carrying that number, ranked first.

    >>> match_query("tham nh*")["bool"]["should"][0]["bool"]["must"][1]["bool"]["should"][0]
    {'prefix': {'number': {'value': 'nh', 'boost': 10.0}}}
    """
    phrases = [" ".join(_WORD.findall(p)) for p in _PHRASE.findall(q) if _WORD.findall(p)]
    words: list[str] = []
    prefixes: list[str] = []
    for token in _PHRASE.sub(" ", q).replace('"', " ").split():
        parts = _WORD.findall(token)
        if token.endswith("*") and len(parts) == 1:
            prefixes.append(fold(parts[0]))
        elif len(parts) > 1:
            phrases.append(" ".join(parts))
        elif parts:
            words.append(parts[0])
    must: list[dict[str, Any]] = []
    if words:
        must.append(
            {
                "multi_match": {
                    "query": " ".join(words),
                    "type": "cross_fields",
                    "operator": "and",
                    "fields": list(FIELDS),
                }
            }
        )
    must += [
        {"multi_match": {"query": p, "type": "phrase", "fields": list(PHRASE_FIELDS)}}
        for p in phrases
    ]
    for prefix in prefixes:
        clauses = [
            {"prefix": {field: {"value": prefix, "boost": boost}}}
            for field, boost in map(_field_boost, FIELDS)
        ]
        must.append({"bool": {"should": clauses, "minimum_should_match": 1}})
    tokens = lookup_tokens(q)
    alternatives: list[dict[str, Any]] = []
    if tokens:
        alternatives.append({"terms": {"numkey": list(tokens), "boost": LOOKUP_BOOST}})
    if must:
        alternatives.append({"bool": {"must": must, "should": _bonuses(q)}})
    if not alternatives:
        return None
    return {"bool": {"should": alternatives, "minimum_should_match": 1}}


def _bonuses(q: str) -> list[dict[str, Any]]:
    """Adjacent word pairs as phrases ("Vũ Dương" above "vụ … dưỡng"), and the accents."""
    words = _WORD.findall(q.replace('"', " "))
    pairs = list(dict.fromkeys(f"{a} {b}" for a, b in zip(words, words[1:], strict=False)))
    should: list[dict[str, Any]] = [
        {"multi_match": {"query": pair, "type": "phrase", "fields": list(PHRASE_FIELDS)}}
        for pair in pairs[:10]
    ]
    if has_accents(q):
        should.append({"multi_match": {"query": " ".join(words), "fields": list(EXACT_FIELDS)}})
    return should


def _field_boost(spec: str) -> tuple[str, float]:
    field, _, boost = spec.partition("^")
    return field, float(boost or 1)


def search_filters(query: SearchQuery) -> list[dict[str, Any]]:
    """The SearchQuery's filters, compared as the SQLite backend compares them."""
    filters: list[dict[str, Any]] = []
    if query.doc_type:
        filters.append({"term": {"doc_type_key": fold(query.doc_type)}})
    if query.issuer:
        filters.append(
            {"wildcard": {"issuer_key": {"value": f"*{_wildcard(fold(query.issuer))}*"}}}
        )
    if query.year:
        filters.append({"term": {"year": query.year}})
    if query.date_from:
        filters.append({"range": {"date_hi": {"gte": date_bounds(query.date_from)[0]}}})
    if query.date_to:
        filters.append({"range": {"date_lo": {"lte": date_bounds(query.date_to)[1]}}})
    if query.urgency:
        filters.append({"term": {"urgency_key": query.urgency.lower()}})
    if query.security:
        filters.append({"term": {"security_key": query.security.lower()}})
    if query.has_tasks is not None:
        filters.append({"term": {"has_tasks": query.has_tasks}})
    if query.clearance is not None:
        filters.append(cleared(query.clearance))
    return filters


def search_body(query: SearchQuery) -> dict[str, Any]:
    """The search request (query, sort, highlight, aggregations) for a SearchQuery."""
    match = match_query(query.q)
    filters = search_filters(query)
    body: dict[str, Any] = {
        "query": {"bool": {"must": [match] if match else [], "filter": filters}},
        "sort": ["_score", *BY_DATE] if match and query.sort == "relevance" else BY_DATE,
    }
    if match:
        body["highlight"] = {
            "pre_tags": [MARK_OPEN],
            "post_tags": [MARK_CLOSE],
            "fields": {"text": {"fragment_size": 160, "number_of_fragments": 1}},
        }
    if query.facets:
        body["aggs"] = {
            name: {
                "terms": {
                    "field": field,
                    "size": FACET_SIZE,
                    "order": [{"_count": "desc"}, {"_key": "asc"}],
                }
            }
            for name, field in FACET_FIELDS.items()
        }
    return body


def cited_query(keys: list[str], doc_id: str, clearance: int | None) -> dict[str, Any]:
    """The other documents carrying one of the numbers ``doc_id`` cites."""
    return {
        "bool": {
            "filter": [{"terms": {"number_key": keys}}, cleared(clearance)],
            "must_not": [{"term": {"id": doc_id}}],
        }
    }


def citing_query(key: str, doc_id: str, clearance: int | None) -> dict[str, Any]:
    """The other documents that cite the number ``key`` (``doc_id``'s)."""
    return {
        "bool": {
            "filter": [{"term": {"cited_keys": key}}, cleared(clearance)],
            "must_not": [{"term": {"id": doc_id}}],
        }
    }


def other_paths_query(doc_id: str, path: str) -> dict[str, Any]:
    """The paths other than ``path`` that point at ``doc_id``."""
    return {
        "bool": {"filter": [{"term": {"doc_id": doc_id}}], "must_not": [{"term": {"path": path}}]}
    }


def cleared(clearance: int | None) -> dict[str, Any]:
    """Documents at or below a security level (models.security_level); None: all."""
    if clearance is None:
        return {"match_all": {}}
    return {"range": {"security_level": {"lte": clearance}}}


def _wildcard(text: str) -> str:
    return re.sub(r"([*?\\])", r"\\\1", text)
