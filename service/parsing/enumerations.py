"""In-paragraph enumerated points: 一是/二是…, 第一，/第二，…, 其一…, 首先/其次/再次/最后,
and （1）（2） inside running text.

A label counts at the start of a sentence or right after a colon in it; X是 labels also after
a comma or a named subject (会议决定，一是…，其二是…; 《条例》一是明确…), and a sentence may
hold several. 首先/其次/再次/最后 open a sentence with or without a comma after them. A family
of labels counts in a section only when at least two different members occur there (a lone
最后， is prose, not a list, and so is 最后 twice). （1）-style labels count anywhere in running
text ("包括（1）…；（2）…") but must pair up within one paragraph and run 1, 2, 3… there, since a
run of separate （1）… lines is a list of content lines, not an in-paragraph enumeration.
Leads never carry leftover markup (`*`, `#`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.document import Enumeration, Paragraph
from service.parsing.labels import CN

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("shi", re.compile(rf"(其?{CN}是)")),
    ("di", re.compile(rf"(第{CN})(?=[，,、：:])")),
    ("qi", re.compile(rf"(其{CN})(?=[，,、：:])")),
    ("order", re.compile(r"(首先|其次|再次)|(最后)(?=[，,、：:])")),
]
_PAREN = re.compile(r"[（(](\d{1,2})[)）]")
_OPENING = re.compile(r"^[\s\u3000“\"*]*|[：:][\s\u3000]*|(?P<comma>[，,》])")
COMMA_FAMILIES = frozenset({"shi"})
_LEAD_END = re.compile(r"[，,：:。；;！？!?]")
_MARKUP = "*#_ \u3000"
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
    labels: dict[tuple[str, int], set[str]] = {}
    for c in candidates:
        labels.setdefault(_scope(c), set()).add(c.enumeration.label)
    for c in candidates:
        if len(labels[_scope(c)]) >= 2:
            c.paragraph.enumerations.append(c.enumeration)


def _scope(candidate: _Candidate) -> tuple[str, int]:
    paragraph_key = id(candidate.paragraph) if candidate.family in PARAGRAPH_SCOPED else 0
    return candidate.family, paragraph_key


def _paragraph_candidates(paragraph: Paragraph) -> list[_Candidate]:
    found = []
    expected = 1
    for sentence in paragraph.sentences:
        for family, label, lead in _labels(sentence.text):
            found.append(_Candidate(family, paragraph, Enumeration(label, lead, sentence.id)))
        for match in _PAREN.finditer(sentence.text):
            if int(match.group(1)) == expected:
                lead = _lead(sentence.text[match.end() :])
                enumeration = Enumeration(match.group(0), lead, sentence.id)
                found.append(_Candidate("paren", paragraph, enumeration))
                expected += 1
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
                label = match.group(match.lastindex or 0)
                hits.append((family, label, _lead(text[match.end() :])))
                break
    return hits


def _lead(rest: str) -> str:
    rest = rest.lstrip("，,、：: \u3000*#_")
    end = _LEAD_END.search(rest)
    return rest[: end.start() if end else len(rest)][:MAX_LEAD].strip(_MARKUP)
