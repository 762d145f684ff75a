"""What an open event stream costs a gunicorn gthread worker: memory, CPU, and other requests.

    .venv/bin/python bench/streams.py [--streams 48] [--seconds 30] [--json FILE]

`policy-digest serve --no-workers` with one HTTP worker, PD_MAX_STREAMS = --streams, no model
(PD_SERVE_MODELS=none: a stream reads the job store, never a model). One outline job is
submitted and, with no job worker running, stays queued, so every stream stays open and idle
(the worst case: it polls the store every 0.5 s and sends a heartbeat every 15 s). Measured on
the worker process from /proc, side by side in one run: its RSS and its CPU time over
--seconds with no stream open, then with --streams streams open; and the latency of
`GET /healthz` in both states (median of 50). The run fails unless every stream is still open
(an established connection on the server's port) after the second window, and it reports the
status of one stream more than the bound (503 expected).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.gist import serve  # noqa: E402
from bench.jobs import write_report  # noqa: E402
from bench.translate_throughput import machine  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def worker_pid(master: int) -> int:
    """The one gunicorn worker: the master's child that is not a job-worker launcher."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return int(children[0])


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def established(port: int) -> int:
    """Established TCP connections to the server's `port` (its side), from /proc/net/tcp."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            count += state == "01" and int(local.rsplit(":", 1)[1], 16) == port
    return count


def sample(pid: int, url: str, seconds: float) -> dict[str, Any]:
    """CPU share of the worker over `seconds`, its RSS, and /healthz latency."""
    before = cpu_s(pid)
    time.sleep(seconds)
    used = cpu_s(pid) - before
    latencies = []
    for _ in range(50):
        started = time.perf_counter()
        httpx.get(f"{url}/healthz", timeout=10).raise_for_status()
        latencies.append((time.perf_counter() - started) * 1000)
    return {
        "rss_mib": round(rss_kib(pid) / 1024, 1),
        "cpu_percent": round(100 * used / seconds, 2),
        "healthz_median_ms": round(statistics.median(latencies), 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--streams", type=int, default=48)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--work", type=Path, default=REPO / "bench" / "results" / "work")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    data = args.work / "streams-data"
    shutil.rmtree(data, ignore_errors=True)
    args.work.mkdir(parents=True, exist_ok=True)
    env = {
        "PD_SERVE_MODELS": "none",
        "PD_DATA_DIR": str(data),
        "PD_WORKERS": "1",
        "PD_JOB_WORKERS": "0",
        "PD_MAX_STREAMS": str(args.streams),
        "PD_LOG_LEVEL": "warning",
    }
    process, url = serve(env, args.work / "streams-server.log")
    clients: list[Any] = []
    try:
        pid = worker_pid(process.pid)
        job = httpx.post(
            f"{url}/v1/jobs", json={"content": "第一条 本规定自发布之日起施行。", "task": "outline"}
        ).json()
        idle = sample(pid, url, args.seconds)
        for _ in range(args.streams):
            client = httpx.Client(timeout=60)
            stream = client.stream("GET", f"{url}/v1/jobs/{job['id']}/events")
            response = stream.__enter__()
            assert response.status_code == 200, response.status_code
            lines = response.iter_lines()  # kept: a dropped iterator closes the connection
            next(lines)
            clients.append((client, stream, lines))
        one_more = httpx.get(f"{url}/v1/jobs/{job['id']}/events", timeout=10).status_code
        busy = sample(pid, url, args.seconds)
        open_after = established(port_of(url))
        if open_after < args.streams:
            raise SystemExit(f"only {open_after} of {args.streams} streams open after sampling")
    finally:
        for client, stream, _ in clients:
            stream.__exit__(None, None, None)
            client.close()
        process.terminate()
        process.wait(60)
    report = {
        "machine": machine(),
        "streams": args.streams,
        "seconds": args.seconds,
        "no_stream": idle,
        "streams_open": busy,
        "one_more_stream_status": one_more,
        "streams_open_after_sampling": open_after,
        "rss_kib_per_stream": round((busy["rss_mib"] - idle["rss_mib"]) * 1024 / args.streams),
        "cpu_percent_per_stream": round(
            (busy["cpu_percent"] - idle["cpu_percent"]) / args.streams, 3
        ),
    }
    write_report(report, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
