"""In-paragraph enumerated points: 一是/二是…, 第一，/第一是/第一步是…, 其一…,
首先/其次/再次/再者/最后, 一方面…另一方面…, and （1）（2） or 一、二、 inside running text.

Where a label may stand (an opening): the start of a sentence, after any quote or bullet sign
(`● 首先，`); after a colon or a semicolon in it, full or half width (`第一,…;第二,…`); and after
a comma or a named subject (会议决定，一是…; 《条例》一是明确…). X是 labels and 一方面/另一方面
count at every opening. The other ordinals after a comma (`对此，第一，…`, `以VPN举例，首先VPN…`)
only when the list is confirmed: another label of their family in the same paragraph, or the next
label of the family in the section is the next in order (第一 → 第二), standing at a full opening.

A family counts in a section only when at least two different members occur there (a lone
最后， is prose, not a list, and so is 最后 twice); 第X and 首先/其次/再次/最后 are one family,
so a list that switches (首先，… 其次，… 第三，… 最后，…) is one list. 一方面/另一方面 must pair
within one paragraph. （1）-style labels count anywhere in running text ("包括（1）…；（2）…"),
一、-style labels at an opening other than the paragraph's start ("包括：一、…；二、…"); both must
pair up within one paragraph and run 1, 2, 3… there, since a run of separate （1）… or 一、… lines
is a list of content lines or headings, not an in-paragraph enumeration, and 一、二、三等奖 is a
list of numbers. Leads never carry leftover markup (`*`, `#`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.document import Enumeration, Paragraph
from service.parsing.labels import CN, label_number

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("shi", re.compile(rf"(其?{CN}是)")),
    ("ordinal", re.compile(rf"(第{CN}[步点]?是|第{CN}[步点]?(?=[，,、：:]))")),
    ("qi", re.compile(rf"(其{CN})(?=[，,、：:])")),
    ("ordinal", re.compile(r"(首先|其次|再次|再者)|(最后)(?=[，,、：:])")),
    ("side", re.compile(r"(另一方面|一方面)")),
    ("item", re.compile(rf"((?:{CN}|\d{{1,2}})、)(?!{CN}、|\d{{1,2}}、)")),
]
_PAREN = re.compile(r"[（(](\d{1,2})[)）]")
_OPENING = re.compile(r"^[\s\u3000“\"*●•◆◇■□▪▶►○◦·]*|[：:；;][\s\u3000]*|(?P<comma>[，,》])")
COMMA_FAMILIES = frozenset({"shi", "side"})  # count after a comma without confirmation
_ORDER_WORDS = {"首先": 1, "其次": 2, "再次": 3, "再者": 3, "一方面": 1, "另一方面": 2}
_LEAD_START = re.compile(r"[，,、：: \u3000*#_]*")
_LEAD_END = re.compile(r"[，,：:。；;！？!?]")
_MARKUP = "*#_ \u3000"
MAX_LEAD = 80
PARAGRAPH_SCOPED = frozenset({"paren", "item", "side"})
SEQUENCED = frozenset({"paren", "item"})  # must run 1, 2, 3… within their paragraph


@dataclass(frozen=True)
class _Candidate:
    family: str
    paragraph: Paragraph
    enumeration: Enumeration
    weak: bool = False  # after a comma, in a family that needs its list confirmed

    @property
    def rank(self) -> int | None:
        """The label's place in its list: 第三 → 3, 其次 → 2, 最后 → None."""
        label = self.enumeration.label
        return _ORDER_WORDS.get(label) or label_number(label.removesuffix("是"))


def find_enumerations(paragraphs: list[Paragraph]) -> None:
    """Attach the enumerations found in a section's paragraphs to those paragraphs."""
    candidates = [c for p in paragraphs for c in _paragraph_candidates(p)]
    labels: dict[tuple[str, int], set[str]] = {}
    in_paragraph: dict[tuple[str, int], set[str]] = {}
    for c in candidates:
        labels.setdefault(_scope(c), set()).add(c.enumeration.label)
        in_paragraph.setdefault((c.family, id(c.paragraph)), set()).add(c.enumeration.label)
    following = _next_other_label(candidates)
    for c, after in zip(candidates, following, strict=True):
        confirmed = len(in_paragraph[c.family, id(c.paragraph)]) >= 2 or _continues(c, after)
        if len(labels[_scope(c)]) >= 2 and (not c.weak or confirmed):
            c.paragraph.enumerations.append(c.enumeration)


def _scope(candidate: _Candidate) -> tuple[str, int]:
    paragraph_key = id(candidate.paragraph) if candidate.family in PARAGRAPH_SCOPED else 0
    return candidate.family, paragraph_key


def _next_other_label(candidates: list[_Candidate]) -> list[_Candidate | None]:
    """For each candidate, the next one of its family (in the section) with another label."""
    nearest: dict[str, _Candidate] = {}
    nearest_other: dict[str, _Candidate] = {}  # the next whose label differs from nearest's
    result: list[_Candidate | None] = []
    for c in reversed(candidates):
        label, near = c.enumeration.label, nearest.get(c.family)
        if near is None or near.enumeration.label != label:
            result.append(near)
            if near is not None:
                nearest_other[c.family] = near
        else:
            result.append(nearest_other.get(c.family))
        nearest[c.family] = c
    return result[::-1]


def _continues(candidate: _Candidate, after: _Candidate | None) -> bool:
    """A label after a comma opens a list that goes on: the family's next label in the section
    is its successor (第一 → 第二), at a full opening."""
    rank = candidate.rank
    return after is not None and not after.weak and rank is not None and after.rank == rank + 1


def _paragraph_candidates(paragraph: Paragraph) -> list[_Candidate]:
    found: list[_Candidate] = []
    for position, sentence in enumerate(paragraph.sentences):
        for family, label, lead, weak in _labels(sentence.text, paragraph_start=position == 0):
            enumeration = Enumeration(label, lead, sentence.id)
            found.append(_Candidate(family, paragraph, enumeration, weak))
        for match in _PAREN.finditer(sentence.text):
            enumeration = Enumeration(
                match.group(0), _lead(sentence.text, match.end()), sentence.id
            )
            found.append(_Candidate("paren", paragraph, enumeration))
    return _in_sequence(found)


def _in_sequence(found: list[_Candidate]) -> list[_Candidate]:
    """Drop sequenced labels (（1）, 一、) that do not continue 1, 2, 3… in their paragraph."""
    expected = dict.fromkeys(SEQUENCED, 1)
    kept = []
    for candidate in found:
        if candidate.family in SEQUENCED:
            if candidate.rank != expected[candidate.family]:
                continue
            expected[candidate.family] += 1
        kept.append(candidate)
    return kept


def _labels(text: str, paragraph_start: bool) -> list[tuple[str, str, str, bool]]:
    """(family, label, lead, weak) for each label at an opening of the sentence."""
    hits = []
    for opening in _OPENING.finditer(text):
        at = opening.end()
        comma = bool(opening.group("comma"))
        for family, pattern in _PATTERNS:
            if family == "item" and (comma or (paragraph_start and opening.start() == 0)):
                continue
            match = pattern.match(text, at)
            if match:
                label = match.group(match.lastindex or 0)
                weak = comma and family not in COMMA_FAMILIES
                hits.append((family, label, _lead(text, match.end()), weak))
                break
    return hits


def _lead(text: str, start: int) -> str:
    """The lead phrase after a label ending at `start`: up to the next stop, at most MAX_LEAD
    characters (read without copying the rest of a long sentence)."""
    separators = _LEAD_START.match(text, start)
    begin = separators.end() if separators else start
    window = text[begin : begin + MAX_LEAD]
    end = _LEAD_END.search(window)
    return window[: end.start() if end else len(window)].strip(_MARKUP)
