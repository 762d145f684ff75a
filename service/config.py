"""Service configuration: one frozen Config built from PD_* environment variables.

This module is the only reader of os.environ in service/. Every field is documented in
docs/configuration.md; `Config.from_env()` validates values and fails with a clear message.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

PREFIX = "PD_"
GLOSSARY_TECHNIQUES = ("placeholders", "code-switching")  # see service/translate/terms.py
OUTLINE_ONLY = "none"  # PD_SERVE_MODELS=none: no translation model, outline only
REPO_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(ValueError):
    """An environment variable holds a value of the wrong type or range."""


@dataclass(frozen=True)
class Config:
    """All settings of the service, CLI and engines. Env var = PD_ + upper-case field name."""

    models_dir: Path = REPO_ROOT / "models"
    prompts_dir: Path = REPO_ROOT / "prompts"
    default_model: str = "opus-mt-zh-en"
    device: str = "cpu"
    dtype: str = "float32"
    torch_threads: int = 0  # 0: let torch decide (gunicorn.conf.py sets it per worker)
    max_body_bytes: int = 2_000_000
    # body limit of the glossary routes: 10 MiB of entries, 3 bytes a byte when form-encoded
    glossary_max_body_bytes: int = 32 * 1024 * 1024
    max_chars: int = 500_000
    max_sentences: int = 20_000  # HTTP: more sentences than this is a 413 (bounds the work)
    cache_size: int = 4096
    batch_tokens: int = 4096  # padded source tokens per generate() call
    engine: str = ""  # translation backend for every model; empty: each manifest's `engine`
    ct2_compute_type: str = "default"  # CTranslate2 weights: "default" = as converted
    # HTTP service (service/api/app.py, service/api/gunicorn_conf.py); see docs/operations.md.
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 2  # bench/load.py: 2 workers × 1 thread beat 1 × 2 threads on 2 cores
    threads: int = 4  # gunicorn gthread threads per worker (requests served concurrently)
    timeout_s: int = 120  # gunicorn: a worker silent this long is killed and replaced
    graceful_timeout_s: int = 30
    max_requests: int = 2000  # recycle a worker after this many requests (0: never) ...
    max_requests_jitter: int = 200  # ... plus up to this many, so workers do not restart together
    preload: bool = True  # load models in the gunicorn master before fork (pages shared)
    # models loaded at start-up; empty: default_model; "none" (OUTLINE_ONLY): no model at all
    serve_models: tuple[str, ...] = ()
    request_deadline_s: float = 60.0  # a translation still running after this answers 504
    max_inflight: int = 2  # translations running at once per worker; beyond: 503 + Retry-After
    retry_after_s: int = 5
    api_keys: tuple[str, ...] = ()  # empty: no key needed
    # LibreTranslate /translate_file results and DeepL usage counts live in data_dir (below)
    files_ttl_s: int = 1800  # a translated file is downloadable this long (LibreTranslate: 30 min)
    character_limit: int = 0  # DeepL API: characters per API key (0: no limit); over it: 456
    cors_origins: tuple[str, ...] = ()  # empty: no cross-origin access
    metrics_dir: str = ""  # prometheus multiprocess directory (gunicorn.conf.py sets it)
    log_level: str = "info"
    # Document jobs (service/jobs/, docs/jobs.md).
    data_dir: Path = REPO_ROOT / "data"  # the embedded queue and job store (SQLite) live here
    queue_url: str = ""  # redis://host:port/db: many machines share queue, jobs and memory
    job_ttl_s: int = 86_400  # a finished job and its result are deleted after this
    job_workers: int = 1  # worker processes `serve` starts beside the API (0: none)
    job_unit_chars: int = 2_000  # a document is cut into units of about this many characters
    job_lease_s: float = 300.0  # a unit whose worker was silent this long is run again
    worker_metrics_port: int = 0  # `worker` serves its processes' /metrics here (0: not served)
    memory_ttl_s: int = 2_592_000  # a memory piece unused this long may go (at most 2x; 0: never)
    callback_hosts: tuple[str, ...] = ()  # hosts (names, IPs, CIDRs) callbacks may be sent to
    callback_secret: str = ""  # HMAC-SHA256 key signing callback bodies
    callback_retry_delay_s: float = 2.0  # a failed callback is tried again after this, doubling
    estimated_chars_per_s: float = 200.0  # a synchronous request's cost before one is measured
    # how glossary terms inside sentences reach the model (docs/glossaries.md)
    glossary_technique: str = "placeholders"
    # Document files (PDF, DOCX, OFD, .doc/.wps): docs/formats.md.
    max_file_bytes: int = 30_000_000  # an uploaded file (DeepL API Pro's PDF and Word limit)
    max_pages: int = 1000  # a PDF or OFD with more pages is refused (413 too_many_pages)
    reader_cpu_s: int = 60  # CPU seconds the sandboxed reader may spend on one file
    reader_memory_mb: int = 1024  # address space of the sandboxed reader
    # English PDFs (service/render/pdf.py, docs/formats.md#output-formats): embedded fonts.
    pdf_font: Path = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf_bold_font: Path = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
    pdf_cjk_font: Path = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    max_streams: int = 16  # open /v1/jobs/{id}/events streams per worker (each holds a thread)
    events_heartbeat_s: float = 15.0  # an idle event stream sends a comment this often

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Config:
        """Build a Config from PD_* variables (default: os.environ), then apply overrides."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(PREFIX + f.name.upper())
            if raw is not None:
                values[f.name] = _coerce(f.name, raw, f.default)
        values.update(overrides)
        return cls(**values)

    def __post_init__(self) -> None:
        if self.glossary_technique not in GLOSSARY_TECHNIQUES:
            raise ConfigError(
                f"PD_GLOSSARY_TECHNIQUE must be one of {', '.join(GLOSSARY_TECHNIQUES)}, "
                f"not {self.glossary_technique!r}"
            )

    def served_models(self) -> tuple[str, ...]:
        """The models loaded at start-up: PD_SERVE_MODELS, else the default; none if `none`."""
        if self.serve_models == (OUTLINE_ONLY,):
            return ()
        return self.serve_models or (self.default_model,)


def _coerce(name: str, raw: str, default: Any) -> Any:
    """Convert an env string to the type of the field's default value."""
    try:
        if isinstance(default, bool):
            if raw.lower() not in {"1", "0", "true", "false", "yes", "no"}:
                raise ValueError(raw)
            return raw.lower() in {"1", "true", "yes"}
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
        if isinstance(default, Path):
            return Path(raw)
        if isinstance(default, tuple):
            return tuple(item for item in re.split(r"[,\s]+", raw) if item)
    except ValueError as exc:
        raise ConfigError(f"{PREFIX}{name.upper()}={raw!r} is not a valid value") from exc
    return raw
