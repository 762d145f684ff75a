"""Suite-wide guards (offline hub, no network except loopback), the shared corpus fixture and
the CLI run on a real terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

# CI replays the same examples every run (a red CI must mean a change broke something); a
# developer's run explores new random examples each time.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

# ../shared/corpus beside the checkout; a git worktree (one level deeper) finds it one further up.
_CHECKOUT = Path(__file__).resolve().parents[1]
CORPUS = next(
    (
        p
        for p in (
            _CHECKOUT.parent / "shared" / "corpus",
            _CHECKOUT.parents[1] / "shared" / "corpus",
        )
        if p.is_dir()
    ),
    _CHECKOUT.parent / "shared" / "corpus",
)
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_configure(config: pytest.Config) -> None:
    # Any connection to a non-loopback address fails the test (pytest-socket).
    config.option.allow_hosts = "127.0.0.1,::1,localhost"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """../shared/corpus, or skip the test cleanly when it is not there."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS


@pytest.fixture(scope="session")
def seed_article() -> bytes:
    """The seed article finews-001.md (a small copy lives in tests/fixtures)."""
    return (FIXTURES / "finews-001.md").read_bytes()


@pytest.fixture
def cli_on_terminal() -> Callable[..., str]:
    """Run `policy-digest ARGS...` (as `python -m service.cli`) with stdout on a pseudo-terminal,
    as a person at a shell would; returns what it printed (newlines as `\\n`)."""

    def run(*args: str) -> str:
        controller, terminal = pty.openpty()
        process = subprocess.Popen(
            [sys.executable, "-m", "service.cli", *args],
            stdin=subprocess.DEVNULL,
            stdout=terminal,
            stderr=subprocess.PIPE,
            cwd=_CHECKOUT,
        )
        os.close(terminal)
        chunks = []
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # EIO: the process closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(controller)
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err.decode()
        return b"".join(chunks).decode().replace("\r\n", "\n")

    return run
