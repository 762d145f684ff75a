"""jobs: long documents as background jobs on a task queue (huey), with a durable memory.

The Python interface other parts build on (the HTTP routes in service/api/jobs.py use it too):

    from service.jobs import open_jobs, submit, status, result, cancel
    jobs = open_jobs(config)                       # once per process; opens the store lazily
    job = submit(jobs, request, "digest", state)   # Job JSON: {"id", "status": "queued", ...}
    status(jobs, job["id"])                        # Job JSON with progress and ETA
    result(jobs, job["id"]).body                   # the synchronous route's JSON, once done
    cancel(jobs, job["id"])

`request` is a service.runtime.tasks.ArticleRequest; `state` the ServiceState that checks it.
Workers run the steps: `policy-digest worker` (or the ones `policy-digest serve` starts).
Store: SQLite in PD_DATA_DIR, or Redis with PD_QUEUE_URL. See docs/jobs.md.
"""

from __future__ import annotations

from typing import Any

from service.config import Config
from service.jobs.manager import Jobs
from service.runtime.state import ServiceState
from service.runtime.tasks import ArticleRequest, Result

__all__ = ["Jobs", "cancel", "open_jobs", "result", "status", "submit"]


def open_jobs(config: Config, state: ServiceState | None = None) -> Jobs:
    """The jobs of this deployment; steps run in this process use `state` when given."""
    return Jobs(config, (lambda: state) if state is not None else None)


def submit(
    jobs: Jobs,
    request: ArticleRequest,
    task: str,
    state: ServiceState,
    *,
    owner: str | None = None,
    callback_url: str | None = None,
    idempotency_key: str | None = None,
) -> dict[str, Any]:
    """Queue a `digest`, `translate` or `outline` job; its Job JSON (an existing equal job's
    when the same request or Idempotency-Key was seen: `callback_url` is added to its callbacks).
    Raises the synchronous route's errors for bad input, and CallbackRefused for a callback URL
    that may not be called or one over a job's 16."""
    job, _ = jobs.submit(
        request,
        task,
        state,
        owner=owner,
        callback_url=callback_url,
        idempotency_key=idempotency_key,
    )
    return job


def status(jobs: Jobs, job_id: str, owner: str | None = None) -> dict[str, Any]:
    """The Job JSON: status, progress, ETA, timestamps, error. Raises JobNotFound."""
    return jobs.status(job_id, owner)


def result(jobs: Jobs, job_id: str, owner: str | None = None) -> Result:
    """A done job's Result (`.body` JSON, `.markdown`). Raises JobNotFound, JobNotFinished."""
    return jobs.result(job_id, owner)


def cancel(jobs: Jobs, job_id: str, owner: str | None = None) -> dict[str, Any]:
    """Cancel a job (running work stops at the next batch); its Job JSON. Raises JobNotFound."""
    return jobs.cancel(job_id, owner)
