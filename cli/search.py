"""`directives search`: search the index."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from cli.output import print_json, unescape
from directives.settings import Settings


def add(sub: argparse._SubParsersAction) -> None:
    search = sub.add_parser("search", help="search the index (accents optional)")
    search.add_argument("query", nargs="*", metavar="QUERY")
    search.add_argument("--type", dest="doc_type")
    search.add_argument("--issuer")
    search.add_argument("--year", type=int)
    search.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    search.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    search.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    search.add_argument("--limit", type=int, default=10)
    search.add_argument("--offset", type=int, default=0)
    search.add_argument("--json", action="store_true")
    search.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from index.base import SearchQuery
    from index.factory import open_index

    index = open_index(settings.index_path, settings.elasticsearch_url)
    try:
        page = index.search(
            SearchQuery(
                " ".join(args.query),
                args.doc_type,
                args.issuer,
                args.year,
                args.limit,
                args.offset,
                date_from=args.date_from,
                date_to=args.date_to,
                sort=args.sort,
            )
        )
    finally:
        index.close()
    if args.json:
        print_json({"total": page.total, "hits": [asdict(h) for h in page.hits]})
        return 0
    print(f"{page.total} văn bản")
    for hit in page.hits:
        title = " ".join(x for x in (hit.doc_type, hit.number, hit.issuer, hit.date) if x)
        print(f"\n[{hit.id}] {title}\n  {hit.subject or ''}")
        snippet = hit.snippet.replace("<mark>", "\033[1m").replace("</mark>", "\033[0m")
        print(f"  … {unescape(snippet)}")
    return 0
