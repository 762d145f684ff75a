"""schemathesis's own CLI against a real server: every operation, every check, 0 findings.

Run from the repository root, so the CLI reads schemathesis.toml (the refusals no schema can
state, per operation). The server is `policy-digest serve` (gunicorn, a job worker, the tiny
model), with callbacks allowed to loopback so that a generated callback URL is judged by the
rules rather than refused wholesale. The seed is fixed: a finding reproduces with the same
command (docs/robustness.md).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from service.api.openapi import PATHS
from tests.integration.conftest import REPO, start_server

pytestmark = pytest.mark.integration

SEED = 25
MAX_EXAMPLES = 15
TIMEOUT_S = 900


def test_schemathesis_cli_finds_nothing(models_dir: Path, tmp_path: Path) -> None:
    server = start_server(
        models_dir,
        tmp_path / "server.log",
        1,
        PD_CALLBACK_HOSTS="127.0.0.1",
        PD_EVENTS_HEARTBEAT_S="1",
    )
    cli = shutil.which("st", path=str(Path(sys.executable).parent))
    assert cli is not None, "schemathesis's `st` is not installed beside this Python"
    command = [cli, "run", f"{server.url}/openapi.json", "--checks=all", f"--seed={SEED}"]
    command += [f"--max-examples={MAX_EXAMPLES}", "--workers=1"]
    try:
        run = subprocess.run(
            command, cwd=REPO, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
        )
    finally:
        server.stop()
    report = run.stdout + run.stderr
    assert run.returncode == 0, report[-20000:]  # any finding or server error fails the run
    assert f"Configuration:    {REPO / 'schemathesis.toml'}" in report, report[:2000]
    operations = sum(len(item) for item in PATHS.values()) - 1  # all but GET /openapi.json
    assert f"Tested: {operations}" in report, report[-3000:]
    assert re.search(r"(\d+) generated, \1 passed", report), report[-3000:]
