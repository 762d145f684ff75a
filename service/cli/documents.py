"""CLI sub-commands `parse` and `outline`: the model-free stages on a file, stdin or JSON Lines."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from service.cli.io import dump_json, read_input, run_jsonl

FORMATS = ("auto", "html", "markdown", "text")


def _parse_work(raw: bytes, fmt: str) -> dict[str, Any]:
    from service.parsing import parse_document

    return parse_document(raw, fmt).to_dict()


def _outline_work(args: argparse.Namespace) -> Callable[[bytes, str], dict[str, Any]]:
    def work(raw: bytes, fmt: str) -> dict[str, Any]:
        from service.outlining import build_outline
        from service.parsing import parse_document

        document = parse_document(raw, fmt)
        result = build_outline(document, max_points=args.max_points, ratio=args.ratio)
        return result.to_dict()["outline"]

    return work


def cmd_parse(args: argparse.Namespace) -> int:
    """`parse`: print the Document JSON."""
    if args.jsonl:
        return 1 if run_jsonl(args.jsonl, "document", _parse_work, sys.stdout) else 0
    dump_json(_parse_work(read_input(args.path), args.format), sys.stdout)
    return 0


def cmd_outline(args: argparse.Namespace) -> int:
    """`outline`: print the Outline JSON."""
    work = _outline_work(args)
    if args.jsonl:
        return 1 if run_jsonl(args.jsonl, "outline", work, sys.stdout) else 0
    dump_json({"outline": work(read_input(args.path), args.format)}, sys.stdout)
    return 0


def add_input_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", help="article file, or - for stdin")
    parser.add_argument("--format", choices=FORMATS, default="auto")
    parser.add_argument("--json", action="store_true", help="print JSON (the default)")
    parser.add_argument("--jsonl", metavar="IN", help='read {"id","text","format"?} lines')


def add_document_parsers(sub: Any) -> None:
    """Register `parse` and `outline` on the CLI's sub-parsers."""
    p = sub.add_parser("parse", help="parse an article into structured JSON")
    add_input_args(p)
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("outline", help="extractive outline of an article")
    add_input_args(p)
    p.add_argument("--max-points", type=int, default=None)
    p.add_argument("--ratio", type=float, default=None)
    p.set_defaults(func=cmd_outline)
