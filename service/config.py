"""Service configuration: one frozen Config built from PD_* environment variables.

This module is the only reader of os.environ in service/. Every field is documented in the
README's configuration table; `Config.from_env()` validates values and fails with a clear message.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

PREFIX = "PD_"
REPO_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(ValueError):
    """An environment variable holds a value of the wrong type or range."""


@dataclass(frozen=True)
class Config:
    """All settings of the service, CLI and engines. Env var = PD_ + upper-case field name."""

    models_dir: Path = REPO_ROOT / "models"
    default_model: str = "opus-mt-zh-en"
    device: str = "cpu"
    dtype: str = "float32"
    torch_threads: int = 0  # 0: let torch decide (gunicorn.conf.py sets it per worker)
    max_body_bytes: int = 2_000_000
    max_chars: int = 500_000
    cache_size: int = 4096

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Config:
        """Build a Config from PD_* variables (default: os.environ), then apply overrides."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(PREFIX + f.name.upper())
            if raw is not None:
                values[f.name] = _coerce(f.name, raw, f.default)
        values.update(overrides)
        return cls(**values)


def _coerce(name: str, raw: str, default: Any) -> Any:
    """Convert an env string to the type of the field's default value."""
    try:
        if isinstance(default, bool):
            if raw.lower() not in {"1", "0", "true", "false", "yes", "no"}:
                raise ValueError(raw)
            return raw.lower() in {"1", "true", "yes"}
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
        if isinstance(default, Path):
            return Path(raw)
        if isinstance(default, tuple):
            return tuple(item.strip() for item in raw.split(",") if item.strip())
    except ValueError as exc:
        raise ConfigError(f"{PREFIX}{name.upper()}={raw!r} is not a valid value") from exc
    return raw
