"""`/v1/digest`, `/v1/outline`, `/v1/translate`: the product's own routes."""

from __future__ import annotations

from flask import Blueprint, Response, g, request

from service.api.disconnect import client_gone
from service.api.glossaries import glossary_request
from service.api.http import authorize, current_state, respond
from service.api.jobs import accepted, idempotency_key
from service.api.reading import article_request, output_kind, presented_key
from service.runtime import tasks

bp = Blueprint("articles", __name__)
TRANSLATION_OUTPUTS = ("json", "markdown", "docx")  # docx: the bilingual Word file


@bp.before_request
def check_key() -> None:
    if request.method == "OPTIONS":  # CORS preflights carry no credentials
        return
    authorize(current_state().config.api_keys, presented_key(request))
    idempotency_key()


def wants_async() -> bool:
    """Whether the client sent `Prefer: respond-async` (RFC 7240): answer as POST /v1/jobs."""
    preferences = ",".join(request.headers.getlist("Prefer")).lower()
    return "respond-async" in (
        p.strip().split("=")[0].split(";")[0] for p in preferences.split(",")
    )


@bp.post("/v1/outline")
def outline() -> Response:
    config = current_state().config
    req = article_request(request, config.max_chars)
    if wants_async():
        return accepted(req, "outline")
    g.characters = len(req.content)
    return respond(tasks.outline(req, config.max_sentences), output_kind(request))


@bp.post("/v1/translate")
def translate() -> Response:
    state = current_state()
    req = glossary_request(request, state.config.max_chars)[0]
    if wants_async():
        return accepted(req, "translate")
    kind = output_kind(request, TRANSLATION_OUTPUTS)
    return respond(tasks.translate(req, state, client_gone(request.environ)), kind)


@bp.post("/v1/digest")
def digest() -> Response:
    state = current_state()
    req = glossary_request(request, state.config.max_chars)[0]
    if wants_async():
        return accepted(req, "digest")
    kind = output_kind(request, TRANSLATION_OUTPUTS)
    return respond(tasks.digest(req, state, client_gone(request.environ)), kind)
