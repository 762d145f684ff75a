"""Claims: which worker process runs a job step now, so that a dead worker's step runs again.

A step (`plan`, `unit-3`, `assemble`) is claimed atomically before it runs, and the claim's
heartbeat is renewed between engine batches. A claim is stale when its process is gone (same
host, pid no longer alive) or when it has not beaten for PD_JOB_LEASE_S (any host); a stale
step may be claimed again and is re-enqueued by the recovery pass.
"""

from __future__ import annotations

import os
import socket
import time
from typing import Any

from service.jobs.store import Store

NS = "jobs"
HEARTBEAT_S = 2.0  # renew a claim at most this often


def me() -> dict[str, Any]:
    """This process as a claim owner."""
    return {"host": socket.gethostname(), "pid": os.getpid(), "beat": time.time()}


def claim_key(job_id: str, step: str) -> str:
    return f"claim:{job_id}:{step}"


def done_key(job_id: str, step: str) -> str:
    return f"done:{job_id}:{step}"


def stale(claim: dict[str, Any], lease_s: float) -> bool:
    """Whether the claim's owner is gone (see module docstring)."""
    if claim["host"] == socket.gethostname() and not _alive(int(claim["pid"])):
        return True
    return time.time() - float(claim["beat"]) > lease_s


def take(store: Store, job_id: str, step: str, lease_s: float) -> bool:
    """Claim a step for this process; False when a live owner holds it."""
    key = claim_key(job_id, step)
    if store.add(NS, key, me()):
        return True
    current = store.get(NS, key)
    if current is not None and not stale(current, lease_s):
        return current["host"] == socket.gethostname() and current["pid"] == os.getpid()
    store.put(NS, key, me())
    return True


def release(store: Store, job_id: str, step: str) -> None:
    """Drop this process's claim (the step failed and will be retried)."""
    store.delete(NS, claim_key(job_id, step))


class Heartbeat:
    """Renews a claim at most every HEARTBEAT_S seconds when called."""

    def __init__(self, store: Store, job_id: str, step: str) -> None:
        self.store, self.key = store, claim_key(job_id, step)
        self.last = time.monotonic()

    def __call__(self) -> None:
        if time.monotonic() - self.last >= HEARTBEAT_S:
            self.store.put(NS, self.key, me())
            self.last = time.monotonic()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
