"""The outline as Markdown: title `#`, sections `##`/`###` by depth, points as bullets.

Works on the Outline JSON (`Outline.to_dict()["outline"]`), the documented contract.
"""

from __future__ import annotations

from typing import Any

from service.render.markdown import md_escape


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
