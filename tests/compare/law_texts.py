"""The real law versions the compare tests read (tests/compare/laws, sources in SOURCES.md)."""

from __future__ import annotations

from pathlib import Path

LAWS = Path(__file__).resolve().parent / "laws"


def law_text(name: str) -> str:
    return (LAWS / name).read_text(encoding="utf-8")
