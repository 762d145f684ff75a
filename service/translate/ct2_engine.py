"""The CTranslate2 engine: a converted model (int8 by default) behind the same Engine interface.

Inputs and outputs go through the same `TokenCodec` as the transformers engine (script
normalization, prompt, token ids, per-input output caps, decoding), and batches are formed the
same way (length-sorted, token budget), so the document-level code cannot tell the engines
apart. The model directory is the downloaded one (its tokenizer files are used) and the
converted weights live in its `ctranslate2/` sub-directory (`policy-digest models convert`).

Fork safety: a `ctranslate2.Translator` owns native worker threads, which a forked child does
not get, so a translator must never cross a fork. The engine loads it in its constructor (so a
broken model fails at start-up), drops it just before any `os.fork()` of this process (the
parent reloads on its next use, which a gunicorn master never has), and loads it lazily on first
use in the process that translates. Under gunicorn with `PD_PRELOAD=1` the master validates the
model and each worker loads its own translator after fork.
"""

from __future__ import annotations

import json
import os
import threading
import weakref
from pathlib import Path
from typing import Any

import ctranslate2
from transformers import AutoTokenizer
from transformers.utils import logging as hf_logging

from service.config import Config
from service.translate.codec import CodecEngine, TokenCodec
from service.translate.convert import CT2_SUBDIR
from service.translate.manifest import Manifest
from service.translate.prompts import PromptTemplate

COMPUTE_TYPES = ("default", "auto", "int8", "int8_float32", "int8_bfloat16", "bfloat16", "float32")
NO_POSITION_LIMIT = 10**6  # config.json without max_position_embeddings (T5: relative)


class CTranslate2Engine(CodecEngine):
    """A converted seq2seq model driven by its manifest (see `Engine`)."""

    def __init__(
        self, manifest: Manifest, model_dir: Path, prompt: PromptTemplate, config: Config
    ) -> None:
        if config.ct2_compute_type not in COMPUTE_TYPES:
            raise ValueError(
                f"PD_CT2_COMPUTE_TYPE must be one of {', '.join(COMPUTE_TYPES)},"
                f" not {config.ct2_compute_type!r}"
            )
        super().__init__(manifest, config)
        self.ct2_dir = model_dir / CT2_SUBDIR
        threads = config.torch_threads if config.torch_threads > 0 else os.cpu_count() or 1
        self.translator_options: dict[str, Any] = {
            "device": config.device,
            "compute_type": config.ct2_compute_type,
            "inter_threads": 1,  # one batch at a time, like the transformers engine
            "intra_threads": threads,  # PD_TORCH_THREADS (gunicorn: cores // workers)
        }
        hf_logging.disable_progress_bar()
        tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
        self.codec = TokenCodec(manifest, prompt, tokenizer, _max_positions(model_dir))
        # As the transformers engine's suppress_tokens: never generate padding (T5 would emit
        # nothing else). Marian conversions have no <pad> in their vocabulary at all.
        pad = tokenizer.pad_token
        self.suppress = [[pad]] if pad and pad in _target_vocabulary(self.ct2_dir) else None
        self._load_lock = threading.Lock()
        self._translator: ctranslate2.Translator | None = self._new_translator()
        _drop_before_fork(self)

    def translator(self) -> ctranslate2.Translator:
        """This process's translator, loaded on first use (after a fork, in the child)."""
        with self._load_lock:
            if self._translator is None:
                self._translator = self._new_translator()
            return self._translator

    def drop_translator(self) -> None:
        """Free the translator (its threads and weights); the next use loads a new one."""
        with self._load_lock:
            self._translator = None

    def _new_translator(self) -> ctranslate2.Translator:
        return ctranslate2.Translator(str(self.ct2_dir), **self.translator_options)

    def _generate(self, batch: list[list[int]], tgt: str, settings: dict[str, Any]) -> list[str]:
        codec = self.codec
        caps = codec.caps([len(ids) for ids in batch], settings)
        forced = codec.target_token(tgt)
        with codec.lock:
            source = [codec.tokenizer.convert_ids_to_tokens(ids) for ids in batch]
            prefix = (
                [[codec.tokenizer.convert_ids_to_tokens(forced)]] * len(batch)
                if forced is not None
                else None
            )
        results = self.translator().translate_batch(
            source,
            target_prefix=prefix,
            beam_size=int(settings["num_beams"]),
            max_decoding_length=max(caps) + (1 if forced is not None else 0),
            min_decoding_length=codec.min_new_tokens(caps, settings),
            no_repeat_ngram_size=int(settings["no_repeat_ngram_size"]),
            repetition_penalty=float(settings["repetition_penalty"]),
            length_penalty=float(settings["length_penalty"]),
            max_input_length=0,  # never truncate: inputs were checked against the limit
            suppress_sequences=self.suppress,
        )
        with codec.lock:
            bodies = [
                codec.tokenizer.convert_tokens_to_ids(result.hypotheses[0]) for result in results
            ]
        return [
            codec.decode(list(body), cap, forced) for body, cap in zip(bodies, caps, strict=True)
        ]


def _max_positions(model_dir: Path) -> int:
    """`max_position_embeddings` of the model's config.json (as the transformers engine uses)."""
    try:
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return NO_POSITION_LIMIT
    return int(config.get("max_position_embeddings") or NO_POSITION_LIMIT)


def _target_vocabulary(ct2_dir: Path) -> set[str]:
    """The tokens the converted model can generate (its target or shared vocabulary)."""
    for name in ("target_vocabulary.json", "shared_vocabulary.json"):
        path = ct2_dir / name
        if path.is_file():
            return set(json.loads(path.read_text(encoding="utf-8")))
    return set()


def _drop_before_fork(engine: CTranslate2Engine) -> None:
    """Drop the engine's translator before every fork of this process (see module docstring)."""
    ref = weakref.ref(engine)

    def before_fork() -> None:
        alive = ref()
        if alive is not None:
            alive.drop_translator()

    os.register_at_fork(before=before_fork)
