"""Document jobs through real processes: gunicorn (`policy-digest serve`), real worker processes
(`policy-digest worker`), the tiny model, the SQLite store, and a real redis-server.

- a 19k-character regulation as a digest job equals the synchronous digest, progress rising;
- a worker SIGKILLed mid-job: a new worker finishes it and no text reaches the engine twice;
- the API restarted: status and result are still there;
- multi-machine mode: two workers drain one document through Redis, each serving its own
  /metrics;
- two equal submits with different callback URLs, through Redis: a real receiver is called at
  both, signed, once each.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.callback_receiver import Receiver
from tests.integration.conftest import REPO, Server, free_port, start_server

pytestmark = pytest.mark.integration
ARTICLES = REPO / "tests" / "articles"
JOB_TIMEOUT_S = 600
SHORT_OUTPUTS = {"max_length_ratio": 0.5}  # the random tiny model decodes half as long


def call(method: str, url: str, body: Any = None) -> tuple[int, Any]:
    """An HTTP call with a JSON body; (status, decoded JSON)."""
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def wait_done(server: Server, job_id: str) -> list[dict[str, Any]]:
    """Poll a job until it ends; every progress object seen, in order."""
    seen = []
    end = time.monotonic() + JOB_TIMEOUT_S
    while time.monotonic() < end:
        status, job = call("GET", f"{server.url}/v1/jobs/{job_id}")
        assert status == 200, job
        seen.append(job["progress"])
        if job["status"] in {"done", "failed", "cancelled"}:
            assert job["status"] == "done", job
            return seen
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} not done within {JOB_TIMEOUT_S} s; last {seen[-1:]}")


def skeleton(digest: dict[str, Any]) -> dict[str, Any]:
    """What must be equal between two digests: ids, headings, sentence texts, outline points."""
    translation = digest["translation"]

    def section(node: dict[str, Any]) -> Any:
        sentences = [(t["id"], t["text"]) for p in node["paragraphs"] for t in p["sentences"]]
        return [node["id"], node["heading"], sentences, [section(c) for c in node["sections"]]]

    def outline(node: dict[str, Any]) -> Any:
        points = [p["sentence_id"] for p in node["points"]]
        return [node["section_id"], node["heading"], points, [outline(c) for c in node["children"]]]

    return {
        "title": digest["title"]["text"],
        "sections": [section(s) for s in translation["sections"]],
        "outline": [outline(n) for n in digest["outline"]],
    }


def start_worker(log: Path, data_dir: Path, models_dir: Path, **settings: str) -> subprocess.Popen:
    """`policy-digest worker --workers 1` with its engine calls written to `log`."""
    env = {
        **os.environ,
        "PD_MODELS_DIR": str(models_dir),
        "PD_DEFAULT_MODEL": "tiny-marian",
        "PD_DATA_DIR": str(data_dir),
        "PD_TORCH_THREADS": "1",
        "HF_HUB_OFFLINE": "1",
        **settings,
    }
    script = REPO / "tests" / "integration" / "counting_worker.py"
    out = (log.parent / f"{log.stem}.out").open("ab")
    return subprocess.Popen(
        [sys.executable, str(script), str(log), "--workers", "1"],
        cwd=REPO,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def units_run(port: int) -> float:
    """The job units a worker ran, from its own /metrics (`worker --metrics-port`)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
        text = response.read().decode()
    name = "pd_job_unit_duration_seconds_count"
    counts = [float(line.split()[-1]) for line in text.splitlines() if line.startswith(name)]
    assert counts, f"no {name} in the worker's metrics: {text[:300]}"
    return sum(counts)


def kill(process: subprocess.Popen) -> None:
    """SIGKILL a worker and every process it started."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(30)


def engine_calls(*logs: Path) -> Counter[str]:
    """How often each (text, options) finished an engine call, over all workers."""
    lines = [line for log in logs if log.exists() for line in log.read_text("utf-8").splitlines()]
    return Counter(lines)


@pytest.fixture(scope="module")
def regulation(corpus_dir: Path) -> str:
    """The 19,029-character regulation of the shared corpus."""
    return (corpus_dir / "lawrefbook-018.md").read_text(encoding="utf-8")


def test_long_regulation_as_a_digest_job_equals_the_synchronous_digest(
    models_dir: Path, tmp_path: Path, regulation: str
) -> None:
    settings = {"PD_JOB_WORKERS": "2", "PD_JOB_UNIT_CHARS": "1500", "PD_REQUEST_DEADLINE_S": "900"}
    server = start_server(models_dir, tmp_path / "server.log", 1, **settings)
    try:
        body = {"content": regulation, "options": SHORT_OUTPUTS}
        status, job = call("POST", f"{server.url}/v1/jobs", body)
        assert status == 202, job
        progress = wait_done(server, job["id"])
        status, result = call("GET", f"{server.url}/v1/jobs/{job['id']}/result")
        assert status == 200
        status, synchronous = call("POST", f"{server.url}/v1/digest", body)
        assert status == 200, synchronous
    finally:
        server.stop()
    done = [p["units_done"] for p in progress]
    assert done == sorted(done) and done[-1] == progress[-1]["units_total"] >= 10
    assert any(0 < p["units_done"] < p["units_total"] for p in progress), done  # seen rising
    assert progress[-1]["chars_done"] == progress[-1]["chars_total"] > 15_000
    assert skeleton(result) == skeleton(synchronous)
    sections = result["translation"]["sections"]
    sentences = [t for s in sections for p in s["paragraphs"] for t in p["sentences"]]
    assert sentences and all(t["translation"] for t in sentences)


def test_worker_killed_mid_job_is_replaced_and_no_text_is_translated_twice(
    models_dir: Path, tmp_path: Path
) -> None:
    article = (ARTICLES / "reg-003.md").read_text(encoding="utf-8")
    settings = {"PD_JOB_UNIT_CHARS": "200"}
    server = start_server(models_dir, tmp_path / "server.log", 1, "--no-workers", **settings)
    data = tmp_path / "data"
    log = tmp_path / "engine.log"
    worker = start_worker(log, data, models_dir, **settings)
    try:
        status, job = call(
            "POST", f"{server.url}/v1/jobs", {"content": article, "options": SHORT_OUTPUTS}
        )
        assert status == 202, job
        end = time.monotonic() + JOB_TIMEOUT_S
        while time.monotonic() < end:
            progress = call("GET", f"{server.url}/v1/jobs/{job['id']}")[1]["progress"]
            if progress["units_done"] >= 2:
                break
            time.sleep(0.02)
        kill(worker)
        at_kill = call("GET", f"{server.url}/v1/jobs/{job['id']}")[1]
        assert at_kill["status"] == "running", at_kill
        assert at_kill["progress"]["units_done"] < at_kill["progress"]["units_total"], at_kill
        calls_before = sum(engine_calls(log).values())
        time.sleep(1)
        assert call("GET", f"{server.url}/v1/jobs/{job['id']}")[1]["status"] == "running"

        worker = start_worker(log, data, models_dir, **settings)
        wait_done(server, job["id"])
        status, result = call("GET", f"{server.url}/v1/jobs/{job['id']}/result")
    finally:
        kill(worker)
        server.stop()
    assert status == 200 and result["translation"]["markdown"]
    calls = engine_calls(log)
    assert sum(calls.values()) > calls_before > 0  # both workers translated a part
    twice = [text for text, count in calls.items() if count > 1]
    assert twice == []


def test_api_restart_keeps_status_and_result(models_dir: Path, tmp_path: Path) -> None:
    article = (ARTICLES / "reg-001.md").read_text(encoding="utf-8")
    server = start_server(models_dir, tmp_path / "first.log", 1)
    try:
        status, job = call(
            "POST", f"{server.url}/v1/jobs", {"content": article, "options": SHORT_OUTPUTS}
        )
        assert status == 202
        wait_done(server, job["id"])
        before = call("GET", f"{server.url}/v1/jobs/{job['id']}")[1]
        result = call("GET", f"{server.url}/v1/jobs/{job['id']}/result")
    finally:
        assert server.stop() == 0
    server = start_server(models_dir, tmp_path / "second.log", 1)
    try:
        after = call("GET", f"{server.url}/v1/jobs/{job['id']}")[1]
        assert call("GET", f"{server.url}/v1/jobs/{job['id']}/result") == result
        resubmitted = call(
            "POST", f"{server.url}/v1/jobs", {"content": article, "options": SHORT_OUTPUTS}
        )[1]
    finally:
        server.stop()
    assert after == before and after["status"] == "done"
    assert resubmitted["id"] == job["id"]  # the same request finds the stored job


def test_two_workers_drain_one_document_through_redis(
    models_dir: Path, tmp_path: Path, redis_url: str
) -> None:
    article = (ARTICLES / "reg-002.md").read_text(encoding="utf-8")
    settings = {"PD_QUEUE_URL": redis_url, "PD_JOB_UNIT_CHARS": "200"}
    (tmp_path / "api").mkdir()
    server = start_server(
        models_dir, tmp_path / "api" / "server.log", 1, "--no-workers", **settings
    )
    # each "machine" has its own data directory: all they share is the Redis
    logs = [tmp_path / f"machine{i}" / "engine.log" for i in (1, 2)]
    workers, ports = [], [free_port(), free_port()]
    for log, port in zip(logs, ports, strict=True):
        log.parent.mkdir()
        metrics = {"PD_WORKER_METRICS_PORT": str(port)}
        workers.append(start_worker(log, log.parent / "data", models_dir, **settings, **metrics))
    try:
        status, ready = call("GET", f"{server.url}/readyz")
        assert status == 200 and ready["queue"] == "redis"
        status, job = call(
            "POST", f"{server.url}/v1/jobs", {"content": article, "options": SHORT_OUTPUTS}
        )
        assert status == 202
        progress = wait_done(server, job["id"])
        status, result = call("GET", f"{server.url}/v1/jobs/{job['id']}/result")
        units_per_worker = [units_run(port) for port in ports]
    finally:
        for worker in workers:
            kill(worker)
        server.stop()
    assert status == 200 and result["translation"]["sections"]
    assert progress[-1]["units_total"] >= 4
    # each worker's own /metrics (--metrics-port) counts the units it ran; together, all of them
    assert all(units_per_worker) and sum(units_per_worker) == progress[-1]["units_total"]
    per_worker = [engine_calls(log) for log in logs]
    assert all(per_worker), "each worker translated some units"
    assert engine_calls(*logs).most_common(1)[0][1] == 1  # and no text twice
    assert not (tmp_path / "api" / "data" / "jobs.sqlite3").exists()


def test_equal_submits_with_two_callbacks_call_both_through_redis(
    models_dir: Path, tmp_path: Path, redis_url: str
) -> None:
    article = (ARTICLES / "reg-001.md").read_text(encoding="utf-8")
    hooks = {"PD_CALLBACK_HOSTS": "127.0.0.1", "PD_CALLBACK_SECRET": "s3cret"}
    settings = {"PD_QUEUE_URL": redis_url, **hooks}
    (tmp_path / "api").mkdir()
    server = start_server(
        models_dir, tmp_path / "api" / "server.log", 1, "--no-workers", **settings
    )
    worker = start_worker(tmp_path / "engine.log", tmp_path / "data", models_dir, **settings)
    try:
        with Receiver(secret="s3cret") as receiver:
            jobs = []
            for path in ("/a", "/b"):
                body = {"content": article, "options": SHORT_OUTPUTS}
                status, job = call(
                    "POST", f"{server.url}/v1/jobs", {**body, "callback_url": receiver.url(path)}
                )
                assert status == 202, job
                jobs.append(job)
            wait_done(server, jobs[0]["id"])
            receiver.wait(2, timeout_s=60)
            end = time.monotonic() + 60
            while time.monotonic() < end:  # until the worker has recorded both deliveries
                ended = call("GET", f"{server.url}/v1/jobs/{jobs[0]['id']}")[1]
                if all(c["status"] != "pending" for c in ended["callbacks"]):
                    break
                time.sleep(0.1)
            time.sleep(0.5)  # a third call, were there one, would have come by now
            calls = receiver.calls()
    finally:
        kill(worker)
        server.stop()
    assert jobs[0]["id"] == jobs[1]["id"]
    assert sorted(c.path for c in calls) == ["/a", "/b"]
    assert all(c.signed and c.json()["status"] == "done" for c in calls)
    assert ended["callbacks"] == [
        {"url": receiver.url(p), "status": "delivered"} for p in ("/a", "/b")
    ]
