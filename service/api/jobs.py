"""`/v1/jobs`: document jobs (submit, status with progress, result, cancel) over service.jobs.

A job takes the body and options of `/v1/digest`, `/v1/translate` or `/v1/outline` plus `task`
(and an optional `callback_url`: a deduplicated job calls every one accepted, see
service.jobs.subscribers); the synchronous routes hand a request here when it carries
`Prefer: respond-async`. With API keys configured a job is visible only to the key that made it.
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from service.api import streams
from service.api.glossaries import glossary_request
from service.api.http import (
    authorize,
    current_jobs,
    current_state,
    docx_response,
    json_response,
    owner_of,
    record,
)
from service.api.reading import json_file_body, output_kind, presented_key
from service.api.versions import (
    MULTIPART,
    callback_url_of,
    compare_from_form,
    compare_from_json,
    is_compare_form,
)
from service.errors import InvalidInput
from service.jobs.manager import Request
from service.render.markdown import markdown_page

bp = Blueprint("jobs", __name__)
IDEMPOTENCY_KEY_MAX = 255


def owner() -> str | None:
    """Who a job belongs to: a hash of the request's API key, or None when keys are off."""
    return owner_of(presented_key(request))


@bp.before_request
def check_key() -> None:
    if request.method == "OPTIONS":
        return
    authorize(current_state().config.api_keys, presented_key(request))


def idempotency_key() -> str | None:
    """The request's Idempotency-Key, or InvalidInput when it is empty or too long (every route
    that documents the header refuses a bad one, whether it answers now or queues a job)."""
    key = request.headers.get("Idempotency-Key")
    if key is not None and not 0 < len(key) <= IDEMPOTENCY_KEY_MAX:
        raise InvalidInput(
            f"Idempotency-Key must have 1 to {IDEMPOTENCY_KEY_MAX} characters",
            {"field": "Idempotency-Key"},
        )
    return key


def accepted(req: Request, task: str, callback_url: str | None = None) -> Response:
    """Queue a job for `req` and answer 202 with its Location (also for `Prefer: respond-async`)."""
    key = idempotency_key()
    job, _ = current_jobs().submit(
        req,
        task,
        current_state(),
        owner=owner(),
        callback_url=callback_url,
        idempotency_key=key,
    )
    response = json_response(job, 202)
    response.headers["Location"] = f"/v1/jobs/{job['id']}"
    response.headers["Preference-Applied"] = "respond-async"
    return response


@bp.post("/v1/jobs")
def submit() -> Response:
    config = current_state().config
    body = json_file_body(request) if request.mimetype == "application/json" else None
    if isinstance(body, dict) and body.get("task") == "compare":
        compared = compare_from_json(body, request, config.max_chars)
        return accepted(compared, "compare", callback_url_of(request, body))
    if request.mimetype == MULTIPART and is_compare_form(request):
        compared = compare_from_form(request, config.max_chars)
        return accepted(compared, "compare", callback_url_of(request))
    req, extras = glossary_request(
        request, config.max_chars, "JobRequest", ("task", "callback_url"), body
    )
    return accepted(req, extras.get("task", "digest"), extras.get("callback_url"))


@bp.get("/v1/jobs/<job_id>")
def status(job_id: str) -> Response:
    return json_response(current_jobs().status(job_id, owner()))


@bp.get("/v1/jobs/<job_id>/result")
def result(job_id: str) -> Response:
    kind = output_kind(request, ("json", "markdown", "html", "docx"))
    jobs = current_jobs()
    found = jobs.partial(job_id, owner()) if partial_wanted() else jobs.result(job_id, owner())
    record(found.stats)
    if kind == "docx":
        if "outline" in found.body and "translation" not in found.body:
            raise InvalidInput("output=docx is for translate and digest jobs", {"field": "output"})
        return docx_response(found.body)
    if kind == "json" or found.markdown is None:
        return json_response(found.body)
    if kind == "markdown":
        return Response(found.markdown, mimetype="text/markdown")
    return Response(found.html or markdown_page(found.markdown), mimetype="text/html")


def partial_wanted() -> bool:
    """`?partial=true` (or false, the default); anything else is a 400."""
    value = request.args.get("partial", "false").lower()
    if value not in ("true", "false"):
        raise InvalidInput("partial must be true or false", {"field": "partial"})
    return value == "true"


@bp.get("/v1/jobs/<job_id>/events")
def events(job_id: str) -> Response:
    """The job's Server-Sent Events (service.api.streams)."""
    after = streams.last_event_id(request)
    state = current_state()
    return streams.job_events(current_jobs(), job_id, owner(), after, state.config, request.environ)


@bp.delete("/v1/jobs/<job_id>")
def cancel(job_id: str) -> Response:
    return json_response(current_jobs().cancel(job_id, owner()))
