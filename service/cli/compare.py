"""CLI sub-command `compare OLD NEW`: two versions of a document, article by article.

Prints the comparison as JSON (the /v1/compare body), the Markdown 新旧对照 table or the HTML
redline (`--format`; by default the table on a terminal and JSON elsewhere, as the other
commands do: service/cli/options.py). OLD and NEW may be text, Markdown or HTML files, or PDF,
Word (.docx) or OFD files, which are told by their bytes. English needs a model: `--translate
changes` (changed, added and removed units) or `--translate all`; the default, `none`, needs no
model.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from service.cli.io import dump_json, read_input
from service.cli.options import add_input_format_arg, add_output_args, output_format
from service.cli.translation import add_engine_args
from service.errors import InvalidInput

MODES: dict[str, bool | str] = {"none": False, "changes": True, "all": "all"}


def cmd_compare(args: argparse.Namespace) -> int:
    """`compare`: print the comparison of two versions as JSON, Markdown or HTML."""
    from service.compare import compare_documents
    from service.parsing import parse_document
    from service.render.compare import comparison_html, comparison_markdown

    if args.old == "-" and args.new == "-":
        raise InvalidInput("only one of OLD and NEW can be - (stdin)")
    old = parse_document(read_input(args.old), args.input_format)
    new = parse_document(read_input(args.new), args.input_format)
    comparison = compare_documents(old, new)
    if MODES[args.translate]:
        _add_english(comparison, args)
    body = comparison.to_dict()
    kind = output_format(args)
    if kind == "json":
        dump_json(body, sys.stdout)
    else:
        render = comparison_markdown if kind == "markdown" else comparison_html
        sys.stdout.write(render(body))
    return 0


def _add_english(comparison: Any, args: argparse.Namespace) -> None:
    from service.cli.translation import engine_of, progress_bar
    from service.config import Config
    from service.runtime.comparing import fill_english, to_translate, units_document
    from service.translate.document import translate_document

    wanted = to_translate(comparison, MODES[args.translate])
    if not wanted:
        return
    document = units_document([getattr(pair, side) for pair, side in wanted])
    engine = engine_of(args, Config.from_env())
    with progress_bar() as progress:
        translation = translate_document(
            document, engine, src=args.src, tgt=args.tgt, progress=progress
        )
    fill_english(wanted, translation)


def add_compare_parser(sub: Any) -> None:
    """Register `compare` on the CLI's sub-parsers."""
    p = sub.add_parser("compare", help="compare two versions article by article (新旧对照)")
    p.add_argument("old", help="the old version: text, Markdown, HTML, PDF, Word or OFD; - = stdin")
    p.add_argument("new", help="the new version (the same kinds; - for stdin)")
    add_input_format_arg(p, "format of both versions (default: detect)")
    add_output_args(p, ("json", "markdown", "html"))
    p.add_argument(
        "--translate",
        choices=tuple(MODES),
        default="none",
        help="English of the changed units (changes), of all units (all), or none (default)",
    )
    add_engine_args(p)
    p.set_defaults(func=cmd_compare)
