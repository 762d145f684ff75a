"""Glossary enforcement: find terms, put their targets in front of the model, check the output.

Works with any engine, because it acts on the model's input and output text only:

1. **Finding**: terms are matched on the normalized text (simplified script, folded width), so a
   traditional-script source matches a simplified term. Every occurrence of every term is found
   (a trie walk from each position); the longest matches are taken first and a match that
   overlaps one already taken is not applied (国务院办公厅 wins over 国务院 inside it). A term
   that only partly overlaps the one applied (乡村治理 in 数字乡村治理, where 数字乡村 won) is
   still checked in step 4, so the overlap never hides a missing target. A term is not
   matched where its last character starts a longer word: 教育部 is not found in 教育部门
   (education departments) nor 外交部 in 外交部长 (foreign minister).
2. **A unit that is exactly a term** (a heading, a title, a table cell; surrounding blanks and
   end punctuation aside) gets the term's target and never reaches the model.
3. **Inside a sentence**, one of two techniques (the glossary's `technique`, set from
   PD_GLOSSARY_TECHNIQUE; docs/glossaries.md has the measurement that chose the default):
   - `placeholders` (default): each matched term becomes a short Latin token (国务院印发 → "Xb
     印发"); a model that copies Latin spans passes it through, and the token in the output is
     replaced by the term's target, exactly as the glossary writes it;
   - `code-switching`: each matched term becomes its target ("State Council 印发"), which the
     model copies (its spelling is the model's: a long name may come out altered).
4. **Verification**: every output is checked for every matched term's target (case, blanks,
   dashes and quotes folded); a missing one is reported, never dropped silently.
"""

from __future__ import annotations

import itertools
import re
from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock
from typing import Any

from service.parsing.normalize import to_norm
from service.translate.glossary import Glossary, entries_digest, term_key

FLAG_GLOSSARY = "glossary_term_missing"
EDGE = " \t\u3000。．.，,：:；;！!？?、"  # around a unit that is exactly a term
MATCHER_CACHE = 16  # matchers kept per process (a large glossary takes a while to index)
_END = ""  # trie key of a term that ends here
# Characters that, after a term's last character, make another word (部门, 部长, 部署, 局长, 委员).
REFUSED_NEXT = {"部": "门长署", "局": "长", "委": "员"}
_FOLD = str.maketrans("‐‑–—’‘“”", "----''\"\"")
_BLANKS = re.compile(r"\s+")
CONSONANTS = "bcdfghjklmnpqrstvwxz"
_PLACEHOLDER = re.compile(r"\b[Xx][a-zA-Z]{1,3}\b")


@dataclass(frozen=True)
class Match:
    """A term found in a text: where (in the normalized text), which entry."""

    start: int
    end: int
    source: str
    target: str


@dataclass(frozen=True)
class Prepared:
    """What a text becomes before the model: its model input, the terms applied, the entries'
    hash (part of the translation-memory key), the target when the text is a term, and the
    terms only partly overlapping an applied one (checked, not applied)."""

    text: str
    matches: tuple[Match, ...] = ()
    tag: str = ""
    exact: str | None = None
    crossing: tuple[Match, ...] = ()
    placeholders: tuple[tuple[str, str], ...] = ()  # (placeholder, target)

    @property
    def checked(self) -> tuple[Match, ...]:
        """Every term whose target the translation must hold."""
        return self.matches + self.crossing

    def finish(self, translation: str) -> str:
        """The translation with each placeholder (in any case) replaced by its target."""
        if not self.placeholders:
            return translation
        targets = {token.lower(): target for token, target in self.placeholders}
        return _PLACEHOLDER.sub(lambda m: targets.get(m.group(0).lower(), m.group(0)), translation)


class TermMatcher:
    """The terms of one glossary, indexed for matching (see module docstring)."""

    def __init__(self, glossary: Glossary) -> None:
        self.technique = glossary.technique
        self.trie: dict[str, Any] = {}
        self.whole: dict[str, tuple[str, str]] = {}
        for source, target in glossary.entries:
            key = term_key(source)
            node = self.trie
            for char in key:
                node = node.setdefault(char, {})
            node[_END] = (source, target)
            self.whole[key] = (source, target)

    def find(self, text: str) -> list[Match]:
        """Non-overlapping matches in `to_norm(text)`, longest first, returned in text order."""
        return self.resolve(text)[0]

    def resolve(self, text: str) -> tuple[list[Match], list[Match]]:
        """(matches applied, matches only partly overlapping an applied one), in text order."""
        norm = to_norm(text)
        found: list[Match] = []
        for start in range(len(norm)):
            node: dict[str, Any] | None = self.trie
            for end in range(start, len(norm)):
                node = node.get(norm[end]) if node is not None else None
                if node is None:
                    break
                if _END in node and not _continues(norm, end):
                    source, target = node[_END]
                    found.append(Match(start, end + 1, source, target))
        taken: list[Match] = []
        crossing: list[Match] = []
        for match in sorted(found, key=lambda m: (m.start - m.end, m.start)):
            if all(match.end <= t.start or match.start >= t.end for t in taken):
                taken.append(match)
            elif not any(t.start <= match.start and match.end <= t.end for t in taken):
                crossing.append(match)
        return sorted(taken, key=lambda m: m.start), sorted(crossing, key=lambda m: m.start)

    def exact(self, text: str) -> tuple[str, str] | None:
        """The entry when the whole text is one term (blanks and end punctuation aside)."""
        return self.whole.get(to_norm(text).strip(EDGE))

    def prepare(self, text: str) -> Prepared:
        """The model input for `text`, each term replaced as the technique says."""
        entry = self.exact(text)
        if entry is not None:
            source, target = entry
            return Prepared("", (Match(0, len(text), source, target),), "", target)
        applied, crossing = self.resolve(text)
        if not applied:
            return Prepared(text)
        matches = tuple(applied)
        norm = to_norm(text)
        base = text if len(norm) == len(text) else norm  # positions are the normalized text's
        tag = self.technique[0] + entries_digest((m.source, m.target) for m in matches)
        placeholders: tuple[tuple[str, str], ...] = ()
        if self.technique == "code-switching":
            inserted = [m.target for m in matches]
        else:
            inserted = _placeholders(base, len(matches))
            placeholders = tuple(zip(inserted, (m.target for m in matches), strict=True))
        return Prepared(
            _switched(base, matches, inserted), matches, tag, None, tuple(crossing), placeholders
        )


def _continues(norm: str, end: int) -> bool:
    """Whether the character after `norm[end]` makes a longer word of it (see REFUSED_NEXT)."""
    return end + 1 < len(norm) and norm[end + 1] in REFUSED_NEXT.get(norm[end], "")


def _placeholders(text: str, count: int) -> list[str]:
    """`count` tokens Xb, Xc, … Xz, Xbb, … that the text does not already hold. Consonants
    only, so that no token is a name a translation may hold anyway (Xi, Xu)."""
    found: list[str] = []
    length, lowered = 1, text.lower()
    while len(found) < count:
        for letters in itertools.product(CONSONANTS, repeat=length):
            token = "X" + "".join(letters)
            if token.lower() not in lowered:
                found.append(token)
                if len(found) == count:
                    break
        length += 1
    return found


def _switched(text: str, matches: tuple[Match, ...], inserted: list[str]) -> str:
    """`text` with each match replaced by its insert, set off by spaces from letters."""
    parts, last = [], 0
    for match, insert in zip(matches, inserted, strict=True):
        before, after = text[match.start - 1 : match.start], text[match.end : match.end + 1]
        parts.append(text[last : match.start])
        parts.append((" " if before.isalnum() else "") + insert)
        parts.append(" " if after.isalnum() else "")
        last = match.end
    parts.append(text[last:])
    return "".join(parts)


def missing(matches: tuple[Match, ...], translation: str) -> list[Match]:
    """The matches whose target the translation does not contain (folded comparison)."""
    folded = _folded(translation)
    return [m for m in matches if _folded(m.target) not in folded]


def _folded(text: str) -> str:
    return _BLANKS.sub(" ", text.translate(_FOLD).casefold()).strip()


def describe(misses: list[Match]) -> str:
    """The warning message naming the terms whose target is missing."""
    terms = "; ".join(f"{m.source} → {m.target}" for m in misses)
    return f"glossary term not rendered: {terms}"


_cache: OrderedDict[str, TermMatcher] = OrderedDict()
_cache_lock = Lock()


def matcher_for(glossary: Glossary) -> TermMatcher:
    """The matcher of a glossary, built once per process for each recent glossary."""
    key = f"{glossary.technique}:{glossary.digest}"
    with _cache_lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    built = TermMatcher(glossary)
    with _cache_lock:
        _cache[key] = built
        while len(_cache) > MATCHER_CACHE:
            _cache.popitem(last=False)
    return built
