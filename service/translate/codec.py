"""Model inputs and outputs shared by every engine: prompt, script, token ids, caps, decoding.

Both engines (transformers and CTranslate2) go through one `TokenCodec`, so they see the same
token ids for a text, cap each output at the same length and decode it the same way; only the
`generate` step differs. Requests' generation options are validated here too.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from typing import Any

from service.config import Config
from service.errors import InvalidInput, UnsupportedLanguage
from service.parsing.normalize import to_norm
from service.translate.batching import token_budget_batches
from service.translate.manifest import REQUEST_OPTIONS, Manifest, check_generation_options
from service.translate.prompts import PromptTemplate

# One batch of encoded inputs, the target language and the settings -> one text per input.
Generate = Callable[[list[list[int]], str, dict[str, Any]], list[str]]


class TokenCodec:
    """A manifest's tokenizer and prompt: text -> ids, output caps, ids -> text."""

    def __init__(
        self, manifest: Manifest, prompt: PromptTemplate, tokenizer: Any, max_positions: int
    ) -> None:
        self.manifest = manifest
        self.prompt = prompt
        self.tokenizer = tokenizer
        self.max_positions = max_positions
        self.lock = threading.Lock()  # guards the tokenizer (source language is shared state)

    def count_tokens(self, text: str) -> int:
        """Tokens of the model input for `text` (first supported language pair)."""
        src, tgt = self.manifest.source_langs[0], self.manifest.target_langs[0]
        with self.lock:
            self._set_source(src)
            return len(self._encode(text, src, tgt))

    def prepare(
        self, texts: list[str], src: str, tgt: str, options: dict[str, Any]
    ) -> tuple[list[list[int]], dict[str, Any]]:
        """Token ids of each text and the generation settings (manifest defaults + options).

        Raises:
            UnsupportedLanguage: the model does not translate `src` into `tgt`.
            InvalidInput: a bad option, or an input over the model's token limit.
        """
        manifest = self.manifest
        if not manifest.supports(src, tgt):
            raise UnsupportedLanguage(
                f"model {manifest.name} does not translate {src} to {tgt}",
                {"model": manifest.name, "source": src, "target": tgt},
            )
        try:
            settings = {**manifest.generation, **check_generation_options(options, REQUEST_OPTIONS)}
        except ValueError as exc:
            raise InvalidInput(str(exc)) from exc
        with self.lock:
            self._set_source(src)
            encoded = [self._encode(text, src, tgt) for text in texts]
        too_long = [len(ids) for ids in encoded if len(ids) > manifest.max_input_tokens]
        if too_long:
            raise InvalidInput(
                f"an input of {max(too_long)} tokens exceeds the limit of "
                f"{manifest.max_input_tokens} of model {manifest.name}"
            )
        return encoded, settings

    def run_batches(
        self,
        encoded: list[list[int]],
        tgt: str,
        settings: dict[str, Any],
        budget: int,
        generate: Generate,
    ) -> list[str]:
        """Length-sorted token-budget batches through `generate`; outputs in input order."""
        outputs = [""] * len(encoded)
        for batch in token_budget_batches([len(ids) for ids in encoded], budget):
            decoded = generate([encoded[i] for i in batch], tgt, settings)
            for index, text in zip(batch, decoded, strict=True):
                outputs[index] = text
        return outputs

    def target_token(self, tgt: str) -> int | None:
        """The target language token forced first in the output (multilingual families)."""
        if not self.manifest.multilingual:
            return None
        code = self.manifest.lang_codes[tgt]
        get_lang_id = getattr(self.tokenizer, "get_lang_id", None)
        token: Any = (
            get_lang_id(code) if get_lang_id else self.tokenizer.convert_tokens_to_ids(code)
        )
        return int(token)

    def caps(self, lengths: list[int], settings: dict[str, Any]) -> list[int]:
        """Each input's output cap: ratio × its length + floor, within the model's positions."""
        return [
            min(
                math.ceil(settings["max_length_ratio"] * n) + int(settings["max_new_tokens_floor"]),
                self.max_positions - 2,
            )
            for n in lengths
        ]

    def min_new_tokens(self, caps: list[int], settings: dict[str, Any]) -> int:
        """The batch's minimum output length: the setting, never above the smallest cap."""
        return min(int(settings["min_new_tokens"]), min(caps))

    def decode(self, body: list[int], cap: int, forced: int | None) -> str:
        """Text of generated ids (decoder start token already removed); keep cap - 1 tokens.

        The forced target language token, if any, is dropped first. The last step may be a
        forced EOS when generation stops at this input's own cap, so only cap - 1 tokens are the
        same whether the input ran alone or in a larger batch, and on either engine.
        """
        if forced is not None and body and body[0] == forced:
            body = body[1:]
        with self.lock:
            text = self.tokenizer.decode(body[: cap - 1], skip_special_tokens=True)
        return str(text).strip()

    def _model_input(self, text: str, src: str, tgt: str) -> str:
        if self.manifest.input_script == "norm" and src == "zh":
            text = to_norm(text)
        return self.prompt.render(text, src, tgt)

    def _encode(self, text: str, src: str, tgt: str) -> list[int]:
        ids = self.tokenizer(self._model_input(text, src, tgt))["input_ids"]
        return [int(i) for i in ids]

    def _set_source(self, src: str) -> None:
        if self.manifest.multilingual:
            self.tokenizer.src_lang = self.manifest.lang_codes[src]


class CodecEngine:
    """What both engines share: identity from the manifest, token counting, and `translate`
    through the codec's length-sorted token-budget batches. Subclasses set `codec` and
    implement `_generate` (one batch of token ids to texts)."""

    codec: TokenCodec

    def __init__(self, manifest: Manifest, config: Config) -> None:
        self.manifest = manifest
        self.name = manifest.name
        self.revision = manifest.revision
        self.family = manifest.family
        self.max_input_tokens = manifest.max_input_tokens
        self.generation = dict(manifest.generation)
        self.batch_tokens = config.batch_tokens

    def count_tokens(self, text: str) -> int:
        """Tokens of the model input for `text` (first supported language pair)."""
        return self.codec.count_tokens(text)

    def translate(self, texts: list[str], src: str, tgt: str, **options: Any) -> list[str]:
        """Translate texts (each within `max_input_tokens`); outputs in input order."""
        encoded, settings = self.codec.prepare(texts, src, tgt, options)
        return self.codec.run_batches(encoded, tgt, settings, self.batch_tokens, self._generate)

    def _generate(self, batch: list[list[int]], tgt: str, settings: dict[str, Any]) -> list[str]:
        raise NotImplementedError
