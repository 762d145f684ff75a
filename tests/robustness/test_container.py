"""The container image: non-root, models read-only to the service, no debug or reload.

The suite runs no container engine, so the Dockerfile is checked as text: the user the runtime
stage runs as, that the app tree is copied without handing it to that user, the entry point and
HEALTHCHECK (exec form: no shell at run time), what a read-only root needs, the engine and the
variants. scripts/check_image.sh builds the image and probes the running container
(docs/container.md has its figures).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from service.api import healthcheck
from service.config import Config

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def runtime_stage() -> list[str]:
    """The instructions of the Dockerfile's last stage, continuation lines joined."""
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
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


def instruction(name: str) -> str:
    """The last `name` instruction of the runtime stage, without its keyword."""
    found = [line for line in runtime_stage() if line.upper().startswith(name + " ")]
    assert found, f"the runtime stage has no {name}"
    return found[-1][len(name) :].strip()


def env() -> dict[str, str]:
    """The runtime stage's ENV settings (KEY=VALUE pairs, quotes removed)."""
    pairs = re.findall(
        r'(\w+)=("[^"]*"|\S+)',
        " ".join(line[4:] for line in runtime_stage() if line.upper().startswith("ENV ")),
    )
    return {key: value.strip('"') for key, value in pairs}


def test_entry_point_is_the_cli_in_exec_form_serving_by_default() -> None:
    """`docker run IMAGE` serves; `docker run IMAGE worker` runs a job worker (same image)."""
    assert json.loads(instruction("ENTRYPOINT")) == ["policy-digest"]
    assert json.loads(instruction("CMD")) == ["serve"]
    assert "--reload" not in DOCKERFILE and "FLASK_DEBUG" not in DOCKERFILE


def test_healthcheck_probes_readiness_in_exec_form() -> None:
    """No shell or curl needed; /readyz is ready with no model (outline only, tests/api)."""
    check = instruction("HEALTHCHECK")
    command = json.loads(check[check.index("CMD ") + 4 :])
    assert command[:3] == ["python", "-m", "service.api.healthcheck"]
    assert command[3:] == ["/readyz"] and command[3] in healthcheck.PATHS


def test_the_served_models_are_the_baked_ones_or_none() -> None:
    """MODELS="" gives PD_SERVE_MODELS=none (ready, outline only), else the baked names."""
    assert env()["PD_SERVE_MODELS"] == "${MODELS:-none}"
    assert Config.from_env({"PD_SERVE_MODELS": "none"}).served_models() == ()


def test_read_only_root_needs_only_tmp() -> None:
    """Everything the service writes goes under /tmp (a tmpfs with --read-only)."""
    settings = env()
    assert settings["PYTHONDONTWRITEBYTECODE"] == "1"
    assert settings["HF_HOME"].startswith("/tmp/") and settings["PD_DATA_DIR"].startswith("/tmp/")
    assert "VOLUME" not in DOCKERFILE


def test_ctranslate2_int8_is_built_and_used_by_default() -> None:
    assert 'pip install ".[ct2]"' in DOCKERFILE
    assert 'policy-digest models convert "$name" --quantization int8' in DOCKERFILE
    assert env()["PD_ENGINE"] == "ctranslate2"


def test_the_slim_variant_leaves_torch_out() -> None:
    assert re.search(r"^ARG VARIANT=full$", DOCKERFILE, re.M)
    slim = DOCKERFILE[DOCKERFILE.index("AS venv-slim") : DOCKERFILE.index("AS ship")]
    assert "not d.startswith('torch')" in slim and "pip install --no-compile --no-deps ." in slim
    # stripped, checked and compiled by scripts/slim_venv.py (tests/robustness/test_slim_venv.py)
    assert "python slim_venv.py && python -m pip uninstall -q -y pip setuptools" in slim
    ship = DOCKERFILE[DOCKERFILE.index("AS ship") : DOCKERFILE.index("AS runtime")]
    assert 'if [ "${VARIANT}" = slim ]' in ship and "-name '*.safetensors'" in ship


def test_every_stage_is_named_without_an_arg() -> None:
    """buildah (podman build) resolves `FROM venv-${VARIANT}` as an image, not a stage: every FROM
    names the base image argument or a stage defined above it, spelled out."""
    stages: list[str] = []
    for image, name in re.findall(r"^FROM\s+(\S+)(?:\s+AS\s+(\S+))?", DOCKERFILE, re.M | re.I):
        assert image == "${PYTHON_IMAGE}" or image in stages, f"FROM {image}"
        stages.append(name)
    copied = re.findall(r"--from=(\S+)", DOCKERFILE)
    assert copied and all(stage in stages for stage in copied), copied
    assert stages[-1] == "runtime"


def test_the_base_image_pin_is_documented() -> None:
    comments = "\n".join(line for line in DOCKERFILE.splitlines() if line.startswith("#"))
    assert "PYTHON_IMAGE=python:3.11-slim-bookworm@sha256:" in comments
    assert "docker buildx imagetools inspect python:3.11-slim-bookworm" in comments


def test_compose_runs_the_api_workers_and_redis_from_one_image() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) == {"api", "worker", "redis"}
    api, worker = services["api"], services["worker"]
    assert api["image"] == worker["image"]
    assert api["command"][0] == "serve" and worker["command"][0] == "worker"
    for service in (api, worker):
        assert service["read_only"] is True and "/tmp" in service["tmpfs"]
        assert service["environment"]["PD_QUEUE_URL"].startswith("redis://redis:")
    assert worker["healthcheck"] == {"disable": True}  # a worker serves no HTTP
    # two workers; `mode` spelled out because podman-compose reads `replicas` only with it
    assert worker["deploy"] == {"mode": "replicated", "replicas": 2}


def test_the_image_is_offline() -> None:
    settings = env()
    assert settings["HF_HUB_OFFLINE"] == "1" and settings["TRANSFORMERS_OFFLINE"] == "1"
