"""The digest: outline points carrying their English, plus the full translation.

`build_digest(document, outline, translation)` joins the three by id: each outline node gets the
mapped label, translated heading and heading flags of its section, each point the translation
and flags of its sentence. `render_digest_markdown` shows the outline as an English reading list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from service.document import Document
from service.render.markdown import heading_depth, md_escape
from service.render.translation import translation_json

if TYPE_CHECKING:
    from service.outlining import Outline
    from service.translate.document import Translation


def build_digest(document: Document, outline: Outline, translation: Translation) -> dict[str, Any]:
    """The digest JSON: title, outline (with translations), translation, warnings, model."""
    sentences = {s.id: s for s in translation.sentences()}
    sections = {s.id: s for s in translation.walk()}

    def node(data: dict[str, Any]) -> dict[str, Any]:
        section = sections.get(data["section_id"])
        points = []
        for point in data["points"]:
            sentence = sentences.get(point["sentence_id"])
            points.append(
                {
                    **point,
                    "translation": sentence.translation if sentence else None,
                    "flags": list(sentence.flags) if sentence else [],
                }
            )
        return {
            **data,
            "label_en": section.label_en if section else None,
            "heading_en": section.heading_en if section else None,
            "heading_flags": list(section.heading_flags) if section else [],
            "points": points,
            "children": [node(child) for child in data["children"]],
        }

    return {
        "title": {
            "text": document.title,
            "translation": translation.title.translation if translation.title else None,
            "flags": list(translation.title.flags) if translation.title else [],
        },
        "outline": [node(n) for n in outline.to_dict()["outline"]],
        "translation": translation_json(translation),
        "warnings": list(translation.warnings),
        "model": dict(translation.model),
    }


def render_digest_markdown(digest: dict[str, Any]) -> str:
    """The digest as Markdown: English title, then each outline section and its points."""
    lines: list[str] = []
    title = digest["title"]["translation"]
    if title:
        lines += [f"# {md_escape(title)}", ""]
    for top in digest["outline"]:
        _node_markdown(top, lines)
    return "\n".join(lines).rstrip("\n") + "\n"


def _node_markdown(node: dict[str, Any], lines: list[str]) -> None:
    heading = " ".join(p for p in (node["label_en"], node["heading_en"]) if p)
    if heading:
        lines += ["#" * heading_depth(node["level"]) + " " + md_escape(heading), ""]
    for point in node["points"]:
        lines.append(f"- {md_escape(point['translation'] or point['text'])}")
    if node["points"]:
        lines.append("")
    for child in node["children"]:
        _node_markdown(child, lines)
