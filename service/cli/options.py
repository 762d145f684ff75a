"""The one option scheme of the article commands (`parse`, `outline`, `translate`, `digest`).

`PATH` (or `-` for stdin) or `--jsonl IN`; `--input-format` is the article's format (default:
detect); `--format` is the output; `--json` is `--format json`. Without either, the output is
the readable view (Markdown; text for `parse`) when stdout is a terminal and JSON when it is
not, so a pipe or a file gets JSON as before. `--jsonl` always writes JSON Lines.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

INPUT_FORMATS = ("auto", "html", "markdown", "text")


def add_article_args(parser: argparse.ArgumentParser, outputs: tuple[str, ...]) -> None:
    """PATH, --input-format, --format (one of `outputs`, JSON first), --json and --jsonl."""
    readable = outputs[1]
    parser.add_argument("path", nargs="?", help="article file, or - for stdin")
    parser.add_argument(
        "--input-format",
        choices=INPUT_FORMATS,
        default="auto",
        help="format of the article (default: detect)",
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument(
        "--format",
        choices=outputs,
        help=f"output (default: {readable} on a terminal, json otherwise)",
    )
    output.add_argument("--json", action="store_true", help="print JSON (= --format json)")
    parser.add_argument(
        "--jsonl", metavar="IN", help='read {"id","text","format"?} lines, write JSON lines'
    )
    parser.set_defaults(readable_format=readable)


def article_args_error(args: argparse.Namespace) -> str | None:
    """What is wrong with an article command's PATH / --jsonl / --format, or None."""
    if not hasattr(args, "jsonl"):
        return None
    if (args.path is None) == (args.jsonl is None):
        return "give a PATH (or - for stdin) or --jsonl IN"
    if args.jsonl is not None and args.format not in (None, "json"):
        return f"--jsonl writes JSON Lines; --format {args.format} applies to one PATH"
    return None


def output_format(args: argparse.Namespace, out: TextIO | None = None) -> str:
    """The output asked for, else the readable view on a terminal and JSON elsewhere."""
    if args.json:
        return "json"
    if args.format:
        return str(args.format)
    stream = out or sys.stdout
    return str(args.readable_format) if stream.isatty() else "json"
