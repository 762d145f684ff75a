"""Translate short texts for the compatibility APIs (LibreTranslate, DeepL), markup kept.

Each text is translated as a document of its own (so headings, labels and long sentences are
handled as in /v1) and written back in its format: plain text, or Markdown (headings and
paragraphs). With `fmt="html"` only the text runs
between tags are translated; every tag, attribute, comment and entity comes back unchanged.
As in LibreTranslate, a blank text translates to "" and a text with nothing to translate
(emoji, punctuation) comes back as it was sent. One deadline covers all the texts of a request.
A glossary (DeepL's `glossary_id`) is enforced on every text; the terms whose target a
translation lacks are counted in `glossary_misses` (DeepL's bodies have no room for flags).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from service.errors import EmptyDocument
from service.parsing.ingest import INTERNAL
from service.parsing.language import language_scores
from service.parsing.markup import join_markup, split_markup
from service.runtime import languages
from service.runtime.state import ServiceState, TranslationStats, deadline
from service.runtime.tasks import within_limit

if TYPE_CHECKING:
    from service.translate.glossary import Glossary

Check = Callable[[], bool]


@dataclass
class TextResults:
    """Translations in input order, the language of each text, and what they cost."""

    translations: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    confidences: list[float | None] = field(default_factory=list)  # None unless detected
    stats: TranslationStats = field(default_factory=TranslationStats)
    glossary_misses: int = 0  # glossary terms whose target a translation lacks


def translate_texts(
    texts: list[str],
    source: str,
    target: str,
    fmt: str,
    state: ServiceState,
    cancelled: Check | None = None,
    glossary: Glossary | None = None,
) -> TextResults:
    """Translate each text from `source` (a code or `auto`) into `target`, enforcing `glossary`.

    Raises UnsupportedLanguage, NotReady, Overloaded, DeadlineExceeded as ServiceErrors.
    """
    job = _Job(state, languages.canonical(target), _checks(state, cancelled), glossary)
    results = TextResults()
    for text in texts:
        visible = _visible_text(text, fmt)
        src, confidence = state.resolve_source(source, visible)
        results.sources.append(src)
        results.confidences.append(confidence)
        if fmt == "html":
            results.translations.append(job.markup(text, src))
        else:
            results.translations.append(job.document(text, fmt, src))
    results.stats = job.stats
    results.glossary_misses = job.misses
    return results


def _checks(state: ServiceState, cancelled: Check | None) -> Check:
    overall = deadline(state.config.request_deadline_s)
    return lambda: overall() or bool(cancelled and cancelled())


def _visible_text(text: str, fmt: str) -> str:
    if fmt == INTERNAL:  # a document's blocks as JSON: their text only
        return "\n".join(block["text"] for block in json.loads(text)["blocks"])
    if fmt != "html":
        return text
    return " ".join(p.text for p in split_markup(text) if p.text is not None)


@dataclass
class _Job:
    """The translations of one request: shared target, stop check and running cost."""

    state: ServiceState
    target: str
    stop: Check
    glossary: Glossary | None = None
    stats: TranslationStats = field(default_factory=TranslationStats)
    misses: int = 0

    def document(self, text: str, fmt: str, src: str) -> str:
        """Plain text or Markdown translated and rendered in the same format; a text with
        nothing to translate comes back as it was."""
        from service.parsing import parse_document
        from service.render.translation import plain_text, render_markdown

        if not text.strip():
            return ""  # as LibreTranslate answers a blank text
        try:
            document = parse_document(text, fmt)
        except EmptyDocument:
            return text
        document = within_limit(document, self.state.config.max_sentences)
        model = self.state.choose_model(None, src, self.target)
        translation, stats = self.state.translate(
            document, model, src, self.target, {}, self.stop, glossary=self.glossary
        )
        self.stats.characters += stats.characters
        self.stats.cache_hits += stats.cache_hits
        self.misses += translation.glossary["terms_missing"] if translation.glossary else 0
        if fmt == "markdown":
            return render_markdown(translation)
        return plain_text(translation.to_dict())

    def markup(self, text: str, src: str) -> str:
        """HTML or XML with each text run in the source language translated in place."""
        pieces = split_markup(text)
        translations = {
            i: self.document(piece.text.strip(), "text", src)
            for i, piece in enumerate(pieces)
            if piece.text is not None and piece.translatable and _in_language(piece.text, src)
        }
        return join_markup(pieces, translations)


def _in_language(text: str, src: str) -> bool:
    """False for a run with no sign of the source language (a Latin "PDF" in Chinese HTML)."""
    scores = language_scores(text)
    return src not in scores or scores[src] > 0
