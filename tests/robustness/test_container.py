"""The container image: non-root, models read-only to the service, no debug or reload.

No Docker engine runs here, so the Dockerfile's runtime stage is checked as text: the user it
runs as, that the app tree is copied without handing it to that user, and the entry point.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def runtime_stage() -> list[str]:
    """The instructions of the Dockerfile's last stage, continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    joined = re.sub(r"\\\n\s*", " ", text)
    lines = [line.strip() for line in joined.splitlines()]
    instructions = [line for line in lines if line and not line.startswith("#")]
    last = max(i for i, line in enumerate(instructions) if line.upper().startswith("FROM "))
    return instructions[last:]


def test_runs_as_a_numeric_non_root_user() -> None:
    users = [line.split()[1] for line in runtime_stage() if line.upper().startswith("USER ")]
    assert users, "the runtime stage sets no USER"
    uid = users[-1].split(":")[0]
    assert uid.isdigit() and int(uid) != 0  # numeric: Kubernetes runAsNonRoot can verify it


def test_the_app_and_its_models_stay_owned_by_root() -> None:
    stage = runtime_stage()
    copies = [line for line in stage if line.upper().startswith("COPY ")]
    assert any("/app" in line for line in copies)
    assert not any("--chown" in line or "--chmod" in line for line in copies)
    assert not any(re.search(r"\b(chown|chmod)\b", line) for line in stage)


def test_entrypoint_is_gunicorn_without_reload() -> None:
    entry = [line for line in runtime_stage() if line.upper().startswith("ENTRYPOINT")]
    assert entry and entry[-1].startswith('ENTRYPOINT ["gunicorn"')
    assert "--reload" not in entry[-1] and "FLASK_DEBUG" not in "\n".join(runtime_stage())


def test_the_image_is_offline() -> None:
    env = " ".join(line for line in runtime_stage() if line.upper().startswith("ENV "))
    assert "HF_HUB_OFFLINE=1" in env and "TRANSFORMERS_OFFLINE=1" in env
