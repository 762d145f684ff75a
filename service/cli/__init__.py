"""Command-line interface: `policy-digest parse|outline|translate|digest|serve|worker|models`.

Each command reads a file (or `-` for stdin), runs the same pipeline as the HTTP service and
prints JSON or a rendered view (service/cli/options.py: `--format` is the output,
`--input-format` the input). `--jsonl IN` processes one JSON object per line and never stops
at a bad record: that record gets an `error` object in its output line. A reader that closes
the pipe early (`| head`) ends the command quietly, with exit status 0.
"""

from __future__ import annotations

import argparse
import os
import sys

from service.cli.documents import add_document_parsers
from service.cli.options import article_args_error
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
    problem = article_args_error(args)
    if problem:
        parser.error(problem)
    try:
        status = int(args.func(args))
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's final flush
        return status
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except ServiceError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _quiet_stdout() -> None:
    """Point stdout at /dev/null: the reader left, and the unwritten rest must not be flushed
    again at exit (Python's documented recipe for SIGPIPE; see the `signal` module's notes)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
