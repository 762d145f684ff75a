"""Helpers the views share: the app's ServiceState and Jobs, API-key checks, owners and
response writing."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from flask import Response, current_app, g, jsonify

from service.errors import Unauthorized
from service.jobs import Jobs
from service.render.media import DOCX_MEDIA_TYPE
from service.runtime.state import ServiceState, TranslationStats
from service.runtime.tasks import Result

EXTENSION = "policy_digest"
JOBS_EXTENSION = "policy_digest_jobs"


def current_state() -> ServiceState:
    """The ServiceState of the app handling this request."""
    state: ServiceState = current_app.extensions[EXTENSION]
    return state


def current_jobs() -> Jobs:
    """The Jobs of the app handling this request (document jobs and the job store)."""
    jobs: Jobs = current_app.extensions[JOBS_EXTENSION]
    return jobs


def authorize(keys: tuple[str, ...], presented: str | None) -> None:
    """Raise Unauthorized unless no keys are configured or `presented` is one of them."""
    if keys and not key_matches(keys, presented):
        raise Unauthorized("a valid API key is required (Authorization: Bearer KEY or X-API-Key)")


def key_matches(keys: tuple[str, ...], presented: str | None) -> bool:
    """Whether `presented` is one of `keys`.

    Every key is compared in constant time, and all of them are always compared, so the
    response time says nothing about which key (or how much of one) matched.
    """
    candidate = (presented or "").encode()
    matched = False
    for key in keys:
        matched |= hmac.compare_digest(candidate, key.encode())
    return matched


def owner_of(key: str | None) -> str | None:
    """Whom a job or a glossary belongs to: a hash of the API key, None when keys are off."""
    if not current_state().config.api_keys:
        return None
    return hashlib.sha256((key or "").encode()).hexdigest()


def record(stats: TranslationStats) -> None:
    """Note a request's cost for the access log line."""
    g.characters = g.get("characters", 0) + stats.characters
    g.cache_hits = g.get("cache_hits", 0) + stats.cache_hits


def respond(result: Result, kind: str) -> Response:
    """The result as JSON, or as Markdown, HTML or a bilingual Word file when the client asked."""
    record(result.stats)
    if kind == "docx":
        return docx_response(result.body)
    if kind == "markdown" and result.markdown is not None:
        return Response(result.markdown, mimetype="text/markdown")
    if kind == "html" and result.html is not None:
        return Response(result.html, mimetype="text/html")
    return json_response(result.body)


def json_response(body: Any, status: int = 200) -> Response:
    """A JSON response (Chinese kept as text, keys in the contract's order)."""
    response = jsonify(body)
    response.status_code = status
    return response


def slow_down(body: Any) -> Response:
    """A 429 with `body` and Retry-After: how the compatibility APIs say "all slots are busy"."""
    response = json_response(body, 429)
    response.headers["Retry-After"] = str(current_state().config.retry_after_s)
    return response


def docx_response(body: dict[str, Any]) -> Response:
    """A translation or digest body as the bilingual Word file, offered as a download."""
    from service.render.word import bilingual_docx

    name = "digest.docx" if "outline" in body else "translation.docx"
    response = Response(bilingual_docx(body), mimetype=DOCX_MEDIA_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
