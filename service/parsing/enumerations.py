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
from service.parsing.headings import CN, _numeral

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("shi", re.compile(rf"(其?{CN}是)")),
    ("ordinal", re.compile(rf"(第{CN}[步点]?是|第{CN}[步点]?(?=[，,、：:]))")),
    ("qi", re.compile(rf"(其{CN})(?=[，,、：:])")),
    ("ordinal", re.compile(r"(首先|其次|再次|再者)|(最后)(?=[，,、：:])")),
    ("side", re.compile(r"(另一方面|一方面)")),
    ("item", re.compile(rf"((?:{CN}|\d{{1,2}})、)(?!(?:{CN}|\d)+、)")),
]
_PAREN = re.compile(r"[（(](\d{1,2})[)）]")
_OPENING = re.compile(r"^[\s\u3000“\"*●•◆◇■□▪▶►○◦·]*|[：:；;][\s\u3000]*|(?P<comma>[，,》])")
COMMA_FAMILIES = frozenset({"shi", "side"})  # count after a comma without confirmation
_ORDER_WORDS = {"首先": 1, "其次": 2, "再次": 3, "再者": 3, "一方面": 1, "另一方面": 2}
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
        return _ORDER_WORDS.get(label) or _numeral(label.removesuffix("是"))


def find_enumerations(paragraphs: list[Paragraph]) -> None:
    """Attach the enumerations found in a section's paragraphs to those paragraphs."""
    candidates = [c for p in paragraphs for c in _paragraph_candidates(p)]
    labels: dict[tuple[str, int], set[str]] = {}
    for c in candidates:
        labels.setdefault(_scope(c), set()).add(c.enumeration.label)
    for index, c in enumerate(candidates):
        if len(labels[_scope(c)]) >= 2 and (not c.weak or _confirmed(candidates, index)):
            c.paragraph.enumerations.append(c.enumeration)


def _scope(candidate: _Candidate) -> tuple[str, int]:
    paragraph_key = id(candidate.paragraph) if candidate.family in PARAGRAPH_SCOPED else 0
    return candidate.family, paragraph_key


def _confirmed(candidates: list[_Candidate], index: int) -> bool:
    """A label after a comma opens or continues a list: a different label of its family in
    its paragraph, or the family's next label in the section, at a full opening, is its
    successor."""
    this = candidates[index]
    family = [c for c in candidates if c.family == this.family]
    label = this.enumeration.label
    if any(c.paragraph is this.paragraph and c.enumeration.label != label for c in family):
        return True
    later = [c for c in family[family.index(this) + 1 :] if c.enumeration.label != label]
    rank = this.rank
    return bool(later) and not later[0].weak and rank is not None and later[0].rank == rank + 1


def _paragraph_candidates(paragraph: Paragraph) -> list[_Candidate]:
    found: list[_Candidate] = []
    for position, sentence in enumerate(paragraph.sentences):
        for family, label, lead, weak in _labels(sentence.text, paragraph_start=position == 0):
            enumeration = Enumeration(label, lead, sentence.id)
            found.append(_Candidate(family, paragraph, enumeration, weak))
        for match in _PAREN.finditer(sentence.text):
            enumeration = Enumeration(
                match.group(0), _lead(sentence.text[match.end() :]), sentence.id
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
                hits.append((family, label, _lead(text[match.end() :]), weak))
                break
    return hits


def _lead(rest: str) -> str:
    rest = rest.lstrip("，,、：: \u3000*#_")
    end = _LEAD_END.search(rest)
    return rest[: end.start() if end else len(rest)][:MAX_LEAD].strip(_MARKUP)
