"""Run document-job workers: huey consumer processes over the job store (see service.jobs)."""

from __future__ import annotations

import os
from dataclasses import replace

from service.config import Config
from service.jobs.manager import Jobs
from service.runtime.metrics import serve_metrics

POLL_MAX_S = 1.0  # longest wait between two looks at an empty SQLite queue (Redis blocks)


def run_workers(config: Config, workers: int) -> None:
    """Run `workers` consumer processes until SIGINT (graceful) or SIGTERM.

    Unless PD_TORCH_THREADS is set, the cores are split between the processes (exported for
    OpenMP too, before any model loads in them). With `config.worker_metrics_port` the
    processes' metrics (in `config.metrics_dir`, prepared before prometheus_client was imported)
    are served on that port.
    """
    if config.torch_threads <= 0:
        threads = max(1, (os.cpu_count() or 1) // workers)
        os.environ["OMP_NUM_THREADS"] = str(threads)
        config = replace(config, torch_threads=threads)
    consumer = Jobs(config).huey.create_consumer(
        workers=workers,
        worker_type="process",
        periodic=True,
        max_delay=POLL_MAX_S,
        health_check_interval=1,
    )
    if config.worker_metrics_port:
        serve_metrics(config.metrics_dir, config.host, config.worker_metrics_port)
    consumer.run()
