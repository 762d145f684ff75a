"""`POST /v1/compare`: two versions of a document, unit by unit, with the changes in English.

The body is JSON (`{"old": {"content", "format"?}, "new": {…}, "translate"?, "model"?}`) or a
multipart form whose fields `old` and `new` are uploaded files (the format from the file name)
or plain text fields; `translate` and `model` may come as form fields or in the query string.
JSON by default; Markdown (the 新旧对照 table) or an HTML redline by `Accept` or `?output=`.
`Prefer: respond-async` queues it as a compare job, as on the other /v1 routes.
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from service.api.articles import check_key, wants_async
from service.api.disconnect import client_gone
from service.api.http import current_state, respond
from service.api.jobs import accepted
from service.api.reading import output_kind
from service.api.versions import compare_request
from service.runtime import comparing

bp = Blueprint("compare", __name__)
bp.before_request(check_key)


@bp.post("/v1/compare")
def compare() -> Response:
    state = current_state()
    req = compare_request(request, state.config.max_chars)
    if wants_async():
        return accepted(req, "compare")
    kind = output_kind(request, ("json", "markdown", "html"))
    return respond(comparing.compare(req, state, client_gone(request.environ)), kind)
