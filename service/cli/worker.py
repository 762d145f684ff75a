"""CLI sub-command `worker`: run document-job consumers (huey) on this machine.

Every worker process takes steps (plan, units, assembly, callbacks) from the queue in the job
store: the SQLite file in PD_DATA_DIR on one machine, or the Redis of PD_QUEUE_URL shared by
many. Models load in each worker process on its first step. `policy-digest serve` starts
workers beside the API (PD_JOB_WORKERS processes) unless given `--no-workers`.
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any


def cmd_worker(args: argparse.Namespace) -> int:
    """`worker`: run `--workers` consumer processes until SIGINT (graceful) or SIGTERM."""
    from service.config import Config, ConfigError
    from service.jobs.consumer import run_workers

    try:
        config = Config.from_env()
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=config.log_level.upper(), stream=sys.stderr, format="%(asctime)s %(name)s %(message)s"
    )
    run_workers(config, args.workers or max(1, config.job_workers))
    return 0


def add_worker_parser(sub: Any) -> None:
    p = sub.add_parser("worker", help="run document-job workers (PD_QUEUE_URL: shared Redis)")
    p.add_argument(
        "--workers", type=int, help="worker processes (default PD_JOB_WORKERS, at least 1)"
    )
    p.set_defaults(func=cmd_worker)
