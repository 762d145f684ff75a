"""JSON, Markdown, HTML and plain-text views of a Translation.

Markdown: the title as `#`, headings as `##`/`###`/… by level with their mapped labels
("## 1. Background"), one paragraph per source paragraph with its sentences joined by spaces;
enumerations stay inline because each enumerated sentence starts with its label ("First, …").
HTML: the same structure, every text escaped, each sentence a `<span data-id>` for alignment.
"""

from __future__ import annotations

import html
from typing import Any

from service.render.markdown import heading_depth, md_escape
from service.translate.document import TranslatedSection, Translation


def _heading_text(section: TranslatedSection) -> str:
    """The mapped label and the translated heading, e.g. "1. Background"."""
    return " ".join(part for part in (section.label_en, section.heading_en) if part)


def translation_json(translation: Translation) -> dict[str, Any]:
    """The Translation JSON: its tree, its Markdown rendering, warnings, model and, when a
    glossary was applied, its summary (entries, terms found, terms missing)."""
    data = translation.to_dict()
    body = {
        "title": data["title"],
        "sections": data["sections"],
        "markdown": render_markdown(translation),
        "warnings": data["warnings"],
        "model": data["model"],
    }
    if translation.glossary is not None:
        body["glossary"] = data["glossary"]
    return body


def render_markdown(translation: Translation) -> str:
    """The translation as Markdown."""
    blocks: list[str] = []
    if translation.title and translation.title.translation:
        blocks.append("# " + md_escape(translation.title.translation))
    for section in translation.walk():
        heading = _heading_text(section)
        if section.level > 0 and heading:
            blocks.append("#" * heading_depth(section.level) + " " + md_escape(heading))
        for paragraph in section.paragraphs:
            text = " ".join(s.translation for s in paragraph.sentences if s.translation)
            if text:
                blocks.append(md_escape(text))
    return "\n\n".join(blocks) + "\n"


def render_html(translation: Translation) -> str:
    """The translation as a well-formed, escaped HTML fragment (`<article>`)."""
    parts = ['<article lang="en">']
    if translation.title and translation.title.translation:
        parts.append(f"<h1>{html.escape(translation.title.translation)}</h1>")
    for section in translation.walk():
        heading = _heading_text(section)
        if section.level > 0 and heading:
            depth = heading_depth(section.level)
            parts.append(
                f'<h{depth} id="{html.escape(section.id)}">{html.escape(heading)}</h{depth}>'
            )
        for paragraph in section.paragraphs:
            spans = " ".join(
                f'<span data-id="{html.escape(s.id)}">{html.escape(s.translation)}</span>'
                for s in paragraph.sentences
                if s.translation is not None
            )
            parts.append(f'<p id="{html.escape(paragraph.id)}">{spans}</p>')
    parts.append("</article>")
    return "\n".join(parts) + "\n"


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
