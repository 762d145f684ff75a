"""Jobs: submit, read, cancel, and the steps workers run (plan, units, assemble, callback).

One `Jobs` per process opens the store (service.jobs.store) on first use and registers the
steps as huey tasks. A job runs as: `plan` (parse, cut the model inputs into units, a digest's
gist first, enqueue them) → `unit-i` on any worker (translate its inputs into the durable
memory) → `assemble` once every unit is done (the synchronous task itself, run with the memory:
every piece is found there, so the result is the synchronous route's, in document order) → one
`callback` per URL asked for (service.jobs.subscribers: equal submits share the job and each
one's URL is called). Each step is claimed (service.jobs.claims) so that a dead
worker's step is run again by the recovery pass (at every worker start and every minute) and a
live worker's step never twice.

Every change is also announced in the job's event log (service.jobs.events): `progress` after
each step, the `gist` once its units are done, each top-level `section` once all its units are,
and the final `done`, `failed` or `cancelled`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from service.config import Config
from service.errors import (
    InvalidInput,
    JobCancelled,
    JobNotFinished,
    JobNotFound,
    ServiceError,
)
from service.jobs import callbacks, claims, records, snapshot, subscribers, units
from service.jobs.events import FINAL, Event
from service.jobs.memory import DurableMemory
from service.jobs.store import Store
from service.runtime import comparing, tasks
from service.runtime.state import ServiceState

if TYPE_CHECKING:
    from service.document import Document

log = logging.getLogger("service.jobs")
NS = "jobs"
STEP_RETRIES = 2  # an unexpected error runs a step again this often before the job fails
CALLBACK_RETRIES = 4  # deliveries after the first, PD_CALLBACK_RETRY_DELAY_S apart, doubling
StateFactory = Callable[[], ServiceState]
Request = tasks.ArticleRequest | comparing.CompareRequest


class Jobs:
    """Document jobs of one process (see module docstring)."""

    def __init__(self, config: Config, state: StateFactory | None = None) -> None:
        self.config = config
        self._state_factory = state or (lambda: ServiceState.start(config))
        self._state: ServiceState | None = None
        self._store: Store | None = None
        self._memory: DurableMemory | None = None
        self._tasks: dict[str, Any] = {}

    # -- the store and the huey tasks, opened on first use
    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.config)
            self._register(self._store.huey)
        return self._store

    @property
    def huey(self) -> Any:
        """The huey instance (its consumer runs the steps: `policy-digest worker`)."""
        return self.store.huey

    def state(self) -> ServiceState:
        """The ServiceState steps run with (models loaded on first use in a worker)."""
        if self._state is None:
            self._state = self._state_factory()
        return self._state

    def memory(self) -> DurableMemory:
        if self._memory is None:
            self._memory = DurableMemory(self.store, self.config.memory_ttl_s)
        return self._memory

    # -- the public operations
    def submit(
        self,
        req: Request,
        task: str,
        state: ServiceState,
        *,
        owner: str | None = None,
        callback_url: str | None = None,
        idempotency_key: str | None = None,
    ) -> tuple[dict[str, Any], bool]:
        """Validate and queue a job; returns its Job JSON and whether it is new.

        The request is checked as the synchronous route would (parse, languages, model) so
        that bad input is refused now. The same owner, task, content, model and options (or
        the same Idempotency-Key) return the existing job unless it failed or was cancelled;
        `callback_url` is then added to that job's callbacks (called at once if it has ended).
        """
        if task not in records.TASKS:
            raise InvalidInput(f"task must be one of {list(records.TASKS)}", {"field": "task"})
        request = self._checked(req, task, state)
        if callback_url is not None:
            callbacks.check_url(callback_url, self.config.callback_hosts)
        marker = "idem:" + _digest(owner, idempotency_key or [task, request])
        existing = self._existing(marker)
        if existing is not None:
            self._subscribe(existing, callback_url)
            return self._view(existing), False
        record = records.new_record(uuid.uuid4().hex, task, request, owner, self.config.job_ttl_s)
        record["idempotency"] = marker
        self.store.put(NS, _record_key(record["id"]), record)
        winner = self._reserve(marker, record["id"])
        if winner is not None:  # an equal submit got there first: answer with its job
            self.store.delete(NS, _record_key(record["id"]))
            self._subscribe(winner, callback_url)
            return self._view(winner), False
        self.store.put("index", record["id"], record["expires_at"])
        self._subscribe(record, callback_url)
        self._progress(record)
        self._enqueue("plan", record["id"])
        return self._view(record), True

    def _checked(self, req: Request, task: str, state: ServiceState) -> dict[str, Any]:
        """The request as stored, checked as the synchronous route would, with its model."""
        limit = state.config.max_sentences
        if (task == "compare") != isinstance(req, comparing.CompareRequest):
            raise InvalidInput(
                "a compare job takes the versions `old` and `new`; other jobs take `content`",
                {"field": "task"},
            )
        if isinstance(req, comparing.CompareRequest):
            tasks.parse(req.article("old"), limit)
            article = req.article("new")
            request = req.to_dict()
        else:
            article = req
            request = {**asdict(req), "options": dict(req.options)}
        document = tasks.parse(article, limit)
        wants_model = task not in ("outline", "compare") or bool(request.get("translate"))
        target = tasks.resolve(document, article, state) if wants_model else None
        request["target"] = asdict(target) if target else None
        return request

    def _subscribe(self, record: dict[str, Any], url: str | None) -> None:
        """Add `url` to the job's callbacks; queue its delivery now if the job has ended.

        The slot is added before the status is read, and the step that ends the job writes the
        status before it lists the slots, so at least one of the two queues a slot added as the
        job ends (service.jobs.subscribers queues it once)."""
        if url is None:
            return
        slot, new = subscribers.add(self.store, record, url)
        current = self.store.get(NS, _record_key(record["id"])) if new else None
        if current is not None and current["status"] in records.TERMINAL:
            self._queue_callback(record["id"], slot)

    def _queue_callback(self, job_id: str, slot: int) -> None:
        if subscribers.claim_queueing(self.store, job_id, slot):
            self._send("callback", job_id, slot)

    def _reserve(self, marker: str, job_id: str) -> dict[str, Any] | None:
        """Point `marker` at `job_id` atomically, unless it names a live job: then that job.

        Two equal submits at the same moment both pass the first look-up; only one of them
        adds the marker, so both answer with one job. A marker left by a failed, cancelled or
        expired job is replaced."""
        while not self.store.add(NS, marker, job_id):
            existing = self._existing(marker)
            if existing is not None:
                return existing
            self.store.delete(NS, marker)
        return None

    def status(self, job_id: str, owner: str | None = None) -> dict[str, Any]:
        """The Job JSON (JobNotFound for an unknown, expired or another key's job)."""
        return self._view(self._record(job_id, owner))

    def result(self, job_id: str, owner: str | None = None) -> tasks.Result:
        """A done job's result (JobNotFinished while it runs or when it failed)."""
        record = self._record(job_id, owner)
        stored = self.store.get(NS, f"result:{job_id}")
        if record["status"] != records.DONE or stored is None:
            raise JobNotFinished(
                f"job {job_id} is {record['status']}; its result exists once it is done",
                {"status": record["status"]},
            )
        return tasks.Result(stored["body"], stored["markdown"], html=stored.get("html"))

    def attach(self, job_id: str, data: bytes) -> None:
        """Keep a file with a job (the .docx a DeepL document job writes its English into);
        it is deleted with the job."""
        self.store.put(NS, f"file:{job_id}", base64.b64encode(data).decode())

    def attachment(self, job_id: str, owner: str | None = None) -> bytes:
        """The file attached to a job (JobNotFound for an unknown job or one without a file)."""
        self._record(job_id, owner)
        stored = self.store.get(NS, f"file:{job_id}")
        if stored is None:
            raise JobNotFound(f"job {job_id!r} has no file attached")
        return base64.b64decode(stored)

    def partial(self, job_id: str, owner: str | None = None) -> tasks.Result:
        """The result so far, its JSON with `"partial": true`, while the job is queued or
        running (texts not translated yet are null); once done, the final result with
        `"partial": false`. JobNotFinished when it failed or was cancelled, and for a compare
        job until it is done (a comparison is made whole, in its assembly)."""
        record = self._record(job_id, owner)
        if record["status"] in records.TERMINAL or record["task"] == "compare":
            final = self.result(job_id, owner)
            return tasks.Result({**final.body, "partial": False}, final.markdown, html=final.html)
        found = snapshot.partial_result(record, self.state(), self.memory())
        return tasks.Result({**found.body, "partial": True}, found.markdown)

    def events(self, job_id: str, after: int, owner: str | None = None) -> list[Event]:
        """The job's events with ids above `after` (JobNotFound as for its status)."""
        record = self._record(job_id, owner)
        found = self.store.events_since(job_id, after)
        ended = record["status"] in records.TERMINAL
        if not found and ended and not self.store.has_event(job_id, FINAL):
            self._end_log(record)  # a job that ended before its log had a final event
            found = self.store.events_since(job_id, after)
        return found

    def cancel(self, job_id: str, owner: str | None = None) -> dict[str, Any]:
        """Cancel a queued or running job (its running work stops at the next batch)."""
        record = self._record(job_id, owner)
        if record["status"] not in records.TERMINAL:
            self._finish(record, records.CANCELLED)
        return self._view(record)

    # -- maintenance
    def recover(self) -> int:
        """Re-enqueue the steps of live jobs whose worker died; returns how many."""
        count = 0
        for job_id in self.store.items("index"):
            record = self.store.get(NS, _record_key(job_id))
            if record is None or record["status"] in records.TERMINAL:
                continue
            for step in self._stalled(record):
                log.warning("re-running a dead worker's step", extra={"job": job_id, "step": step})
                self.state().metrics.job_retries.inc()
                self._enqueue(step, job_id)
                count += 1
        return count

    def sweep(self) -> int:
        """Delete jobs (records, results, markers) past PD_JOB_TTL_S; returns how many."""
        now = time.time()
        expired = [job_id for job_id, at in self.store.items("index").items() if at < now]
        for job_id in expired:
            record = self.store.get(NS, _record_key(job_id)) or {"units": [], "idempotency": ""}
            steps = ["plan", "assemble", *(f"unit-{i}" for i in range(len(record["units"])))]
            keys = [
                k for s in steps for k in (claims.claim_key(job_id, s), claims.done_key(job_id, s))
            ]
            keys += subscribers.keys(self.store, job_id)
            self.store.delete(NS, _record_key(job_id), f"result:{job_id}", f"file:{job_id}", *keys)
            self.store.drop_events(job_id)
            if self.store.get(NS, record.get("idempotency", "")) == job_id:
                self.store.delete(NS, record["idempotency"])
            self.store.delete("index", job_id)
        return len(expired)

    # -- steps
    def run_step(self, step: str, job_id: str, final_try: bool) -> None:
        """Run one step of a job if it is still wanted and no live worker holds it."""
        record = self.store.get(NS, _record_key(job_id))
        if record is None or record["status"] in records.TERMINAL:
            return
        if self.store.get(NS, claims.done_key(job_id, step)) is not None:
            return
        if not claims.take(self.store, job_id, step, self.config.job_lease_s):
            return
        log.info("job %s: running step %s", job_id, step, extra={"job": job_id, "step": step})
        try:
            steps = {"plan": self._plan, "unit": self._unit, "assemble": self._assemble}
            steps[step.split("-")[0]](record, step)
        except JobCancelled:
            return
        except ServiceError as exc:
            self._fail(job_id, exc.to_dict()["error"])
        except Exception:
            claims.release(self.store, job_id, step)
            if not final_try:
                self.state().metrics.job_retries.inc()
                raise  # huey runs the step again after a delay
            log.exception("job step failed", extra={"job": job_id, "step": step})
            error = {"code": "internal_error", "message": f"step {step} failed", "details": {}}
            self._fail(job_id, error)

    def _plan(self, record: dict[str, Any], step: str) -> None:
        plan, chars = self._plan_of(record)
        record = self._update(
            record["id"],
            status=records.RUNNING,
            started_at=time.time(),
            units=plan.units,
            order=plan.order,
            gist_units=plan.gist_units if record["task"] == "digest" else None,
            sections=plan.sections,
            chars_total=chars,
        )
        self._done(record["id"], step, 0)
        self._progress(record)
        for index in range(len(plan.units)):
            self._enqueue(f"unit-{index}", record["id"])
        if not plan.units:
            self._enqueue("assemble", record["id"])

    def _plan_of(self, record: dict[str, Any]) -> tuple[units.Plan, int]:
        """The job's units and the characters they translate: an outline or a comparison
        without English has none; a comparison's units take its changed units' texts in order;
        a document's, its gist first (see `_units_of`)."""
        req = snapshot.request(record)
        if record["request"]["target"] is None:  # an outline, or a comparison not translated
            return units.Plan([], [], 0, []), records.characters(record["request"])
        if isinstance(req, comparing.CompareRequest):
            texts = comparing.model_inputs_of(req, self.config.max_sentences)
            pieces = units.cut(texts, self.config.job_unit_chars)
            return units.Plan(list(range(len(texts))), pieces, 0, []), sum(map(len, texts))
        document = tasks.parse(req, self.config.max_sentences)
        plan = self._units_of(document, req, record["task"])
        return plan, sum(len(text) for text in _ordered(document, plan.order))

    def _units_of(self, document: Document, req: tasks.ArticleRequest, task: str) -> units.Plan:
        """The units of a document: a digest's gist first (only the gist for scope outline)."""
        from service.translate.document import input_keys, keyed_inputs

        gist: set[str] = set()
        if task == "digest" or req.scope == "outline":
            gist = tasks.gist_keys(document, tasks.outline_of(document, req))
        sections = [(s.id, input_keys(s)) for s in document.sections]
        return units.plan(
            keyed_inputs(document),
            gist,
            sections,
            self.config.job_unit_chars,
            gist_only=req.scope == "outline",
        )

    def _unit_inputs(self, record: dict[str, Any]) -> tuple[list[str], Document | None]:
        """The texts the job's units translate ahead, in the plan's order, and the parsed
        article (None for a comparison, which announces no sections)."""
        req = snapshot.request(record)
        if isinstance(req, comparing.CompareRequest):
            return comparing.model_inputs_of(req, self.config.max_sentences), None
        document = tasks.parse(req, self.config.max_sentences)
        return _ordered(document, record.get("order")), document

    def _unit(self, record: dict[str, Any], step: str) -> None:
        started = time.perf_counter()
        req, target = snapshot.request(record), record["request"]["target"]
        start, end = record["units"][int(step.split("-")[1])]
        inputs, document = self._unit_inputs(record)
        texts = inputs[start:end]
        state, memory = self.state(), self.memory()
        hits, misses = memory.hits, memory.misses
        state.translate_texts(
            texts,
            target["model"],
            target["source"],
            target["target"],
            req.translation_options(),
            self._still_wanted(record["id"], step),
            memory,
            req.translation_glossary(),
        )
        state.metrics.memory_hits.inc(memory.hits - hits)
        state.metrics.memory_misses.inc(memory.misses - misses)
        state.metrics.unit_duration.observe(time.perf_counter() - started)
        self._done(record["id"], step, sum(len(t) for t in texts))
        if document is not None:
            self._announce(record, document)
        if len(self._units_done(record)) == len(record["units"]):
            self._enqueue("assemble", record["id"])

    def _assemble(self, record: dict[str, Any], step: str) -> None:
        req, task = snapshot.request(record), record["task"]
        state = self.state()
        background = tasks.Background(self.memory())
        still_wanted = self._still_wanted(record["id"], step)
        if isinstance(req, comparing.CompareRequest):
            result = comparing.compare(req, state, still_wanted, background)
        elif task == "outline":
            result = tasks.outline(req, self.config.max_sentences)
        else:
            run = tasks.translate if task == "translate" else tasks.digest
            result = run(req, state, still_wanted, background)
        stored = {"body": result.body, "markdown": result.markdown, "html": result.html}
        self.store.put(NS, f"result:{record['id']}", stored)
        self._done(record["id"], step, 0)
        self._announce_result(record, result.body)
        self._finish(self.store.get(NS, _record_key(record["id"])), records.DONE)

    # -- events
    def _progress(self, record: dict[str, Any]) -> None:
        progress = records.public(record, self._units_done(record))["progress"]
        self.store.append_event(record["id"], "progress", progress)

    def _announce(self, record: dict[str, Any], document: Document) -> None:
        """After a unit: the gist and the sections it completed (each once), then progress."""
        job_id, done = record["id"], self._units_done(record)
        gist_units = record.get("gist_units")
        due = []
        if gist_units is not None and all(u in done for u in range(gist_units)):
            due.append("gist")
        due += [f"section:{s}" for s, needed in record["sections"] if set(needed) <= done.keys()]
        due = [key for key in due if not self.store.has_event(job_id, key)]
        if due:
            translation = snapshot.translation_so_far(record, document, self.state(), self.memory())
            found = snapshot.sections(translation.to_dict())
            for key in due:
                if key == "gist":
                    self.store.append_event(
                        job_id, "gist", snapshot.gist(record, document, translation), key
                    )
                else:
                    self.store.append_event(job_id, "section", found[key.split(":", 1)[1]], key)
        self._progress(record)

    def _announce_result(self, record: dict[str, Any], body: dict[str, Any]) -> None:
        """Before `done`: the gist and every section not announced yet, from the result (a
        digest's or a translation's; an outline or a comparison has none)."""
        job_id = record["id"]
        if record["task"] == "digest":
            self.store.append_event(job_id, "gist", snapshot.gist_of(body), "gist")
        translation = body.get("translation") if record["task"] == "digest" else body
        if record["task"] in ("digest", "translate") and translation is not None:
            for section_id, data in snapshot.sections(translation).items():
                self.store.append_event(job_id, "section", data, f"section:{section_id}")

    def _end_log(self, record: dict[str, Any]) -> None:
        """The final event of an ended job: `done`, `failed` or `cancelled` with its Job JSON."""
        self.store.append_event(record["id"], record["status"], self._view(record), FINAL)

    def deliver(self, job_id: str, slot: int, final_try: bool) -> None:
        """POST the ended job's Job JSON to one of its callbacks, and record how that went: an
        error is raised for huey to try again, and after the last try the callback is failed.
        The body leaves out `callbacks`: a receiver is not told who else is."""
        record = self.store.get(NS, _record_key(job_id))
        found = None if record is None else subscribers.entry(self.store, record, slot)
        if record is None or found is None or found["status"] != subscribers.PENDING:
            return
        body = records.public(record, self._units_done(record))
        try:
            callbacks.deliver(
                found["url"], body, self.config.callback_hosts, self.config.callback_secret
            )
        except Exception as exc:
            if not final_try:
                raise
            where = subscribers.shown(found["url"])
            log.warning("callback to %s failed after its retries: %s", where, exc,
                        extra={"job": job_id})  # fmt: skip
            subscribers.mark(self.store, job_id, slot, found["url"], subscribers.FAILED)
            return
        subscribers.mark(self.store, job_id, slot, found["url"], subscribers.DELIVERED)

    def maintain(self) -> None:
        """The maintenance pass every worker runs each minute: recover, sweep, expire memory."""
        self.recover()
        self.sweep()
        self.memory().expire()
        if self._state is not None:  # an idle worker does not load the models for a gauge
            self._state.metrics.queue_depth.set(self.store.pending())

    # -- helpers
    def _register(self, huey: Any) -> None:
        from huey import crontab

        @huey.task(retries=STEP_RETRIES, retry_delay=2, context=True, name="pd.step")
        def step(name: str, job_id: str, task: Any = None) -> None:
            self.run_step(name, job_id, final_try=task is None or task.retries == 0)

        @huey.task(
            retries=CALLBACK_RETRIES,
            retry_delay=self.config.callback_retry_delay_s,
            retry_backoff=2,
            context=True,
            name="pd.callback",
        )
        def callback(job_id: str, slot: int = 0, task: Any = None) -> None:
            # slot 0 alone: a delivery queued before a job had several (service.jobs.subscribers)
            self.deliver(job_id, slot, final_try=task is None or task.retries == 0)

        @huey.periodic_task(crontab(), name="pd.maintain")
        def maintain() -> None:
            self.maintain()

        @huey.on_startup(name="pd.recover")
        def recover_at_start() -> None:
            self.state()  # load the models now: a job's first units (its gist) do not wait
            self.recover()

        self._tasks = {"step": step, "callback": callback}

    def _enqueue(self, step: str, job_id: str) -> None:
        self._send("step", step, job_id)

    def _send(self, task: str, *args: str | int) -> None:
        """Put a call of a registered huey task on the queue."""
        with self.store.reachable():
            self._task(task)(*args)

    def _task(self, name: str) -> Any:
        """A registered huey task (opening the store registers them)."""
        if self._store is None:
            self._store = self.store
        return self._tasks[name]

    def _record(self, job_id: str, owner: str | None) -> dict[str, Any]:
        record = self.store.get(NS, _record_key(job_id)) if len(job_id) <= 64 else None
        if record is None or record["owner"] != owner or record["expires_at"] < time.time():
            raise JobNotFound(f"no job {job_id!r} (unknown, expired, or not yours)")
        return record

    def _existing(self, marker: str) -> dict[str, Any] | None:
        job_id = self.store.get(NS, marker)
        record = self.store.get(NS, _record_key(job_id)) if job_id else None
        if record is None or record["status"] in {records.FAILED, records.CANCELLED}:
            return None
        return record if record["expires_at"] >= time.time() else None

    def _view(self, record: dict[str, Any]) -> dict[str, Any]:
        view = records.public(record, self._units_done(record))
        view["callbacks"] = subscribers.public(subscribers.listed(self.store, record))
        return view

    def _units_done(self, record: dict[str, Any]) -> dict[int, int]:
        keys = [claims.done_key(record["id"], f"unit-{i}") for i in range(len(record["units"]))]
        found = self.store.many(NS, keys)
        return {i: found[k]["chars"] for i, k in enumerate(keys) if k in found}

    def _done(self, job_id: str, step: str, chars: int) -> None:
        self.store.put(NS, claims.done_key(job_id, step), {"chars": chars, "at": time.time()})

    def _update(self, job_id: str, **changes: Any) -> dict[str, Any]:
        record = self.store.get(NS, _record_key(job_id))
        if record["status"] in records.TERMINAL:
            raise JobCancelled(f"job {job_id} ended meanwhile")
        record.update(changes)
        self.store.put(NS, _record_key(job_id), record)
        return record

    def _fail(self, job_id: str, error: dict[str, Any]) -> None:
        record = self.store.get(NS, _record_key(job_id))
        if record is not None and record["status"] not in records.TERMINAL:
            record["error"] = error
            self._finish(record, records.FAILED)

    def _finish(self, record: dict[str, Any], status: str) -> None:
        record.update(status=status, finished_at=time.time())
        self.store.put(NS, _record_key(record["id"]), record)
        self._end_log(record)
        seconds = record["finished_at"] - record["created_at"]
        self.state().metrics.job_duration.labels(task=record["task"], status=status).observe(
            seconds
        )
        for found in subscribers.listed(self.store, record):
            self._queue_callback(record["id"], found["slot"])

    def _still_wanted(self, job_id: str, step: str) -> Callable[[], bool]:
        """A should_stop check: renews the claim; raises JobCancelled once the job was cancelled."""
        beat = claims.Heartbeat(self.store, job_id, step)

        def check() -> bool:
            beat()
            record = self.store.get(NS, _record_key(job_id))
            if record is None or record["status"] == records.CANCELLED:
                raise JobCancelled(f"job {job_id} was cancelled")
            return False

        return check

    def _stalled(self, record: dict[str, Any]) -> list[str]:
        """Steps of a live job whose claim is stale and that are not done."""
        job_id = record["id"]
        steps = ["plan"] if record["status"] == records.QUEUED else []
        steps += [f"unit-{i}" for i in range(len(record["units"]))]
        if record["status"] == records.RUNNING and len(self._units_done(record)) == len(
            record["units"]
        ):
            steps.append("assemble")
        stalled = []
        for step in steps:
            if self.store.get(NS, claims.done_key(job_id, step)) is not None:
                continue
            claim = self.store.get(NS, claims.claim_key(job_id, step))
            if claim is not None and claims.stale(claim, self.config.job_lease_s):
                stalled.append(step)
            elif claim is None and step == "assemble":
                stalled.append(step)  # the last unit's worker died before enqueueing it
        return stalled


def _record_key(job_id: str) -> str:
    return f"job:{job_id}"


def _ordered(document: Document, order: list[int] | None) -> list[str]:
    """The document's model inputs in the plan's order (None: document order)."""
    from service.translate.document import model_inputs

    texts = model_inputs(document)
    return texts if order is None else [texts[i] for i in order]


def _digest(owner: str | None, value: Any) -> str:
    text = json.dumps([owner, value], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()
