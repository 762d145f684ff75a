"""The compare stage against gold pairs from real amendments (scripts/eval_compare.py).

Every gold pair must be found, with no false change, on the published text and on its PDF-like
copy; the greedy first-come matchers the open tools use (difflib ratio >= 0.8 or >= 0.4) are
scored beside it, and the test shows they miss pairs that the compare stage finds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.eval_compare import LAWS, evaluate

CASES = sorted(LAWS.glob("*.gold.json"))


@pytest.mark.parametrize("form", ["published", "pdf"])
@pytest.mark.parametrize("gold", CASES, ids=lambda p: p.name.removesuffix(".gold.json"))
def test_every_gold_pair_is_found(gold: Path, form: str) -> None:
    result = evaluate(gold, form)
    assert "error" not in result, result.get("error")
    scores = result["compare"]
    assert scores["missed"] == [] and scores["false_changes"] == []
    assert scores["pair_accuracy"] == 1.0


def test_greedy_matchers_miss_pairs_the_compare_stage_finds() -> None:
    result = evaluate(LAWS / "civil-procedure.gold.json", "published")
    for threshold in ("greedy_0.8", "greedy_0.4"):
        assert result[threshold]["missed"], threshold
