"""LibreTranslate-compatible routes: `/translate`, `/languages`, `/detect`.

Request fields and response shapes follow LibreTranslate so that its clients work unchanged
(`q` a string or a list, `source` may be `auto`, `format` text|html, `api_key` in the body).
Errors keep this service's one JSON shape.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request

from service.api.disconnect import client_gone
from service.api.http import authorize, current_state, json_response, record
from service.api.reading import check_length, form_or_json, presented_key, validated
from service.runtime import languages, tasks

bp = Blueprint("libretranslate", __name__)


@bp.post("/translate")
def translate() -> Response:
    state = current_state()
    body = validated("LibreTranslateRequest", form_or_json(request))
    authorize(state.config.api_keys, presented_key(request, body))
    texts = body["q"] if isinstance(body["q"], list) else [body["q"]]
    check_length(texts, state.config.max_chars)
    source = body.get("source", languages.AUTO)
    outputs, detected, stats = tasks.libre_translate(
        texts,
        source,
        body["target"],
        body.get("format", "text"),
        state,
        client_gone(request.environ),
    )
    record(stats)
    single = not isinstance(body["q"], list)
    result: dict[str, Any] = {"translatedText": outputs[0] if single else outputs}
    if detected:
        result["detectedLanguage"] = detected[0] if single else detected
    if body.get("alternatives"):
        result["alternatives"] = [] if single else [[] for _ in texts]
    return json_response(result)


@bp.post("/detect")
def detect() -> Response:
    state = current_state()
    body = validated("LibreDetectRequest", form_or_json(request))
    authorize(state.config.api_keys, presented_key(request, body))
    check_length(body["q"], state.config.max_chars)
    return json_response(languages.detect(body["q"]))


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
