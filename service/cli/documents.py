"""CLI sub-commands `parse` and `outline`: the model-free stages on a file, stdin or JSON Lines."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from service.cli.io import dump_json, read_input, run_jsonl
from service.cli.options import add_article_args, output_format


def _parse_work(raw: bytes, fmt: str) -> dict[str, Any]:
    from service.parsing import parse_document

    return parse_document(raw, fmt).to_dict()


def _document_text(document: dict[str, Any]) -> str:
    """`parse --format text`: the title, then the article's text as the parser reads it."""
    return "\n\n".join(part for part in (document["title"], document["plain_text"]) if part) + "\n"


def cmd_parse(args: argparse.Namespace) -> int:
    """`parse`: print the Document as JSON or as text."""
    if args.jsonl:
        failed = run_jsonl(args.jsonl, "document", _parse_work, sys.stdout, args.input_format)
        return 1 if failed else 0
    document = _parse_work(read_input(args.path), args.input_format)
    if output_format(args) == "json":
        dump_json(document, sys.stdout)
    else:
        sys.stdout.write(_document_text(document))
    return 0


def _outline(args: argparse.Namespace, raw: bytes, fmt: str) -> tuple[str | None, Any]:
    """The article's title and its outline nodes (`Outline.to_dict()["outline"]`)."""
    from service.outlining import build_outline
    from service.parsing import parse_document

    document = parse_document(raw, fmt)
    result = build_outline(document, max_points=args.max_points, ratio=args.ratio)
    return document.title, result.to_dict()["outline"]


def cmd_outline(args: argparse.Namespace) -> int:
    """`outline`: print the Outline as JSON, Markdown or HTML."""
    from service.render.markdown import markdown_page
    from service.render.outline import outline_markdown

    if args.jsonl:

        def outline_nodes(raw: bytes, fmt: str) -> Any:
            return _outline(args, raw, fmt)[1]

        failed = run_jsonl(args.jsonl, "outline", outline_nodes, sys.stdout, args.input_format)
        return 1 if failed else 0
    title, nodes = _outline(args, read_input(args.path), args.input_format)
    kind = output_format(args)
    if kind == "json":
        dump_json({"outline": nodes}, sys.stdout)
    elif kind == "markdown":
        sys.stdout.write(outline_markdown(title, nodes))
    else:
        sys.stdout.write(markdown_page(outline_markdown(title, nodes)))
    return 0


def add_document_parsers(sub: Any) -> None:
    """Register `parse` and `outline` on the CLI's sub-parsers."""
    p = sub.add_parser("parse", help="parse an article into structured JSON (or its text)")
    add_article_args(p, ("json", "text"))
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("outline", help="extractive outline of an article")
    add_article_args(p, ("json", "markdown", "html"))
    p.add_argument("--max-points", type=int, default=None)
    p.add_argument("--ratio", type=float, default=None)
    p.set_defaults(func=cmd_outline)
