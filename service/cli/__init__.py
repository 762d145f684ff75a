"""Command-line interface: `policy-digest parse|outline|translate|digest|serve|worker|models`.

Each command reads a file (or `-` for stdin), runs the same pipeline as the HTTP service and
prints JSON or a rendered view. `--jsonl IN` processes one JSON object per line and never stops
at a bad record: that record gets an `error` object in its output line.
"""

from __future__ import annotations

import argparse
import sys

from service.cli.documents import add_document_parsers
from service.cli.serve import add_serve_parser
from service.cli.translation import add_translation_parsers
from service.cli.worker import add_worker_parser
from service.errors import ServiceError


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command registered."""
    parser = argparse.ArgumentParser(prog="policy-digest", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    add_document_parsers(sub)
    add_serve_parser(sub)
    add_translation_parsers(sub)
    add_worker_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `policy-digest` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if (
        getattr(args, "path", None) is None
        and not getattr(args, "jsonl", None)
        and hasattr(args, "jsonl")
    ):
        parser.error("give a PATH (or - for stdin) or --jsonl IN")
    try:
        return int(args.func(args))
    except ServiceError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
