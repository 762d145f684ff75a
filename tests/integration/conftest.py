"""A real gunicorn (started through `policy-digest serve`) serving a tiny Marian model.

The model is built offline by scripts/make_tiny_model.py into a temporary models directory with
a manifest of its own; the server binds 127.0.0.1 on a free port. Every wait is bounded and the
server is always stopped, even when a test fails.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

REPO = Path(__file__).resolve().parents[2]
MODEL = "tiny-marian"
START_TIMEOUT_S = 120
STOP_TIMEOUT_S = 30

# The tiny model's manifest (scripts/check_image.sh mounts the same one into the container).
MANIFEST = (REPO / "tests" / "fixtures" / f"{MODEL}.toml").read_text(encoding="utf-8")


@dataclass
class Server:
    """A running gunicorn: its base URL and process."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> int:
        """SIGTERM (graceful shutdown), then SIGKILL if it does not exit in time."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        return self.process.returncode


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A models directory holding the tiny model and its manifest."""
    root = tmp_path_factory.mktemp("models")
    subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "make_tiny_model.py"),
            "--family",
            "marian",
            "--out",
            str(root / MODEL),
        ],
        check=True,
        timeout=300,
        capture_output=True,
    )
    (root / f"{MODEL}.toml").write_text(MANIFEST, encoding="utf-8")
    return root


def start_server(
    models_dir: Path, log: Path, workers: int = 2, *options: str, **settings: str
) -> Server:
    """`policy-digest serve` on a free port; returns once /readyz answers 200.

    `options` are extra `serve` flags, `settings` extra PD_* environment variables; the data
    directory sits beside the log.
    """
    port = free_port()
    env = {
        **os.environ,
        "PD_MODELS_DIR": str(models_dir),
        "PD_DEFAULT_MODEL": MODEL,
        "PD_THREADS": "2",
        "PD_REQUEST_DEADLINE_S": "60",
        "PD_DATA_DIR": str(log.parent / "data"),
        "HF_HUB_OFFLINE": "1",
        **settings,
    }
    command = [
        sys.executable,
        "-m",
        "service.cli",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        *options,
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{server.url}/readyz", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    server.stop()
    pytest.fail(f"/readyz not 200 within {START_TIMEOUT_S} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def server(models_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("gunicorn") / "server.log"
    running = start_server(models_dir, log)
    try:
        yield running
    finally:
        running.stop()


def tool_missing(test: str, reason: str) -> NoReturn:
    """A system tool `test` needs is absent: fail in CI (.ci/run installs it), skip elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(f"{test} must run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A real redis-server on a free loopback port (Debian's package; CI installs it)."""
    binary = shutil.which("redis-server")
    if binary is None:
        tool_missing(
            "the Redis test", "redis-server is not installed (apt-get install redis-server)"
        )
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        import redis

        client = redis.Redis(port=port)
        end = time.monotonic() + 20
        while time.monotonic() < end:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)
