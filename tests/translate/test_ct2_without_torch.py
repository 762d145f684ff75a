"""The CTranslate2 path runs without torch, as in the slim image (`VARIANT=slim`).

Each check runs in a fresh interpreter where `sys.modules["torch"] = None`, so `import torch`
raises ImportError and `importlib.util.find_spec("torch")` answers None, as when torch is not
installed (transformers then treats torch as absent). The model directory keeps only the
tokenizer, config.json and the int8 conversion, as the slim image does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("ctranslate2")

from tiny_models import build_tiny_model

from service.translate.convert import convert_dir

REPO = Path(__file__).resolve().parents[2]
WITHOUT_TORCH = """
import sys
sys.modules["torch"] = None  # as if torch were not installed
from service.api.app import create_app  # the HTTP app and its imports
from service.cli import main
code = main(sys.argv[1:])
assert sys.modules["torch"] is None, "torch was imported"
sys.exit(code)
"""
ARTICLE = "一、总体要求\n推进数字乡村建设，2025年农村互联网普及率达到60%。\n"


@pytest.fixture(scope="module")
def ct2_only_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny Marian converted to int8, with its torch weights removed."""
    model = build_tiny_model("marian", tmp_path_factory.mktemp("ct2-only") / "tiny-marian")
    convert_dir(model, model / "ctranslate2", "int8")
    for weights in [*model.glob("*.safetensors"), *model.glob("pytorch_model.bin")]:
        weights.unlink()
    return model


def run_without_torch(args: list[str], engine: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PD_ENGINE": engine, "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_TORCH, *args],
        input=ARTICLE,
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
        check=False,
    )


def test_ct2_translates_with_torch_absent(ct2_only_model: Path) -> None:
    done = run_without_torch(
        ["translate", "--model-dir", str(ct2_only_model), "--format", "json", "-"], "ctranslate2"
    )
    assert done.returncode == 0, done.stderr
    assert '"sections"' in done.stdout


def test_transformers_engine_without_torch_names_the_fix(ct2_only_model: Path) -> None:
    done = run_without_torch(["translate", "--model-dir", str(ct2_only_model), "-"], "transformers")
    assert done.returncode == 2
    assert "PD_ENGINE=ctranslate2" in done.stderr and "Traceback" not in done.stderr
