"""LibreTranslate-compatible routes, with LibreTranslate's own parameter reading and errors.

Routes: `/translate`, `/detect`, `/languages`, `/translate_file`, `/download_file/<name>`,
`/frontend/settings`, `/suggest`. As in LibreTranslate's app.py, parameters come from a JSON
object when the request is JSON, else from the form and the query string (on any content
type); errors are `{"error": "<message>"}` with 400 (bad request), 403 (bad API key,
suggestions off), 429 (busy) or 500, and LibreTranslate's messages. See docs/compatibility.md.
"""

from __future__ import annotations

from typing import Any, NoReturn

from flask import Blueprint, Request, Response, abort, request, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BaseConverter

from service.api.disconnect import client_gone
from service.api.errors import log_unexpected
from service.api.http import current_state, json_response, key_matches, record, slow_down
from service.api.reading import json_body, presented_key
from service.errors import ServiceError
from service.runtime import languages
from service.runtime.files import (
    UPLOAD_SUFFIXES,
    FileStore,
    check_upload_name,
    download_media_type,
    download_name,
)
from service.runtime.files import translate_file as translate_upload
from service.runtime.state import ServiceState
from service.runtime.texts import translate_texts

bp = Blueprint("libretranslate", __name__)
FORMATS = ("text", "html")


def params(req: Request) -> Any:
    """LibreTranslate's parameter source: the JSON object, else form + query string values."""
    if req.is_json:
        body = json_body(req)
        if not isinstance(body, dict):
            abort(400, description="Invalid JSON format")
        return body
    return req.values


def check_api_key(state: ServiceState, values: Any) -> None:
    """LibreTranslate's key check: a wrong key is 403, a missing one (when required) is 400.

    The key comes from the `api_key` parameter, or from our Bearer / X-API-Key headers.
    """
    if not isinstance(values.get("api_key", ""), str):
        abort(400, description="Invalid request: api_key must be a string")
    keys = state.config.api_keys
    if not keys:
        return
    presented = values.get("api_key") or presented_key(request)
    if not presented:
        abort(400, description="Please contact the server operator to get an API key")
    if not isinstance(presented, str) or not key_matches(keys, presented):
        abort(403, description="Invalid API key")


def missing(name: str) -> NoReturn:
    abort(400, description=f"Invalid request: missing {name} parameter")


@bp.post("/translate")
def translate() -> Response:
    state = current_state()
    values = params(request)
    check_api_key(state, values)
    q, source, target = values.get("q"), values.get("source"), values.get("target")
    for name, value in (("q", q), ("source", source), ("target", target)):
        if not value:
            missing(name)
    source, target = str(source), str(target)  # JSON may hold any type
    alternatives = _alternatives(values.get("alternatives", 0))
    if not request.is_json:
        q = "\n".join(q.splitlines())  # LibreTranslate counts form text with LF line ends
    texts = _texts(q)
    for text in texts:
        within_char_limit(state, text)
    _check_languages(state, source, target)
    fmt = values.get("format") or "text"
    if fmt not in FORMATS:
        abort(400, description=f"{fmt} format is not supported")
    results = translate_texts(texts, source, target, fmt, state, client_gone(request.environ))
    record(results.stats)
    batch = isinstance(q, list)
    out = results.translations
    body: dict[str, Any] = {"translatedText": out if batch else out[0]}
    if languages.canonical(source) == languages.AUTO:
        detected = [
            {"confidence": c or 0.0, "language": s}
            for s, c in zip(results.sources, results.confidences, strict=True)
        ]
        body["detectedLanguage"] = detected if batch else detected[0]
    if alternatives > 0:
        body["alternatives"] = [[] for _ in texts] if batch else []
    return json_response(body)


def within_char_limit(state: ServiceState, text: str) -> None:
    """LibreTranslate's per-text character limit (400)."""
    limit = state.config.max_chars
    if len(text) > limit:
        abort(
            400, description=f"Invalid request: request ({len(text)}) exceeds text limit ({limit})"
        )


def _alternatives(raw: Any) -> int:
    try:
        return max(0, int(raw))
    except (TypeError, ValueError):
        abort(400, description="Invalid request: alternatives parameter is not a number")


def _texts(q: Any) -> list[str]:
    if isinstance(q, str):
        return [q]
    if isinstance(q, list) and all(isinstance(t, str) for t in q):
        return q
    abort(400, description="Invalid request: q must be a string or a list of strings")


def _check_languages(state: ServiceState, source: Any, target: Any) -> None:
    """LibreTranslate's language errors: an unknown code, or a pair no model translates."""
    state.require_ready()  # no model at all: say so (and how to fix it) first
    pairs = state.language_pairs()
    known = {code for pair in pairs for code in pair}
    src, tgt = languages.canonical(str(source)), languages.canonical(str(target))
    if src != languages.AUTO and src not in known:
        abort(400, description=f"{source} is not supported")
    if tgt not in known:
        abort(400, description=f"{target} is not supported")
    if src != languages.AUTO and (src, tgt) not in pairs:
        abort(
            400,
            description=f"{languages.name_of(tgt)} ({tgt}) is not available as a target "
            f"language from {languages.name_of(src)} ({src})",
        )


@bp.post("/detect")
def detect() -> Response:
    state = current_state()
    values = params(request)
    check_api_key(state, values)
    q = values.get("q")
    if not q:
        missing("q")
    text = "\n".join(_texts(q))
    within_char_limit(state, text)
    return json_response(languages.detect(text))


@bp.get("/languages")
def list_languages() -> Response:
    targets: dict[str, list[str]] = {}
    for source, target in current_state().language_pairs():
        targets.setdefault(source, [])
        targets.setdefault(target, [])
        if target not in targets[source]:
            targets[source].append(target)
    return json_response(
        [{"code": c, "name": languages.name_of(c), "targets": t} for c, t in targets.items()]
    )


@bp.post("/translate_file")
def translate_file() -> Response:
    state = current_state()
    check_api_key(state, params(request))
    source, target = request.form.get("source"), request.form.get("target")
    upload = request.files.get("file")  # a form, so source and target are strings
    if upload is None:
        missing("file")
    if not source:
        missing("source")
    if not target:
        missing("target")
    if not upload.filename:
        abort(400, description="Invalid request: empty file")
    try:
        check_upload_name(upload.filename)
    except ServiceError:
        abort(400, description="Invalid request: file format not supported")
    _check_languages(state, source, target)
    result = translate_upload(
        upload.read(), upload.filename, source, target, state, client_gone(request.environ)
    )
    record(result.stats)
    token = store(state).put(result.filename, result.data)
    url = url_for("libretranslate.download_file", filename=token, _external=True)
    return json_response({"translatedFileUrl": url})


class AnyName(BaseConverter):
    """Any non-empty name, slashes and newlines included: every /download_file/... request is
    answered here, in LibreTranslate's error shape, never by the app's 404."""

    regex = r"[\s\S]+"
    part_isolating = False  # may span "/"


bp.record_once(lambda setup: setup.app.url_map.converters.update(anyname=AnyName))


@bp.get("/download_file/<anyname:filename>")
def download_file(filename: str) -> Response:
    data = store(current_state()).get(filename)
    if data is None:
        abort(
            404,
            description="Invalid filename: no such translated file, or it has expired "
            f"(files are kept {current_state().config.files_ttl_s} s)",
        )
    name = download_name(filename)
    response = Response(data, mimetype=download_media_type(name))
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def store(state: ServiceState) -> FileStore:
    """The translated-file store under the configured data directory."""
    return FileStore(state.config.data_dir / "files", state.config.files_ttl_s)


@bp.get("/frontend/settings")
def frontend_settings() -> Response:
    config = current_state().config
    return json_response(
        {
            "charLimit": config.max_chars,
            "frontendTimeout": 500,
            "apiKeys": bool(config.api_keys),
            "keyRequired": bool(config.api_keys),
            "suggestions": False,
            "filesTranslation": True,
            "supportedFilesFormat": list(UPLOAD_SUFFIXES),
            "language": {
                "source": {"code": languages.AUTO, "name": "Auto Detect"},
                "target": {"code": "en", "name": languages.name_of("en")},
            },
        }
    )


@bp.post("/suggest")
def suggest() -> Response:
    abort(403, description="Suggestions are disabled on this server.")


# LibreTranslate answers 4xx other than 403/404/405/429 as 400, and server failures as 500;
# 499 (the client left: nobody reads the answer) stays as it is for the access log.
KEPT = {403, 404, 405, 429, 499}


@bp.errorhandler(ServiceError)
def service_error(exc: ServiceError) -> Response:
    if exc.code == "overloaded":
        return slow_down({"error": f"Slowdown: {exc.message}"})
    return libre_error(exc.status, exc.message)


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException) -> Response:
    return libre_error(exc.code or 500, exc.description or exc.name)


@bp.errorhandler(Exception)
def unexpected(exc: Exception) -> Response:
    return libre_error(500, log_unexpected(exc))


def libre_error(status: int, message: str) -> Response:
    """`{"error": message}` with the status LibreTranslate would use."""
    if status >= 500:
        status = 500
    elif status not in KEPT:
        status = 400
    return json_response({"error": message}, status)
