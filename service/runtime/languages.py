"""Language codes at the API edge: aliases, display names and a script-based detector.

Models only ever see the canonical codes their manifests list (`zh`, `en`, ...). Clients send
what they know: LibreTranslate's `zt`/`zh-Hant`/`zh-Hans`, BCP 47 tags like `zh-CN`, or `auto`.
"""

from __future__ import annotations

from service.parsing.language import language_scores

AUTO = "auto"

ALIASES = {
    "zh-hans": "zh",
    "zh-hant": "zh",
    "zh-cn": "zh",
    "zh-tw": "zh",
    "zh-hk": "zh",
    "zt": "zh",
    "en-us": "en",
    "en-gb": "en",
}

NAMES = {
    "ar": "Arabic",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "hi": "Hindi",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "pt": "Portuguese",
    "ru": "Russian",
    "vi": "Vietnamese",
    "zh": "Chinese",
}


def canonical(code: str) -> str:
    """The canonical code for a client's language code (`zh-Hant` -> `zh`); `auto` stays."""
    lowered = code.strip().lower()
    return ALIASES.get(lowered, lowered)


def name_of(code: str) -> str:
    """English display name of a code, or the code itself when unknown."""
    return NAMES.get(code, code)


def detect(text: str) -> list[dict[str, float | str]]:
    """Languages of `text` by share of evidence, best first, LibreTranslate style (0-100).

    The evidence is `service.language.language_scores` (Han characters, kana, Hangul, Latin
    words). Text with none of them is reported as `en` with confidence 0, as LibreTranslate
    does for undetectable input.
    """
    scores = language_scores(text)
    total = sum(scores.values())
    if total == 0:
        return [{"confidence": 0.0, "language": "en"}]
    ranked = sorted(((n, code) for code, n in scores.items() if n), reverse=True)
    return [{"confidence": round(100.0 * n / total, 1), "language": code} for n, code in ranked]
