"""Input and output of the CLI: article bytes from a path or stdin, JSON out, JSON Lines batches."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TextIO

from service.errors import ServiceError


def read_input(path: str) -> bytes:
    """Read the article bytes from a path or stdin (`-`)."""
    if path == "-":
        return sys.stdin.buffer.read()
    return Path(path).read_bytes()


def dump_json(obj: Any, out: TextIO, pretty: bool = True) -> None:
    """Write a JSON value with Chinese kept readable."""
    json.dump(obj, out, ensure_ascii=False, indent=2 if pretty else None)
    out.write("\n")


def run_jsonl(
    path: str,
    key: str,
    work: Callable[[bytes, str], Any],
    out: TextIO,
    default_format: str = "auto",
) -> int:
    """Apply `work` to each `{"id", "text", "format"?}` line; write `{"id", key: result}` lines.

    A line without `format` is read as `default_format` (the command's `--input-format`).

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
            fmt = str(record.get("format", default_format))
            result: dict[str, Any] = {"id": record_id, key: work(record["text"].encode(), fmt)}
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
