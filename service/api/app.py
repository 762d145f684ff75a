"""The Flask application factory: state, blueprints, error handlers and per-request hooks.

`create_app(config)` opens the model registry and loads the served models once (per worker,
or once in the gunicorn master when preloaded). Every request gets an id (echoed from
`X-Request-ID` when sane), the body-size limit is checked before anything reads the body, and
every response is counted in the metrics and logged as one JSON line without article text.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import TYPE_CHECKING

from flask import Flask, Response, g, request

from service.api import (
    articles,
    compare,
    deepl,
    deepl_documents,
    deepl_glossaries,
    glossaries,
    jobs,
    jsonlog,
    libretranslate,
    ops,
)
from service.api.errors import register_error_handlers
from service.api.http import EXTENSION, JOBS_EXTENSION
from service.api.reading import body_limit
from service.config import Config
from service.errors import PayloadTooLarge
from service.jobs import open_jobs
from service.runtime.state import ServiceState
from service.web import bp as web_page

if TYPE_CHECKING:
    from service.translate.registry import ModelRegistry

access_log = logging.getLogger("service.access")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
CORS_HEADERS = [
    "Content-Type", "Authorization", "X-API-Key", "X-Request-ID", "Prefer", "Idempotency-Key",
    "Last-Event-ID",
]  # fmt: skip
# No response may be framed or sniffed; only the editors' page (service.web, which sets its own
# policy) may run scripts, and only its own (/docs is plain HTML with links only).
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}


def create_app(config: Config | None = None, *, registry: ModelRegistry | None = None) -> Flask:
    """Build the app; `registry` replaces the model registry (tests pass one with fake engines)."""
    config = config or Config.from_env()
    jsonlog.configure(config.log_level)
    app = Flask(__name__, static_folder=None)  # static files are the page's (service.web)
    app.debug = False  # Flask would take FLASK_DEBUG from the environment; never in service
    app.config["MAX_CONTENT_LENGTH"] = config.max_body_bytes  # also bounds chunked bodies
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    state = ServiceState.start(config, registry)
    app.extensions[EXTENSION] = state
    app.extensions[JOBS_EXTENSION] = open_jobs(config, state)
    for blueprint in (
        articles.bp,
        compare.bp,
        jobs.bp,
        libretranslate.bp,
        deepl.bp,
        deepl_documents.bp,
        deepl_glossaries.bp,
        glossaries.bp,
        ops.bp,
        web_page,
    ):
        app.register_blueprint(blueprint)
    register_error_handlers(app, config.retry_after_s)
    app.before_request(_begin)
    app.after_request(_finish)
    if config.cors_origins:
        from flask_cors import CORS

        CORS(
            app,
            origins=list(config.cors_origins),
            allow_headers=CORS_HEADERS,
            expose_headers=["X-Request-ID", "Retry-After", "Location"],
        )
    return app


def _begin() -> None:
    """Request id, start time, and the route's body-size limit (checked before the body is
    read; form fields may fill it too, as DeepL's glossary entries do)."""
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming if REQUEST_ID.match(incoming) else uuid.uuid4().hex
    g.started = time.perf_counter()
    limit = body_limit(request.endpoint, _state().config)
    request.max_content_length = request.max_form_memory_size = limit
    if request.content_length is not None and request.content_length > limit:
        raise PayloadTooLarge(
            f"the body has {request.content_length} bytes, over the limit of {limit}",
            {"bytes": request.content_length, "max_body_bytes": limit},
        )


def _finish(response: Response) -> Response:
    """Echo the request id, count the request, and write the access log line."""
    request_id = g.get("request_id") or uuid.uuid4().hex
    response.headers["X-Request-ID"] = request_id
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    route = request.url_rule.rule if request.url_rule else "<unmatched>"
    seconds = time.perf_counter() - g.get("started", time.perf_counter())
    _state().metrics.observe_request(route, request.method, response.status_code, seconds)
    access_log.info(
        "request",
        extra={
            "request_id": request_id,
            "method": request.method,
            "route": route,
            "status": response.status_code,
            "duration_ms": round(seconds * 1000, 1),
            "characters": g.get("characters", 0),
            "cache_hits": g.get("cache_hits", 0),
        },
    )
    return response


def _state() -> ServiceState:
    from service.api.http import current_state

    return current_state()
