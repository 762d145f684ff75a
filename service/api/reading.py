"""Read a request into plain values: the article request of the /v1 routes.

A JSON body is decoded and validated against the OpenAPI schema; a raw article body
(`text/html`, `text/markdown`, `text/plain`) takes its options from the query string, which is
validated against the same schema. Errors are ServiceErrors with the field that was wrong.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import math
import re
from collections.abc import Mapping
from typing import Any

from flask import Request
from jsonschema import ValidationError
from werkzeug.datastructures import FileStorage

from service.api.openapi import OPTIONS, validator
from service.config import Config
from service.errors import (
    InvalidEncoding,
    InvalidInput,
    PayloadTooLarge,
    UnsupportedMediaType,
)
from service.parsing.ingest import decode
from service.parsing.ingest.files import MEDIA_TYPES as FILE_MEDIA_TYPES
from service.render.media import DOCX_MEDIA_TYPE
from service.runtime.tasks import ArticleRequest, check_length
from service.runtime.uploads import Upload, read_upload

MEDIA_TYPES = {
    "json": "application/json",
    "markdown": "text/markdown",
    "html": "text/html",
    "docx": DOCX_MEDIA_TYPE,
}
RAW_FORMATS = {"text/html": "html", "text/markdown": "markdown", "text/plain": "text"}
FILE_TYPES = (*FILE_MEDIA_TYPES, "application/octet-stream")
MULTIPART = "multipart/form-data"
# Routes that take document files, and how many one request may carry: their bodies may be up
# to that many times PD_MAX_FILE_BYTES (base64 in JSON a third more); text in them still answers
# to PD_MAX_BODY_BYTES. A comparison (and a compare job) carries two versions.
FILE_ENDPOINTS = {
    "articles.outline": 1,
    "articles.translate": 1,
    "articles.digest": 1,
    "jobs.submit": 2,
    "compare.compare": 2,
    "deepl_documents.upload": 1,
    "libretranslate.translate_file": 1,
}
# Blueprints that take glossary entries (DeepL allows 10 MiB of them): PD_GLOSSARY_MAX_BODY_BYTES.
GLOSSARY_BLUEPRINTS = frozenset({"deepl_glossaries", "glossaries"})
BASE64_OVERHEAD = 4 / 3
FORM_SLACK_BYTES = 1 << 20
QUERY_FIELDS = ("source_lang", "target_lang", "model")
# Declared charsets accepted for raw bodies; UTF-16/32 also need their byte-order mark.
TEXT_CHARSETS = {"utf-8", "utf8", "utf-16", "utf-32"}
_SURROGATE = re.compile("[\ud800-\udfff]")
# What stands for the article when only a request's other fields are validated (query values,
# form fields): the smallest content and file its schema accepts.
TEXT_STANDIN = {"content": "-"}
FILE_STANDIN = {"content_base64": "AAAA"}


def article_request(request: Request, max_chars: int) -> ArticleRequest:
    """The article request of a /v1 route, from a JSON body or a raw article body.

    Query parameters (languages, model, options) are validated for every body; a JSON body's
    own fields take precedence over them. A `glossary_id` is read and left out: the routes that
    translate fold the glossary in (service.api.glossaries).
    """
    return article_and_extras(request, max_chars, extras=("glossary_id",))[0]


def article_and_extras(
    request: Request,
    max_chars: int,
    schema: str = "ArticleRequest",
    extras: tuple[str, ...] = (),
    body: Any = None,
) -> tuple[ArticleRequest, dict[str, Any]]:
    """`article_request` for a schema that adds fields (`extras`, e.g. a job's `task`).

    The extra fields come from the query string; a JSON body's own fields win over them.
    `body` is the JSON body when the caller has decoded it already.
    """
    mimetype = request.mimetype
    query = query_values(request)
    found = {name: request.args[name] for name in extras if name in request.args}
    validated(schema, {**TEXT_STANDIN, **found})
    if mimetype == "application/json":
        body = validated(schema, json_file_body(request) if body is None else body)
        found.update({name: body.pop(name) for name in extras if name in body})
        options = {**query.pop("options"), **_typed(body.pop("options", {}))}
        request_obj = ArticleRequest(**{**query, **read_json_content(body)}, options=options)
    elif mimetype in RAW_FORMATS:
        text_limit(request)
        request_obj = ArticleRequest(
            content=text_body(request), format=RAW_FORMATS[mimetype], **query
        )
    elif mimetype == MULTIPART:
        form = _form_values(request, schema, extras)
        found.update({name: form.pop(name) for name in extras if name in form})
        upload = _form_file(request, form.pop("format", "auto"))
        request_obj = ArticleRequest(
            content=upload.content, format=upload.format, **{**query, **form}
        )
    elif mimetype in FILE_TYPES:
        upload = read_upload(body_bytes(request), _config(), mimetype, request.args.get("filename"))
        request_obj = ArticleRequest(content=upload.content, format=upload.format, **query)
    else:
        accepted = ["application/json", *RAW_FORMATS, MULTIPART, *FILE_TYPES]
        raise UnsupportedMediaType(
            f"Content-Type {mimetype or '(none)'!r} is not supported; use one of {accepted}",
            {"accepted": accepted},
        )
    if request_obj.format != "blocks":
        check_length(request_obj.content, max_chars)
    return request_obj, found


def _config() -> Config:
    from service.api.http import current_state

    return current_state().config


def body_limit(endpoint: str | None, config: Config) -> int:
    """The largest body a route reads: file routes take files, glossary routes entries, every
    other route text."""
    if (endpoint or "").partition(".")[0] in GLOSSARY_BLUEPRINTS:
        return config.glossary_max_body_bytes
    files = FILE_ENDPOINTS.get(endpoint or "", 0)
    if not files:
        return config.max_body_bytes
    as_base64 = files * int(config.max_file_bytes * BASE64_OVERHEAD) + FORM_SLACK_BYTES
    return max(config.max_body_bytes, as_base64)


def text_limit(request: Request) -> None:
    """PayloadTooLarge when a text body (raw or JSON) is over PD_MAX_BODY_BYTES, on the file
    routes too, where the body limit is the file limit."""
    limit = _config().max_body_bytes
    size = len(request.get_data(cache=True))  # a chunked body has no Content-Length
    if size > limit:
        raise PayloadTooLarge(
            f"the body has {size} bytes, over the limit of {limit} for text (PD_MAX_BODY_BYTES)",
            {"bytes": size, "max_body_bytes": limit},
        )


def json_file_body(request: Request) -> Any:
    """The JSON body of a route that takes files: held to the text limit unless it carries a
    file (`content_base64`), checked before it is parsed."""
    if b'"content_base64"' not in request.get_data(cache=True):
        text_limit(request)
    return json_body(request)


def read_json_content(body: dict[str, Any]) -> dict[str, Any]:
    """The JSON body's fields (or a compare version's), with a `content_base64` file read into
    `content` and `format`."""
    encoded = body.pop("content_base64", None)
    filename = body.pop("filename", None)
    if encoded is None:
        return body
    if "content" in body:
        raise InvalidInput("send content or content_base64, not both", {"field": "content"})
    try:
        data = base64.b64decode(encoded, validate=True)
    except binascii.Error as exc:
        raise InvalidInput(
            f"content_base64 is not valid base64 ({exc})", {"field": "content_base64"}
        ) from exc
    fmt = body.pop("format", "auto")
    name = filename or (f"upload.{fmt}" if fmt != "auto" else None)
    upload = read_upload(
        data, _config(), None, name, fmt if fmt in RAW_FORMATS.values() else "auto"
    )
    return {**body, "content": upload.content, "format": upload.format}


def _form_values(request: Request, schema: str, extras: tuple[str, ...]) -> dict[str, Any]:
    """The form fields of a multipart request (languages, model, format, extras)."""
    names = (*QUERY_FIELDS, "format", *extras)
    values = {name: request.form[name] for name in names if name in request.form}
    validated(schema, {**FILE_STANDIN, **values})
    return values


def _form_file(request: Request, fmt: str) -> Upload:
    upload = request.files.get("file")
    if upload is None and "file" in request.form:  # a part without a file name: its text
        upload = FileStorage(io.BytesIO(request.form["file"].encode()), name="file")
    if upload is None:
        raise InvalidInput("multipart/form-data needs the document in the field `file`",
                           {"field": "file"})  # fmt: skip
    return read_form_file(upload, fmt)


def read_form_file(upload: FileStorage, fmt: str = "auto") -> Upload:
    """A multipart form's file read like any upload (a document's blocks, or text); `fmt` is
    the form's `format`, used for a text file."""
    text_format = fmt if fmt in RAW_FORMATS.values() else "auto"
    name = upload.filename or (f"upload.{fmt}" if fmt != "auto" else None)
    return read_upload(upload.read(), _config(), upload.mimetype, name, text_format)


def body_bytes(request: Request) -> bytes:
    """The whole body. A body without Content-Length (chunked) that runs past the size limit is
    a 413, never an article silently cut at the limit."""
    data = request.get_data(cache=False)
    limit = request.max_content_length
    unbounded = request.content_length is None and limit is not None and len(data) >= limit
    if unbounded and request.environ["wsgi.input"].read(1):
        raise PayloadTooLarge(
            f"the body is over the limit of {limit} bytes", {"max_body_bytes": limit}
        )
    return data


def json_body(request: Request) -> Any:
    """The decoded JSON body, or InvalidInput (400) naming where it is malformed.

    Stricter than `json.loads`: a repeated key (which a gateway and this service might read
    differently), `NaN`/`Infinity`, nesting too deep to decode and integers with thousands of
    digits are all 400s rather than surprises further in.
    """
    raw = body_bytes(request)
    try:
        value = json.loads(raw, object_pairs_hook=_unique_keys, parse_constant=_no_constant)
    except UnicodeDecodeError as exc:
        raise InvalidEncoding("the body is not valid UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"malformed JSON: {exc.msg}", {"line": exc.lineno, "column": exc.colno}
        ) from exc
    except RecursionError as exc:
        raise InvalidInput("malformed JSON: nested too deeply") from exc
    except ValueError as exc:  # an integer beyond Python's digit limit for int()
        raise InvalidInput(f"malformed JSON: {exc}") from exc
    _reject_surrogates(value)
    return value


def _reject_surrogates(value: Any) -> None:
    """InvalidEncoding for a lone `\\udXXX` escape: such a string is not text and has no UTF-8."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str) and _SURROGATE.search(item):
            raise InvalidEncoding("a JSON string holds a lone surrogate escape (\\ud800-\\udfff)")
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise InvalidInput(f"malformed JSON: key {key!r} appears twice", {"field": key})
        seen[key] = value
    return seen


def _no_constant(name: str) -> Any:
    raise InvalidInput(f"malformed JSON: {name} is not a JSON number", {"value": name})


def text_body(request: Request) -> str:
    """The body as text: UTF-8, or UTF-16/32 when the body starts with its byte-order mark."""
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in TEXT_CHARSETS:
        raise InvalidEncoding(f"charset {charset!r} is not supported; send UTF-8")
    return decode(body_bytes(request))


def query_values(request: Request) -> dict[str, Any]:
    """Language, model, built-in glossary switch and options from the query string, validated
    like a JSON body."""
    args = request.args
    values: dict[str, Any] = {k: args[k] for k in QUERY_FIELDS if k in args}
    if "builtin_glossary" in args:
        values["builtin_glossary"] = boolean_field(args["builtin_glossary"], "builtin_glossary")
    options: dict[str, Any] = {}
    for name, schema in OPTIONS["properties"].items():
        if name in args and schema["type"] == "string":
            options[name] = args[name]  # (the schema's enum checks it)
        elif name in args:
            kind = int if schema["type"] == "integer" else float
            options[name] = _number(args[name], name, kind)
    # a raw file body's name is checked too, whatever the body is
    named = {"filename": args["filename"]} if "filename" in args else {}
    validated("ArticleRequest", {**TEXT_STANDIN, **values, **named, "options": options})
    return {**values, "options": options}


def _typed(options: dict[str, Any]) -> dict[str, Any]:
    """Integer options as ints: JSON Schema accepts 2.0 as an integer, Python slices do not."""
    integers = {k for k, v in OPTIONS["properties"].items() if v["type"] == "integer"}
    return {k: int(v) if k in integers else v for k, v in options.items()}


def validated(schema: str, value: Any) -> Any:
    """`value` if it matches the named schema, else InvalidInput with the failing field."""
    try:
        validator(schema).validate(value)
    except ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(body)"
        raise InvalidInput(f"{where}: {exc.message}", {"field": where}) from exc
    return value


def output_kind(request: Request, kinds: tuple[str, ...] = ("json", "markdown")) -> str:
    """`markdown` (or another of `kinds`) when asked by `?output=` or by the Accept header."""
    wanted = request.args.get("output")
    if wanted is not None:
        if wanted not in kinds:
            raise InvalidInput(f"output must be {' or '.join(kinds)}", {"field": "output"})
        return wanted
    best = request.accept_mimetypes.best_match([MEDIA_TYPES[kind] for kind in kinds])
    return next((kind for kind in kinds if MEDIA_TYPES[kind] == best), "json")


def boolean_field(raw: str, name: str) -> bool:
    """A query or form field's `true` or `false` (any case); InvalidInput for anything else."""
    if raw.lower() not in ("true", "false"):
        raise InvalidInput(f"{name}: {raw!r} is not true or false", {"field": name})
    return raw.lower() == "true"


def _number(raw: str, name: str, kind: type[int] | type[float]) -> int | float:
    try:
        value = kind(raw)
    except ValueError as exc:
        raise InvalidInput(f"{name}: {raw!r} is not a number", {"field": name}) from exc
    if not math.isfinite(value):
        raise InvalidInput(f"{name}: {raw!r} is not a finite number", {"field": name})
    return value


def presented_key(request: Request, body: Mapping[str, Any] | None = None) -> str | None:
    """The API key a request carries: Authorization Bearer, X-API-Key, or an `api_key` field."""
    auth = request.headers.get("Authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    if "X-API-Key" in request.headers:
        return request.headers["X-API-Key"]
    value = (body or {}).get("api_key")
    return value if isinstance(value, str) else None
