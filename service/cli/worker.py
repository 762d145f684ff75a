"""CLI sub-command `worker`: run document-job consumers (huey) on this machine.

Every worker process takes steps (plan, units, assembly, callbacks) from the queue in the job
store: the SQLite file in PD_DATA_DIR on one machine, or the Redis of PD_QUEUE_URL shared by
many. Models load in each worker process on its first step. `policy-digest serve` starts
workers beside the API (PD_JOB_WORKERS processes) unless given `--no-workers`; their metrics
are in the API's /metrics. A worker on its own serves them with `--metrics-port`.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
from dataclasses import replace
from typing import Any


def cmd_worker(args: argparse.Namespace) -> int:
    """`worker`: run `--workers` consumer processes until SIGINT (graceful) or SIGTERM."""
    from service.config import Config, ConfigError

    try:
        config = Config.from_env()
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    port = config.worker_metrics_port if args.metrics_port is None else args.metrics_port
    owned = False
    if port:  # before prometheus_client is imported (by the consumer's modules)
        from service.runtime.multiprocess import prepare_metrics_dir

        metrics_dir, owned = prepare_metrics_dir(config.metrics_dir)
        config = replace(config, metrics_dir=metrics_dir, worker_metrics_port=port)
    from service.jobs.consumer import run_workers

    logging.basicConfig(
        level=config.log_level.upper(), stream=sys.stderr, format="%(asctime)s %(name)s %(message)s"
    )
    try:
        run_workers(config, args.workers or max(1, config.job_workers))
    finally:
        if owned:
            shutil.rmtree(config.metrics_dir, ignore_errors=True)
    return 0


def add_worker_parser(sub: Any) -> None:
    p = sub.add_parser("worker", help="run document-job workers (PD_QUEUE_URL: shared Redis)")
    p.add_argument(
        "--workers", type=int, help="worker processes (default PD_JOB_WORKERS, at least 1)"
    )
    p.add_argument(
        "--metrics-port",
        type=int,
        help="serve the workers' Prometheus metrics at :PORT/metrics on PD_HOST "
        "(default PD_WORKER_METRICS_PORT; 0: not served)",
    )
    p.set_defaults(func=cmd_worker)
