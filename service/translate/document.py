"""Translate a parsed Document into a Translation that keeps its structure and sentence ids.

Every unit is translated on its own: the title, each heading (without its label) and each
sentence (without its enumeration label). Labels never go through the model: they are mapped by
`labels.translate_label` (一、→ "1.", 一是 → "First,") and put back in front of the English.
Each unit (sentence, heading, title) gets fidelity flags (fidelity.py) that are also listed as
warnings; with a glossary, a unit whose term's target is missing gets `glossary_term_missing`
and a warning naming the term (service.translate.terms).

A translation may be partial: `translate_document(..., only=keys)` translates just some inputs
(the digest's gist: title, headings, outline points) and `stored_translation` assembles what a
cache already holds; every input left out has `translation` (or `heading_en`) None.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from service.document import Document, JsonNode, Paragraph, Section, SectionNode, SectionTree
from service.translate.cache import PieceCache
from service.translate.engine import Engine
from service.translate.fidelity import FLAG_EMPTY, FLAG_REPETITION, check_sentence
from service.translate.glossary import Glossary
from service.translate.labels import translate_label
from service.translate.segments import (
    PieceResult,
    Progress,
    SegmentResult,
    stored_texts,
    translate_texts,
)
from service.translate.terms import FLAG_GLOSSARY, Match, describe

ENUM_SEPARATORS = "，,：:、 "


@dataclass
class TranslatedText(JsonNode):
    """A source text (title), its translation and its flags (also listed as warnings)."""

    text: str
    translation: str | None
    flags: list[str] = field(default_factory=list)


@dataclass
class TranslatedSentence(JsonNode):
    """One source sentence, its English (None: not translated yet) and its fidelity flags."""

    id: str
    text: str
    translation: str | None
    flags: list[str] = field(default_factory=list)


@dataclass
class TranslatedParagraph(JsonNode):
    """The sentences of one paragraph, in source order."""

    id: str
    sentences: list[TranslatedSentence]


@dataclass
class TranslatedSection(SectionNode):
    """A section with its label mapped and its heading translated (level kept); the heading's
    flags are also listed as warnings."""

    id: str
    level: int
    label: str | None
    label_en: str | None
    heading: str | None
    heading_en: str | None
    paragraphs: list[TranslatedParagraph] = field(default_factory=list)
    sections: list[TranslatedSection] = field(default_factory=list)
    heading_flags: list[str] = field(default_factory=list)


@dataclass
class Translation(SectionTree[TranslatedSection]):
    """The English version of a Document: same tree, same ids, plus warnings and model info."""

    title: TranslatedText | None
    sections: list[TranslatedSection]
    warnings: list[dict[str, str]]
    model: dict[str, str]
    glossary: dict[str, int] | None = None  # entries, terms found, terms missing

    def sentences(self) -> Iterator[TranslatedSentence]:
        """All sentences in document order."""
        for section in self.walk():
            for paragraph in section.paragraphs:
                yield from paragraph.sentences


@dataclass(frozen=True)
class _Unit:
    """One model input: where it goes (key), the text without its label, the English label."""

    key: str
    source: str
    label_en: str | None = None


def translate_document(
    document: Document,
    engine: Engine,
    *,
    src: str = "zh",
    tgt: str = "en",
    options: dict[str, Any] | None = None,
    cache: PieceCache[PieceResult] | None = None,
    should_stop: Callable[[], bool] | None = None,
    progress: Progress | None = None,
    only: Collection[str] | None = None,
    glossary: Glossary | None = None,
) -> Translation:
    """Translate the title, headings and sentences of a Document, keeping its structure;
    `glossary` terms are enforced and checked (see service.translate.terms).

    `only` (keys as `keyed_inputs` gives them) translates just those inputs; the others are
    left untranslated (None).

    Raises:
        InvalidInput: an unknown or out-of-range option.
        DeadlineExceeded: `should_stop()` returned True between two engine calls.
        UnsupportedLanguage: the engine does not translate `src` into `tgt`.
    """
    units = list(_units(document))
    chosen = [u for u in units if only is None or u.key in only]
    translated = translate_texts(
        engine,
        [u.source for u in chosen],
        src,
        tgt,
        options=options,
        cache=cache,
        should_stop=should_stop,
        progress=progress,
        glossary=glossary,
    )
    return _assemble(document, engine, tgt, zip(chosen, translated, strict=True), glossary)


def stored_translation(
    document: Document,
    engine: Engine,
    cache: PieceCache[PieceResult],
    *,
    src: str = "zh",
    tgt: str = "en",
    options: dict[str, Any] | None = None,
    glossary: Glossary | None = None,
) -> Translation:
    """The document's translation as far as `cache` holds it (no engine call is made; the
    glossary as `translate_document` was given it, so the cache keys are the same).

    Document jobs read the durable translation memory this way for partial results and for
    the sections they announce while the rest is still being translated.
    """
    units = list(_units(document))
    found = stored_texts(engine, [u.source for u in units], src, tgt, cache, options, glossary)
    return _assemble(document, engine, tgt, zip(units, found, strict=True), glossary)


def model_inputs(document: Document) -> list[str]:
    """The texts `translate_document` sends to the engine, in document order (labels stripped).

    Document jobs cut this list into units that workers translate ahead into the translation
    memory, so that the final `translate_document` call finds every piece there.
    """
    return [text for _, text in keyed_inputs(document)]


def keyed_inputs(document: Document) -> list[tuple[str, str]]:
    """`model_inputs` with the key of each: "title", "<section id>.heading" or a sentence id."""
    return [(unit.key, unit.source) for unit in _units(document)]


def inputs_text(document: Document, keys: Collection[str]) -> str:
    """The model inputs with these keys, joined: what translating only them costs."""
    return "".join(text for key, text in keyed_inputs(document) if key in keys)


def input_keys(section: Section) -> list[str]:
    """The keys of the inputs of a section and its subsections (headings, sentences)."""
    return [unit.key for node in section.walk() for unit in _section_units(node)]


def _assemble(
    document: Document,
    engine: Engine,
    tgt: str,
    results: Iterable[tuple[_Unit, SegmentResult | None]],
    glossary: Glossary | None = None,
) -> Translation:
    """The translated tree of `document` from the results of its inputs (missing: None)."""
    found = [(unit, result) for unit, result in results if result is not None]
    assembler = _Assembler({u.key: _finish(u, r) for u, r in found}, tgt)
    title = None
    if document.title:
        english, flags = assembler.checked("title")
        title = TranslatedText(document.title, english, flags)
    sections = [assembler.section(s) for s in document.sections]
    model = {"name": engine.name, "revision": engine.revision, "family": engine.family}
    summary = None
    if glossary:
        summary = {
            "entries": len(glossary),
            "terms_found": sum(len(r.terms) for _, r in found),
            "terms_missing": sum(len(r.missing) for _, r in found),
        }
    return Translation(title, sections, assembler.warnings, model, summary)


def _units(document: Document) -> Iterator[_Unit]:
    if document.title:
        yield _Unit("title", document.title)
    for section in document.walk():
        yield from _section_units(section)


def _section_units(section: Section) -> Iterator[_Unit]:
    """The inputs of one section without its subsections: its heading, then its sentences."""
    if section.heading:
        yield _Unit(f"{section.id}.heading", _strip_label(section.heading, section.label))
    for paragraph in section.paragraphs:
        labels = {e.sentence_id: e.label for e in paragraph.enumerations}
        for sentence in paragraph.sentences:
            label = labels.get(sentence.id)
            if label and sentence.text.startswith(label):
                body = sentence.text[len(label) :].lstrip(ENUM_SEPARATORS)
                yield _Unit(sentence.id, body, translate_label(label))
            else:
                yield _Unit(sentence.id, sentence.text)


def _strip_label(text: str, label: str | None) -> str:
    """The text without a leading label (headings normally come without it already)."""
    if label and text.startswith(label):
        return text[len(label) :].lstrip(ENUM_SEPARATORS)
    return text


Finished = tuple[str, str, tuple[str, ...], tuple[Match, ...]]


def _finish(unit: _Unit, result: SegmentResult) -> Finished:
    """(source without label, English with the mapped label in front, engine flags, glossary
    terms whose target is missing)."""
    english = result.translation
    if unit.label_en:
        english = f"{unit.label_en} {english}" if english else unit.label_en.rstrip(",")
    return unit.source, english, result.flags, result.missing


_ENGINE_FLAG_DETAILS = {
    FLAG_REPETITION: "output kept looping after a retry with stricter repetition settings",
    FLAG_EMPTY: "the model returned nothing; the source text is shown instead",
}


@dataclass
class _Assembler:
    """Builds the translated tree from finished units, collecting every flag as a warning."""

    by_key: dict[str, Finished]
    tgt: str
    warnings: list[dict[str, str]] = field(default_factory=list)

    def checked(self, key: str) -> tuple[str | None, list[str]]:
        """The English of a unit and its flags (fidelity checks, engine flags, glossary); None
        and no flags for a unit that was not translated."""
        if key not in self.by_key:
            return None, []
        model_source, english, engine_flags, misses = self.by_key[key]
        details = check_sentence(model_source, english, self.tgt)
        for flag in engine_flags:
            details.setdefault(flag, _ENGINE_FLAG_DETAILS.get(flag, flag))
        if misses:
            details[FLAG_GLOSSARY] = describe(list(misses))
        for flag, detail in details.items():
            self.warnings.append({"id": key, "flag": flag, "message": detail})
        return english, list(details)

    def section(self, section: Section) -> TranslatedSection:
        heading_en: str | None = None
        heading_flags: list[str] = []
        if section.heading:
            heading_en, heading_flags = self.checked(f"{section.id}.heading")
        return TranslatedSection(
            id=section.id,
            level=section.level,
            label=section.label,
            label_en=translate_label(section.label) if section.label else None,
            heading=section.heading,
            heading_en=heading_en,
            paragraphs=[self.paragraph(p) for p in section.paragraphs],
            sections=[self.section(s) for s in section.sections],
            heading_flags=heading_flags,
        )

    def paragraph(self, paragraph: Paragraph) -> TranslatedParagraph:
        sentences = []
        for sentence in paragraph.sentences:
            english, flags = self.checked(sentence.id)
            sentences.append(TranslatedSentence(sentence.id, sentence.text, english, flags))
        return TranslatedParagraph(paragraph.id, sentences)
