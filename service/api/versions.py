"""Read a /v1/compare request (or a compare job's): two versions, JSON or a multipart form.

JSON: `{"old": {"content", "format"?}, "new": {…}, "translate"?, "model"?, "glossary"?,
"glossary_id"?, "builtin_glossary"?}`, validated against the OpenAPI schema; a version may instead
carry a file as `content_base64` (with `format` or `filename`), as a /v1 article request does. A
multipart form: fields `old` and `new`, each an uploaded file or plain text; `translate`, `model`,
`glossary_id` and `builtin_glossary` as form fields. Both take those from the query string too (body
fields win); the glossary is folded in as on the /v1 routes (service.api.glossaries.with_glossary).
Files (PDF, DOCX, OFD, .doc/.wps, or text) are read as the /v1 routes read them
(service.api.reading, service.runtime.uploads): a document is read now and its version carries its
blocks. Each version is held to PD_MAX_CHARS. A compare job's `callback_url` is the body's or the
form's field, else the query parameter, as for a document job.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import Request

from service.api.glossaries import with_glossary
from service.api.reading import (
    TEXT_STANDIN,
    boolean_field,
    json_file_body,
    read_form_file,
    read_json_content,
    validated,
)
from service.errors import InvalidInput, UnsupportedMediaType
from service.parsing.ingest import INTERNAL
from service.runtime import comparing
from service.runtime.tasks import check_length

MULTIPART = "multipart/form-data"
SIDES = ("old", "new")
TRANSLATE_WORDS = {"true": True, "false": False, "all": "all"}


def compare_request(request: Request, max_chars: int) -> comparing.CompareRequest:
    """The compare request of a JSON body or a multipart form (each version within max_chars)."""
    if request.mimetype == "application/json":
        return compare_from_json(json_file_body(request), request, max_chars)
    if request.mimetype == MULTIPART:
        return compare_from_form(request, max_chars)
    accepted_types = ["application/json", MULTIPART]
    raise UnsupportedMediaType(
        f"Content-Type {request.mimetype or '(none)'!r} is not supported here; use one of "
        f"{accepted_types}",
        {"accepted": accepted_types},
    )


def compare_from_json(body: Any, request: Request, max_chars: int) -> comparing.CompareRequest:
    """The compare request of a decoded JSON body (a job's `task` and `callback_url` apart)."""
    if not isinstance(body, dict):
        raise InvalidInput("the body must be a JSON object", {"field": "(body)"})
    values = validated("CompareRequest", {**_query(request), **_without_job_fields(body)})
    for side in SIDES:
        values[side] = read_json_content(dict(values[side]))
    return _checked(values, max_chars)


def callback_url_of(request: Request, body: dict[str, Any] | None = None) -> str | None:
    """A compare job's `callback_url`: the JSON body's or the multipart form's field, else the
    query parameter (as a document job takes it), held to the JobRequest schema."""
    fields = request.form if body is None else body
    url = fields.get("callback_url", request.args.get("callback_url"))
    if url is not None:
        validated("JobRequest", {**TEXT_STANDIN, "callback_url": url})
    return url


def _without_job_fields(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k not in ("task", "callback_url")}


def compare_from_form(request: Request, max_chars: int) -> comparing.CompareRequest:
    """The compare request of a multipart form: fields `old` and `new`, files or text."""
    values: dict[str, Any] = {**_query(request), **_words(request.form)}
    validated("CompareRequest", {**values, "old": TEXT_STANDIN, "new": TEXT_STANDIN})
    for side in SIDES:
        upload = request.files.get(side)
        if upload is not None and upload.filename:
            read = read_form_file(upload)
            values[side] = {"content": read.content, "format": read.format}
        elif side in request.form:
            values[side] = {"content": request.form[side]}
        else:
            raise InvalidInput(f"the form has no field {side!r} (a file or text)", {"field": side})
    return _checked(values, max_chars)


def is_compare_form(request: Request) -> bool:
    """Whether a multipart form holds two versions (a field `old` or `new`) or says
    `task=compare`, rather than one document in `file`."""
    if request.form.get("task", request.args.get("task")) == "compare":
        return True
    return any(side in request.form or side in request.files for side in SIDES)


def _query(request: Request) -> dict[str, Any]:
    """`translate`, `model`, `glossary_id` and `builtin_glossary` from the query string (JSON
    body fields win over them)."""
    return _words(request.args)


def _words(fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if "translate" in fields:
        word = fields["translate"]
        if word not in TRANSLATE_WORDS:
            raise InvalidInput("translate must be true, false or all", {"field": "translate"})
        values["translate"] = TRANSLATE_WORDS[word]
    for name in ("model", "glossary_id"):
        if name in fields:
            values[name] = fields[name]
    if "builtin_glossary" in fields:
        values["builtin_glossary"] = boolean_field(fields["builtin_glossary"], "builtin_glossary")
    return values


def _checked(values: dict[str, Any], max_chars: int) -> comparing.CompareRequest:
    glossary_id = values.pop("glossary_id", None)
    req = comparing.CompareRequest.from_dict(values)
    for side in (req.old, req.new):
        if side.format != INTERNAL:  # a file's blocks were measured when it was read
            check_length(side.content, max_chars)
    entries = with_glossary(req.article("new"), glossary_id).glossary
    return replace(req, glossary=dict(entries))
