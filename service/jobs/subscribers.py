"""A job's callbacks: every `callback_url` accepted for it, each delivered on its own.

Equal submits share one job (service.jobs.manager: the same request, or the same
Idempotency-Key), and each may bring its own `callback_url`; every one accepted is called when
the job ends, and one that arrives after the end is called at once. A job has at most MAX slots
in the `jobs` namespace, `callback:{job}:{i}` holding `{"url", "status"}` (pending, delivered,
failed). They sit beside the record, not in it: the steps rewrite the record whole (read, change,
write), so a URL written into it between a step's read and its write would be lost.

- **Adding** takes the first free slot with `Store.add` (put_if_empty: one atomic write in SQLite
  and in Redis, as claims use). Two submits at the same moment never share a slot; the same URL
  never takes two (both try the same slots in the same order, and the one that loses a slot finds
  its URL there); the (MAX+1)th distinct URL is refused with 422 `callback_refused`.
- **Queueing** a slot's delivery first adds `callback-queued:{job}:{i}`: the step that ends the
  job queues every slot it finds, a submit queues its slot when it finds the job ended, and a
  slot both see (the submit added it as the job ended) is still queued once.
- **Delivering** is done by the slot's own task, which alone writes its status afterwards; one
  failing receiver neither blocks nor repeats the others.

A record stored before slots existed names one `callback_url`; it is moved into slot 0 when the
job's callbacks are first read (`listed`), and a delivery task queued then (`pd.callback` with
the job id alone) delivers slot 0.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from service.errors import CallbackRefused
from service.jobs.store import Store

NS = "jobs"
MAX = 16
PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"


def slot_key(job_id: str, slot: int) -> str:
    return f"callback:{job_id}:{slot}"


def queued_key(job_id: str, slot: int) -> str:
    return f"callback-queued:{job_id}:{slot}"


def listed(store: Store, record: dict[str, Any]) -> list[dict[str, Any]]:
    """The job's callbacks in the order they were added: `{"slot", "url", "status"}`."""
    job_id = record["id"]
    legacy = record.get("callback_url")
    if legacy:
        store.add(NS, slot_key(job_id, 0), {"url": legacy, "status": PENDING})
    keys = [slot_key(job_id, slot) for slot in range(MAX)]
    found = store.many(NS, keys)
    return [{"slot": slot, **found[key]} for slot, key in enumerate(keys) if key in found]


def add(store: Store, record: dict[str, Any], url: str) -> tuple[int, bool]:
    """Add `url` to the job's callbacks: its slot, and whether it is new there (False when the
    URL was listed already). CallbackRefused when MAX other URLs are listed."""
    taken = {entry["slot"]: entry["url"] for entry in listed(store, record)}
    for slot in range(MAX):
        if slot not in taken and store.add(
            NS, slot_key(record["id"], slot), {"url": url, "status": PENDING}
        ):
            return slot, True
        # the slot's URL; none when it was emptied since (the job was deleted meanwhile)
        holder = taken.get(slot) or (store.get(NS, slot_key(record["id"], slot)) or {}).get("url")
        if holder == url:
            return slot, False
    raise CallbackRefused(
        f"this job already has the most callbacks it takes ({MAX}): callback_url is refused and "
        "the job is unchanged",
        {"limit": MAX},
    )


def claim_queueing(store: Store, job_id: str, slot: int) -> bool:
    """Whether this caller is the one to queue the slot's delivery (once per slot, ever)."""
    return store.add(NS, queued_key(job_id, slot), 1)


def entry(store: Store, record: dict[str, Any], slot: int) -> dict[str, Any] | None:
    """The slot's `{"url", "status"}` (None when empty)."""
    if slot == 0 and record.get("callback_url"):
        listed(store, record)  # moves a record's single URL into slot 0
    found: dict[str, Any] | None = store.get(NS, slot_key(record["id"], slot))
    return found


def mark(store: Store, job_id: str, slot: int, url: str, status: str) -> None:
    """Record how the slot's delivery ended (only its delivery task writes it)."""
    store.put(NS, slot_key(job_id, slot), {"url": url, "status": status})


def keys(store: Store, job_id: str) -> list[str]:
    """The store keys of the job's callbacks (deleted with the job)."""
    slots = [slot_key(job_id, slot) for slot in range(MAX)]
    found = store.many(NS, slots)
    return [
        k for slot, key in enumerate(slots) if key in found for k in (key, queued_key(job_id, slot))
    ]


def public(entries: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The Job JSON's `callbacks`: each URL shown without its credentials, query and fragment
    (they may hold tokens, and the Job JSON is logged and shown to the job's owner)."""
    return [{"url": shown(entry["url"]), "status": entry["status"]} for entry in entries]


def shown(url: str) -> str:
    """`url` without userinfo, query string and fragment."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port is not None else ""
    return urlunsplit((parts.scheme, host + port, parts.path, "", ""))
