"""What `/v1/compare` and compare jobs do, without Flask: parse both versions, compare, translate.

Only the units a reader needs in English go to the model: with `translate: true`, both sides of
changed pairs, the new side of added and the old side of removed ones; with `"all"`, every
unit; with `false`, none. They are translated as one small Document (one section per unit), so
labels, headings and long sentences are handled as in /v1/translate, through the translation
memory (the in-process cache, or a job's durable memory): an unchanged sentence inside a
changed article, or a text seen before, costs no engine call.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from service.compare import Comparison, Pair, Unit, compare_documents
from service.document import Document, Enumeration, Paragraph, Section, Sentence
from service.errors import NotReady
from service.runtime.state import ServiceState, TranslationStats
from service.runtime.tasks import ArticleRequest, Background, Check, Result, parse, translation_of

if TYPE_CHECKING:
    from service.translate.document import Translation
    from service.translate.glossary import Glossary

MODES = (True, False, "all")


@dataclass(frozen=True)
class Version:
    """One side of a comparison: the text and how to read it (as a /v1 request's)."""

    content: str
    format: str = "auto"


@dataclass(frozen=True)
class CompareRequest:
    """A /v1/compare request: two versions, what to translate, and with which model."""

    old: Version
    new: Version
    translate: bool | str = True
    model: str | None = None
    source_lang: str = "zh"
    target_lang: str = "en"
    options: dict[str, Any] = field(default_factory=dict)
    glossary: dict[str, str] = field(default_factory=dict)  # the request's entries (as /v1's)
    builtin_glossary: bool = True

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> CompareRequest:
        """The request from its JSON form (as a job stores it)."""
        rest = {k: v for k, v in values.items() if k not in ("old", "new", "target")}
        return cls(Version(**values["old"]), Version(**values["new"]), **rest)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def translation_options(self) -> dict[str, Any]:
        """The options meant for the translation engine."""
        return self.article("new").translation_options()

    def article(self, side: str) -> ArticleRequest:
        """One version as a /v1 article request (for parsing and model choice)."""
        version: Version = getattr(self, side)
        return ArticleRequest(
            version.content,
            version.format,
            self.source_lang,
            self.target_lang,
            self.model,
            self.options,
            self.glossary,
            self.builtin_glossary,
        )

    def translation_glossary(self) -> Glossary | None:
        """The entries the English of the changes enforces (as a /v1 request's)."""
        return self.article("new").translation_glossary()


def compare(
    req: CompareRequest,
    state: ServiceState,
    cancelled: Check | None = None,
    background: Background | None = None,
) -> Result:
    """`/v1/compare`: the comparison JSON (with English where asked), its Markdown and cost."""
    from service.render.compare import comparison_html, comparison_markdown

    comparison = compared(req, state.config.max_sentences)
    body, stats = comparison.to_dict(), TranslationStats()
    if req.translate:
        checks, stats = _add_english(comparison, req, state, cancelled, background)
        body = {**comparison.to_dict(), **checks}
    return Result(body, comparison_markdown(body), stats, comparison_html(body))


def compared(req: CompareRequest, max_sentences: int) -> Comparison:
    """Parse both versions (each within the sentence limit) and compare them."""
    return compare_documents(
        parse(req.article("old"), max_sentences), parse(req.article("new"), max_sentences)
    )


def to_translate(comparison: Comparison, mode: bool | str) -> list[tuple[Pair, str]]:
    """The (pair, side) whose English is wanted, in reading order."""
    if not mode:
        return []
    wanted = []
    for pair in comparison.pairs:
        for side in ("old", "new"):
            unit = getattr(pair, side)
            if unit is not None and (mode == "all" or pair.status != "unchanged"):
                wanted.append((pair, side))
    return wanted


def units_document(units: list[Unit]) -> Document:
    """The units as one Document, a section each (ids `u0`, `u1`, …), for the translator."""
    sections = [_section(f"u{k}", unit) for k, unit in enumerate(units)]
    return Document(None, {}, "Hans", "\n".join(unit.content for unit in units), sections)


def model_inputs_of(req: CompareRequest, max_sentences: int) -> list[str]:
    """The texts a compare job sends to the engine (what its units translate ahead)."""
    from service.translate.document import model_inputs

    wanted = to_translate(compared(req, max_sentences), req.translate)
    return model_inputs(units_document([getattr(pair, side) for pair, side in wanted]))


def _add_english(
    comparison: Comparison,
    req: CompareRequest,
    state: ServiceState,
    cancelled: Check | None,
    background: Background | None,
) -> tuple[dict[str, Any], TranslationStats]:
    """Fill in the English of the wanted units; answer what the translation's checks found
    (`warnings` naming the pair and side, and the glossary's counts when one applied)."""
    wanted = to_translate(comparison, req.translate)
    if not wanted:
        return {"warnings": []}, TranslationStats()
    document = units_document([getattr(pair, side) for pair, side in wanted])
    try:
        translation, stats = translation_of(
            document, req.article("new"), state, cancelled, background
        )
    except NotReady as exc:  # the comparison itself needs no model: say so
        hint = '; or compare without English: "translate": false (?translate=false)'
        raise NotReady(exc.message + hint, exc.details) from exc
    fill_english(wanted, translation)
    checks: dict[str, Any] = {"warnings": pair_warnings(comparison, wanted, translation)}
    if translation.glossary is not None:
        checks["glossary"] = translation.glossary
    return checks, stats


def pair_warnings(
    comparison: Comparison, wanted: list[tuple[Pair, str]], translation: Translation
) -> list[dict[str, Any]]:
    """The translation's warnings (ids `u<k>…` of `units_document`) on the pairs they are
    about: `{"pair": index in pairs, "side", "flag", "message"}`."""
    index = {id(pair): n for n, pair in enumerate(comparison.pairs)}
    found = []
    for warning in translation.warnings:
        pair, side = wanted[int(warning["id"].split(".")[0].removeprefix("u"))]
        flag = {"flag": warning["flag"], "message": warning["message"]}
        found.append({"pair": index[id(pair)], "side": side, **flag})
    return found


def fill_english(wanted: list[tuple[Pair, str]], translation: Translation) -> None:
    """Put the English of each unit of `units_document` on its pair's side."""
    for (pair, side), section in zip(wanted, translation.sections, strict=True):
        heading = " ".join(filter(None, [section.label_en, section.heading_en]))
        lines = [" ".join(s.translation or "" for s in p.sentences) for p in section.paragraphs]
        if heading and section.heading_en is None and lines:  # an article: "Article 5 ..."
            lines[0] = f"{heading} {lines[0]}"
        elif heading:
            lines.insert(0, heading)
        pair.english[side] = "\n".join(line for line in lines if line)


def _section(prefix: str, unit: Unit) -> Section:
    """A unit as a section whose paragraph and sentence ids start with `prefix`."""
    paragraphs = []
    for n, paragraph in enumerate(unit.paragraphs):
        ids = {s.id: f"{prefix}.p{n}.t{m}" for m, s in enumerate(paragraph.sentences)}
        sentences = [Sentence(ids[s.id], s.text, s.norm, s.span) for s in paragraph.sentences]
        enumerations = [
            Enumeration(e.label, e.lead, ids[e.sentence_id])
            for e in paragraph.enumerations
            if e.sentence_id in ids
        ]
        paragraphs.append(Paragraph(f"{prefix}.p{n}", sentences, enumerations))
    return Section(prefix, 1, unit.label, unit.heading, paragraphs)
