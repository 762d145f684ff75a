"""`/v1/jobs`: document jobs (submit, status with progress, result, cancel) over service.jobs.

A job takes the body and options of `/v1/digest`, `/v1/translate` or `/v1/outline` plus `task`
(and an optional `callback_url`); the synchronous routes hand a request here when it carries
`Prefer: respond-async`. With API keys configured a job is visible only to the key that made it.
"""

from __future__ import annotations

import hashlib

from flask import Blueprint, Response, current_app, request

from service.api import streams
from service.api.http import authorize, current_state, json_response, record
from service.api.reading import article_and_extras, output_kind, presented_key
from service.errors import InvalidInput
from service.jobs import Jobs
from service.render.markdown import markdown_page
from service.runtime.tasks import ArticleRequest

bp = Blueprint("jobs", __name__)
JOBS_EXTENSION = "policy_digest_jobs"
IDEMPOTENCY_KEY_MAX = 255


def current_jobs() -> Jobs:
    """The Jobs of the app handling this request."""
    jobs: Jobs = current_app.extensions[JOBS_EXTENSION]
    return jobs


def owner() -> str | None:
    """Who a job belongs to: a hash of the request's API key, or None when keys are off."""
    if not current_state().config.api_keys:
        return None
    return hashlib.sha256((presented_key(request) or "").encode()).hexdigest()


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


def accepted(req: ArticleRequest, task: str, callback_url: str | None = None) -> Response:
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
    req, extras = article_and_extras(
        request, config.max_chars, "JobRequest", ("task", "callback_url")
    )
    return accepted(req, extras.get("task", "digest"), extras.get("callback_url"))


@bp.get("/v1/jobs/<job_id>")
def status(job_id: str) -> Response:
    return json_response(current_jobs().status(job_id, owner()))


@bp.get("/v1/jobs/<job_id>/result")
def result(job_id: str) -> Response:
    kind = output_kind(request, ("json", "markdown", "html"))
    jobs = current_jobs()
    found = jobs.partial(job_id, owner()) if partial_wanted() else jobs.result(job_id, owner())
    record(found.stats)
    if kind == "json" or found.markdown is None:
        return json_response(found.body)
    if kind == "markdown":
        return Response(found.markdown, mimetype="text/markdown")
    return Response(markdown_page(found.markdown), mimetype="text/html")


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
