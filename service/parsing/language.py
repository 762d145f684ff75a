"""Which language a text is written in, told from its writing systems (no model, no data files).

The served models read Chinese, but people paste Japanese, Korean and English too. Scripts
separate these four deterministically and in one pass over any length of text: kana occur only
in Japanese, Hangul only in Korean, and Han characters without a real share of kana are Chinese.
Latin-script text is counted in words (so "GDP" or "5G" in a Chinese article weigh little) and
reported as English, the only Latin-script language the shipped models handle. Japanese written
in Han characters alone (a headline) cannot be told from Chinese by script and counts as Chinese.
"""

from __future__ import annotations

import re

UNDETERMINED = "und"
# Japanese prose is typically 30-50 % kana; a Chinese article quoting a Japanese title is not.
JA_KANA_SHARE = 0.1
# A request's own source language is overridden only by this much evidence for another one ...
MIN_EVIDENCE = 3
# ... and only when the requested language holds less than this share of the evidence.
MAX_REQUESTED_SHARE = 0.2

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9d]")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")


def language_scores(text: str) -> dict[str, int]:
    """Evidence per language: Han characters (zh, or ja with kana), kana, Hangul, Latin words."""
    han = len(_HAN.findall(text))
    kana = len(_KANA.findall(text))
    japanese = kana > 0 and kana >= JA_KANA_SHARE * (han + kana)
    return {
        "zh": 0 if japanese else han,
        "ja": han + kana if japanese else kana,
        "ko": len(_HANGUL.findall(text)),
        "en": len(_LATIN_WORD.findall(text)),
    }


def detect_language(text: str) -> str:
    """`zh`, `ja`, `ko` or `en` (most evidence), or `und` when the text has no letters at all."""
    scores = language_scores(text)
    best = max(scores, key=lambda code: scores[code])
    return best if scores[best] > 0 else UNDETERMINED


def contradicts(text: str, requested: str) -> str | None:
    """The language `text` is clearly in when that is not `requested`, else None.

    "Clearly" means at least MIN_EVIDENCE units for the detected language and less than
    MAX_REQUESTED_SHARE of all evidence for the requested one, so a Chinese article with English
    names, or a short label such as "GDP", keeps the language the client gave. A requested
    language the scripts cannot tell apart from others (`fr` and `en` are both Latin) is kept.
    """
    scores = language_scores(text)
    if requested not in scores:
        return None
    detected = detect_language(text)
    total = sum(scores.values())
    if detected in (UNDETERMINED, requested) or scores[detected] < MIN_EVIDENCE:
        return None
    if scores.get(requested, 0) >= MAX_REQUESTED_SHARE * total:
        return None
    return detected
