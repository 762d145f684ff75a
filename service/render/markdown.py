"""Markdown pieces shared by every view: escaping and heading depth."""

from __future__ import annotations

import re

MAX_HEADING_LEVEL = 6
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md_escape(text: str) -> str:
    """Backslash-escape Markdown syntax, so article or model text cannot add markup or raw HTML."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def heading_depth(level: int) -> int:
    """Section level 1 → 2 (`##`, below the title), capped at 6."""
    return min(level + 1, MAX_HEADING_LEVEL)
