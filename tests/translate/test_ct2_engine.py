"""The CTranslate2 engine against the transformers engine on a tiny Marian converted offline.

The tiny model of make_tiny_model.py (init std 0.02) emits the same tokens whatever the input,
which would make "outputs match" vacuous, so these tests re-initialise it with std 0.3 (seeded):
outputs then depend on the input. Tolerances: float32 CTranslate2 vs float32 transformers must
give identical greedy text (the engines share token ids, caps and decoding; the arithmetic only
differs in summation order, ~1e-6 of a logit, far below the top-2 margins on these inputs, so
any mismatch is a plumbing bug). int8 changes the weights by up to 1/254 of each row's range, so
argmax flips are legitimate there: int8 is held to structure, alignment and length only.
"""

from __future__ import annotations

import os
import pickle
import select
import shutil
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("ctranslate2")

import torch
from tiny_models import build_tiny_model
from transformers import AutoTokenizer, MarianMTModel

from service.cli import main
from service.config import Config
from service.document import Document
from service.errors import InvalidManifest, ModelUnavailable
from service.translate.convert import convert_dir
from service.translate.ct2_engine import CTranslate2Engine
from service.translate.document import translate_document
from service.translate.engine import Engine
from service.translate.registry import ModelRegistry, load_engine_from_dir

GREEDY = {"num_beams": 1, "min_new_tokens": 4, "max_length_ratio": 0.5}
FORK_TIMEOUT_S = 60
MANIFEST = """
name = "ct2-marian"
repo_id = "local/ct2-marian"
revision = "local"
family = "marian"
engine = "ctranslate2"
source_langs = ["zh"]
target_langs = ["en"]
prompt = "marian"
max_input_tokens = 512
license = "none"

[generation]
num_beams = 1
max_length_ratio = 0.5
min_new_tokens = 4
"""


@pytest.fixture(scope="module")
def varied_marian(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny Marian whose outputs depend on the input, with its float32 CTranslate2 copy."""
    base = build_tiny_model("marian", tmp_path_factory.mktemp("tiny-marian"))
    out = tmp_path_factory.mktemp("varied-marian")
    tokenizer = AutoTokenizer.from_pretrained(str(base), local_files_only=True)
    config = MarianMTModel.config_class.from_pretrained(str(base), local_files_only=True)
    config.init_std = 0.3
    torch.manual_seed(7)
    MarianMTModel(config).save_pretrained(out)
    tokenizer.save_pretrained(out)
    convert_dir(out, out / "ctranslate2", "float32")
    return out


@pytest.fixture(scope="module")
def engines(varied_marian: Path, tiny_config: Config) -> dict[str, Engine]:
    """transformers float32, CTranslate2 float32 and CTranslate2 int8 on the same model."""
    return {
        "hf": load_engine_from_dir(varied_marian, tiny_config),
        "ct2": load_engine_from_dir(varied_marian, _ct2_config(tiny_config, "float32")),
        "ct2-int8": load_engine_from_dir(varied_marian, _ct2_config(tiny_config, "int8")),
    }


def _ct2_config(config: Config, compute_type: str) -> Config:
    return Config(
        engine="ctranslate2",
        ct2_compute_type=compute_type,
        torch_threads=config.torch_threads,
        batch_tokens=config.batch_tokens,
    )


def _sentences(document: Document) -> list[str]:
    return [s.text for s in document.sentences()]


def test_engine_selection_and_protocol(engines: dict[str, Engine]) -> None:
    assert isinstance(engines["ct2"], CTranslate2Engine)
    assert not isinstance(engines["hf"], CTranslate2Engine)
    for engine in engines.values():
        assert isinstance(engine, Engine)
    text = "到2025年，数字乡村建设取得重要进展。"
    assert engines["ct2"].count_tokens(text) == engines["hf"].count_tokens(text) > 3


def test_float32_greedy_outputs_match_exactly(
    engines: dict[str, Engine], seed_document: Document
) -> None:
    texts = _sentences(seed_document)
    expected = engines["hf"].translate(texts, "zh", "en", **GREEDY)
    got = engines["ct2"].translate(texts, "zh", "en", **GREEDY)
    assert len(set(expected)) > len(texts) // 2  # the model really depends on its input
    assert got == expected


def test_documents_have_the_same_structure_on_every_engine(
    engines: dict[str, Engine], seed_document: Document
) -> None:
    reference = translate_document(seed_document, engines["hf"], options=GREEDY).to_dict()
    for name in ("ct2", "ct2-int8"):
        result = translate_document(seed_document, engines[name], options=GREEDY).to_dict()
        assert _shape(result) == _shape(reference), name
        sentences = list(_sentence_dicts(result))
        assert [s["id"] for s in sentences] == [s.id for s in seed_document.sentences()]
        assert all(s["translation"].strip() for s in sentences)
        if name == "ct2":
            assert result == reference


def test_beam_search_gives_one_output_per_input(engines: dict[str, Engine]) -> None:
    texts = ["一、总体要求", "发展智慧农业。", "加快推进数字乡村建设，提升农村网络质量。"]
    for engine in engines.values():
        outputs = engine.translate(texts, "zh", "en", num_beams=4, max_length_ratio=0.5)
        assert len(outputs) == len(texts) and all(isinstance(o, str) for o in outputs)


def test_forked_child_loads_its_own_translator(engines: dict[str, Engine]) -> None:
    engine = engines["ct2"]
    texts = ["推进数字乡村建设。", "发展智慧农业。"]
    expected = engine.translate(texts, "zh", "en", **GREEDY)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: translate with the inherited engine, report, exit at once
        try:
            os.close(read_fd)
            os.write(write_fd, pickle.dumps(engine.translate(texts, "zh", "en", **GREEDY)))
        finally:
            os._exit(0)
    os.close(write_fd)
    try:
        ready, _, _ = select.select([read_fd], [], [], FORK_TIMEOUT_S)
        assert ready, "the forked child hung translating"
        with os.fdopen(read_fd, "rb") as pipe:
            assert pickle.loads(pipe.read()) == expected
    finally:
        if os.waitpid(pid, os.WNOHANG) == (0, 0):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    assert engine.translate(texts, "zh", "en", **GREEDY) == expected  # parent reloads too


def test_models_convert_and_manifest_engine(
    varied_marian: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    shutil.copytree(varied_marian, tmp_path / "ct2-marian", ignore=shutil.ignore_patterns("ct*"))
    (tmp_path / "ct2-marian.toml").write_text(MANIFEST, encoding="utf-8")
    config = Config(models_dir=tmp_path, torch_threads=1)
    with pytest.raises(ModelUnavailable, match="models convert ct2-marian --quantization int8"):
        ModelRegistry(config).load("ct2-marian")
    monkeypatch.setenv("PD_MODELS_DIR", str(tmp_path))
    assert main(["models", "list"]) == 0
    assert "not converted: run `policy-digest models convert" in capsys.readouterr().out
    assert main(["models", "convert", "ct2-marian", "--quantization", "int8"]) == 0
    assert "converted ct2-marian (int8)" in capsys.readouterr().out
    assert main(["models", "convert", "ct2-marian"]) == 2  # exists: needs --force
    assert "already exists" in capsys.readouterr().err
    engine = ModelRegistry(config).load("ct2-marian")
    assert isinstance(engine, CTranslate2Engine)
    assert all(engine.translate(["发展智慧农业。", "一、总体要求"], "zh", "en"))
    with pytest.raises(InvalidManifest, match="PD_ENGINE='onnx'"):
        ModelRegistry(Config(models_dir=tmp_path, engine="onnx")).load("ct2-marian")


def _shape(node: Any) -> Any:
    """The translation's structure: keys, ids, labels and list lengths, without any English."""
    if isinstance(node, dict):
        return {
            key: _shape(value)
            for key, value in node.items()
            if key not in {"translation", "heading_en", "markdown", "warnings", "flags", "model"}
        }
    if isinstance(node, list):
        return [_shape(item) for item in node]
    return node


def _sentence_dicts(node: Any) -> Any:
    """Every sentence object of a Translation dict, in document order."""
    if isinstance(node, dict):
        if "id" in node and "translation" in node and "text" in node:
            yield node
            return
        for value in node.values():
            yield from _sentence_dicts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _sentence_dicts(item)


@pytest.mark.parametrize("family", ["t5", "nllb"])
def test_t5_and_nllb_greedy_outputs_match(
    family: str, tiny_model_dir: Callable[[str], Path], tiny_config: Config, tmp_path: Path
) -> None:
    """T5 needs <pad> suppressed, NLLB the target language as prefix; both as transformers."""
    model_dir = shutil.copytree(tiny_model_dir(family), tmp_path / family)
    convert_dir(model_dir, model_dir / "ctranslate2", "float32")
    texts = ["推进数字乡村建设。", "到2025年，数字乡村建设取得重要进展。"]
    expected = load_engine_from_dir(model_dir, tiny_config).translate(texts, "zh", "en", **GREEDY)
    engine = load_engine_from_dir(model_dir, _ct2_config(tiny_config, "float32"))
    assert engine.translate(texts, "zh", "en", **GREEDY) == expected
    assert all(expected)
