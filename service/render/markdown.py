"""Markdown pieces shared by every view: escaping, heading depth, and Markdown as an HTML page."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

MAX_HEADING_LEVEL = 6
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md_escape(text: str) -> str:
    """Backslash-escape Markdown syntax, so article or model text cannot add markup or raw HTML."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def heading_depth(level: int) -> int:
    """Section level 1 → 2 (`##`, below the title), capped at 6."""
    return min(level + 1, MAX_HEADING_LEVEL)


def markdown_page(markdown: str) -> str:
    """A result's Markdown as an HTML page (headings, paragraphs, lists)."""
    renderer = MarkdownIt("commonmark", {"html": False})  # raw HTML in the text stays text
    return f"<!doctype html><meta charset=utf-8>\n{renderer.render(markdown)}"
