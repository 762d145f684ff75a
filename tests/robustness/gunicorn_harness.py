"""Real gunicorn for fault tests: start `policy-digest serve`, find its workers, map connections.

A connection is mapped to the worker serving it through /proc: the server side of the TCP
connection (local port = the server's, remote port = the client's) has a socket inode, and the
worker holding that inode among its file descriptors is the one serving the request. Linux only.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from tests.integration.conftest import REPO, Server, free_port

START_TIMEOUT_S = 90


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll `condition` until it holds; fail with `what` after `timeout` seconds."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def status_of(url: str) -> int | None:
    """The HTTP status of a GET, or None when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return None


def start(models_dir: Path, model: str, log: Path, workers: int = 2, **settings: str) -> Server:
    """gunicorn through `policy-digest serve` on a free port; returns once /healthz answers.

    `settings` are extra environment variables (PD_*). The metrics directory sits beside the
    log, so a server killed outright leaves nothing in /tmp behind.
    """
    port = free_port()
    metrics = log.parent / "metrics"
    metrics.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "PD_METRICS_DIR": str(metrics),
        "PD_MODELS_DIR": str(models_dir),
        "PD_DEFAULT_MODEL": model,
        "PD_THREADS": "2",
        "PD_MAX_REQUESTS": "0",  # no planned recycling during a test
        "PD_JOB_WORKERS": "0",  # the master's children are then its HTTP workers only
        "HF_HUB_OFFLINE": "1",
        **settings,
    }
    command = [sys.executable, "-m", "service.cli", "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", str(workers)]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        wait_for(lambda: status_of(f"{server.url}/healthz") == 200, START_TIMEOUT_S, "/healthz")
        wait_for(lambda: len(workers_of(process.pid)) == workers, 30, f"{workers} workers")
    except AssertionError:
        kill(server)
        raise
    return server


def kill(server: Server) -> None:
    """Stop the whole process group at once (used when a test already failed)."""
    if server.process.poll() is None:
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait(10)


def workers_of(master: int) -> set[int]:
    """The pids of the master's live children."""
    children = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == master and fields[0] != "Z":
            children.add(int(entry.name))
    return children


def serving_worker(client: socket.socket, master: int) -> int | None:
    """The worker pid holding the server side of `client`'s connection, if any yet."""
    server_port = client.getpeername()[1]
    client_port = client.getsockname()[1]
    inode = _server_inode(server_port, client_port)
    if inode is None:
        return None
    target = f"socket:[{inode}]"
    for pid in workers_of(master):
        try:
            fds = list(Path(f"/proc/{pid}/fd").iterdir())
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(fd) == target:
                    return pid
            except OSError:
                continue
    return None


def wait_for_worker(client: socket.socket, master: int, timeout: float = 10) -> int:
    """The worker serving `client`, once it has accepted the connection."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        pid = serving_worker(client, master)
        if pid is not None:
            return pid
        time.sleep(0.05)
    raise AssertionError(f"no worker took the connection within {timeout} s")


def _server_inode(server_port: int, client_port: int) -> str | None:
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local, remote = fields[1], fields[2]
            if (
                int(local.rsplit(":", 1)[1], 16) == server_port
                and int(remote.rsplit(":", 1)[1], 16) == client_port
            ):
                return fields[9]
    return None


def read_response(sock: socket.socket, timeout: float = 30) -> bytes:
    """Everything the server sends until it closes the connection (b"" if it was killed)."""
    sock.settimeout(timeout)
    chunks = []
    try:
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    except ConnectionResetError:
        pass
    return b"".join(chunks)
