"""gunicorn settings and server hooks, all derived from the service Config (PD_* variables).

gunicorn reads this module as its config file: `gunicorn -c python:service.api.gunicorn_conf`
(`policy-digest serve` does exactly that) or through the top-level `gunicorn.conf.py`, which
re-exports it. Loading it prepares the process before the app (and torch) is imported:

- intra-op threads per worker: `PD_TORCH_THREADS`, or cores // workers, so that workers × torch
  threads never oversubscribe the cores (an engine runs one generate() at a time, so a worker's
  concurrent translations queue on it rather than multiply threads); exported as
  OMP_NUM_THREADS/MKL_NUM_THREADS too, because OpenMP reads them when torch loads;
- a Prometheus multiprocess directory (`PD_METRICS_DIR`, else a fresh temporary one) so that
  `/metrics` adds up every worker, recycled ones included.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from typing import Any

from service.api.serving import prepare_process
from service.config import Config

__all__ = [
    "accesslog",
    "bind",
    "child_exit",
    "control_socket_disable",
    "errorlog",
    "graceful_timeout",
    "keepalive",
    "logconfig_dict",
    "loglevel",
    "max_requests",
    "max_requests_jitter",
    "on_exit",
    "post_fork",
    "preload_app",
    "proc_name",
    "threads",
    "timeout",
    "when_ready",
    "worker_class",
    "worker_tmp_dir",
    "workers",
    "wsgi_app",
]


_config, _owned_metrics_dir = prepare_process(Config.from_env(), os.cpu_count() or 1)

bind = f"{_config.host}:{_config.port}"
workers = _config.workers
worker_class = "gthread"  # threads serve I/O and light routes while a translation runs
threads = _config.threads + _config.max_streams  # event streams get threads of their own
timeout = _config.timeout_s
graceful_timeout = _config.graceful_timeout_s
keepalive = 5
max_requests = _config.max_requests
max_requests_jitter = _config.max_requests_jitter
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # heartbeat off the disk
preload_app = _config.preload
wsgi_app = "service.api.app:create_app()"
accesslog = None  # the app writes its own JSON access lines (service.access)
errorlog = "-"
loglevel = _config.log_level
logconfig_dict = {  # gunicorn's own lines (boot, worker exits, signals) as JSON too
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "service.api.jsonlog.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        }
    },
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["console"], "propagate": False}
    },
}
proc_name = "policy-digest"
control_socket_disable = True  # no gunicornc socket in $HOME (read-only in the container)


_job_workers: list[subprocess.Popen[bytes]] = []


def when_ready(server: Any) -> None:
    """Start the document-job workers (those of `policy-digest worker`) beside the API."""
    if _config.job_workers > 0:
        # the HTTP workers' thread count is exported for them; the job workers split the cores
        threads = str(max(1, (os.cpu_count() or 1) // _config.job_workers))
        env = {**os.environ, "PD_TORCH_THREADS": threads, "OMP_NUM_THREADS": threads}
        command = [sys.executable, "-m", "service.api.job_workers", str(_config.job_workers)]
        _job_workers.append(subprocess.Popen(command, env=env))


def post_fork(server: Any, worker: Any) -> None:
    """Pin torch's intra-op threads in each worker (matters when torch was loaded pre-fork);
    let event streams end when the worker stops (SIGTERM, recycling) instead of holding it."""
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(_config.torch_threads)
    from service.api import streams

    streams.watch(lambda: bool(worker.alive))


def child_exit(server: Any, worker: Any) -> None:
    """Drop a dead worker's live gauges from the shared metrics (its counters stay counted)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid, _config.metrics_dir)


def on_exit(server: Any) -> None:
    """Stop the job workers; remove the temporary metrics directory this server created."""
    for process in _job_workers:
        process.terminate()  # huey: SIGTERM stops now; an unfinished step is run again later
        try:
            process.wait(_config.graceful_timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
    if _owned_metrics_dir:
        shutil.rmtree(_config.metrics_dir, ignore_errors=True)
