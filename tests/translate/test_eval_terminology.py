"""scripts/eval_terminology.py: the WMT 2023 terminology measurement a user with real weights
runs (docs/glossaries.md), run here on the task's file format with a tiny model."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from scripts.eval_terminology import main, read_hints, score

SOURCES = ["国务院", "国务院推进改革。", "推进乡村振兴。"]
TERMS = [
    '[{"zh": "国务院", "en": "State Council"}]',
    '[{"zh": "国务院", "en": "State Council"}]',
    '[["乡村振兴", "rural revitalization"]]',
]


def test_scores_by_hand() -> None:
    hints = [read_hints(line) for line in TERMS]
    outputs = ["The State Council", "The cabinet pushes reform.", "Promote Rural Revitalization."]
    result = score(outputs, hints, [set(), {"国务院"}, set()])
    assert result == {
        "hints": 3,
        "success_rate": round(2 / 3, 4),
        "consistency": 0.0,  # 国务院: rendered once, missed once
        "repeated_terms": 1,
        "flagged": round(1 / 3, 4),
    }
    assert read_hints("") == read_hints("[]") == []


def test_the_command_on_the_task_format(
    tiny_model_dir: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PD_TORCH_THREADS", "1")
    (tmp_path / "zhen.zh").write_text("\n".join(SOURCES), encoding="utf-8")
    (tmp_path / "zhen.term.proper").write_text("\n".join(TERMS), encoding="utf-8")
    out = tmp_path / "results.json"
    args = ["--source", str(tmp_path / "zhen.zh"), "--terms", str(tmp_path / "zhen.term.proper")]
    assert main([*args, "--model-dir", str(tiny_model_dir("marian")), "--json", str(out)]) == 0
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["sentences"] == 3
    for technique in ("placeholders", "code-switching"):
        enforced = results[technique]
        assert enforced["hints"] == 3 and enforced["success_rate"] >= 0.333  # whole-term unit
        assert enforced["success_rate"] + enforced["flagged"] == pytest.approx(1.0)  # not silent
    assert results["without_glossary"]["success_rate"] == 0.0  # random weights copy nothing
