"""Tiny random models for translation tests and benchmarks, built once per process.

`build_tiny_model(family, out)` runs scripts/make_tiny_model.py in-process; `TEST_OPTIONS` keeps
generation short and makes the model itself emit text (min_new_tokens). The pytest fixtures that
use these live in tests/translate/conftest.py.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
FAMILIES = ("marian", "t5", "m2m100", "nllb")
TEST_OPTIONS: dict[str, Any] = {"num_beams": 1, "min_new_tokens": 4, "max_length_ratio": 0.2}


def build_tiny_model(family: str, out: Path, size: str = "tiny") -> Path:
    """Build a model of `family` into `out` with scripts/make_tiny_model.py (not a package)."""
    path = REPO / "scripts" / "make_tiny_model.py"
    spec = importlib.util.spec_from_file_location("make_tiny_model", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return Path(module.make_tiny_model(family, out, size))
