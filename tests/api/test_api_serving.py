"""Start-up without a model (real registry), `policy-digest serve`, and the gunicorn settings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from service import cli
from service.api.app import create_app
from service.api.serving import prepare_process, torch_threads_per_worker
from service.config import REPO_ROOT, Config


def test_starts_without_weights_and_names_the_fix(tmp_path: Path) -> None:
    shutil.copy(REPO_ROOT / "models" / "opus-mt-zh-en.toml", tmp_path)
    client = create_app(Config(models_dir=tmp_path)).test_client()
    assert client.post("/v1/outline", json={"content": "一、总则\n加快建设。"}).status_code == 200
    for response in (client.get("/readyz"), client.post("/v1/translate", json={"content": "你好"})):
        assert response.status_code == 503
        assert (
            "policy-digest models download opus-mt-zh-en" in response.get_json()["error"]["message"]
        )


def test_a_bad_manifest_leaves_the_service_up_and_says_why(tmp_path: Path) -> None:
    (tmp_path / "opus-mt-zh-en.toml").write_text('name = "opus-mt-zh-en"\n', encoding="utf-8")
    client = create_app(Config(models_dir=tmp_path)).test_client()
    assert client.get("/healthz").status_code == 200
    error = client.get("/readyz").get_json()["error"]
    assert "opus-mt-zh-en.toml" in error["message"]


@pytest.mark.parametrize(
    ("workers", "pinned", "cpus", "expected"),
    [(1, 0, 16, 16), (4, 0, 16, 4), (3, 0, 2, 1), (2, 3, 16, 3)],
)
def test_torch_threads_never_oversubscribe(workers, pinned, cpus, expected) -> None:
    config = Config(workers=workers, torch_threads=pinned)
    assert torch_threads_per_worker(config, cpus) == expected


def test_serve_sets_the_environment_and_execs_gunicorn(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    monkeypatch.setattr("os.execv", lambda path, argv: calls.append(argv))
    monkeypatch.setattr("os.environ", {})  # what serve exports must not leak into other tests
    cli.main(["serve", "--port", "9123", "--workers", "3", "--model", "m1", "--no-preload"])
    config = Config.from_env()
    assert (config.port, config.workers, config.default_model, config.preload) == (
        9123,
        3,
        "m1",
        False,
    )
    assert calls and calls[0][-2:] == ["--config", "python:service.api.gunicorn_conf"]


def test_serve_rejects_a_bad_setting(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setattr("os.execv", lambda path, argv: pytest.fail("must not start"))
    monkeypatch.setenv("PD_THREADS", "many")
    assert cli.main(["serve"]) == 2
    assert "PD_THREADS" in capsys.readouterr().err


def test_healthcheck_fails_when_nothing_listens(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    from service.api import healthcheck

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound but not listening: connections are refused
        monkeypatch.setenv("PD_PORT", str(port))
        assert healthcheck.main() == 1


def test_prepare_process_exports_settings_and_clears_stale_metrics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("os.environ", {"PD_WORKERS": "2", "PD_METRICS_DIR": str(tmp_path)})
    (tmp_path / "counter_123.db").write_bytes(b"stale")
    config, owned = prepare_process(Config.from_env(), cpus=8)
    assert not owned and not list(tmp_path.glob("*.db"))
    assert (config.torch_threads, config.metrics_dir) == (4, str(tmp_path))
    import os

    assert os.environ["PROMETHEUS_MULTIPROC_DIR"] == str(tmp_path)
    assert os.environ["OMP_NUM_THREADS"] == "4"


@pytest.mark.parametrize(
    ("raw", "served"),
    [
        ("", ("opus-mt-zh-en",)),  # unset: the default model
        ("opus-mt-zh-en m2m100_418M", ("opus-mt-zh-en", "m2m100_418M")),  # the image's MODELS
        ("a, b", ("a", "b")),
        ("none", ()),  # the image built with MODELS="": outline only
    ],
)
def test_served_models_from_the_environment(raw: str, served: tuple[str, ...]) -> None:
    assert Config.from_env({"PD_SERVE_MODELS": raw}).served_models() == served
