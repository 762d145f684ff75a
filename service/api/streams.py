"""Server-Sent Events of a job: `GET /v1/jobs/{id}/events` reads the job's event log.

The log lives in the job store (service.jobs.events), so any API worker on any machine serves
the stream of a job that another process translates; this module only follows it:

- each event goes out as `id: N`, `event: KIND`, `data: JSON`; after the final one (`done`,
  `failed`, `cancelled`) the stream ends. `Last-Event-ID: N` starts after event N, so a client
  that reconnects loses and repeats nothing; a job that ended before N+1 answers 204 (which
  tells a browser's EventSource to stop reconnecting), and a stream still open when its job
  ends with no event after N ends too;
- the log is read every POLL_S seconds; a comment line goes out after PD_EVENTS_HEARTBEAT_S
  seconds without events, so gateways do not close an idle stream (and a client that left is
  noticed: its socket is also checked at every poll);
- `X-Accel-Buffering: no` and `Cache-Control: no-cache` keep proxies from holding events back;
- a stream holds one gthread thread of its worker for as long as it is open. At most
  PD_MAX_STREAMS are open per worker (gunicorn gets that many threads on top of PD_THREADS, so
  streams never take the threads requests need); one more answers 503 `too_many_streams` with
  Retry-After, and the client polls `GET /v1/jobs/{id}` instead;
- when the worker stops (SIGTERM, recycling) its streams end at the next poll; the client
  reconnects with its Last-Event-ID to another worker.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator, Mapping

from flask import Request, Response

from service.api.disconnect import ClientDisconnected, client_gone
from service.config import Config
from service.errors import InvalidInput, TooManyStreams
from service.jobs import Jobs
from service.jobs.events import Event
from service.jobs.records import TERMINAL

POLL_S = 0.5  # how often an open stream reads the job's log
RETRY_MS = 2000  # the reconnection delay the stream asks clients for
_alive: list[Callable[[], bool]] = [lambda: True]  # the serving worker's liveness (gunicorn)
_slots: dict[int, threading.BoundedSemaphore] = {}
_slots_lock = threading.Lock()


def watch(alive: Callable[[], bool]) -> None:
    """Streams end at their next poll once `alive()` is False (gunicorn's post_fork sets it)."""
    _alive[0] = alive


def last_event_id(request: Request) -> int:
    """The event id a client resumes after (`Last-Event-ID`), 0 without one."""
    raw = request.headers.get("Last-Event-ID", "").strip()
    if not raw:
        return 0
    if not raw.isdigit() or len(raw) > 18:
        raise InvalidInput(
            f"Last-Event-ID must be an event id this stream sent (an integer), not {raw[:40]!r}",
            {"field": "Last-Event-ID"},
        )
    return int(raw)


def job_events(
    jobs: Jobs,
    job_id: str,
    owner: str | None,
    after: int,
    config: Config,
    environ: Mapping[str, object],
) -> Response:
    """The event stream of a job from event `after` on (see module docstring)."""
    job = jobs.status(job_id, owner)
    first = jobs.events(job_id, after, owner)
    if not first and job["status"] in TERMINAL:
        return Response(status=204)
    stream = EventStream(jobs, job_id, owner, after, first, config, client_gone(environ))
    response = Response(stream, mimetype="text/event-stream")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Accel-Buffering"] = "no"
    return response


class EventStream:
    """The body of one stream: holds a stream slot of this worker until it is closed."""

    def __init__(
        self,
        jobs: Jobs,
        job_id: str,
        owner: str | None,
        after: int,
        first: list[Event],
        config: Config,
        client_left: Callable[[], bool],
    ) -> None:
        self.slots = _slots_for(config.max_streams)
        if self.slots is None or not self.slots.acquire(blocking=False):
            raise TooManyStreams(
                f"{config.max_streams} event streams are already open in this worker; poll "
                f"GET /v1/jobs/{job_id} instead, or retry later",
                {"max_streams": config.max_streams},
            )
        self.jobs, self.job_id, self.owner = jobs, job_id, owner
        self.after, self.first = after, first
        self.heartbeat_s = config.events_heartbeat_s
        self.client_left = client_left
        self._held = True

    def __iter__(self) -> Iterator[str]:
        found, quiet_since = self.first, time.monotonic()
        retry = f"retry: {RETRY_MS}\n"  # with the first event (alone it would be an empty one)
        while True:
            for event in found:
                yield retry + frame(event)
                retry = ""
                self.after = event.id
                if event.final:
                    return
            if found:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= self.heartbeat_s:
                yield ": heartbeat\n\n"
                quiet_since = time.monotonic()
            time.sleep(POLL_S)
            if not _alive[0]() or _gone(self.client_left):
                return
            found = self.jobs.events(self.job_id, self.after, self.owner)
            if not found and self._ended():
                return  # ended with no event after the client's Last-Event-ID

    def _ended(self) -> bool:
        return self.jobs.status(self.job_id, self.owner)["status"] in TERMINAL

    def close(self) -> None:
        """Give the slot back (the server calls this when the stream ends or breaks)."""
        if self._held and self.slots is not None:
            self._held = False
            self.slots.release()


def frame(event: Event) -> str:
    """One event in the text/event-stream format (the JSON holds no line breaks)."""
    data = json.dumps(event.data, ensure_ascii=False, separators=(",", ":"))
    return f"id: {event.id}\nevent: {event.kind}\ndata: {data}\n\n"


def _gone(client_left: Callable[[], bool]) -> bool:
    try:
        return client_left()
    except ClientDisconnected:
        return True


def _slots_for(size: int) -> threading.BoundedSemaphore | None:
    """This process's stream slots (None: PD_MAX_STREAMS=0, streams are off)."""
    if size <= 0:
        return None
    with _slots_lock:
        return _slots.setdefault(size, threading.BoundedSemaphore(size))
