"""Memory of the served app: PSS of gunicorn's master + workers, models loaded before or after fork.

    python bench/serve_memory.py --models-dir DIR --model NAME [--workers 1 2 4] [--requests 8]

For each mode (preload on/off) and worker count it starts gunicorn on 127.0.0.1 with the
service's own settings module, waits for /readyz, sends `--requests` translations so every
worker has run inference, then reads PSS (proportional set size: shared pages divided among the
processes sharing them) and RSS from /proc/PID/smaps_rollup for the master and each worker.
PSS summed over the processes is the memory the deployment really costs; RSS double-counts
shared pages. Prints a Markdown table. Linux only.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ARTICLE = "一、总体要求\n加快推进数字乡村建设，提升农村网络质量。\n二、重点任务\n发展智慧农业。"


def smaps(pid: int) -> dict[str, int]:
    """PSS and RSS of one process in KiB."""
    values: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in {"Pss", "Rss"}:
            values[key] = int(rest.split()[0])
    return values


def children(pid: int) -> list[int]:
    """Direct child processes of `pid`."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/readyz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("not ready in time")


def measure(args: argparse.Namespace, workers: int, preload: bool) -> dict[str, float]:
    """Start one server, warm it up, read its memory, stop it."""
    port = free_port()
    env = {
        **os.environ,
        "PD_MODELS_DIR": str(args.models_dir),
        "PD_DEFAULT_MODEL": args.model,
        "PD_WORKERS": str(workers),
        "PD_PRELOAD": "1" if preload else "0",
        "PD_PORT": str(port),
        "PD_HOST": "127.0.0.1",
        "PD_LOG_LEVEL": "warning",
        "HF_HUB_OFFLINE": "1",
    }
    command = [sys.executable, "-m", "gunicorn", "--config", "python:service.api.gunicorn_conf"]
    process = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, process, args.timeout)
        body = json.dumps({"content": ARTICLE, "format": "text"}).encode()
        for _ in range(args.requests):
            request = urllib.request.Request(
                f"{url}/v1/translate", data=body, headers={"Content-Type": "application/json"}
            )
            urllib.request.urlopen(request, timeout=300).read()
        time.sleep(1)
        master = smaps(process.pid)
        worker_stats = [smaps(pid) for pid in children(process.pid)]
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(60)
    total_pss = master["Pss"] + sum(w["Pss"] for w in worker_stats)
    total_rss = master["Rss"] + sum(w["Rss"] for w in worker_stats)
    mib = 1024.0
    return {
        "workers": workers,
        "master_pss": master["Pss"] / mib,
        "worker_pss": sum(w["Pss"] for w in worker_stats) / max(1, len(worker_stats)) / mib,
        "total_pss": total_pss / mib,
        "total_rss": total_rss / mib,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models-dir", type=Path, required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--requests", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    print(
        "| load | workers | master PSS MiB | PSS per worker MiB | total PSS MiB | total RSS MiB |"
    )
    print("|---|---|---|---|---|---|")
    for preload in (True, False):
        for workers in args.workers:
            row = measure(args, workers, preload)
            mode = "before fork (preload)" if preload else "after fork"
            print(
                f"| {mode} | {workers} | {row['master_pss']:.0f} | {row['worker_pss']:.0f} | "
                f"{row['total_pss']:.0f} | {row['total_rss']:.0f} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
