"""Latency and throughput of a real gunicorn under N concurrent clients (127.0.0.1 only).

    .venv/bin/python bench/load.py [--layouts 1x4 2x2] [--clients 1 2 4 8] [--duration 40]
        [--engine ctranslate2] [--chars 800] [--beams 4] [--json FILE]

For each layout (gunicorn workers × threads) it starts the service with its own settings
module (`service.api.gunicorn_conf`, models preloaded before fork as by default) on a free
127.0.0.1 port, serving the random opus-size Marian of bench/translate_throughput.py, and waits
for /readyz. Then, for each client count, N threads post corpus excerpts (about --chars
characters each, never the same one twice, so the translation cache does not help) to
/v1/digest as text/plain for --duration seconds. A client that gets a 503 waits
--backoff seconds (not the Retry-After value, so the offered load stays high) and goes on.

Reports per step: completed requests, throughput (requests/s and source characters/s), latency
p50/p95/p99 of the 200 answers, p50 of the 503 answers (how fast overload is refused), counts
by status (`timeout` = no answer within --request-timeout), and the memory (PSS and RSS) of
the master and workers after the step.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.digest_scaling import MODEL, serving_models_dir  # noqa: E402
from bench.serve_memory import children, free_port, smaps, wait_ready  # noqa: E402
from bench.translate_throughput import CORPUS, machine  # noqa: E402

HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Step:
    """What the clients of one step saw."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    chars: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, status: str, seconds: float, chars: int) -> None:
        with self.lock:
            self.latencies.setdefault(status, []).append(seconds)
            if status == "200":
                self.chars += chars


def excerpts(corpus: Path, chars: int) -> list[str]:
    """Distinct mostly-Chinese corpus excerpts of about `chars` characters (whole paragraphs)."""
    out: list[str] = []
    for path in sorted(corpus.glob("*.md")):
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        chunk: list[str] = []
        for paragraph in (p.strip() for p in body.split("\n\n")):
            if paragraph:
                chunk.append(paragraph)
            if sum(len(p) for p in chunk) >= chars:
                text = "\n\n".join(chunk)
                if len(HAN.findall(text)) > len(text) / 2:  # not the English parts (a 422)
                    out.append(text)
                chunk = []
    return out


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def error_code(body: bytes) -> str:
    """The `error.code` of an error answer (statuses other than 503 are reported with it)."""
    try:
        return str(json.loads(body)["error"]["code"])
    except (ValueError, KeyError, TypeError):
        return "?"


def client(url: str, pool: list[str], ticket: Any, step: Step, end: float, args: Any) -> None:
    """Post excerpts until `end`; each answer's status and latency go into `step`."""
    while time.monotonic() < end:
        text = pool[next(ticket) % len(pool)]
        request = urllib.request.Request(
            f"{url}/v1/digest?num_beams={args.beams}",
            data=text.encode(),
            headers={"Content-Type": "text/plain; charset=utf-8"},
        )
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=args.request_timeout) as response:
                response.read()
                status = str(response.status)
        except urllib.error.HTTPError as exc:
            status = str(exc.code) if exc.code == 503 else f"{exc.code}:{error_code(exc.read())}"
        except TimeoutError:
            status = "timeout"
        except OSError as exc:
            status = f"error:{type(exc).__name__}"
        step.record(status, time.perf_counter() - started, len(text))
        if status == "503":
            time.sleep(args.backoff)


def start(args: argparse.Namespace, workers: int, threads: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {
        **os.environ,
        "PD_MODELS_DIR": str(serving_models_dir(args.work)),
        "PD_DEFAULT_MODEL": MODEL,
        "PD_ENGINE": args.engine,
        "PD_WORKERS": str(workers),
        "PD_THREADS": str(threads),
        "PD_PORT": str(port),
        "PD_HOST": "127.0.0.1",
        "PD_LOG_LEVEL": "warning",
        "PD_REQUEST_DEADLINE_S": str(args.deadline),
        "HF_HUB_OFFLINE": "1",
    }
    command = [sys.executable, "-m", "gunicorn", "--config", "python:service.api.gunicorn_conf"]
    log = (args.work / f"gunicorn-{workers}x{threads}.log").open("wb")
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    wait_ready(url, process, 300)
    return process, url


def run_step(url: str, pool: list[str], ticket: Any, clients: int, args: Any) -> Step:
    step = Step()
    end = time.monotonic() + args.duration
    threads = [
        threading.Thread(target=client, args=(url, pool, ticket, step, end, args))
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return step


def memory(pid: int) -> dict[str, Any]:
    master = smaps(pid)
    workers = [smaps(child) for child in children(pid)]
    return {
        "master_pss_mib": master["Pss"] / 1024,
        "worker_pss_mib": [w["Pss"] / 1024 for w in workers],
        "total_rss_mib": (master["Rss"] + sum(w["Rss"] for w in workers)) / 1024,
    }


def summarize(layout: str, clients: int, step: Step, seconds: float) -> dict[str, Any]:
    ok = step.latencies.get("200", [])
    busy = step.latencies.get("503", [])
    return {
        "layout": layout,
        "clients": clients,
        "ok": len(ok),
        "req_per_s": len(ok) / seconds,
        "chars_per_s": step.chars / seconds,
        "p50_s": percentile(ok, 0.50),
        "p95_s": percentile(ok, 0.95),
        "p99_s": percentile(ok, 0.99),
        "p50_503_s": percentile(busy, 0.50),
        "statuses": dict(Counter({k: len(v) for k, v in step.latencies.items()})),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layouts", nargs="+", default=["1x4", "2x2"], help="WORKERSxTHREADS")
    parser.add_argument("--clients", nargs="+", type=int, default=[1, 2, 4, 8])
    parser.add_argument("--duration", type=float, default=40.0, help="seconds per step")
    parser.add_argument("--engine", choices=("ctranslate2", "transformers"), default="ctranslate2")
    parser.add_argument("--chars", type=int, default=800, help="characters per posted excerpt")
    parser.add_argument("--beams", type=int, default=4)
    parser.add_argument("--backoff", type=float, default=0.5, help="client pause after a 503")
    parser.add_argument("--request-timeout", type=float, default=120.0)
    parser.add_argument("--deadline", type=float, default=60.0, help="PD_REQUEST_DEADLINE_S")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--work", type=Path, default=REPO / "bench" / "results" / "work")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    pool = excerpts(args.corpus, args.chars)
    ticket = count()  # shared by every step and layout: no excerpt is posted twice
    rows = []
    print(f"{machine()['cpu']}, {os.cpu_count()} cores; engine {args.engine}, beams {args.beams}")
    print(f"{len(pool)} excerpts of ~{args.chars} chars; {args.duration:.0f} s per step")
    header = "| layout | clients | ok | req/s | chars/s | p50 s | p95 s | p99 s | 503 p50 s"
    print(header + " | statuses | PSS MiB (master + workers) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for layout in args.layouts:
        workers, threads = (int(n) for n in layout.split("x"))
        process, url = start(args, workers, threads)
        try:
            for clients in args.clients:
                began = time.monotonic()
                step = run_step(url, pool, ticket, clients, args)
                row = summarize(layout, clients, step, time.monotonic() - began)
                row["memory"] = memory(process.pid)
                rows.append(row)
                mem = row["memory"]
                pss = mem["master_pss_mib"] + sum(mem["worker_pss_mib"])
                print(
                    f"| {layout} | {clients} | {row['ok']} | {row['req_per_s']:.2f} |"
                    f" {row['chars_per_s']:.0f} | {row['p50_s']:.1f} | {row['p95_s']:.1f} |"
                    f" {row['p99_s']:.1f} | {row['p50_503_s']:.3f} | {row['statuses']} |"
                    f" {pss:.0f} |",
                    flush=True,
                )
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(60)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
