"""Command-line interface: `policy-digest parse|outline|translate|digest|serve|models`.

Each command reads a file (or `-` for stdin), runs the same pipeline as the HTTP service and
prints JSON or a rendered view. `--jsonl IN` processes one JSON object per line and never stops
at a bad record: that record gets an `error` object in its output line.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TextIO

from service.errors import ServiceError

FORMATS = ("auto", "html", "markdown", "text")


def read_input(path: str) -> bytes:
    """Read the article bytes from a path or stdin (`-`)."""
    if path == "-":
        return sys.stdin.buffer.read()
    return Path(path).read_bytes()


def dump_json(obj: Any, out: TextIO, pretty: bool = True) -> None:
    """Write a JSON value with Chinese kept readable."""
    json.dump(obj, out, ensure_ascii=False, indent=2 if pretty else None)
    out.write("\n")


def run_jsonl(path: str, key: str, work: Callable[[bytes, str], Any], out: TextIO) -> int:
    """Apply `work` to each `{"id", "text", "format"?}` line; write `{"id", key: result}` lines.

    Returns the number of records that failed (each has an `error` object instead of `key`).
    """
    failures = 0
    for line_no, line in enumerate(_lines(path), start=1):
        if not line.strip():
            continue
        record_id: Any = line_no
        try:
            record = json.loads(line)
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise ValueError('each line must be an object with a string "text"')
            record_id = record.get("id", line_no)
            result: dict[str, Any] = {
                "id": record_id,
                key: work(record["text"].encode("utf-8"), str(record.get("format", "auto"))),
            }
        except ServiceError as exc:
            failures += 1
            result = {"id": record_id, **exc.to_dict()}
        except ValueError as exc:
            failures += 1
            result = {
                "id": record_id,
                "error": {
                    "code": "invalid_input",
                    "message": str(exc),
                    "details": {"line": line_no},
                },
            }
        dump_json(result, out, pretty=False)
    return failures


def _lines(path: str) -> Iterable[str]:
    if path == "-":
        yield from sys.stdin
        return
    with open(path, encoding="utf-8") as handle:
        yield from handle


def _parse_work(raw: bytes, fmt: str) -> dict[str, Any]:
    from service import parse

    return parse(raw, fmt).to_dict()


def _outline_work(args: argparse.Namespace) -> Callable[[bytes, str], dict[str, Any]]:
    def work(raw: bytes, fmt: str) -> dict[str, Any]:
        from service import outline, parse

        result = outline(parse(raw, fmt), max_points=args.max_points, ratio=args.ratio)
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


def _add_input_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", help="article file, or - for stdin")
    parser.add_argument("--format", choices=FORMATS, default="auto")
    parser.add_argument("--json", action="store_true", help="print JSON (the default)")
    parser.add_argument("--jsonl", metavar="IN", help='read {"id","text","format"?} lines')


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command registered."""
    parser = argparse.ArgumentParser(prog="policy-digest", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="parse an article into structured JSON")
    _add_input_args(p)
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("outline", help="extractive outline of an article")
    _add_input_args(p)
    p.add_argument("--max-points", type=int, default=None)
    p.add_argument("--ratio", type=float, default=None)
    p.set_defaults(func=cmd_outline)
    _add_serve_parser(sub)
    from service.translate.commands import add_translation_parsers

    add_translation_parsers(sub)
    return parser


# `serve` flags and the PD_* variables they set (see service.config.Config).
SERVE_FLAGS = {
    "host": "HOST", "port": "PORT", "workers": "WORKERS", "threads": "THREADS",
    "model": "DEFAULT_MODEL", "models_dir": "MODELS_DIR",
}  # fmt: skip


def cmd_serve(args: argparse.Namespace) -> int:
    """`serve`: replace this process with gunicorn running the HTTP service.

    Flags become PD_* variables, so gunicorn's master and every worker build the same Config.
    """
    import os

    from service.config import PREFIX, Config, ConfigError

    for flag, var in SERVE_FLAGS.items():
        if getattr(args, flag) is not None:
            os.environ[PREFIX + var] = str(getattr(args, flag))
    if args.preload is not None:
        os.environ[PREFIX + "PRELOAD"] = "1" if args.preload else "0"
    try:
        Config.from_env()
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    gunicorn = [sys.executable, "-m", "gunicorn", "--config", "python:service.api.gunicorn_conf"]
    os.execv(sys.executable, gunicorn)
    return 0  # not reached: execv replaces the process


def _add_serve_parser(sub: Any) -> None:
    p = sub.add_parser("serve", help="run the HTTP service under gunicorn")
    p.add_argument("--host", help="address to bind (PD_HOST, default 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (PD_PORT, default 8000)")
    p.add_argument("--workers", type=int, help="worker processes (PD_WORKERS, default 2)")
    p.add_argument("--threads", type=int, help="threads per worker (PD_THREADS, default 4)")
    p.add_argument("--model", help="default model name (PD_DEFAULT_MODEL)")
    p.add_argument("--models-dir", help="manifests and weights (PD_MODELS_DIR)")
    p.add_argument(
        "--preload",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="load models before forking workers (PD_PRELOAD, default on)",
    )
    p.set_defaults(func=cmd_serve)


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


if __name__ == "__main__":
    sys.exit(main())
