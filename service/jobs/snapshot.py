"""What a running job has so far, read from the translation memory without calling an engine.

The partial result (`GET /v1/jobs/{id}/result?partial=true`) and the events a worker announces
(the gist once its units are done, each top-level section once all of its units are) are built
here the same way: parse the job's article, look every model input up in the durable memory,
and assemble the synchronous route's shape with `translation: null` where a text is missing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from service.runtime import comparing, tasks
from service.runtime.state import ServiceState

if TYPE_CHECKING:
    from service.document import Document
    from service.translate.cache import PieceCache
    from service.translate.document import Translation
    from service.translate.segments import PieceResult


def article(record: dict[str, Any]) -> tasks.ArticleRequest:
    """The article request a job record holds (a digest, translate or outline job's)."""
    fields = {k: v for k, v in record["request"].items() if k != "target"}
    return tasks.ArticleRequest(**fields)


def request(record: dict[str, Any]) -> tasks.ArticleRequest | comparing.CompareRequest:
    """The request a job record holds: a comparison's for a compare job, else the article's."""
    if record["task"] == "compare":
        return comparing.CompareRequest.from_dict(record["request"])
    return article(record)


def translation_so_far(
    record: dict[str, Any],
    document: Document,
    state: ServiceState,
    memory: PieceCache[PieceResult],
) -> Translation:
    """The job's translation as far as the memory holds it (missing texts: None)."""
    target, req = record["request"]["target"], article(record)
    model = state.choose_model(target["model"], target["source"], target["target"])
    return state.stored_translation(
        document,
        model,
        target["source"],
        target["target"],
        req.translation_options(),
        memory,
        req.translation_glossary(),
    )


def partial_result(
    record: dict[str, Any], state: ServiceState, memory: PieceCache[PieceResult]
) -> tasks.Result:
    """The result so far, in the final result's shape (JSON and Markdown)."""
    req, task = article(record), record["task"]
    if task == "outline":
        return tasks.outline(req, state.config.max_sentences)
    document = tasks.parse(req, state.config.max_sentences)
    translation = translation_so_far(record, document, state, memory)
    if task == "translate":
        return tasks.translate_result(document, translation, req.scope)
    outline = tasks.outline_of(document, req)
    return tasks.digest_result(document, outline, translation, req.scope)


def gist(record: dict[str, Any], document: Document, translation: Translation) -> dict[str, Any]:
    """The `gist` event's data: the digest's title and outline, with their English."""
    req = article(record)
    outline = tasks.outline_of(document, req)
    return gist_of(tasks.digest_result(document, outline, translation, "outline").body)


def gist_of(digest: dict[str, Any]) -> dict[str, Any]:
    """The gist of a digest's JSON: its title, outline and script."""
    return {key: digest[key] for key in ("title", "outline", "script")}


def sections(translation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Top-level section id -> the `section` event's data, from Translation JSON."""
    return {
        section["id"]: {"section_id": section["id"], "section": section}
        for section in translation["sections"]
    }
