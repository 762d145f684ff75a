"""A reader that closes the pipe early (`policy-digest outline law.md | head -1`) ends the command
quietly: exit status 0, nothing on stderr (no traceback, no "error: [Errno 32] Broken pipe").

Real pipes and real processes: the command runs as `python -m service.cli`, its stdout a pipe
whose reading end this test closes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAW = ROOT / "tests" / "articles" / "reg-002.md"
PIPE_BUFFER = 65536  # Linux's default pipe capacity: more than this blocks the writer


def _cli(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "service.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )


def _finish(process: subprocess.Popen[bytes]) -> tuple[int, str]:
    assert process.stderr is not None
    err = process.stderr.read().decode()
    return process.wait(timeout=120), err


def test_reader_gone_before_anything_is_written() -> None:
    """The whole (small) output is still buffered when the process ends: the write that fails
    is the last flush, which used to print "Exception ignored ... BrokenPipeError" (exit 120)."""
    process = _cli("outline", str(LAW), "--format", "markdown")
    assert process.stdout is not None
    process.stdout.close()  # before the interpreter has even imported the CLI
    assert _finish(process) == (0, "")


def test_head_one_on_a_large_output(tmp_path: Path) -> None:
    """`| head -1` on an outline far larger than the pipe (about 850 kB of JSON, written piece by
    piece): the writer is blocked mid-output when the reader leaves, and the next write fails."""
    article = tmp_path / "long.md"
    law = LAW.read_text(encoding="utf-8")
    article.write_text(law + "\n\n" + law.split("---", 2)[2] * 40, encoding="utf-8")
    assert article.stat().st_size > 8 * PIPE_BUFFER
    process = _cli("outline", str(article), "--max-points", "100000", "--format", "json")
    assert process.stdout is not None
    first = process.stdout.readline()
    process.stdout.close()
    assert first.strip()
    assert _finish(process) == (0, "")


def test_outline_piped_to_head(tmp_path: Path) -> None:
    """The issue's own command line, through a shell pipeline with `head -1`."""
    result = subprocess.run(
        f"{sys.executable} -m service.cli outline {LAW} --max-points 500 | head -1; "
        'echo "status=${PIPESTATUS[0]}"',
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    assert result.stdout.splitlines() == ["{", "status=0"]
    assert result.stderr == ""
