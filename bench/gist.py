"""The gist first: time to the English outline against time to done, for one long digest job.

    .venv/bin/python bench/gist.py [--json FILE] [--work bench/results/work]

Model: the random-weight Marian of opus-mt-zh-en's dimensions, CTranslate2 int8, 4 beams,
outputs forced to about 1.3x the input tokens (the manifest of bench/jobs.py). Document: the
19,029-character regulation ../shared/corpus/lawrefbook-018.md (the one docs/jobs.md measured).

One run of the real service: `policy-digest serve` (one HTTP worker) with 2 job worker
processes on a fresh SQLite store, units of 1,000 characters as in bench/jobs.py. The document
is submitted as a digest job and its events are read with httpx-sse; reported, from
submission: the seconds to the `gist` event (the English outline) and to `done`, and their
ratio (target <= 0.15). Then, on the same server with the job finished (its workers idle),
`POST /v1/digest?scope=outline` on the same document with a new beam setting (so nothing comes
from the translation memory or the cache): its status and seconds against the default request
deadline (PD_REQUEST_DEADLINE_S, 60 s).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from httpx_sse import connect_sse

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.jobs import CORPUS, MODEL, models_dir, write_report  # noqa: E402
from bench.translate_throughput import machine  # noqa: E402

DEADLINE_S = 60.0  # the default PD_REQUEST_DEADLINE_S


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(env: dict[str, str], log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`policy-digest serve` with its job workers; returns once /readyz is 200."""
    port = free_port()
    command = [sys.executable, "-m", "service.cli", "serve", "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=REPO, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    end = time.monotonic() + 300
    while time.monotonic() < end:
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    process.terminate()
    raise RuntimeError(f"the server did not get ready; see {log}")


def run_job(url: str, text: str) -> dict[str, Any]:
    """Submit the digest job and follow its events; seconds to the gist and to done."""
    started = time.perf_counter()
    job = httpx.post(f"{url}/v1/jobs", json={"content": text, "task": "digest"}, timeout=60)
    job.raise_for_status()
    seen: dict[str, float] = {}
    last: dict[str, Any] = {}
    with (
        httpx.Client(timeout=120) as client,
        connect_sse(client, "GET", f"{url}/v1/jobs/{job.json()['id']}/events") as source,
    ):
        for sse in source.iter_sse():
            if sse.event in ("gist", "done", "failed", "cancelled"):
                seen[sse.event] = time.perf_counter() - started
            if sse.event == "progress":
                last = sse.json()
                if "gist" not in seen:
                    seen["progress_before_gist"] = last["units_done"]
            if sse.event in ("done", "failed", "cancelled"):
                break
    assert "done" in seen, f"the job did not finish: {seen}"
    return {
        "units": last["units_total"],
        "units_done_before_gist": seen.get("progress_before_gist"),
        "seconds_to_english_outline": round(seen["gist"], 1),
        "seconds_to_done": round(seen["done"], 1),
        "ratio": round(seen["gist"] / seen["done"], 3),
    }


def synchronous_outline(url: str, text: str) -> dict[str, Any]:
    """`/v1/digest?scope=outline` with 3 beams (not the job's 4: nothing is cached)."""
    started = time.perf_counter()
    response = httpx.post(
        f"{url}/v1/digest?scope=outline&num_beams=3",
        json={"content": text},
        timeout=DEADLINE_S * 3,
    )
    seconds = time.perf_counter() - started
    body = response.json()
    return {
        "status": response.status_code,
        "seconds": round(seconds, 1),
        "deadline_s": DEADLINE_S,
        "scope": body.get("scope"),
        "translation_is_null": body.get("translation", "absent") is None,
        "points_with_english": sum(
            1
            for node in _nodes(body.get("outline", []))
            for point in node["points"]
            if point["translation"]
        ),
    }


def _nodes(outline: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [n for top in outline for n in [top, *_nodes(top["children"])]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--work", type=Path, default=REPO / "bench" / "results" / "work")
    parser.add_argument("--json", type=Path, help="also write the report as JSON here")
    args = parser.parse_args()
    text = (args.corpus / "lawrefbook-018.md").read_text(encoding="utf-8")
    data = args.work / "gist-data"
    shutil.rmtree(data, ignore_errors=True)
    env = {
        "PD_MODELS_DIR": str(models_dir(args.work)),
        "PD_DEFAULT_MODEL": MODEL,
        "PD_DATA_DIR": str(data),
        "PD_WORKERS": "1",
        "PD_JOB_WORKERS": "2",
        "PD_JOB_UNIT_CHARS": "1000",
        "PD_LOG_LEVEL": "warning",
        "HF_HUB_OFFLINE": "1",
    }
    process, url = serve(env, args.work / "gist-server.log")
    try:
        job = run_job(url, text)
        print("job", job, flush=True)
        outline = synchronous_outline(url, text)
        print("scope=outline", outline, flush=True)
    finally:
        process.terminate()
        process.wait(120)
    report = {"machine": machine(), "document_chars": len(text), "job": job, "outline": outline}
    write_report(report, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
