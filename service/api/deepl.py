"""DeepL API v2 subset: `/v2/translate`, `/v2/languages`, `/v2/usage` (documents:
deepl_documents; glossaries: deepl_glossaries).

What DeepL's clients send and expect (read from the official `deepl` Python client): the key
in `Authorization: DeepL-Auth-Key <key>`; parameters as JSON or as a form (`text` repeated);
`{"translations": [{"detected_source_language", "text", "billed_characters"}]}`; errors as
`{"message": ...}` with 400, 403 (key), 404, 413, 429 (busy), 456 (character quota used up)
and 5xx. Language codes are DeepL's (`ZH`, `ZH-HANS`, `ZH-HANT`; `EN`, `EN-US`, `EN-GB`).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Request, Response, request
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from werkzeug.exceptions import HTTPException

from service.api.disconnect import client_gone
from service.api.errors import log_unexpected
from service.api.glossaries import store as glossary_store
from service.api.http import (
    current_jobs,
    current_state,
    json_response,
    key_matches,
    owner_of,
    record,
    slow_down,
)
from service.api.reading import json_body
from service.errors import GlossaryNotFound, ServiceError
from service.jobs.usage import UsageCounter
from service.runtime import languages
from service.runtime.state import ServiceState
from service.runtime.texts import translate_texts
from service.translate.glossary import Glossary

bp = Blueprint("deepl", __name__, url_prefix="/v2")
AUTH_SCHEME = "deepl-auth-key "
TAG_HANDLING = {"html": "html", "xml": "html"}  # both keep the markup, text runs translated
# Regional targets DeepL lists for a language (it refuses a bare EN in its newer clients).
VARIANTS = {"en": (("EN-GB", "English (British)"), ("EN-US", "English (American)"))}
UNLIMITED = 1_000_000_000_000  # the character_limit DeepL reports for an account without one
FORMALITY_OK = {"default", "prefer_more", "prefer_less"}  # others fail for English, as at DeepL
MISSES_HEADER = "X-PD-Glossary-Misses"  # glossary terms the translations lack (no room in body)


class DeepLError(Exception):
    """An error DeepL would answer with `{"message": ...}` (and a `detail`) and this status."""

    def __init__(self, status: int, message: str, detail: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.detail = detail


def params(req: Request) -> Any:
    """JSON object, else form fields and query string (a repeated `text` stays a list)."""
    if req.is_json:
        body = json_body(req)
        if not isinstance(body, dict):
            raise DeepLError(400, "The request body must be a JSON object.")
        return MultiDict(
            [(k, v) for k, vs in body.items() for v in (vs if isinstance(vs, list) else [vs])]
        )
    return CombinedMultiDict([req.form, req.args])


def auth_key(state: ServiceState, values: Any) -> str:
    """The presented key (checked against PD_API_KEYS when set); 403 when missing or wrong."""
    header = request.headers.get("Authorization", "")
    key = header[len(AUTH_SCHEME) :].strip() if header.lower().startswith(AUTH_SCHEME) else None
    key = key or values.get("auth_key")
    keys = state.config.api_keys
    if keys and not (isinstance(key, str) and key_matches(keys, key)):
        raise DeepLError(403, "Authorization failure: wrong or missing DeepL-Auth-Key.")
    return key if isinstance(key, str) else ""


def usage() -> UsageCounter:
    """The per-key character counts, in the job store (shared by every API machine)."""
    return UsageCounter(current_jobs().store)


def check_quota(state: ServiceState, key: str, characters: int) -> None:
    """456 when `characters` more would pass the configured per-key character limit."""
    limit = state.config.character_limit
    if limit and usage().count(key) + characters > limit:
        raise DeepLError(456, "Quota exceeded. The character limit has been reached.")


@bp.post("/translate")
def translate() -> Response:
    state = current_state()
    values = params(request)
    key = auth_key(state, values)
    texts = values.getlist("text")
    if not texts:
        raise DeepLError(400, "Parameter 'text' not specified.")
    if not all(isinstance(t, str) for t in texts):
        raise DeepLError(400, "Parameter 'text' must be a string or a list of strings.")
    source, target = source_and_target(state, values)
    tags = str(values.get("tag_handling") or "")  # JSON may hold any type
    if tags and tags not in TAG_HANDLING:
        raise DeepLError(400, "Value for 'tag_handling' not supported.")
    fmt = TAG_HANDLING.get(tags, "text")
    check_options(values)
    glossary = request_glossary(values, key, source, target)
    size = sum(len(t) for t in texts)
    if size > state.config.max_chars:
        raise DeepLError(413, f"Request Entity Too Large: {size} characters, "
                         f"the limit is {state.config.max_chars}.")  # fmt: skip
    check_quota(state, key, size)
    results = translate_texts(
        texts, source, target, fmt, state, client_gone(request.environ), glossary
    )
    record(results.stats)
    usage().add(key, size)
    response = json_response(
        {
            "translations": [
                {"detected_source_language": src.upper(), "text": text, "billed_characters": len(t)}
                for src, text, t in zip(results.sources, results.translations, texts, strict=True)
            ]
        }
    )
    if glossary is not None:
        response.headers[MISSES_HEADER] = str(results.glossary_misses)
    return response


def request_glossary(values: Any, key: str, source: str, target: str) -> Glossary | None:
    """The entries of `glossary_id`, which needs `source_lang` and the request's language pair
    (404 for an unknown glossary; `glossary_ids`, DeepL's v3 multilingual glossaries, are 400)."""
    if values.get("glossary_ids"):
        raise DeepLError(400, "Parameter 'glossary_ids' (v3 glossaries) is not supported.")
    glossary_id = values.get("glossary_id")
    if not glossary_id:
        return None
    if not values.get("source_lang"):
        raise DeepLError(400, "Parameter 'source_lang' is required when using a glossary.")
    try:
        info, glossary = glossary_store().glossary(owner_of(key), str(glossary_id))
    except GlossaryNotFound as exc:
        raise DeepLError(404, "Glossary not found.") from exc
    if (info["source_lang"], info["target_lang"]) != (source, target.split("-")[0]):
        raise DeepLError(
            400,
            "The glossary's language pair does not match the request.",
            f"glossary {info['source_lang']} -> {info['target_lang']}, "
            f"request {source} -> {target}",
        )
    return glossary


def source_and_target(state: ServiceState, values: Any) -> tuple[str, str]:
    """Canonical codes (`auto` without source_lang); 400 for a language not served."""
    pairs = state.language_pairs()
    target = values.get("target_lang")
    if not target:
        raise DeepLError(400, "Parameter 'target_lang' not specified.")
    if not isinstance(target, str) or languages.canonical(target) not in {t for _, t in pairs}:
        raise DeepLError(400, "Value for 'target_lang' not supported.")
    source = values.get("source_lang") or languages.AUTO
    if source != languages.AUTO and (
        not isinstance(source, str) or languages.canonical(source) not in {s for s, _ in pairs}
    ):
        raise DeepLError(400, "Value for 'source_lang' not supported.")
    return languages.canonical(source), languages.canonical(target)


def check_options(values: Any) -> None:
    """Options DeepL would refuse for an English target or this server; the rest are ignored."""
    formality = values.get("formality")
    if formality and str(formality).lower() not in FORMALITY_OK:
        raise DeepLError(400, "'formality' is not supported for given 'target_lang'.")


@bp.route("/languages", methods=["GET", "POST"])
def list_languages() -> Response:
    state = current_state()
    values = params(request)
    auth_key(state, values)
    kind = values.get("type", "source")
    if kind not in {"source", "target"}:
        raise DeepLError(400, "Value for 'type' not supported.")
    pairs = state.language_pairs()
    if kind == "source":
        codes = dict.fromkeys(s for s, _ in pairs)
        return json_response([{"language": c.upper(), "name": languages.name_of(c)} for c in codes])
    targets = []
    for code in dict.fromkeys(t for _, t in pairs):
        for language, name in VARIANTS.get(code, ((code.upper(), languages.name_of(code)),)):
            targets.append({"language": language, "name": name, "supports_formality": False})
    return json_response(targets)


@bp.route("/usage", methods=["GET", "POST"])
def get_usage() -> Response:
    state = current_state()
    key = auth_key(state, params(request))
    return json_response(
        {
            "character_count": usage().count(key),
            "character_limit": state.config.character_limit or UNLIMITED,
        }
    )


def install_error_handlers(blueprint: Blueprint) -> None:
    """DeepL's `{"message": ...}` errors for every failure on `blueprint`."""
    blueprint.errorhandler(DeepLError)(deepl_error)
    blueprint.errorhandler(ServiceError)(service_error)
    blueprint.errorhandler(HTTPException)(http_error)
    blueprint.errorhandler(Exception)(unexpected)


def deepl_error(exc: DeepLError) -> Response:
    body = {"message": exc.message, **({"detail": exc.detail} if exc.detail else {})}
    return json_response(body, exc.status)


def service_error(exc: ServiceError) -> Response:
    if exc.code == "overloaded":
        return slow_down({"message": f"Too many requests: {exc.message}"})
    status = 400 if exc.status in {401, 415, 422} else exc.status
    return json_response({"message": exc.message}, status)


def http_error(exc: HTTPException) -> Response:
    return json_response({"message": exc.description or exc.name}, exc.code or 500)


def unexpected(exc: Exception) -> Response:
    return json_response({"message": log_unexpected(exc)}, 500)


install_error_handlers(bp)
