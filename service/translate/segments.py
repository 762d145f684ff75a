"""Translate a list of texts safely: split what is too long, cache, guard against loops.

This is the layer between documents and engines. For each text:
1. pieces: a text over the engine's input limit is split at clause boundaries (never truncated);
2. cache: each piece is looked up by (model, revision, languages, piece, options);
3. engine: the misses go to `engine.translate` in length-sorted chunks, `should_stop` is checked
   between chunks;
4. repetition guard: an output with a looping n-gram is regenerated once with the manifest's
   stricter settings (no_repeat_ngram_size, repetition_penalty) and flagged if it still loops;
5. empty output: a piece the model left empty keeps its source text and is flagged, so a result
   is never empty for a non-empty input;
6. the translated pieces of a text are joined with a space.

With a glossary (service.translate.terms), a text that is exactly a term gets the term's target
without a model call; terms inside a text are replaced (placeholders or code-switching) before
step 1, the technique and a hash of the entries applied join the cache key (a cached piece never
bypasses a glossary), placeholders in the joined translation become their targets, and each
translation is checked for every term's target.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from service.errors import DeadlineExceeded, InvalidInput
from service.translate.cache import PieceCache
from service.translate.engine import Engine
from service.translate.fidelity import FLAG_EMPTY, FLAG_REPETITION, find_repetition
from service.translate.glossary import Glossary
from service.translate.manifest import (
    GENERATION_DEFAULTS,
    REQUEST_OPTIONS,
    check_generation_options,
)
from service.translate.splitting import split_to_fit
from service.translate.terms import Match, Prepared, matcher_for, missing

CHUNK_SIZE = 32  # texts per engine call; `should_stop` is checked between calls
Progress = Callable[[int, int], None]  # (characters done, characters in all) after each call


@dataclass(frozen=True)
class PieceResult:
    """The translation of one model input and what the guard found."""

    text: str
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class SegmentResult:
    """The translation of one text, the pieces it was cut into, its flags, the glossary terms
    found in it and those whose target the translation lacks."""

    translation: str
    pieces: tuple[str, ...]
    flags: tuple[str, ...] = ()
    terms: tuple[Match, ...] = ()
    missing: tuple[Match, ...] = ()


Piece = tuple[str, str]  # (model input, hash of the glossary entries applied to it, or "")


def translate_texts(
    engine: Engine,
    texts: Sequence[str],
    src: str,
    tgt: str,
    *,
    options: dict[str, Any] | None = None,
    cache: PieceCache[PieceResult] | None = None,
    should_stop: Callable[[], bool] | None = None,
    progress: Progress | None = None,
    glossary: Glossary | None = None,
) -> list[SegmentResult]:
    """Translate texts with splitting, caching, the repetition guard and the empty fallback.

    `progress`, when given, hears the characters done (cache hits count as done at once) of all
    characters after every engine call.

    Raises:
        InvalidInput: an unknown or out-of-range option.
        DeadlineExceeded: `should_stop()` returned True between two engine calls.
    """
    opts = _checked(options)
    prepared = _prepared(texts, glossary)
    split = _split(engine, prepared)
    unique = list(dict.fromkeys(piece for pieces in split for piece in pieces))
    results = _translate_pieces(engine, unique, src, tgt, opts, cache, should_stop, progress)
    return [_join(p, pieces, results) for p, pieces in zip(prepared, split, strict=True)]


def stored_texts(
    engine: Engine,
    texts: Sequence[str],
    src: str,
    tgt: str,
    cache: PieceCache[PieceResult],
    options: dict[str, Any] | None = None,
    glossary: Glossary | None = None,
) -> list[SegmentResult | None]:
    """What `cache` already holds of each text's translation, calling no engine.

    A text is None unless every one of its pieces is in the cache (the same pieces and keys
    `translate_texts` uses, with the same glossary); a blank text is an empty translation, and
    a text that is exactly a term its target, as there.
    """
    opts = _checked(options)
    key = _piece_key(engine, src, tgt, opts)
    prepared = _prepared(texts, glossary)
    results: list[SegmentResult | None] = []
    for p, pieces in zip(prepared, _split(engine, prepared), strict=True):
        found = {piece: cache.get(key(piece)) for piece in pieces}
        stored = {piece: hit for piece, hit in found.items() if hit is not None}
        results.append(_join(p, pieces, stored) if len(stored) == len(found) else None)
    return results


def _checked(options: dict[str, Any] | None) -> dict[str, Any]:
    try:
        return check_generation_options(dict(options or {}), REQUEST_OPTIONS)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from exc


def _prepared(texts: Sequence[str], glossary: Glossary | None) -> list[Prepared]:
    """Each text with the glossary's terms replaced (as it is, without a glossary)."""
    matcher = matcher_for(glossary) if glossary else None
    return [matcher.prepare(text) if matcher else Prepared(text) for text in texts]


def _split(engine: Engine, prepared: list[Prepared]) -> list[list[Piece]]:
    """Each text's pieces, each within the engine's input limit (a blank text has none)."""

    def fits(piece: str) -> bool:
        return engine.count_tokens(piece) <= engine.max_input_tokens

    return [
        [(piece, p.tag) for piece in split_to_fit(p.text, fits)] if p.text.strip() else []
        for p in prepared
    ]


def _piece_key(
    engine: Engine, src: str, tgt: str, opts: dict[str, Any]
) -> Callable[[Piece], Hashable]:
    """The cache key of a piece: model, revision, languages, the text, generation options, and
    the glossary's tag when one was applied to it."""
    option_key = tuple(sorted(opts.items()))

    def key(piece: Piece) -> Hashable:
        text, tag = piece
        base = (engine.name, engine.revision, src, tgt, text, option_key)
        return (*base, tag) if tag else base

    return key


def _join(
    prepared: Prepared, pieces: list[Piece], results: dict[Piece, PieceResult]
) -> SegmentResult:
    if prepared.exact is not None:
        return SegmentResult(prepared.exact, (), (), prepared.matches)
    parts = [results[piece] for piece in pieces]
    flags = tuple(dict.fromkeys(flag for part in parts for flag in part.flags))
    translation = prepared.finish(" ".join(p.text for p in parts))
    lacking = tuple(missing(prepared.checked, translation))
    return SegmentResult(
        translation, tuple(text for text, _ in pieces), flags, prepared.checked, lacking
    )


def _translate_pieces(
    engine: Engine,
    pieces: list[Piece],
    src: str,
    tgt: str,
    opts: dict[str, Any],
    cache: PieceCache[PieceResult] | None,
    should_stop: Callable[[], bool] | None,
    progress: Progress | None = None,
) -> dict[Piece, PieceResult]:
    key = _piece_key(engine, src, tgt, opts)
    results: dict[Piece, PieceResult] = {}
    misses: list[Piece] = []
    for piece in pieces:
        hit = cache.get(key(piece)) if cache is not None else None
        if hit is None:
            misses.append(piece)
        else:
            results[piece] = hit
    misses.sort(key=lambda piece: len(piece[0]))
    total = sum(len(text) for text, _ in pieces)
    done = total - sum(len(text) for text, _ in misses)
    if progress is not None:
        progress(done, total)
    for start in range(0, len(misses), CHUNK_SIZE):
        if should_stop is not None and should_stop():
            raise DeadlineExceeded("translation stopped before it finished (deadline passed)")
        chunk = misses[start : start + CHUNK_SIZE]
        texts = [text for text, _ in chunk]
        for piece, result in zip(chunk, _guarded(engine, texts, src, tgt, opts), strict=True):
            results[piece] = result
            if cache is not None:
                cache.put(key(piece), result)
        done += sum(len(text) for text in texts)
        if progress is not None:
            progress(done, total)
    return results


def _guarded(
    engine: Engine, pieces: list[str], src: str, tgt: str, opts: dict[str, Any]
) -> list[PieceResult]:
    """Engine outputs after the repetition guard and the empty-output fallback."""
    outputs = engine.translate(list(pieces), src, tgt, **opts)
    looping = [i for i, out in enumerate(outputs) if find_repetition(out) is not None]
    retried_set = set(looping)
    if looping:
        retried = engine.translate(
            [pieces[i] for i in looping], src, tgt, **_stricter(engine, opts)
        )
        for index, out in zip(looping, retried, strict=True):
            outputs[index] = out
    results = []
    for index, (piece, out) in enumerate(zip(pieces, outputs, strict=True)):
        flags = []
        if index in retried_set and find_repetition(out) is not None:
            flags.append(FLAG_REPETITION)
        if not out.strip():
            out = piece
            flags.append(FLAG_EMPTY)
        results.append(PieceResult(out.strip(), tuple(flags)))
    return results


def _stricter(engine: Engine, opts: dict[str, Any]) -> dict[str, Any]:
    """The guard's retry settings from the engine's manifest generation defaults."""
    generation = {**GENERATION_DEFAULTS, **getattr(engine, "generation", {})}
    return {
        **opts,
        "no_repeat_ngram_size": int(generation["retry_no_repeat_ngram_size"]),
        "repetition_penalty": float(generation["retry_repetition_penalty"]),
    }
