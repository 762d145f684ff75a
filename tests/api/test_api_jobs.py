"""`/v1/jobs` with fake engines: submit, progress, result equal to the synchronous route, memory,
idempotency, cancel, access, callbacks (allow-list, signature, every caller's URL of a shared job
called once, added late, capped, shown without secrets, failures isolated), expiry,
`Prefer: respond-async` and the fast refusal of synchronous work that would outlast the deadline.

Steps run in this process: `drain` takes tasks off the queue and executes them, as a worker would.
"""

from __future__ import annotations

import logging
import logging.handlers
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.api.openapi import validator
from service.jobs import Jobs, open_jobs, result, status, submit
from service.jobs.manager import CALLBACK_RETRIES
from service.jobs.memory import namespace
from service.runtime.tasks import ArticleRequest
from tests.callback_receiver import Receiver

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


HOOKS = {"callback_hosts": ("127.0.0.1",), "callback_secret": "s3cret"}


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A real receiver on 127.0.0.1 that checks the signature; /down answers 500."""
    with Receiver(secret="s3cret", statuses={"/down": 500}) as running:
        yield running


@pytest.fixture
def hooked(make_app) -> Flask:
    """An app that may call 127.0.0.1, signs with `s3cret` and retries a failed callback at once."""
    return make_app(job_unit_chars=UNIT_CHARS, callback_retry_delay_s=0, **HOOKS)


def hooked_job(client: FlaskClient, url: str, headers: dict[str, str] | None = None) -> Any:
    """POST the regulation as a job with `url` as its callback_url; the response."""
    body = {"content": REGULATION, "callback_url": url}
    return client.post("/v1/jobs", json=body, headers=headers or {})


def test_callback_is_signed_and_delivered_when_the_job_ends(
    hooked: Flask, receiver: Receiver
) -> None:
    client = hooked.test_client()
    job = hooked_job(client, receiver.url("/hook")).get_json()
    assert job["callbacks"] == [{"url": receiver.url("/hook"), "status": "pending"}]
    drain(hooked)
    [call] = receiver.calls()
    assert call.signed and call.headers["content-type"] == "application/json"
    delivered = call.json()
    assert delivered["id"] == job["id"] and delivered["status"] == "done"
    assert "callbacks" not in delivered  # a receiver is not told who else is
    ended = client.get(f"/v1/jobs/{job['id']}").get_json()
    assert ended.pop("callbacks") == [{"url": receiver.url("/hook"), "status": "delivered"}]
    assert delivered == ended


@pytest.mark.parametrize("headers", [{}, {"Idempotency-Key": "order-7"}])
def test_equal_submits_with_different_callbacks_call_each_once(
    hooked: Flask, receiver: Receiver, headers: dict[str, str]
) -> None:
    """The second submit is answered with the first one's job; its URL is called too."""
    client = hooked.test_client()
    urls = [receiver.url("/a"), receiver.url("/b")]
    answers = [hooked_job(client, url, headers) for url in urls]
    assert [a.status_code for a in answers] == [202, 202]
    first, second = (a.get_json() for a in answers)
    assert first["id"] == second["id"]
    assert second["callbacks"] == [{"url": url, "status": "pending"} for url in urls]
    drain(hooked)
    job = client.get(f"/v1/jobs/{first['id']}").get_json()
    assert job["callbacks"] == [{"url": url, "status": "delivered"} for url in urls]
    for path in ("/a", "/b"):
        [call] = receiver.calls(path)
        assert call.signed and call.json() == {k: v for k, v in job.items() if k != "callbacks"}


def test_a_callback_added_after_the_job_ended_is_called_at_once(
    hooked: Flask, receiver: Receiver
) -> None:
    client = hooked.test_client()
    job = hooked_job(client, receiver.url("/a")).get_json()
    drain(hooked)
    assert len(receiver.calls("/a")) == 1
    late = hooked_job(client, receiver.url("/b")).get_json()
    assert late["id"] == job["id"] and late["status"] == "done"
    assert jobs_of(hooked).store.pending() == 1  # its delivery is queued with the answer
    assert drain(hooked) == 1
    assert [len(receiver.calls(p)) for p in ("/a", "/b")] == [1, 1]
    assert receiver.calls("/b")[0].json()["status"] == "done"
    again = hooked_job(client, receiver.url("/b"))
    assert again.status_code == 202 and drain(hooked) == 0  # the same URL: nothing new


@pytest.mark.parametrize("ends", ["before the URL is added", "as the URL is added"])
def test_a_job_that_ends_while_a_callback_is_added_calls_it_once(
    hooked: Flask, receiver: Receiver, ends: str
) -> None:
    """The submit found the job live; it is cancelled before the new URL's slot is taken (only
    the submit sees the URL and the end), or just after (both do): /b is called exactly once."""
    client, jobs = hooked.test_client(), jobs_of(hooked)
    job = hooked_job(client, receiver.url("/a")).get_json()
    add = jobs.store.add

    def add_and_cancel(ns: str, key: str, value: Any) -> bool:
        if key == f"callback:{job['id']}:1" and ends.startswith("before"):
            jobs.cancel(job["id"])
        added = add(ns, key, value)
        if key == f"callback:{job['id']}:1" and ends.startswith("as"):
            jobs.cancel(job["id"])
        return added

    jobs.store.add = add_and_cancel  # type: ignore[method-assign]
    answer = hooked_job(client, receiver.url("/b"))
    jobs.store.add = add  # type: ignore[method-assign]
    assert answer.status_code == 202 and answer.get_json()["id"] == job["id"]
    drain(hooked)
    assert [len(receiver.calls(p)) for p in ("/a", "/b")] == [1, 1]
    assert receiver.calls("/b")[0].json()["status"] == "cancelled"
    ended = client.get(f"/v1/jobs/{job['id']}").get_json()
    assert [c["status"] for c in ended["callbacks"]] == ["delivered", "delivered"]


def test_the_same_callback_twice_is_called_once(hooked: Flask, receiver: Receiver) -> None:
    client = hooked.test_client()
    first = hooked_job(client, receiver.url("/a")).get_json()
    second = hooked_job(client, receiver.url("/a"))
    assert second.status_code == 202 and second.get_json()["id"] == first["id"]
    assert len(second.get_json()["callbacks"]) == 1
    drain(hooked)
    assert len(receiver.calls("/a")) == 1


def test_the_seventeenth_callback_is_refused_and_the_job_is_unchanged(hooked: Flask) -> None:
    client = hooked.test_client()
    urls = [f"http://127.0.0.1:9/hook-{i}" for i in range(17)]
    answers = [hooked_job(client, url) for url in urls]
    assert [a.status_code for a in answers] == [202] * 16 + [422]
    error = answers[-1].get_json()["error"]
    assert error["code"] == "callback_refused" and "(16)" in error["message"]
    job = client.get(f"/v1/jobs/{answers[0].get_json()['id']}").get_json()
    assert job["status"] == "queued" and [c["url"] for c in job["callbacks"]] == urls[:16]
    listed_again = hooked_job(client, urls[3])
    assert listed_again.status_code == 202  # a URL already listed is no 17th


def test_callbacks_are_shown_without_credentials_or_query(
    hooked: Flask, receiver: Receiver
) -> None:
    client = hooked.test_client()
    secret_url = receiver.url("/a?token=t0ps3cret").replace("http://", "http://editor:pw123@")
    answer = hooked_job(client, secret_url)
    assert answer.get_json()["callbacks"] == [{"url": receiver.url("/a"), "status": "pending"}]
    drain(hooked)
    shown = client.get(f"/v1/jobs/{answer.get_json()['id']}").get_data(as_text=True)
    assert "t0ps3cret" not in shown and "pw123" not in shown and "editor" not in shown
    [call] = receiver.calls("/a")  # called with its query and credentials
    assert call.path == "/a?token=t0ps3cret" and call.headers["authorization"].startswith("Basic")


def test_a_failing_receiver_does_not_stop_the_others(hooked: Flask, receiver: Receiver) -> None:
    """/down answers 500 and nothing listens on the closed port: each is tried 1 + 4 times and
    ends `failed`; /a, added after them, is called once and ends `delivered`."""
    client = hooked.test_client()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}/gone"
    urls = [receiver.url("/down"), closed, receiver.url("/a")]
    for url in urls:
        job = hooked_job(client, url).get_json()
    drain(hooked)
    assert len(receiver.calls("/down")) == 1 + CALLBACK_RETRIES
    assert len(receiver.calls("/a")) == 1
    ended = client.get(f"/v1/jobs/{job['id']}").get_json()
    assert [c["status"] for c in ended["callbacks"]] == ["failed", "failed", "delivered"]


def test_a_job_stored_with_one_callback_url_still_calls_it(
    hooked: Flask, receiver: Receiver
) -> None:
    """A record written before jobs had several callbacks names one `callback_url`; a
    delivery queued then names only the job."""
    client, jobs = hooked.test_client(), jobs_of(hooked)
    job = client.post("/v1/jobs", json={"content": REGULATION}).get_json()
    stored = jobs.store.get("jobs", f"job:{job['id']}")
    jobs.store.put("jobs", f"job:{job['id']}", {**stored, "callback_url": receiver.url("/old")})
    assert client.get(f"/v1/jobs/{job['id']}").get_json()["callbacks"] == [
        {"url": receiver.url("/old"), "status": "pending"}
    ]
    drain(hooked)
    assert len(receiver.calls("/old")) == 1
    old_task = jobs._task("callback")  # as queued before the upgrade: the job id alone
    jobs.store.delete("jobs", f"callback:{job['id']}:0")
    with jobs.store.reachable():
        old_task(job["id"])
    drain(hooked)
    assert len(receiver.calls("/old")) == 2
    ended = client.get(f"/v1/jobs/{job['id']}").get_json()
    assert ended["callbacks"] == [{"url": receiver.url("/old"), "status": "delivered"}]


def test_finished_jobs_expire(make_app) -> None:
    app = make_app(job_ttl_s=0, **HOOKS)
    client = app.test_client()
    body = {"content": "一、总则\n推进数字乡村建设。", "callback_url": "http://127.0.0.1:9/a"}
    job = client.post("/v1/jobs", json=body).get_json()
    time.sleep(0.01)
    assert client.get(f"/v1/jobs/{job['id']}").status_code == 404
    assert jobs_of(app).sweep() == 1
    assert jobs_of(app).store.items("index") == {}
    assert not [k for k in jobs_of(app).store.items("jobs") if job["id"] in k]


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
