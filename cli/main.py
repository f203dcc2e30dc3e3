"""The `directives` command: one module per subcommand (cli/<name>.py), each with
``add(sub)`` for its arguments and ``run(args, settings)``."""

from __future__ import annotations

import argparse
import logging
import sys

from cli import (
    backup,
    evaluate,
    export_gold,
    inbox,
    ingest,
    migrate,
    reindex,
    reminders,
    search,
    serve,
    show,
    tasks,
    train,
    worker,
)
from directives.errors import DirectivesError
from directives.settings import load_settings

COMMANDS = (
    ingest,
    search,
    tasks,
    show,
    evaluate,
    train,
    reindex,
    migrate,
    backup,
    export_gold,
    reminders,
    inbox,
    worker,
    serve,
)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = load_settings()
        return int(args.run(args, settings) or 0)
    except DirectivesError as e:
        print(f"directives: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="directives",
        description="Tiếp nhận, trích xuất và tra cứu văn bản chỉ đạo (Nghị quyết, Chỉ thị, Công văn…).",
    )
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    for command in COMMANDS:
        command.add(sub)
    return parser


if __name__ == "__main__":
    sys.exit(main())
