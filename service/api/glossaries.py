"""`/v1/glossaries`: the stored glossaries of an API key, and glossaries on the /v1 routes.

The store is the one DeepL's `/v2/glossaries` writes (service.jobs.glossaries): a glossary made
with DeepL's client under key K is listed here under `Authorization: Bearer K`, and the other
way round. /v1 requests name one with `glossary_id` and/or carry entries inline
(`"glossary": {"source term": "target term"}`, which win over the stored ones);
`with_glossary` folds both into the ArticleRequest, so a job carries its entries with it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import Blueprint, Request, Response, request

from service.api.http import authorize, current_jobs, current_state, json_response, owner_of
from service.api.reading import article_and_extras, json_body, presented_key, validated
from service.errors import InvalidGlossary, UnsupportedLanguage
from service.jobs.glossaries import GlossaryStore
from service.runtime import languages
from service.runtime.state import ServiceState
from service.runtime.tasks import ArticleRequest
from service.translate.glossary import Glossary, glossary_from_mapping, read_glossary

bp = Blueprint("glossaries", __name__)


def store() -> GlossaryStore:
    """The glossary store of this deployment (in the job store)."""
    return GlossaryStore(current_jobs().store)


def checked_pair(state: ServiceState, source: str, target: str) -> tuple[str, str]:
    """Canonical glossary languages (`ZH`, `en-US` → zh, en); UnsupportedLanguage unless a
    loaded model translates that pair."""
    pair = (languages.canonical(source), languages.canonical(target).split("-")[0])
    if pair not in state.language_pairs():
        raise UnsupportedLanguage(
            f"no loaded model translates {pair[0]} to {pair[1]}, so no glossary for that pair; "
            f"supported pairs: {state.pairs_text()}",
            {"source": pair[0], "target": pair[1]},
        )
    return pair


def glossary_request(
    req: Request,
    max_chars: int,
    schema: str = "ArticleRequest",
    extras: tuple[str, ...] = (),
    body: Any = None,
) -> tuple[ArticleRequest, dict[str, Any]]:
    """`article_and_extras` with the request's glossary folded in (see `with_glossary`)."""
    article, found = article_and_extras(req, max_chars, schema, ("glossary_id", *extras), body)
    return with_glossary(article, found.pop("glossary_id", None)), found


def with_glossary(article: ArticleRequest, glossary_id: str | None) -> ArticleRequest:
    """The request with the stored glossary's entries under its inline ones (checked now, so a
    bad entry is a 400 before any work; the stored glossary must match the languages)."""
    inline = glossary_from_mapping(article.glossary) if article.glossary else Glossary()
    if glossary_id is None:
        return article
    info, stored = store().glossary(owner_of(presented_key(request)), glossary_id)
    wanted = (languages.canonical(article.source_lang), languages.canonical(article.target_lang))
    if info["target_lang"] != wanted[1] or wanted[0] not in (languages.AUTO, info["source_lang"]):
        raise InvalidGlossary(
            f"glossary {glossary_id} is {info['source_lang']} → {info['target_lang']}, the request "
            f"{wanted[0]} → {wanted[1]}",
            {"field": "glossary_id"},
        )
    return replace(article, glossary=inline.over(stored).as_dict())


@bp.before_request
def check_key() -> None:
    if request.method == "OPTIONS":
        return
    authorize(current_state().config.api_keys, presented_key(request))


@bp.get("/v1/glossaries")
def list_glossaries() -> Response:
    return json_response({"glossaries": store().list(owner_of(presented_key(request)))})


@bp.post("/v1/glossaries")
def create() -> Response:
    body = validated("GlossaryRequest", json_body(request))
    languages = (body.get("source_lang", "zh"), body.get("target_lang", "en"))
    pair = checked_pair(current_state(), *languages)
    entries = body["entries"]
    if isinstance(entries, str):
        glossary = read_glossary(entries, body.get("entries_format", "tsv"), pair)
    else:
        glossary = glossary_from_mapping(entries)
    info = store().create(owner_of(presented_key(request)), body["name"], pair, glossary)
    return json_response(info, 201)


@bp.get("/v1/glossaries/<glossary_id>")
def get_glossary(glossary_id: str) -> Response:
    info, glossary = store().glossary(owner_of(presented_key(request)), glossary_id)
    return json_response({**info, "entries": glossary.as_dict()})


@bp.delete("/v1/glossaries/<glossary_id>")
def delete(glossary_id: str) -> Response:
    store().delete(owner_of(presented_key(request)), glossary_id)
    return Response(status=204)
