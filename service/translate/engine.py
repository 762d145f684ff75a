"""The engine interface every translation backend implements (a structural Protocol)."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class Engine(Protocol):
    """A model loaded once per process that translates lists of short texts.

    `translate` returns one output per input, in input order; inputs must each fit within
    `max_input_tokens` as `count_tokens` measures them (document translation splits longer ones).
    Options are generation overrides (manifest.REQUEST_OPTIONS).
    """

    name: str
    revision: str
    family: str
    max_input_tokens: int

    def translate(self, texts: list[str], src: str, tgt: str, **options: Any) -> list[str]:
        """Translate each text from `src` to `tgt` (language codes such as "zh", "en")."""
        ...

    def count_tokens(self, text: str) -> int:
        """Tokens the model input for `text` takes (prompt and special tokens included)."""
        ...
