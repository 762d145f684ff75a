"""Faults: broken models at start-up, clients that hang up, deadlines, workers killed mid-request.

The start-up faults run in-process over the real ModelRegistry and a tiny Marian built offline
(scripts/make_tiny_model.py), then once under real gunicorn to show that nothing restarts in a
loop. Disconnects and deadlines use a slow fake engine behind Werkzeug's threaded server (a real
socket). The SIGKILL test runs real gunicorn with two workers. Every wait is bounded; servers
are always stopped.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from service.api.app import create_app
from service.config import Config
from tests.integration.conftest import MANIFEST, MODEL, REPO
from tests.robustness import gunicorn_harness as gh
from tests.robustness.conftest import ZH_EN, AppBuilder, SlowEngine

ARTICLE = "一、总体要求\n推进数字乡村建设。发展智慧农业。"


@pytest.fixture(scope="module")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A models directory with a working tiny Marian and its manifest."""
    root = tmp_path_factory.mktemp("models")
    command = [sys.executable, str(REPO / "scripts" / "make_tiny_model.py"), "--family", "marian"]
    subprocess.run(
        [*command, "--out", str(root / MODEL)], check=True, timeout=300, capture_output=True
    )
    (root / f"{MODEL}.toml").write_text(MANIFEST, encoding="utf-8")
    return root


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


BREAKAGES: dict[str, Callable[[Path], object]] = {
    "weights-missing": lambda d: shutil.rmtree(d),
    "weights-half-written": lambda d: _truncate(d / "model.safetensors"),
    "weights-garbage": lambda d: (d / "model.safetensors").write_bytes(os.urandom(4096)),
    "config-corrupt": lambda d: (d / "config.json").write_text("{not json", encoding="utf-8"),
    "tokenizer-half-written": lambda d: _truncate(d / "source.spm"),
    "vocab-missing": lambda d: (d / "vocab.json").unlink(),
    "manifest-corrupt": lambda d: (d.parent / f"{MODEL}.toml").write_text("name = [", "utf-8"),
}


def broken_copy(tiny_models: Path, target: Path, breakage: str) -> Path:
    shutil.copytree(tiny_models, target)
    BREAKAGES[breakage](target / MODEL)
    return target


@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_broken_model_at_startup_leaves_the_service_up(
    tiny_models: Path, tmp_path: Path, breakage: str
) -> None:
    models = broken_copy(tiny_models, tmp_path / "models", breakage)
    app = create_app(Config(models_dir=models, default_model=MODEL))
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.headers["Retry-After"]
    error = ready.get_json()["error"]
    assert error["code"] == "not_ready" and MODEL in error["message"]
    outline = client.post("/v1/outline", data=ARTICLE.encode(), content_type="text/plain")
    assert outline.status_code == 200
    translate = client.post("/v1/translate", data=ARTICLE.encode(), content_type="text/plain")
    assert translate.status_code == 503 and translate.get_json()["error"]["code"] == "not_ready"


def test_missing_models_directory_leaves_the_service_up(tmp_path: Path) -> None:
    app = create_app(Config(models_dir=tmp_path / "nowhere", default_model=MODEL))
    ready = app.test_client().get("/readyz")
    assert ready.status_code == 503 and ready.get_json()["error"]["code"] == "not_ready"


@pytest.mark.integration
def test_half_written_model_under_gunicorn_does_not_restart_in_a_loop(
    tiny_models: Path, tmp_path: Path
) -> None:
    models = broken_copy(tiny_models, tmp_path / "models", "weights-half-written")
    server = gh.start(models, MODEL, tmp_path / "server.log")
    try:
        first = gh.workers_of(server.process.pid)
        ready = gh.status_of(f"{server.url}/readyz")
        time.sleep(1.5)  # a crash loop would replace workers within this time
        assert ready == 503
        assert gh.workers_of(server.process.pid) == first
        assert server.process.poll() is None
    finally:
        gh.kill(server)  # shutting down cleanly is tests/integration's subject
    booted = [line for line in server.log.read_text().splitlines() if "Booting worker" in line]
    assert len(booted) == 2, booted


# Client disconnects and deadlines: work stops at the next batch boundary.

SENTENCES = 32 * 12  # twelve engine batches of 32 distinct sentences
LONG_ARTICLE = "".join(f"推进第{i}项数字乡村建设。" for i in range(SENTENCES))
BATCH_SECONDS = 0.15


class AccessLines(logging.Handler):
    """The statuses of the access log lines, as they are written."""

    def __init__(self) -> None:
        super().__init__()
        self.statuses: list[int] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.statuses.append(int(record.__dict__["status"]))


@pytest.fixture
def slow_server(
    make_robust_app: AppBuilder, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, int, SlowEngine, AccessLines]]:
    engine = SlowEngine(ZH_EN, BATCH_SECONDS)
    app = make_robust_app(engines={ZH_EN: engine}, max_chars=1_000_000)
    access = AccessLines()
    monkeypatch.setattr(logging.getLogger("service.access"), "handlers", [access])
    monkeypatch.setattr(logging.getLogger("service.access"), "propagate", False)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield "127.0.0.1", server.server_port, engine, access
    finally:
        server.shutdown()
        thread.join(10)


def raw_request(path: str, body: bytes, content_type: str = "text/plain") -> bytes:
    head = (
        f"POST {path} HTTP/1.1\r\nHost: test\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + body


@pytest.mark.parametrize("route", ["/v1/translate", "/v1/digest", "/translate"])
def test_a_dropped_request_stops_at_the_next_batch(
    slow_server: tuple[str, int, SlowEngine, AccessLines], route: str
) -> None:
    host, port, engine, access = slow_server
    if route == "/translate":
        body = json.dumps({"q": LONG_ARTICLE, "source": "zh", "target": "en"}).encode()
        request = raw_request(route, body, "application/json")
    else:
        request = raw_request(route, LONG_ARTICLE.encode())
    client = socket.create_connection((host, port), timeout=10)
    client.sendall(request)
    gh.wait_for(engine.finished.is_set, 20, "the first batch")
    client.close()
    at_close = engine.calls
    gh.wait_for(lambda: 499 in access.statuses, 20, "the request to stop")
    assert engine.calls <= at_close + 1 < SENTENCES // 32  # at most the batch in progress


def test_a_request_past_its_deadline_stops_at_the_next_batch(
    make_robust_app: AppBuilder,
) -> None:
    engine = SlowEngine(ZH_EN, BATCH_SECONDS)
    app = make_robust_app(
        engines={ZH_EN: engine}, max_chars=1_000_000, request_deadline_s=BATCH_SECONDS
    )
    response = app.test_client().post(
        "/v1/translate", data=LONG_ARTICLE.encode(), content_type="text/plain"
    )
    assert response.status_code == 504
    assert response.get_json()["error"]["code"] == "deadline_exceeded"
    assert engine.calls <= 2 < SENTENCES // 32
    assert app.test_client().get("/healthz").status_code == 200


# A worker killed mid-request (real gunicorn, two workers)


@pytest.fixture(scope="module")
def gunicorn(tiny_models: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[gh.Server]:
    log = tmp_path_factory.mktemp("gunicorn") / "server.log"
    server = gh.start(tiny_models, MODEL, log)
    try:
        gh.wait_for(lambda: gh.status_of(f"{server.url}/readyz") == 200, 60, "/readyz 200")
        yield server
    finally:
        gh.kill(server)


def half_sent(server: gh.Server, body: bytes) -> socket.socket:
    """A connection whose request is in flight: headers and half the body sent."""
    port = int(server.url.rsplit(":", 1)[1])
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    request = raw_request("/v1/translate", body)
    sock.sendall(request[: len(request) - len(body) // 2])
    return sock


HEAVY_CASES = [  # (route, body, content type, status)
    ("/v1/outline", ("<i>" * 100_000 + ARTICLE).encode(), "text/html", 200),
    ("/v1/outline", ("一、" * 100_000).encode(), "text/plain", 200),
    ("/v1/outline", b"[" * 100_000 + b"]" * 100_000, "application/json", 400),
    ("/v1/translate", ARTICLE.encode("utf-16"), "text/plain", 200),
    ("/v1/translate", b"\x80\x81" * 1000, "text/plain", 400),
    (
        "/v1/translate",
        "政府は農村のデジタル化を推進する計画を発表した。".encode(),
        "text/plain",
        422,
    ),
]


@pytest.mark.integration
def test_hostile_inputs_leave_real_workers_alive(gunicorn: gh.Server) -> None:
    master = gunicorn.process.pid
    before = gh.workers_of(master)
    port = int(gunicorn.url.rsplit(":", 1)[1])
    for route, body, content_type, expected in HEAVY_CASES:
        sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        sock.sendall(raw_request(route, body, content_type))
        status = int(gh.read_response(sock).split(b" ", 2)[1])
        sock.close()
        assert status == expected, (route, status)
    assert gh.workers_of(master) == before  # no worker died or was replaced


def finish(sock: socket.socket, body: bytes) -> bytes | None:
    """Send the rest of a half-sent body and read the answer; None when the server is gone."""
    try:
        sock.sendall(body[len(body) - len(body) // 2 :])
        return gh.read_response(sock) or None
    except (ConnectionResetError, BrokenPipeError):
        return None


@pytest.mark.integration
def test_worker_killed_mid_request_is_replaced_and_others_succeed(gunicorn: gh.Server) -> None:
    master = gunicorn.process.pid
    body = ARTICLE.encode()
    connections: dict[socket.socket, int] = {}
    try:
        for _ in range(12):  # until both workers hold a request in flight
            sock = half_sent(gunicorn, body)
            connections[sock] = gh.wait_for_worker(sock, master)
            if len(set(connections.values())) == 2:
                break
        victim = next(iter(connections.values()))
        assert len(set(connections.values())) == 2, "both workers should hold a request"
        os.kill(victim, signal.SIGKILL)
        gh.wait_for(lambda: victim not in gh.workers_of(master), 10, "the worker to die")
        for sock, pid in connections.items():
            answer = finish(sock, body)
            if pid == victim:
                assert answer is None  # the killed worker's request is lost, the others are not
            else:
                assert answer is not None and answer.startswith(b"HTTP/1.1 200"), answer
    finally:
        for sock in connections:
            sock.close()
    gh.wait_for(lambda: len(gh.workers_of(master) - {victim}) == 2, 60, "a replacement worker")
    for _ in range(4):  # the next requests succeed, on either worker
        sock = socket.create_connection(("127.0.0.1", int(gunicorn.url.rsplit(":", 1)[1])))
        sock.sendall(raw_request("/v1/translate", body))
        assert gh.read_response(sock).startswith(b"HTTP/1.1 200")
        sock.close()
    assert gunicorn.process.poll() is None
