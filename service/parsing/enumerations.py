"""In-paragraph enumerated points: 一是/二是…, 第一，/第二，…, 其一…, 首先/其次/再次/最后,
and （1）（2） inside running text.

A label counts at the start of a sentence or right after a colon in it; X是 labels also after
a comma (会议决定，一是…，其二是…), and a sentence may hold several. A family of labels
counts in a section only when at least two of its members occur there (a lone 最后， is prose,
not a list); （1）-style labels must pair up within one paragraph, since a run of separate
（1）… lines is a list of content lines, not an in-paragraph enumeration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.document import Enumeration, Paragraph
from service.parsing.headings import CN

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("shi", re.compile(rf"(其?{CN}是)")),
    ("di", re.compile(rf"(第{CN})(?=[，,、：:])")),
    ("qi", re.compile(rf"(其{CN})(?=[，,、：:])")),
    ("order", re.compile(r"(首先|其次|再次|最后)(?=[，,、：:])")),
    ("paren", re.compile(r"([（(]\d{1,2}[)）])")),
]
_OPENING = re.compile(r"^[\s\u3000“\"]*|[：:][\s\u3000]*|(?P<comma>[，,])")
COMMA_FAMILIES = frozenset({"shi"})
_LEAD_END = re.compile(r"[，,：:。；;！？!?]")
MAX_LEAD = 80
PARAGRAPH_SCOPED = frozenset({"paren"})


@dataclass(frozen=True)
class _Candidate:
    family: str
    paragraph: Paragraph
    enumeration: Enumeration


def find_enumerations(paragraphs: list[Paragraph]) -> None:
    """Attach the enumerations found in a section's paragraphs to those paragraphs."""
    candidates = [c for p in paragraphs for c in _paragraph_candidates(p)]
    counts: dict[tuple[str, int], int] = {}
    for c in candidates:
        key = _scope(c)
        counts[key] = counts.get(key, 0) + 1
    for c in candidates:
        if counts[_scope(c)] >= 2:
            c.paragraph.enumerations.append(c.enumeration)


def _scope(candidate: _Candidate) -> tuple[str, int]:
    paragraph_key = id(candidate.paragraph) if candidate.family in PARAGRAPH_SCOPED else 0
    return candidate.family, paragraph_key


def _paragraph_candidates(paragraph: Paragraph) -> list[_Candidate]:
    found = []
    for sentence in paragraph.sentences:
        for family, label, lead in _labels(sentence.text):
            found.append(_Candidate(family, paragraph, Enumeration(label, lead, sentence.id)))
    return found


def _labels(text: str) -> list[tuple[str, str, str]]:
    """(family, label, lead) for each label at an opening of the sentence."""
    hits = []
    for opening in _OPENING.finditer(text):
        at = opening.end()
        for family, pattern in _PATTERNS:
            if opening.group("comma") and family not in COMMA_FAMILIES:
                continue
            match = pattern.match(text, at)
            if match:
                hits.append((family, match.group(1), _lead(text[match.end() :])))
                break
    return hits


def _lead(rest: str) -> str:
    rest = rest.lstrip("，,、：: \u3000")
    end = _LEAD_END.search(rest)
    return rest[: end.start() if end else len(rest)][:MAX_LEAD].strip()
