"""`/v1/jobs` with fake engines: submit, progress, result equal to the synchronous route, memory,
idempotency, cancel, access, callbacks (allow-list, signature), expiry, `Prefer: respond-async`
and the fast refusal of synchronous work that would outlast the deadline.

Steps run in this process: `drain` takes tasks off the queue and executes them, as a worker would.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import logging.handlers
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.api.openapi import validator
from service.jobs import Jobs, open_jobs, result, status, submit
from service.jobs.memory import namespace
from service.runtime.tasks import ArticleRequest

ARTICLES = Path(__file__).resolve().parents[1] / "articles"
REGULATION = (ARTICLES / "reg-002.md").read_text(encoding="utf-8")
UNIT_CHARS = 600


def jobs_of(app: Flask) -> Jobs:
    jobs: Jobs = app.extensions["policy_digest_jobs"]
    return jobs


def drain(app: Flask) -> int:
    """Run every queued step here (as a worker would); the number run."""
    huey = jobs_of(app).huey
    count = 0
    while (task := huey.dequeue()) is not None:
        huey.execute(task)
        count += 1
    return count


def engine_texts(app: Flask) -> list[str]:
    """Record every text the fake engine is asked to translate (returns the live list)."""
    engine = app.extensions["policy_digest"].engines["opus-mt-zh-en"]
    seen: list[str] = []
    original = engine.translate

    def counting(texts: list[str], src: str, tgt: str, **options: Any) -> list[str]:
        seen.extend(texts)
        return original(texts, src, tgt, **options)

    engine.translate = counting
    return seen


@pytest.fixture
def app(make_app) -> Flask:
    return make_app(job_unit_chars=UNIT_CHARS)


def test_digest_job_equals_the_synchronous_digest(app: Flask, client: FlaskClient) -> None:
    response = client.post("/v1/jobs", json={"content": REGULATION, "task": "digest"})
    assert response.status_code == 202, response.get_json()
    job = response.get_json()
    validator("Job").validate(job)
    assert response.headers["Location"] == f"/v1/jobs/{job['id']}"
    assert job["status"] == "queued" and job["task"] == "digest"
    assert client.get(f"/v1/jobs/{job['id']}/result").status_code == 409

    assert drain(app) > 3  # plan, several units, assemble
    done = client.get(f"/v1/jobs/{job['id']}").get_json()
    validator("Job").validate(done)
    progress = done["progress"]
    assert done["status"] == "done" and progress["units_total"] >= 3
    assert progress["units_done"] == progress["units_total"]
    assert progress["chars_done"] == progress["chars_total"] > 0
    synchronous = client.post("/v1/digest", json={"content": REGULATION}).get_json()
    assert client.get(f"/v1/jobs/{job['id']}/result").get_json() == synchronous

    markdown = client.get(f"/v1/jobs/{job['id']}/result", headers={"Accept": "text/markdown"})
    assert markdown.mimetype == "text/markdown" and markdown.get_data(as_text=True).startswith("#")
    html = client.get(f"/v1/jobs/{job['id']}/result?output=html")
    assert html.mimetype == "text/html" and "<h2>" in html.get_data(as_text=True)


def test_units_translate_each_piece_once_and_a_revision_pays_for_its_changes(
    app: Flask, client: FlaskClient
) -> None:
    seen = engine_texts(app)
    client.post("/v1/jobs", json={"content": REGULATION, "task": "translate"})
    drain(app)
    assert seen and len(seen) == len(set(seen))  # no piece twice, assembly included
    first = len(seen)

    paragraphs = [line for line in REGULATION.splitlines() if len(line) > 30 and "。" in line]
    changed = paragraphs[::10]
    revised = REGULATION
    for line in changed:
        revised = revised.replace(line, line.replace("。", "，并予以公布。", 1), 1)
    seen.clear()
    client.post("/v1/jobs", json={"content": revised, "task": "translate"})
    drain(app)
    assert 0 < len(seen) <= len(changed) * 3 < first  # only changed pieces reach the engine
    assert all("并予以公布" in text for text in seen)


def test_short_article_is_one_unit(app: Flask, client: FlaskClient, seed_html: str) -> None:
    job = client.post("/v1/jobs", json={"content": "一、总则\n推进数字乡村建设。"}).get_json()
    drain(app)
    assert client.get(f"/v1/jobs/{job['id']}").get_json()["progress"]["units_total"] == 1


def test_each_step_a_worker_runs_is_logged_with_its_job(app: Flask, client: FlaskClient) -> None:
    """Which worker ran a job is read from the workers' logs (scripts/check_compose.sh)."""
    job = client.post("/v1/jobs", json={"content": "一、总则\n推进数字乡村建设。"}).get_json()
    logger, seen = logging.getLogger("service.jobs"), logging.handlers.BufferingHandler(100)
    logger.addHandler(seen)
    try:
        drain(app)
    finally:
        logger.removeHandler(seen)
    steps = ("plan", "unit-0", "assemble")
    assert [r.getMessage() for r in seen.buffer] == [
        f"job {job['id']}: running step {step}" for step in steps
    ]


def test_outline_job_and_raw_body_with_query_task(app: Flask, client: FlaskClient) -> None:
    response = client.post(
        "/v1/jobs?task=outline", data=REGULATION.encode(), content_type="text/markdown"
    )
    assert response.status_code == 202
    drain(app)
    job_id = response.get_json()["id"]
    outline = client.post(
        "/v1/outline", data=REGULATION.encode(), content_type="text/markdown"
    ).get_json()
    assert client.get(f"/v1/jobs/{job_id}/result").get_json() == outline


def test_prefer_respond_async_on_synchronous_routes(app: Flask, client: FlaskClient) -> None:
    for route, task in (("/v1/digest", "digest"), ("/v1/translate", "translate")):
        response = client.post(
            route, json={"content": REGULATION}, headers={"Prefer": "respond-async, wait=5"}
        )
        assert response.status_code == 202 and response.get_json()["task"] == task
        assert response.headers["Preference-Applied"] == "respond-async"
    assert client.post("/v1/digest", json={"content": "推进数字乡村建设。"}).status_code == 200


def test_same_request_or_idempotency_key_returns_the_existing_job(client: FlaskClient) -> None:
    first = client.post("/v1/jobs", json={"content": REGULATION}).get_json()
    again = client.post("/v1/jobs", json={"content": REGULATION})
    assert again.status_code == 202 and again.get_json()["id"] == first["id"]
    other_options = {"content": REGULATION, "options": {"num_beams": 2}}
    assert client.post("/v1/jobs", json=other_options).get_json()["id"] != first["id"]

    keyed = {"Idempotency-Key": "order-7"}
    one = client.post("/v1/jobs", json={"content": "推进。"}, headers=keyed).get_json()
    two = client.post("/v1/jobs", json={"content": "发展。"}, headers=keyed).get_json()
    assert one["id"] == two["id"]
    long_key = {"Idempotency-Key": "x" * 256}
    too_long = client.post("/v1/jobs", json={"content": "推进。"}, headers=long_key)
    assert too_long.status_code == 400


def test_equal_submits_at_the_same_moment_make_one_job(app: Flask) -> None:
    """The second submit arrives after the first looked for an equal job but before it was
    recorded: both answer with one job, and only that job is queued."""
    state, jobs = app.extensions["policy_digest"], jobs_of(app)
    put, raced = jobs.store.put, []

    def put_then_race(ns: str, key: str, value: Any) -> None:
        put(ns, key, value)
        if key.startswith("job:") and not raced:
            raced.append("second submit")
            raced.append(submit(jobs, ArticleRequest("推进。"), "translate", state)["id"])

    jobs.store.put = put_then_race  # type: ignore[method-assign]
    first = submit(jobs, ArticleRequest("推进。"), "translate", state)
    assert raced == ["second submit", first["id"]]
    assert jobs.store.pending() == 1


def test_cancel_stops_the_job(app: Flask, client: FlaskClient) -> None:
    seen = engine_texts(app)
    job = client.post("/v1/jobs", json={"content": REGULATION}).get_json()
    cancelled = client.delete(f"/v1/jobs/{job['id']}")
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelled"
    drain(app)
    assert seen == []
    assert client.get(f"/v1/jobs/{job['id']}").get_json()["status"] == "cancelled"
    assert client.get(f"/v1/jobs/{job['id']}/result").status_code == 409
    resubmitted = client.post("/v1/jobs", json={"content": REGULATION}).get_json()
    assert resubmitted["id"] != job["id"]  # a cancelled job is not reused


def test_unknown_job_is_404(client: FlaskClient) -> None:
    for url in ("/v1/jobs/nope", "/v1/jobs/nope/result", "/v1/jobs/" + "a" * 500):
        response = client.get(url)
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "job_not_found"
    assert client.delete("/v1/jobs/nope").status_code == 404


def test_a_job_is_visible_only_to_its_key(make_app) -> None:
    client = make_app(api_keys=("alpha", "beta")).test_client()
    alpha, beta = {"X-API-Key": "alpha"}, {"Authorization": "Bearer beta"}
    assert client.post("/v1/jobs", json={"content": REGULATION}).status_code == 401
    job = client.post("/v1/jobs", json={"content": REGULATION}, headers=alpha).get_json()
    assert client.get(f"/v1/jobs/{job['id']}", headers=alpha).status_code == 200
    for url in (f"/v1/jobs/{job['id']}", f"/v1/jobs/{job['id']}/result"):
        assert client.get(url, headers=beta).status_code == 404
    assert client.delete(f"/v1/jobs/{job['id']}", headers=beta).status_code == 404
    same = client.post("/v1/jobs", json={"content": REGULATION}, headers=beta).get_json()
    assert same["id"] != job["id"]  # idempotency never crosses keys


@pytest.mark.parametrize(
    ("hosts", "url", "why"),
    [
        ((), "http://127.0.0.1:9/hook", "PD_CALLBACK_HOSTS"),
        (("example.org",), "http://127.0.0.1:9/hook", "not in PD_CALLBACK_HOSTS"),
        (("example.org",), "http://10.1.2.3/hook", "not in PD_CALLBACK_HOSTS"),
        (("localhost",), "http://localhost:9/hook", "non-public address"),
    ],
)
def test_callback_to_a_private_or_unlisted_host_is_422(
    make_app, hosts: tuple[str, ...], url: str, why: str
) -> None:
    client = make_app(callback_hosts=hosts).test_client()
    response = client.post("/v1/jobs", json={"content": REGULATION, "callback_url": url})
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "callback_refused" and why in error["message"]


class Hook(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[Any, bytes]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Hook.received.append((self.headers, body))  # header names are case-insensitive
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        return


@pytest.fixture
def hook() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), Hook)
    Hook.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/hook"
    finally:
        server.shutdown()


def test_callback_is_signed_and_delivered_when_the_job_ends(make_app, hook: str) -> None:
    app = make_app(callback_hosts=("127.0.0.1",), callback_secret="s3cret")
    client = app.test_client()
    job = client.post("/v1/jobs", json={"content": REGULATION, "callback_url": hook}).get_json()
    drain(app)
    assert len(Hook.received) == 1
    headers, body = Hook.received[0]
    expected = "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-PD-Signature"], expected)
    delivered = json.loads(body)
    assert delivered["id"] == job["id"] and delivered["status"] == "done"


def test_finished_jobs_expire(make_app) -> None:
    app = make_app(job_ttl_s=0)
    client = app.test_client()
    job = client.post("/v1/jobs", json={"content": "一、总则\n推进数字乡村建设。"}).get_json()
    time.sleep(0.01)
    assert client.get(f"/v1/jobs/{job['id']}").status_code == 404
    assert jobs_of(app).sweep() == 1
    assert jobs_of(app).store.items("index") == {}


def test_the_maintenance_pass_drops_memory_generations_past_their_ttl(make_app) -> None:
    app = make_app(memory_ttl_s=60)
    app.test_client().post("/v1/jobs", json={"content": "一、总则\n推进数字乡村建设。"})
    drain(app)
    jobs = jobs_of(app)
    written = jobs.memory().generation()
    assert jobs.store.size(namespace(written)) > 0
    jobs.maintain()
    assert jobs.store.size(namespace(written)) > 0
    jobs.memory().clock = lambda: (written + 2) * 60.0
    jobs.maintain()
    assert jobs.store.size(namespace(written)) == 0


def test_long_synchronous_request_is_refused_at_once_naming_jobs(make_app) -> None:
    client = make_app(estimated_chars_per_s=50.0, request_deadline_s=10.0).test_client()
    started = time.perf_counter()
    response = client.post("/v1/digest", json={"content": REGULATION})
    assert time.perf_counter() - started < 1.0  # a bound against doing the work, not a benchmark
    assert response.status_code == 413
    error = response.get_json()["error"]
    assert error["code"] == "too_long_for_request" and "/v1/jobs" in error["message"]
    assert error["details"]["estimated_s"] > 10


def test_python_interface(app: Flask) -> None:
    state = app.extensions["policy_digest"]
    jobs = open_jobs(state.config, state)
    job = submit(jobs, ArticleRequest(REGULATION), "translate", state)
    assert status(jobs, job["id"])["status"] == "queued"
    drain(app)
    assert status(jobs, job["id"])["status"] == "done"
    assert result(jobs, job["id"]).body["sections"]


def test_metrics_show_queue_jobs_units_and_memory(app: Flask, client: FlaskClient) -> None:
    client.post("/v1/jobs", json={"content": REGULATION})
    assert "pd_job_queue_depth 1.0" in client.get("/metrics").get_data(as_text=True)
    drain(app)
    client.post("/v1/jobs", json={"content": REGULATION, "task": "translate"})
    drain(app)
    text = client.get("/metrics").get_data(as_text=True)
    assert "pd_job_queue_depth 0.0" in text
    assert 'pd_job_duration_seconds_count{status="done",task="digest"} 1.0' in text
    assert "pd_job_unit_duration_seconds_count" in text
    hits = next(line for line in text.splitlines() if line.startswith("pd_translation_memory_hits"))
    assert float(hits.split()[-1]) > 0  # the second job found the first one's pieces


def test_readyz_is_503_when_the_job_store_is_unreachable(make_app) -> None:
    from tests.integration.conftest import free_port

    client = make_app(queue_url=f"redis://127.0.0.1:{free_port()}/0").test_client()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "queue_unavailable"
    submitted = client.post("/v1/jobs", json={"content": REGULATION})
    assert submitted.status_code == 503


def step(app: Flask) -> None:
    """Run the next queued step here, as a worker would."""
    huey = jobs_of(app).huey
    huey.execute(huey.dequeue())


def test_partial_result_while_running_then_the_final_one(app: Flask, client: FlaskClient) -> None:
    job = client.post("/v1/jobs", json={"content": REGULATION}).get_json()
    queued = client.get(f"/v1/jobs/{job['id']}/result?partial=true")
    assert queued.status_code == 200 and queued.get_json()["partial"] is True
    step(app)  # the plan
    step(app)  # the first gist unit
    running = client.get(f"/v1/jobs/{job['id']}/result?partial=true").get_json()
    validator("Digest").validate(running)
    texts = [t for s in running["translation"]["sections"] for t in _sentences(s)]
    assert running["partial"] is True and running["scope"] == "full"
    assert any(t["translation"] is None for t in texts) and any(t["translation"] for t in texts)
    markdown = client.get(f"/v1/jobs/{job['id']}/result?partial=true&output=markdown")
    assert markdown.status_code == 200 and markdown.mimetype == "text/markdown"
    drain(app)
    final = client.get(f"/v1/jobs/{job['id']}/result").get_json()
    after = client.get(f"/v1/jobs/{job['id']}/result?partial=true").get_json()
    assert after == {**final, "partial": False}
    assert client.get(f"/v1/jobs/{job['id']}/result?partial=maybe").status_code == 400

    other = client.post("/v1/jobs", json={"content": REGULATION + "\n\n附则。"}).get_json()
    client.delete(f"/v1/jobs/{other['id']}")
    assert client.get(f"/v1/jobs/{other['id']}/result?partial=true").status_code == 409


def _sentences(section: dict[str, Any]) -> list[dict[str, Any]]:
    found = [t for p in section["paragraphs"] for t in p["sentences"]]
    return found + [t for child in section["sections"] for t in _sentences(child)]


def test_scope_outline_translates_and_estimates_only_the_gist(make_app) -> None:
    app = make_app(estimated_chars_per_s=50.0)  # the full text would take over the deadline
    client = app.test_client()
    seen = engine_texts(app)
    refused = client.post("/v1/digest", json={"content": REGULATION})
    assert refused.status_code == 413
    assert refused.get_json()["error"]["code"] == "too_long_for_request"
    response = client.post("/v1/digest?scope=outline", json={"content": REGULATION})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    validator("Digest").validate(body)
    assert body["scope"] == "outline" and body["translation"] is None
    points = [p for top in body["outline"] for p in _points(top)]
    assert points and all(p["translation"] for p in points)
    assert body["title"]["translation"]
    assert 0 < sum(len(t) for t in seen) < 0.3 * len(REGULATION)  # only the gist was translated
    same = client.post("/v1/digest", json={"content": REGULATION, "options": {"scope": "outline"}})
    assert same.get_json()["outline"] == body["outline"]


def _points(node: dict[str, Any]) -> list[dict[str, Any]]:
    return node["points"] + [p for child in node["children"] for p in _points(child)]
