"""Text views the API needs beyond service.render: the outline as Markdown, a translation as text.

Both work on the JSON dicts the domain objects produce, so they follow the documented contracts
rather than internal attributes.
"""

from __future__ import annotations

import re
from typing import Any

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md_escape(text: str) -> str:
    """Backslash-escape Markdown syntax, so article text cannot add markup or raw HTML."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def outline_markdown(title: str | None, nodes: list[dict[str, Any]]) -> str:
    """The outline as Markdown: title `#`, sections `##`/`###` by depth, points as bullets."""
    lines = [f"# {md_escape(title)}", ""] if title else []
    for node in nodes:
        _outline_node(node, 2, lines)
    return "\n".join(lines).rstrip() + "\n"


def _outline_node(node: dict[str, Any], depth: int, lines: list[str]) -> None:
    heading = " ".join(part for part in (node.get("label"), node.get("heading")) if part)
    if heading:
        lines += [f"{'#' * min(depth, 6)} {md_escape(heading)}", ""]
    for point in node["points"]:
        lead = point.get("lead")
        text = point["text"]
        if lead and not text.startswith(lead):
            lines.append(f"- **{md_escape(lead)}** {md_escape(text)}")
        else:
            lines.append(f"- {md_escape(text)}")
    if node["points"]:
        lines.append("")
    for child in node["children"]:
        _outline_node(child, depth + 1, lines)


def plain_text(translation: dict[str, Any]) -> str:
    """A translation as plain text: title, headings and paragraphs one per line, in order."""
    lines: list[str] = []
    title = translation.get("title")
    if title and title.get("translation"):
        lines.append(title["translation"])
    for section in translation["sections"]:
        _text_section(section, lines)
    return "\n".join(lines)


def _text_section(section: dict[str, Any], lines: list[str]) -> None:
    heading = " ".join(p for p in (section.get("label_en"), section.get("heading_en")) if p)
    if heading:
        lines.append(heading)
    for paragraph in section["paragraphs"]:
        text = " ".join(s["translation"] for s in paragraph["sentences"] if s["translation"])
        if text:
            lines.append(text)
    for child in section["sections"]:
        _text_section(child, lines)
