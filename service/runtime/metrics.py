"""Prometheus metrics of one app: requests, latency, characters translated, cache, model loads,
glossary terms found and missed, and document jobs (queue depth, job and unit durations,
retries, translation-memory hits).

Under gunicorn every worker is a process, so `/metrics` must add them up: with a metrics
directory (PROMETHEUS_MULTIPROC_DIR, set by service.api.serving before prometheus_client is
imported) the exposition reads all workers' files; without one (tests, a single process) it
reads this app's own registry.
"""

from __future__ import annotations

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    start_http_server,
)
from prometheus_client.multiprocess import MultiProcessCollector

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)
JOB_BUCKETS = (1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200)


class Metrics:
    """The metric families of one app, registered in their own registry."""

    content_type = CONTENT_TYPE_LATEST

    def __init__(self, metrics_dir: str = "") -> None:
        self.metrics_dir = metrics_dir
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter(
            "pd_http_requests",
            "HTTP requests by route and status",
            ["route", "method", "status"],
            registry=r,
        )
        self.latency = Histogram(
            "pd_http_request_duration_seconds",
            "Request latency by route",
            ["route"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.characters = Counter(
            "pd_translated_characters", "Source characters translated", ["model"], registry=r
        )
        self.cache_hits = Counter("pd_translation_cache_hits", "Translation cache hits", registry=r)
        self.cache_misses = Counter(
            "pd_translation_cache_misses", "Translation cache misses", registry=r
        )
        self.model_load = Gauge(
            "pd_model_load_seconds",
            "Seconds taken to load each model",
            ["model"],
            multiprocess_mode="max",
            registry=r,
        )
        self.in_flight = Gauge(
            "pd_translations_in_flight",
            "Translations running now",
            multiprocess_mode="livesum",
            registry=r,
        )

        self.queue_depth = Gauge(
            "pd_job_queue_depth",
            "Job tasks waiting in the queue",
            multiprocess_mode="mostrecent",
            registry=r,
        )
        self.job_duration = Histogram(
            "pd_job_duration_seconds",
            "Jobs from submission to their end, by task and final status",
            ["task", "status"],
            buckets=JOB_BUCKETS,
            registry=r,
        )
        self.unit_duration = Histogram(
            "pd_job_unit_duration_seconds", "Job units, each", buckets=JOB_BUCKETS, registry=r
        )
        self.job_retries = Counter(
            "pd_job_step_retries", "Job steps run again (error retried, dead worker)", registry=r
        )
        self.memory_hits = Counter(
            "pd_translation_memory_hits", "Job pieces found in the translation memory", registry=r
        )
        self.glossary_terms = Counter(
            "pd_glossary_terms", "Glossary terms found in translated units", registry=r
        )
        self.glossary_misses = Counter(
            "pd_glossary_term_misses",
            "Glossary terms whose target a translation lacks (flagged glossary_term_missing)",
            registry=r,
        )
        self.memory_misses = Counter(
            "pd_translation_memory_misses", "Job pieces the engine had to translate", registry=r
        )

    def observe_request(self, route: str, method: str, status: int, seconds: float) -> None:
        """Count one finished request and its latency."""
        self.requests.labels(route=route, method=method, status=str(status)).inc()
        self.latency.labels(route=route).observe(seconds)

    def exposition(self) -> bytes:
        """The text format of all metrics (all workers' when a metrics directory is set)."""
        if not self.metrics_dir:
            return generate_latest(self.registry)
        return generate_latest(multiprocess_registry(self.metrics_dir))


def multiprocess_registry(metrics_dir: str) -> CollectorRegistry:
    """A registry that reads the metric files of every process writing to `metrics_dir`."""
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=metrics_dir)
    return registry


def serve_metrics(metrics_dir: str, host: str, port: int) -> None:
    """Serve the metrics of every process writing to `metrics_dir` at http://host:port/metrics
    (a daemon thread; `policy-digest worker --metrics-port`)."""
    start_http_server(port, addr=host, registry=multiprocess_registry(metrics_dir))
