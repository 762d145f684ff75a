"""Hostile document files against a real gunicorn: each a 4xx within 2 s, every worker alive.

The readers run in a sandboxed child (service.parsing.ingest.sandbox), so a bomb, a crash or a
runaway page costs the child, never the worker serving the request.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from tests.robustness import gunicorn_harness as gh
from tests.robustness.hostile_files import SAMPLES
from tests.robustness.test_faults import raw_request

BOUND_S = 2.0  # the bound for a refusal (a bound against hangs, not a benchmark)


@pytest.fixture(scope="module")
def outline_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[gh.Server]:
    folder = tmp_path_factory.mktemp("hostile-files")
    server = gh.start(folder, "none", folder / "server.log", PD_SERVE_MODELS="none")
    try:
        yield server
    finally:
        gh.kill(server)


@pytest.mark.integration
@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_hostile_file_is_a_quick_4xx_and_workers_live(outline_server: gh.Server, name: str) -> None:
    master = outline_server.process.pid
    before = gh.workers_of(master)
    port = int(outline_server.url.rsplit(":", 1)[1])
    body = SAMPLES[name]()
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(raw_request("/v1/outline", body, "application/octet-stream"))
        status = int(gh.read_response(sock).split(b" ", 2)[1])
    elapsed = time.monotonic() - started
    assert 400 <= status < 500, (name, status)
    assert elapsed < BOUND_S, (name, elapsed)
    assert gh.workers_of(master) == before
    assert gh.status_of(f"{outline_server.url}/healthz") == 200
