"""Run a file reader in a child process with CPU-time and memory limits.

Native parsers (PDFium) and the ZIP/XML readers of DOCX and OFD see untrusted bytes. They run
in `python -m service.parsing.ingest.sandbox`, which first limits itself (`RLIMIT_CPU`,
`RLIMIT_AS`, no core files), then reads the file from stdin and writes the RawDocument as JSON
(or the ServiceError it raised) to stdout. A crash, a runaway page or an allocation storm ends
the child, never the gunicorn worker: the parent maps a signal, a CPU-time or wall-clock
overrun and a memory failure to `unsafe_file` or `unreadable_file`, each naming what happened.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from dataclasses import asdict, dataclass
from typing import Any

from service import errors
from service.errors import ServiceError, UnreadableFile, UnsafeFile

WALL_FACTOR = 2.0  # wall-clock allowance: this many times the CPU limit, plus start-up
START_UP_S = 5.0


@dataclass(frozen=True)
class Limits:
    """What one file may cost: pages, reader CPU seconds, reader address space (bytes)."""

    max_pages: int = 1000
    cpu_s: int = 60
    memory_bytes: int = 1 << 30


def run_reader(fmt: str, data: bytes, limits: Limits) -> dict[str, Any]:
    """The reader's RawDocument as a JSON-ready dict, read in a limited child process.

    Raises the ServiceError the reader raised, or UnsafeFile / UnreadableFile when the child
    was stopped (signal, time or memory limit).
    """
    command = [sys.executable, "-m", __name__, fmt, json.dumps(asdict(limits))]
    try:
        done = subprocess.run(
            command,
            input=data,
            capture_output=True,
            timeout=limits.cpu_s * WALL_FACTOR + START_UP_S,
            check=False,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
    except subprocess.TimeoutExpired as exc:
        raise UnsafeFile(
            f"reading the {fmt.upper()} took too long (over {exc.timeout:.0f} s): "
            "it may be built to stall readers"
        ) from exc
    if done.returncode != 0:
        raise _stopped(fmt, done.returncode, limits, done.stderr)
    answer = json.loads(done.stdout)
    if "error" in answer:
        raise _error(answer["error"])
    result: dict[str, Any] = answer["document"]
    return result


def _stopped(fmt: str, code: int, limits: Limits, stderr: bytes) -> ServiceError:
    if code in (-signal.SIGXCPU, -signal.SIGKILL):
        return UnsafeFile(
            f"reading the {fmt.upper()} used more than {limits.cpu_s} s of CPU: "
            "it may be built to stall readers",
            {"cpu_s": limits.cpu_s},
        )
    if code < 0:
        name = signal.Signals(-code).name
        return UnreadableFile(
            f"the {fmt.upper()} reader stopped ({name}) on this file: it is damaged or built "
            "to crash readers; export it again",
            {"signal": name},
        )
    tail = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
    return UnreadableFile(f"the {fmt.upper()} cannot be read ({tail[0]})")


def _error(error: dict[str, Any]) -> ServiceError:
    kinds = {
        cls.code: cls
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, ServiceError)
    }
    cls = kinds.get(error.get("code", ""), UnreadableFile)
    return cls(str(error.get("message", "")), error.get("details") or {})


def _limit_self(limits: Limits) -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_s, limits.cpu_s + 1))
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _child(fmt: str, limits: Limits) -> dict[str, Any]:
    _limit_self(limits)
    data = sys.stdin.buffer.read()
    from service.parsing.ingest.readers import read_in_process

    try:
        document = read_in_process(fmt, data, limits.max_pages)
    except ServiceError as exc:
        return exc.to_dict()
    except MemoryError:
        limit_mb = limits.memory_bytes >> 20
        return UnsafeFile(
            f"reading the {fmt.upper()} needed more than {limit_mb} MB: "
            "it may be built to exhaust readers",
            {"memory_mb": limit_mb},
        ).to_dict()
    return {"document": document}


if __name__ == "__main__":
    answer = _child(sys.argv[1], Limits(**json.loads(sys.argv[2])))
    sys.stdout.write(json.dumps(answer, ensure_ascii=False))
