"""The Hugging Face transformers engine: AutoModelForSeq2SeqLM + AutoTokenizer from a local dir.

Loaded once per process with `local_files_only=True` (never a download). Inputs are script-
normalized (manifest `input_script`), filled into the family's prompt template, sorted by length
and batched by token budget; multilingual families get their source code on the tokenizer and
the target language token forced as first output token. Greedy results do not depend on
batching: encoder padding is masked and each output is cut to its own length cap.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
from transformers.utils import logging as hf_logging

from service.config import Config
from service.translate.codec import CodecEngine, TokenCodec
from service.translate.manifest import Manifest
from service.translate.prompts import PromptTemplate

DTYPES = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}


class TransformersEngine(CodecEngine):
    """A seq2seq model driven by its manifest (see `Engine`)."""

    def __init__(
        self, manifest: Manifest, model_dir: Path, prompt: PromptTemplate, config: Config
    ) -> None:
        if config.dtype not in DTYPES:
            raise ValueError(f"PD_DTYPE must be one of {', '.join(DTYPES)}, not {config.dtype!r}")
        if config.torch_threads > 0:
            torch.set_num_threads(config.torch_threads)
        super().__init__(manifest, config)
        self.device = torch.device(config.device)
        hf_logging.disable_progress_bar()  # no progress bars in service logs and CLI output
        tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
        tokenizer.padding_side = "right"
        model = AutoModelForSeq2SeqLM.from_pretrained(
            str(model_dir), local_files_only=True, dtype=DTYPES[config.dtype]
        )
        self.model = model.to(self.device).eval()
        positions = getattr(model.config, "max_position_embeddings", None) or 10**6
        self.codec = TokenCodec(manifest, prompt, tokenizer, positions)

    def _generate(self, batch: list[list[int]], tgt: str, settings: dict[str, Any]) -> list[str]:
        codec = self.codec
        caps = codec.caps([len(ids) for ids in batch], settings)
        with codec.lock:
            inputs = codec.tokenizer.pad({"input_ids": batch}, return_tensors="pt")
        forced = codec.target_token(tgt)
        kwargs: dict[str, Any] = {
            "max_new_tokens": max(caps) + (1 if forced is not None else 0),
            "min_new_tokens": codec.min_new_tokens(caps, settings),
            "num_beams": int(settings["num_beams"]),
            "do_sample": False,
            "no_repeat_ngram_size": int(settings["no_repeat_ngram_size"]),
            "repetition_penalty": float(settings["repetition_penalty"]),
            "length_penalty": float(settings["length_penalty"]),
            "suppress_tokens": [codec.tokenizer.pad_token_id],
        }
        if forced is not None:
            kwargs["forced_bos_token_id"] = forced
        # generate() runs outside the lock: inference on a shared model is thread-safe, the
        # tokenizer (source language state, Rust tokenizers) is what needs serializing.
        with torch.inference_mode():
            generated = self.model.generate(**inputs.to(self.device), **kwargs)
        # Row = decoder start token + output tokens.
        return [
            codec.decode(row.tolist()[1:], cap, forced)
            for row, cap in zip(generated, caps, strict=True)
        ]
