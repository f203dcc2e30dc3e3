"""`directives serve`: serve the REST API and the web pages."""

from __future__ import annotations

import argparse

from directives.settings import Settings


def add(sub: argparse._SubParsersAction) -> None:
    serve = sub.add_parser("serve", help="serve the REST API (and /docs)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from api.app import create_app

    print(f"Đang phục vụ tại http://{args.host}:{args.port}  (giao diện: /, API: /docs)")
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="info")
    return 0
