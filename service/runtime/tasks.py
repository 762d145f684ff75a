"""What the /v1 routes do, without Flask: parse, outline, translate, digest.

Each function takes plain values and the ServiceState and returns JSON-ready values; the views
only read the request and write the response.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from service.errors import PayloadTooLarge
from service.runtime.languages import canonical
from service.runtime.state import ServiceState, TranslationStats

if TYPE_CHECKING:
    from service.document import Document
    from service.outlining import Outline
    from service.translate.cache import PieceCache
    from service.translate.document import Translation
    from service.translate.glossary import Glossary
    from service.translate.segments import PieceResult

OUTLINE_OPTIONS = ("max_points", "ratio")
NOT_FOR_ENGINE = (*OUTLINE_OPTIONS, "scope")
Check = Callable[[], bool]  # a `should_stop` check; raises its own error to stop the work


@dataclass(frozen=True)
class ArticleRequest:
    """A /v1 request: the article text, how to read it, and what to do with it."""

    content: str
    format: str = "auto"
    source_lang: str = "zh"
    target_lang: str = "en"
    model: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    glossary: Mapping[str, str] = field(default_factory=dict)  # the request's own entries
    builtin_glossary: bool = True  # apply the built-in names of state organs under them

    def translation_options(self) -> dict[str, Any]:
        """The options meant for the translation engine (not the outline's, not `scope`)."""
        return {k: v for k, v in self.options.items() if k not in NOT_FOR_ENGINE}

    @property
    def scope(self) -> str:
        """`full` (the default) or `outline`: translate only the gist."""
        return str(self.options.get("scope", "full"))

    def translation_glossary(self) -> Glossary | None:
        """The entries translation enforces: the request's own over the built-in names (unless
        turned off); None when there are none. Raises InvalidGlossary for a bad entry."""
        from service.translate.builtin_glossary import with_builtin
        from service.translate.glossary import Glossary, glossary_from_mapping

        own = glossary_from_mapping(self.glossary) if self.glossary else Glossary()
        return with_builtin(own, self.builtin_glossary)


@dataclass(frozen=True)
class Background:
    """How a document job runs a task: no request deadline, the durable translation memory."""

    memory: PieceCache[PieceResult]


@dataclass(frozen=True)
class Target:
    """The model and languages a request's translation uses."""

    model: str
    source: str
    target: str


@dataclass
class Result:
    """A route's JSON body, its Markdown (and HTML) rendering when it has one, and its cost."""

    body: dict[str, Any]
    markdown: str | None = None
    stats: TranslationStats = field(default_factory=TranslationStats)
    html: str | None = None


def parse(req: ArticleRequest, max_sentences: int) -> Document:
    """Parse the article (raises EmptyDocument, InvalidInput, ... as ServiceErrors).

    A `paragraphs` request (a file translated in place, service.parsing.paragraphs) holds its
    paragraphs as JSON blocks, each read on its own.
    """
    from service.parsing import parse_document as parse_article
    from service.parsing.paragraphs import PARAGRAPHS, parse_paragraphs

    if req.format == PARAGRAPHS:
        return within_limit(parse_paragraphs(req.content), max_sentences)
    return within_limit(parse_article(req.content, req.format), max_sentences)


def within_limit(document: Document, max_sentences: int) -> Document:
    """The document, or PayloadTooLarge (413) when it has more sentences than allowed.

    The character limit alone lets through 250,000 two-character sentences, whose outline,
    translation bookkeeping and checks take many seconds even before a model runs.
    """
    count = sum(1 for _ in document.sentences())
    if count > max_sentences:
        raise PayloadTooLarge(
            f"{count} sentences is over the limit of {max_sentences}",
            {"sentences": count, "max_sentences": max_sentences},
        )
    return document


def outline(req: ArticleRequest, max_sentences: int) -> Result:
    """`/v1/outline`: the extractive outline; no model is involved."""
    from service.render.outline import outline_markdown

    document = parse(req, max_sentences)
    result = outline_of(document, req).to_dict()
    return Result(
        {**result, "script": document.script}, outline_markdown(document.title, result["outline"])
    )


def translate(
    req: ArticleRequest,
    state: ServiceState,
    cancelled: Check | None = None,
    background: Background | None = None,
) -> Result:
    """`/v1/translate`: the structure-preserving translation (JSON with its Markdown).

    With `scope` `outline` only the gist (see `gist_keys`) is translated; every other text's
    translation is null."""
    document = parse(req, state.config.max_sentences)
    only = gist_keys(document, outline_of(document, req)) if req.scope == "outline" else None
    translation, stats = translation_of(document, req, state, cancelled, background, only)
    return translate_result(document, translation, req.scope, stats)


def translate_result(
    document: Document,
    translation: Translation,
    scope: str,
    stats: TranslationStats | None = None,
) -> Result:
    """The `/v1/translate` answer for a translation of `document` (complete, gist or partial)."""
    from service.render.translation import translation_json

    body = {**translation_json(translation), "script": document.script, "scope": scope}
    return Result(body, body["markdown"], stats or TranslationStats())


def digest(
    req: ArticleRequest,
    state: ServiceState,
    cancelled: Check | None = None,
    background: Background | None = None,
) -> Result:
    """`/v1/digest`: outline + translation; outline points carry their translations.

    With `scope` `outline` only the gist (title, outline headings and points) is translated,
    and the answer's `translation` is null."""
    document = parse(req, state.config.max_sentences)
    outline_obj = outline_of(document, req)
    only = gist_keys(document, outline_obj) if req.scope == "outline" else None
    translation, stats = translation_of(document, req, state, cancelled, background, only)
    return digest_result(document, outline_obj, translation, req.scope, stats)


def digest_result(
    document: Document,
    outline_obj: Outline,
    translation: Translation,
    scope: str,
    stats: TranslationStats | None = None,
) -> Result:
    """The `/v1/digest` answer for a translation of `document` (complete, gist or partial)."""
    from service.render.digest import build_digest, render_digest_markdown

    body = {**build_digest(document, outline_obj, translation), "script": document.script}
    body["scope"] = scope
    if scope == "outline":
        body["translation"] = None
    return Result(body, render_digest_markdown(body), stats or TranslationStats())


def outline_of(document: Document, req: ArticleRequest) -> Outline:
    """The outline of a parsed request, with its outline options (max_points, ratio)."""
    from service.outlining import build_outline

    return build_outline(document, **{name: req.options.get(name) for name in OUTLINE_OPTIONS})


def gist_keys(document: Document, outline_obj: Outline) -> set[str]:
    """The model inputs of a digest's gist: the title, the headings of the outline's sections
    and its points (keys as `service.translate.document.keyed_inputs` names them)."""
    sections = {s.id: s for s in document.walk()}
    keys = {"title"} if document.title else set()
    for node in (n for top in outline_obj.nodes for n in top.walk()):
        if sections[node.section_id].heading:
            keys.add(f"{node.section_id}.heading")
        keys.update(point.sentence_id for point in node.points)
    return keys


def resolve(document: Document, req: ArticleRequest, state: ServiceState) -> Target:
    """The served model and languages for a parsed request (raises 404/422/503 ServiceErrors)."""
    source, _ = state.resolve_source(req.source_lang, document.plain_text)
    target = canonical(req.target_lang)
    return Target(state.choose_model(req.model, source, target), source, target)


def translation_of(
    document: Document,
    req: ArticleRequest,
    state: ServiceState,
    cancelled: Check | None,
    background: Background | None,
    only: set[str] | None = None,
) -> tuple[Translation, TranslationStats]:
    """Translate a parsed document with the request's model: within the request's deadline and
    cost limit, or, for a job (`background`), with its durable memory and no deadline."""
    to = resolve(document, req, state)
    job: dict[str, Any] = {}
    if background is None:
        state.check_cost(_characters(document, only), to.model)
    else:
        job = {"memory": background.memory, "deadline_s": math.inf}
    return state.translate(
        document,
        to.model,
        to.source,
        to.target,
        req.translation_options(),
        cancelled,
        glossary=req.translation_glossary(),
        only=only,
        **job,
    )


def _characters(document: Document, only: set[str] | None) -> int:
    """The characters a translation will send to the engine: the whole text, or the inputs
    in `only` (the synchronous refusal estimates what will be translated, nothing more)."""
    if only is None:
        return len(document.plain_text)
    from service.translate.document import inputs_text

    return len(inputs_text(document, only))


def check_length(text: str | list[str], max_chars: int) -> None:
    """PayloadTooLarge (413) when the text has more characters than allowed."""
    size = len(text) if isinstance(text, str) else sum(len(t) for t in text)
    if size > max_chars:
        raise PayloadTooLarge(
            f"{size} characters is over the limit of {max_chars}",
            {"characters": size, "max_chars": max_chars},
        )
