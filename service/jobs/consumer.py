"""Run document-job workers: huey consumer processes over the job store (see service.jobs)."""

from __future__ import annotations

import os
from dataclasses import replace

from service.config import Config
from service.jobs.manager import Jobs

POLL_MAX_S = 1.0  # longest wait between two looks at an empty SQLite queue (Redis blocks)


def run_workers(config: Config, workers: int) -> None:
    """Run `workers` consumer processes until SIGINT (graceful) or SIGTERM.

    Unless PD_TORCH_THREADS is set, the cores are split between the processes (exported for
    OpenMP too, before any model loads in them).
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
    consumer.run()
