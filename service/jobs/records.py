"""Job records: what is stored about a job, and the Job JSON clients see (with progress and ETA).

Stored record: id, task, status, timestamps, owner (a hash of the API key), the article request,
the model and languages it resolved to, the plan (units, the order of the inputs, how many units
are the gist, the units each top-level section needs), the error, the expiry. Its callbacks are
kept beside it (service.jobs.subscribers; a record stored before them has one `callback_url`).
The public view leaves out the request, the owner and the plan, and adds progress from the
units' done markers: `{units_done, units_total, chars_done, chars_total, eta_s, gist_ready,
sections_done, sections_total}`, where the ETA divides the characters left by the speed
measured on this job so far (null until a unit is done), `gist_ready` says whether the gist
units are done (null for tasks other than digest) and a section is done when all its units are.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

TASKS = ("digest", "translate", "outline", "compare")
QUEUED, RUNNING, DONE, FAILED, CANCELLED = "queued", "running", "done", "failed", "cancelled"
STATUSES = (QUEUED, RUNNING, DONE, FAILED, CANCELLED)
TERMINAL = frozenset({DONE, FAILED, CANCELLED})


def new_record(
    job_id: str, task: str, request: dict[str, Any], owner: str | None, ttl_s: int
) -> dict[str, Any]:
    """A queued job's record."""
    now = time.time()
    return {
        "id": job_id,
        "task": task,
        "status": QUEUED,
        "created_at": now,
        "started_at": None,
        "finished_at": None,
        "owner": owner,
        "request": request,
        "units": [],
        "order": None,  # input indexes in the order the units take them (None: document order)
        "gist_units": 0 if task == "digest" else None,
        "sections": [],  # [top-level section id, [unit indexes it needs]]
        "chars_total": characters(request),
        "error": None,
        "expires_at": now + ttl_s,
    }


def characters(request: dict[str, Any]) -> int:
    """The characters a job request holds: its article, or both versions of a comparison."""
    if "content" in request:
        return len(request["content"])
    return len(request["old"]["content"]) + len(request["new"]["content"])


def public(record: dict[str, Any], done: dict[int, int]) -> dict[str, Any]:
    """The Job JSON of a record; `done` maps finished unit indexes to their characters."""
    units_total = len(record["units"])
    chars_total = int(record["chars_total"])
    chars_done = chars_total if record["status"] == DONE else sum(done.values())
    view: dict[str, Any] = {
        "id": record["id"],
        "task": record["task"],
        "status": record["status"],
        "created_at": _iso(record["created_at"]),
        "started_at": _iso(record["started_at"]),
        "finished_at": _iso(record["finished_at"]),
        "progress": {
            "units_done": units_total if record["status"] == DONE else len(done),
            "units_total": units_total,
            "chars_done": chars_done,
            "chars_total": chars_total,
            "eta_s": _eta(record, chars_done, chars_total),
            **_parts(record, done),
        },
    }
    if record["error"] is not None:
        view["error"] = record["error"]
    return view


def _parts(record: dict[str, Any], done: dict[int, int]) -> dict[str, Any]:
    """Whether the gist is ready, and the top-level sections whose units are all done."""
    finished = record["status"] == DONE
    planned = record["status"] != QUEUED
    gist_units = record.get("gist_units")
    sections = record.get("sections", [])
    return {
        "gist_ready": None
        if gist_units is None
        else finished or (planned and all(u in done for u in range(gist_units))),
        "sections_done": sum(1 for _, units in sections if finished or set(units) <= done.keys()),
        "sections_total": len(sections),
    }


def _eta(record: dict[str, Any], chars_done: int, chars_total: int) -> float | None:
    if record["status"] in TERMINAL:
        return 0.0 if record["status"] == DONE else None
    if not chars_done or record["started_at"] is None:
        return None
    speed = chars_done / max(time.time() - record["started_at"], 1e-3)
    return round((chars_total - chars_done) / speed, 1)


def _iso(timestamp: float | None) -> str | None:
    if timestamp is None:
        return None
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="milliseconds")
