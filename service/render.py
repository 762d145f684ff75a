"""Markdown and HTML views of a Translation (the JSON view is `Translation.to_dict()`).

Markdown: the title as `#`, headings as `##`/`###`/… by level with their mapped labels
("## 1. Background"), one paragraph per source paragraph with its sentences joined by spaces;
enumerations stay inline because each enumerated sentence starts with its label ("First, …").
HTML: the same structure, every text escaped, each sentence a `<span data-id>` for alignment.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from service.translate.document import TranslatedSection, Translation

MAX_HEADING_LEVEL = 6
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md_escape(text: str) -> str:
    """Backslash-escape Markdown syntax characters so model output cannot add markup."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _heading_text(section: TranslatedSection) -> str:
    """The mapped label and the translated heading, e.g. "1. Background"."""
    return " ".join(part for part in (section.label_en, section.heading_en) if part)


def heading_depth(level: int) -> int:
    """Section level 1 → 2 (`##`, below the title), capped at 6."""
    return min(level + 1, MAX_HEADING_LEVEL)


def render_markdown(translation: Translation) -> str:
    """The translation as Markdown."""
    blocks: list[str] = []
    if translation.title:
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
    if translation.title:
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
            )
            parts.append(f'<p id="{html.escape(paragraph.id)}">{spans}</p>')
    parts.append("</article>")
    return "\n".join(parts) + "\n"
