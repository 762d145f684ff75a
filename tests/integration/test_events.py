"""Job events and partial results through real processes: gunicorn (`policy-digest serve
--no-workers`, one HTTP worker) serving the streams, a separate `policy-digest worker` process
translating, the tiny model, the SQLite store and a real redis-server; events read with
httpx-sse, the way its README shows.

- a digest job's stream: ids 1, 2, 3 … with no gap, the gist before the last unit is done, each
  top-level section once and equal to the final result's, `done` last; partial results while it
  runs and the final result with `partial: false` after;
- a stream cut after a few events and resumed with Last-Event-ID loses and repeats nothing
  (compared with a full replay once the job is done);
- a cancelled job's stream ends with `cancelled`, and a resume after it answers 204; a stream
  resumed past the last event closes when its job ends;
- an idle stream sends heartbeats, says `X-Accel-Buffering: no`; one stream over
  PD_MAX_STREAMS is 503 with Retry-After, and a closed stream gives its slot back;
- with PD_API_KEYS set the stream needs the key (header);
- the same stream through Redis, the API and the worker sharing nothing but it.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from httpx_sse import EventSource, ServerSentEvent, connect_sse

from service.jobs.events import FINAL as FINAL_KEY
from service.jobs.events import RedisEvents
from tests.integration.conftest import REPO, Server, start_server
from tests.integration.test_jobs import kill, start_worker

pytestmark = pytest.mark.integration
KEY = "events-test-key"
AUTH = {"Authorization": f"Bearer {KEY}"}
ARTICLES = REPO / "tests" / "articles"
SETTINGS = {
    "PD_API_KEYS": KEY,
    "PD_JOB_UNIT_CHARS": "400",
    "PD_EVENTS_HEARTBEAT_S": "1",
    "PD_MAX_STREAMS": "2",
}
SHORT_OUTPUTS = {"max_length_ratio": 0.5}  # the random tiny model decodes half as long
WAIT_S = 600
FINAL = {"done", "failed", "cancelled"}


@pytest.fixture(scope="module")
def api(models_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The API alone (one gunicorn worker, so the stream bound is exact); no job workers."""
    log = tmp_path_factory.mktemp("events") / "server.log"
    server = start_server(models_dir, log, 1, "--no-workers", **SETTINGS)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def worker(api: Server, models_dir: Path, tmp_path: Path) -> Iterator[subprocess.Popen]:
    """A `policy-digest worker` process on the API's store (another process than the API)."""
    process = start_worker(tmp_path / "engine.log", api.log.parent / "data", models_dir, **SETTINGS)
    try:
        yield process
    finally:
        kill(process)


def submit(server: Server, content: str, headers: dict[str, str] = AUTH) -> dict[str, Any]:
    body = {"content": content, "task": "digest", "options": SHORT_OUTPUTS}
    response = httpx.post(f"{server.url}/v1/jobs", json=body, headers=headers, timeout=60)
    assert response.status_code == 202, response.text
    return dict(response.json())


def job_events(source: EventSource) -> Iterator[ServerSentEvent]:
    """The stream's events, without the heartbeats: a heartbeat is a comment line, which
    httpx-sse (0.4) hands over as a `message` with no data where a browser dispatches nothing."""
    return (sse for sse in source.iter_sse() if sse.event != "message" or sse.data)


def read_events(
    server: Server, job_id: str, last_id: int | None = None, stop_after: int | None = None
) -> list[ServerSentEvent]:
    """The job's events from `last_id` on, until the final one (or `stop_after` events: the
    connection is then closed mid-stream)."""
    headers = {**AUTH, **({"Last-Event-ID": str(last_id)} if last_id is not None else {})}
    seen: list[ServerSentEvent] = []
    with (
        httpx.Client(timeout=30) as client,
        connect_sse(
            client, "GET", f"{server.url}/v1/jobs/{job_id}/events", headers=headers
        ) as source,
    ):
        for sse in job_events(source):
            seen.append(sse)
            if sse.event in FINAL or len(seen) == stop_after:
                break
    return seen


def get(server: Server, path: str) -> httpx.Response:
    return httpx.get(f"{server.url}{path}", headers=AUTH, timeout=60)


def keyed(events: list[ServerSentEvent]) -> list[tuple[int, str, Any]]:
    return [(int(e.id), e.event, e.json()) for e in events]


def sentences(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every sentence of a Translation's sections, subsections included, in order."""
    found = []
    for section in sections:
        found += [t for p in section["paragraphs"] for t in p["sentences"]]
        found += sentences(section["sections"])
    return found


def final_sections(result: dict[str, Any]) -> list[dict[str, Any]]:
    return list(result["translation"]["sections"])


def top_sections(result: dict[str, Any]) -> dict[str, Any]:
    return {s["id"]: s for s in result["translation"]["sections"]}


def test_digest_job_streams_gist_sections_and_done_from_another_process(
    api: Server, worker: subprocess.Popen, corpus_dir: Path
) -> None:
    regulation = (corpus_dir / "lawrefbook-018.md").read_text(encoding="utf-8")
    job = submit(api, regulation)
    partials = []
    events = []
    with (
        httpx.Client(timeout=30) as client,
        connect_sse(client, "GET", f"{api.url}/v1/jobs/{job['id']}/events", headers=AUTH) as source,
    ):
        assert source.response.headers["X-Accel-Buffering"] == "no"
        assert source.response.headers["Cache-Control"] == "no-cache"
        for sse in job_events(source):
            events.append(sse)
            if sse.event == "gist":  # the result so far, as the gist is announced
                partials.append(get(api, f"/v1/jobs/{job['id']}/result?partial=true").json())
            if sse.event in FINAL:
                break
    final = get(api, f"/v1/jobs/{job['id']}/result").json()
    done_partial = get(api, f"/v1/jobs/{job['id']}/result?partial=true").json()

    ids = [int(e.id) for e in events]
    assert ids == list(range(1, len(ids) + 1))  # integer ids, no gap, no repeat
    kinds = [e.event for e in events]
    assert kinds[-1] == "done" and kinds.count("done") == 1 and kinds.count("gist") == 1
    assert events[-1].json()["status"] == "done"
    progress = [e.json() for e in events if e.event == "progress"]
    before_gist = [e.json() for e in events[: kinds.index("gist")] if e.event == "progress"]
    units_total = progress[-1]["units_total"]
    assert units_total >= 20 and progress[-1]["units_done"] == units_total
    assert before_gist[-1]["units_done"] < units_total // 2  # the gist came first
    assert not before_gist[-1]["gist_ready"] and progress[-1]["gist_ready"]
    gist = events[kinds.index("gist")].json()
    assert gist["outline"] == final["outline"] and gist["title"] == final["title"]
    assert gist["title"]["translation"] and gist["script"] == final["script"]
    sections = {e.json()["section_id"]: e.json()["section"] for e in events if e.event == "section"}
    assert kinds.count("section") == len(sections) == len(final["translation"]["sections"])
    assert sections == top_sections(final)  # each section as the final result has it
    sections_done = [p["sections_done"] for p in progress]
    assert sections_done == sorted(sections_done) and sections_done[-1] == len(sections)

    assert len(partials) == 1 and partials[0]["partial"] is True
    first = sentences(partials[0]["translation"]["sections"])
    assert [t["id"] for t in first] == [t["id"] for t in sentences(final_sections(final))]
    assert any(t["translation"] is None for t in first)  # it came while texts were missing
    assert any(t["translation"] for t in first)  # and with those done so far
    assert partials[0]["outline"] == final["outline"]  # the gist was there already
    assert done_partial == {**final, "partial": False}


def test_stream_cut_and_resumed_with_last_event_id_loses_and_repeats_nothing(
    api: Server, worker: subprocess.Popen
) -> None:
    job = submit(api, (ARTICLES / "reg-002.md").read_text(encoding="utf-8"))
    first = read_events(api, job["id"], stop_after=3)  # the connection is closed after 3
    time.sleep(1)  # more events are written while nobody listens
    rest = read_events(api, job["id"], last_id=int(first[-1].id))
    replay = read_events(api, job["id"])  # the whole log, now that the job is done

    assert len(first) == 3 and rest[-1].event == "done"
    assert keyed(first) + keyed(rest) == keyed(replay)
    resumed_after_end = httpx.get(
        f"{api.url}/v1/jobs/{job['id']}/events",
        headers={**AUTH, "Last-Event-ID": rest[-1].id},
        timeout=30,
    )
    assert resumed_after_end.status_code == 204  # EventSource stops reconnecting on 204


def test_cancelled_job_stream_ends(api: Server, worker: subprocess.Popen, corpus_dir: Path) -> None:
    regulation = (corpus_dir / "lawrefbook-018.md").read_text(encoding="utf-8")
    job = submit(api, regulation + "\n\n附：本法自公布之日起施行。")  # not the first test's job
    seen = read_events(api, job["id"], stop_after=2)
    cancelled = httpx.delete(f"{api.url}/v1/jobs/{job['id']}", headers=AUTH, timeout=30)
    assert cancelled.status_code == 200
    started = time.monotonic()
    rest = read_events(api, job["id"], last_id=int(seen[-1].id))
    assert time.monotonic() - started < 30
    assert rest[-1].event == "cancelled" and rest[-1].json()["status"] == "cancelled"
    assert [e.event for e in rest].count("cancelled") == 1
    after = httpx.get(
        f"{api.url}/v1/jobs/{job['id']}/events",
        headers={**AUTH, "Last-Event-ID": rest[-1].id},
        timeout=30,
    )
    assert after.status_code == 204
    assert get(api, f"/v1/jobs/{job['id']}/result?partial=true").status_code == 409


def test_idle_streams_beat_are_bounded_and_give_their_slot_back(api: Server) -> None:
    """No worker runs here: the jobs stay queued and their streams idle."""
    jobs = [submit(api, f"第{n}条 本规定自发布之日起施行。") for n in range(1, 4)]
    url = f"{api.url}/v1/jobs/{{}}/events"
    time.sleep(1)  # a stream an earlier test closed frees its slot at its next poll (0.5 s)
    try:
        with httpx.Client(timeout=30) as client:
            with (
                client.stream("GET", url.format(jobs[0]["id"]), headers=AUTH) as one,
                client.stream("GET", url.format(jobs[1]["id"]), headers=AUTH) as two,
            ):
                assert one.status_code == two.status_code == 200
                lines = []
                for line in one.iter_lines():
                    lines.append(line)
                    if line.startswith(": heartbeat"):
                        break
                assert lines[0] == "retry: 2000" and "event: progress" in lines
                over = client.get(url.format(jobs[2]["id"]), headers=AUTH)
                assert over.status_code == 503 and int(over.headers["Retry-After"]) > 0
                assert over.json()["error"]["code"] == "too_many_streams"
                assert f"/v1/jobs/{jobs[2]['id']}" in over.json()["error"]["message"]
            deadline = time.monotonic() + 10  # both closed: their slots come back
            while True:
                with client.stream("GET", url.format(jobs[2]["id"]), headers=AUTH) as three:
                    if three.status_code == 200:
                        break
                assert time.monotonic() < deadline, "a closed stream kept its slot"
                time.sleep(0.5)
    finally:
        for job in jobs:
            httpx.delete(f"{api.url}/v1/jobs/{job['id']}", headers=AUTH, timeout=30)


def test_stream_needs_the_api_key(api: Server) -> None:
    job = submit(api, "第一条 本规定自发布之日起施行。")
    try:
        url = f"{api.url}/v1/jobs/{job['id']}/events"
        assert httpx.get(url, timeout=30).status_code == 401
        wrong = httpx.get(url, headers={"X-API-Key": "wrong"}, timeout=30)
        assert wrong.status_code == 401
        with httpx.stream("GET", url, headers={"X-API-Key": KEY}, timeout=30) as right:
            assert right.status_code == 200
        bad_resume = httpx.get(url, headers={**AUTH, "Last-Event-ID": "abc"}, timeout=30)
        assert bad_resume.status_code == 400
    finally:
        httpx.delete(f"{api.url}/v1/jobs/{job['id']}", headers=AUTH, timeout=30)


def test_events_through_redis_from_a_worker_on_another_store(
    models_dir: Path, tmp_path: Path, redis_url: str
) -> None:
    settings = {**SETTINGS, "PD_QUEUE_URL": redis_url}
    (tmp_path / "api").mkdir()
    server = start_server(
        models_dir, tmp_path / "api" / "server.log", 1, "--no-workers", **settings
    )
    (tmp_path / "machine").mkdir()
    process = start_worker(
        tmp_path / "machine" / "engine.log", tmp_path / "machine" / "data", models_dir, **settings
    )
    try:
        job = submit(server, (ARTICLES / "reg-003.md").read_text(encoding="utf-8"))
        first = read_events(server, job["id"], stop_after=2)
        rest = read_events(server, job["id"], last_id=int(first[-1].id))
        replay = read_events(server, job["id"])
        final = httpx.get(f"{server.url}/v1/jobs/{job['id']}/result", headers=AUTH, timeout=60)
    finally:
        kill(process)
        server.stop()
    events = first + rest
    assert keyed(events) == keyed(replay)
    assert [int(e.id) for e in events] == list(range(1, len(events) + 1))
    kinds = [e.event for e in events]
    assert kinds[-1] == "done" and kinds.count("gist") == 1 and "section" in kinds
    sections = {e.json()["section_id"]: e.json()["section"] for e in events if e.event == "section"}
    assert sections == top_sections(final.json())
    assert not (tmp_path / "api" / "data" / "jobs.sqlite3").exists()  # all of it in Redis


def test_redis_log_behaves_the_same(redis_url: str) -> None:
    import redis

    log = RedisEvents(redis.Redis.from_url(redis_url), "test")
    assert log.append("j", "progress", '{"a": 1}', None) == 1
    assert log.append("j", "section", '{"s": 1}', "section:s1") == 2
    assert log.append("j", "section", '{"s": 1}', "section:s1") is None  # announced once
    assert log.append("j", "done", "{}", FINAL_KEY) == 3
    assert log.append("j", "progress", "{}", None) is None
    assert [(e.id, e.kind, e.data) for e in log.since("j", 1, 10)] == [
        (2, "section", {"s": 1}),
        (3, "done", {}),
    ]
    log.drop("j")
    assert log.since("j", 0, 10) == [] and not log.has("j", FINAL_KEY)


def test_stream_resumed_past_the_last_event_ends_with_its_job(api: Server) -> None:
    """A Last-Event-ID beyond the log (no worker runs here, so the job stays queued): the
    stream idles on heartbeats until the job ends, then closes instead of beating forever."""
    job = submit(api, "第一条 本办法自发布之日起施行。")
    headers = {**AUTH, "Last-Event-ID": "99"}
    url = f"{api.url}/v1/jobs/{job['id']}"
    with (
        httpx.Client(timeout=30) as client,
        client.stream("GET", f"{url}/events", headers=headers) as stream,
    ):
        assert stream.status_code == 200
        lines = stream.iter_lines()
        assert next(lines).startswith(": heartbeat")  # open, nothing after event 99
        assert client.delete(url, headers=AUTH).status_code == 200
        started = time.monotonic()
        rest = list(lines)  # ends: the job ended and no event follows 99
        assert time.monotonic() - started < 10
    assert not [line for line in rest if line.startswith(("id:", "event:"))]
