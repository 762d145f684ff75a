"""The running service: config, the models it serves, its limits and its metrics (no Flask).

One ServiceState per app (so per gunicorn worker, or shared by all of them when the app is
preloaded before fork). Models are loaded here, once, at start-up; a model that cannot load
leaves the service up, with `/readyz` and the translation routes answering 503 and the reason.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from service.config import Config
from service.errors import (
    DeadlineExceeded,
    ModelNotFound,
    NotReady,
    Overloaded,
    ServiceError,
    TooLongForRequest,
    UnsupportedLanguage,
)
from service.parsing.language import contradicts
from service.runtime import languages
from service.runtime.metrics import Metrics

if TYPE_CHECKING:
    from service.document import Document
    from service.translate.cache import PieceCache
    from service.translate.document import Translation
    from service.translate.engine import Engine
    from service.translate.glossary import Glossary
    from service.translate.registry import ModelRegistry
    from service.translate.segments import PieceResult, Progress

SPEED_WEIGHT = 0.3  # weight of the newest measurement in the characters-per-second average
MIN_MEASURED_CHARS = 200  # translations shorter than this say little about speed


@dataclass
class TranslationStats:
    """What one translation cost, for the access log."""

    characters: int = 0
    cache_hits: int = 0


@dataclass
class ServiceState:
    """Models, limits and metrics of one app."""

    config: Config
    registry: ModelRegistry | None
    metrics: Metrics
    failures: dict[str, str] = field(default_factory=dict)
    engines: dict[str, Engine] = field(default_factory=dict)
    speeds: dict[str, float] = field(default_factory=dict)  # model -> measured characters/s
    slots: threading.BoundedSemaphore = field(init=False)

    def __post_init__(self) -> None:
        self.slots = threading.BoundedSemaphore(self.config.max_inflight)

    @classmethod
    def start(cls, config: Config, registry: ModelRegistry | None = None) -> ServiceState:
        """Open the model registry and load the served models, recording what fails and why."""
        state = cls(config, None, Metrics(config.metrics_dir))
        try:
            state.registry = registry if registry is not None else _open_registry(config)
        except ServiceError as exc:
            state.failures = {name: exc.message for name in state.served_names()}
            return state
        for name in state.served_names():
            state.load(name)
        return state

    def served_names(self) -> tuple[str, ...]:
        """The models this service loads at start-up and answers with (none: outline only)."""
        return self.config.served_models()

    def load(self, name: str) -> None:
        """Load one served model, timing it; a failure is kept as the reason it is not ready."""
        assert self.registry is not None
        started = time.perf_counter()
        try:
            self.engines[name] = self.registry.load(name)
        except ServiceError as exc:
            self.failures[name] = exc.message
            return
        self.metrics.model_load.labels(model=name).set(time.perf_counter() - started)

    def readiness(self) -> dict[str, str | None]:
        """Served model name -> None when loaded, else the reason (which names the fix)."""
        return {
            name: None if name in self.engines else self.failures.get(name, "not loaded")
            for name in self.served_names()
        }

    def require_ready(self) -> None:
        """Readiness (`/readyz`): raise NotReady (503) unless every served model is loaded.

        A service that serves no model (`PD_SERVE_MODELS=none`) is ready: it answers outlines.
        """
        reasons = [reason for reason in self.readiness().values() if reason]
        if reasons:
            raise NotReady(
                f"{len(reasons)} of {len(self.served_names())} served models not loaded: "
                + "; ".join(reasons),
                {"models": self.readiness()},
            )

    def require_translation(self) -> None:
        """Raise NotReady (503) unless a served model is loaded (the translation routes)."""
        if not self.served_names():
            raise NotReady(
                "this service serves no translation model (PD_SERVE_MODELS=none): outlines only;"
                " set PD_SERVE_MODELS to installed models (in the image: build with MODELS=...)",
                {"models": {}},
            )
        if not self.engines:
            reasons = "; ".join(r for r in self.readiness().values() if r)
            raise NotReady(
                f"no translation model is loaded: {reasons}", {"models": self.readiness()}
            )

    def language_pairs(self) -> list[tuple[str, str]]:
        """(source, target) pairs the loaded models translate, deduplicated, in order."""
        pairs: dict[tuple[str, str], None] = {}
        for name in self.engines:
            for pair in self._pairs_of(name):
                pairs[pair] = None
        return list(pairs)

    def choose_model(self, model: str | None, source: str, target: str) -> str:
        """The served model for a language pair: the one asked for, else the default, else any fit.

        Raises:
            ModelNotFound: `model` is not an installed manifest, or is not served here.
            NotReady: no model is loaded at all.
            UnsupportedLanguage: no loaded model (or not the one asked for) has the pair.
        """
        if model is not None:
            if self.registry is None or model not in self.registry.manifests:
                raise ModelNotFound(f"no installed model is named {model!r}", {"model": model})
            if model not in self.served_names():
                raise ModelNotFound(
                    f"model {model!r} is installed but not served; add it to PD_SERVE_MODELS",
                    {"model": model, "served": list(self.served_names())},
                )
        self.require_translation()
        default = self.config.default_model
        candidates = (
            [model] if model is not None else sorted(self.engines, key=lambda n: n != default)
        )
        for name in candidates:
            if name in self.engines and (source, target) in self._pairs_of(name):
                return name
        if model is not None and model not in self.engines:
            raise NotReady(self.failures.get(model, f"model {model!r} is not loaded"))
        raise UnsupportedLanguage(
            f"no loaded model translates {_named(source)} to {_named(target)}; "
            f"supported pairs: {self.pairs_text()}",
            {"source": source, "target": target, "pairs": [list(p) for p in self.language_pairs()]},
        )

    def pairs_text(self) -> str:
        """The loaded language pairs for messages: "Chinese (zh) -> English (en), ..."."""
        pairs = self.language_pairs()
        return ", ".join(f"{_named(s)} -> {_named(t)}" for s, t in pairs) or "none"

    def resolve_source(self, source: str, text: str) -> tuple[str, float | None]:
        """The source language to translate from and, for `auto`, the detection confidence.

        A given code is kept unless the text is clearly in another language (Japanese, Korean
        or English sent as Chinese, see `service.language.contradicts`): then the text's own
        language is used, so a model for it translates, or the client hears which language
        was found and which pairs are served (422).
        """
        code = languages.canonical(source)
        if code != languages.AUTO:
            actual = contradicts(text, code)
            if actual is not None and not any(s == actual for s, _ in self.language_pairs()):
                self.require_translation()  # with no model loaded, 503 is the answer to act on
                raise UnsupportedLanguage(
                    f"the text is in {_named(actual)}, not {_named(code)}; no loaded model "
                    f"translates from {_named(actual)}; supported pairs: {self.pairs_text()}",
                    {
                        "source": code,
                        "detected": actual,
                        "pairs": [list(p) for p in self.language_pairs()],
                    },
                )
            return actual or code, None
        best = languages.detect(text)[0]
        return str(best["language"]), float(best["confidence"])

    @contextmanager
    def translation_slot(self) -> Iterator[None]:
        """Hold one of the worker's translation slots; none free means 503, never a queue."""
        if not self.slots.acquire(blocking=False):
            raise Overloaded(
                f"{self.config.max_inflight} translations already running in this worker; "
                "retry later",
                {"max_inflight": self.config.max_inflight},
            )
        self.metrics.in_flight.inc()
        try:
            yield
        finally:
            self.metrics.in_flight.dec()
            self.slots.release()

    def estimated_seconds(self, characters: int, model: str) -> float:
        """How long translating `characters` new characters with `model` should take here.

        The speed is this process's measured average, or PD_ESTIMATED_CHARS_PER_S before the
        first measurement.
        """
        speed = self.speeds.get(model, self.config.estimated_chars_per_s)
        return characters / max(speed, 1e-9)

    def check_cost(self, characters: int, model: str) -> None:
        """Refuse at once (413) a synchronous translation that would outlast the deadline."""
        seconds = self.estimated_seconds(characters, model)
        limit = self.config.request_deadline_s
        if seconds > limit:
            raise TooLongForRequest(
                f"{characters} characters would take about {seconds:.0f} s, over the request "
                f"deadline of {limit:g} s; submit it as a job: POST /v1/jobs (or send "
                "`Prefer: respond-async`), then poll GET /v1/jobs/{id}",
                {"characters": characters, "estimated_s": round(seconds, 1), "deadline_s": limit},
            )

    def translate(
        self,
        document: Document,
        model: str,
        source: str,
        target: str,
        options: dict[str, Any],
        cancelled: Callable[[], bool] | None = None,
        *,
        memory: PieceCache[PieceResult] | None = None,
        deadline_s: float | None = None,
        progress: Progress | None = None,
        glossary: Glossary | None = None,
        only: set[str] | None = None,
    ) -> tuple[Translation, TranslationStats]:
        """Translate a parsed document with a served model, within the deadline and slots.

        `cancelled` (checked with the deadline between batches) stops the work early, e.g.
        when the client has gone; it raises its own error. `memory` replaces the in-process
        cache (document jobs pass the durable translation memory), `deadline_s` the request
        deadline (jobs have none), `progress` hears the characters done after each batch,
        `glossary` is enforced (its terms found and missed are counted in the metrics), and
        `only` limits the work to those inputs (a digest's gist; see `translate_document`).
        """
        from service.translate.document import inputs_text, translate_document

        cache = memory if memory is not None else self._cache()
        glossary = self._with_technique(glossary)
        hits, misses = cache.hits, cache.misses
        started = time.perf_counter()
        with self.translation_slot():
            translation = translate_document(
                document,
                self.engines[model],
                src=source,
                tgt=target,
                options=options,
                cache=cache,
                should_stop=self._stop_check(cancelled, deadline_s),
                progress=progress,
                glossary=glossary,
                only=only,
            )
        if translation.glossary is not None:
            self.metrics.glossary_terms.inc(translation.glossary["terms_found"])
            self.metrics.glossary_misses.inc(translation.glossary["terms_missing"])
        translated = document if only is None else inputs_text(document, only)
        return translation, self._account(model, cache, hits, misses, started, translated)

    def translate_texts(
        self,
        texts: list[str],
        model: str,
        source: str,
        target: str,
        options: dict[str, Any],
        cancelled: Callable[[], bool] | None,
        memory: PieceCache[PieceResult],
        glossary: Glossary | None = None,
    ) -> TranslationStats:
        """Translate model inputs into `memory` only (a job's unit; no deadline, no result)."""
        from service.translate.segments import translate_texts

        hits, misses = memory.hits, memory.misses
        glossary = self._with_technique(glossary)
        started = time.perf_counter()
        with self.translation_slot():
            translate_texts(
                self.engines[model],
                texts,
                source,
                target,
                options=options,
                cache=memory,
                should_stop=self._stop_check(cancelled, math.inf),
                glossary=glossary,
            )
        return self._account(model, memory, hits, misses, started, "".join(texts))

    def stored_translation(
        self,
        document: Document,
        model: str,
        source: str,
        target: str,
        options: dict[str, Any],
        memory: PieceCache[PieceResult],
        glossary: Glossary | None = None,
    ) -> Translation:
        """What `memory` holds of the document's translation, calling no engine (the glossary
        enforced as `translate` enforces it, so the memory keys are the same)."""
        from service.translate.document import stored_translation

        return stored_translation(
            document,
            self.engines[model],
            memory,
            src=source,
            tgt=target,
            options=options,
            glossary=self._with_technique(glossary),
        )

    def _with_technique(self, glossary: Glossary | None) -> Glossary | None:
        """The glossary enforced with this service's PD_GLOSSARY_TECHNIQUE."""
        return glossary.using(self.config.glossary_technique) if glossary else None

    def _cache(self) -> PieceCache[PieceResult]:
        assert self.registry is not None
        return self.registry.cache

    def _stop_check(
        self, cancelled: Callable[[], bool] | None, deadline_s: float | None
    ) -> Callable[[], bool]:
        seconds = self.config.request_deadline_s if deadline_s is None else deadline_s
        checks = [deadline(seconds), *([cancelled] if cancelled else [])]
        return lambda: any(check() for check in checks)

    def _account(
        self,
        model: str,
        cache: PieceCache[PieceResult],
        hits: int,
        misses: int,
        started: float,
        source: Document | str,
    ) -> TranslationStats:
        """Count a translation's cost in the metrics and update the measured speed."""
        text = source if isinstance(source, str) else source.plain_text
        stats = TranslationStats(len(text), max(0, cache.hits - hits))
        new_misses = max(0, cache.misses - misses)
        self.metrics.characters.labels(model=model).inc(stats.characters)
        self.metrics.cache_hits.inc(stats.cache_hits)
        self.metrics.cache_misses.inc(new_misses)
        if new_misses and len(text) >= MIN_MEASURED_CHARS:
            speed = len(text) * new_misses / max(new_misses + stats.cache_hits, 1)
            speed /= max(time.perf_counter() - started, 1e-6)
            old = self.speeds.get(model, speed)
            self.speeds[model] = (1 - SPEED_WEIGHT) * old + SPEED_WEIGHT * speed
        return stats

    def _pairs_of(self, name: str) -> list[tuple[str, str]]:
        assert self.registry is not None
        manifest = self.registry.get_manifest(name)
        return [(s, t) for s in manifest.source_langs for t in manifest.target_langs if s != t]


def _named(code: str) -> str:
    return f"{languages.name_of(code)} ({code})"


def deadline(seconds: float) -> Callable[[], bool]:
    """A `should_stop` callback that raises DeadlineExceeded once `seconds` have passed.

    Raising (rather than returning True) makes the error and its 504 independent of how the
    translation loop reacts to a stop request.
    """
    end = time.monotonic() + seconds

    def should_stop() -> bool:
        if time.monotonic() > end:
            raise DeadlineExceeded(
                f"translation did not finish within {seconds:g} s", {"deadline_s": seconds}
            )
        return False

    return should_stop


def _open_registry(config: Config) -> ModelRegistry:
    from service.translate.registry import ModelRegistry

    return ModelRegistry(config)
