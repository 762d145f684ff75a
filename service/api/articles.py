"""`/v1/digest`, `/v1/outline`, `/v1/translate`: the product's own routes."""

from __future__ import annotations

from flask import Blueprint, Response, g, request

from service.api import jobs
from service.api.http import authorize, current_state, respond
from service.api.reading import article_request, output_kind, presented_key

bp = Blueprint("articles", __name__)


@bp.before_request
def check_key() -> None:
    if request.method == "OPTIONS":  # CORS preflights carry no credentials
        return
    authorize(current_state().config.api_keys, presented_key(request))


@bp.post("/v1/outline")
def outline() -> Response:
    req = article_request(request, current_state().config.max_chars)
    g.characters = len(req.content)
    return respond(jobs.outline(req), output_kind(request))


@bp.post("/v1/translate")
def translate() -> Response:
    state = current_state()
    req = article_request(request, state.config.max_chars)
    return respond(jobs.translate(req, state), output_kind(request))


@bp.post("/v1/digest")
def digest() -> Response:
    state = current_state()
    req = article_request(request, state.config.max_chars)
    return respond(jobs.digest(req, state), output_kind(request))
