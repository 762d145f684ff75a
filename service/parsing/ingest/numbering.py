"""Word's automatic numbering rendered as the reader sees it (`一、`, `（二）`, `第三条`, `①`).

python-docx does not render list numbers and docx2python drops the Chinese formats, so this
small renderer is ours. From `word/numbering.xml` it takes each abstract numbering's levels
(`start`, `numFmt`, `lvlText`, `lvlRestart`, `isLgl`, `suff`) and each `num`'s abstract
numbering and `startOverride`s; `Numbering.label(num_id, ilvl)` then counts the paragraph and
returns its label: `%1`…`%9` in `lvlText` replaced by the counters of levels 1…9 in their own
formats, followed by the level's suffix (a tab or a space: one space; `nothing`: none).

Counting follows Word: nums sharing an abstract numbering continue one list (unless the num
overrides a start, which restarts it at the num's first paragraph); counting a level restarts
the levels below it (a level with `lvlRestart` 0 never restarts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DIGITS = "零一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = [
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
]  # fmt: skip
MAX_LEVELS = 9


def chinese_counting(n: int, digits: str = _DIGITS, units: str = "十百千万") -> str:
    """一 二 … 十 十一 … 二十 … 一百零一 … (chineseCounting, chineseCountingThousand)."""
    if n <= 0:
        return digits[0]
    if n >= 100_000_000:
        return str(n)
    if n >= 10_000:
        high, low = divmod(n, 10_000)
        rest = chinese_counting(low, digits, units) if low else ""
        gap = digits[0] if 0 < low < 1000 else ""
        return chinese_counting(high, digits, units) + units[3] + gap + rest
    text = ""
    zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        digit = n // power % 10
        if digit:
            if zero:
                text += digits[0]
            text += digits[digit] + unit
            zero = False
        elif text:
            zero = True
    if 10 <= n < 20:
        text = text[1:]  # 十一, not 一十一
    return text


def _letters(n: int) -> str:
    """a … z, aa … zz, as Word repeats letters."""
    letter = chr(ord("a") + (n - 1) % 26)
    return letter * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    text = ""
    for value, numeral in _ROMAN:
        count, n = divmod(n, value)
        text += numeral * count
    return text


def _circled(n: int) -> str:
    return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)


def _cycle(symbols: str) -> Any:
    return lambda n: symbols[(n - 1) % len(symbols)]


FORMATS: dict[str, Any] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"}),
    "decimalHalfWidth": str,
    "decimalEnclosedCircle": _circled,
    "decimalEnclosedCircleChinese": _circled,
    "decimalEnclosedParen": lambda n: f"({n})",
    "decimalEnclosedFullstop": lambda n: f"{n}.",
    "chineseCounting": chinese_counting,
    "chineseCountingThousand": chinese_counting,
    "japaneseCounting": chinese_counting,
    "taiwaneseCounting": chinese_counting,
    "chineseLegalSimplified": lambda n: chinese_counting(n, _LEGAL_DIGITS, "拾佰仟万"),
    "ideographTraditional": _cycle(_TIANGAN),
    "ideographZodiac": _cycle(_DIZHI),
    "lowerLetter": _letters,
    "upperLetter": lambda n: _letters(n).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
    "none": lambda n: "",
}


@dataclass
class Level:
    """One level of an abstract numbering."""

    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # lvlRestart: None = after any higher level, 0 = never
    legal: bool = False
    suffix: str = "tab"


@dataclass
class _List:
    """The counters of one abstract numbering."""

    levels: dict[int, Level]
    counters: dict[int, int] = field(default_factory=dict)


@dataclass
class Numbering:
    """The numbering definitions of a document and the counters as paragraphs are read."""

    lists: dict[str, _List] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)
    _started: set[str] = field(default_factory=set)

    @classmethod
    def from_xml(cls, root: Any | None) -> Numbering:
        """Read `word/numbering.xml` (None: a document without numbering)."""
        numbering = cls()
        if root is None:
            return numbering
        for abstract in root.iter(f"{W}abstractNum"):
            levels = {int(_val(lvl, "ilvl", "0")): _level(lvl) for lvl in abstract.iter(f"{W}lvl")}
            numbering.lists[_val(abstract, "abstractNumId", "")] = _List(levels)
        for num in root.iter(f"{W}num"):
            child = num.find(f"{W}abstractNumId")
            overrides = {
                int(_val(o, "ilvl", "0")): int(_val(s, "val", "1"))
                for o in num.iter(f"{W}lvlOverride")
                if (s := o.find(f"{W}startOverride")) is not None
            }
            if child is not None:
                numbering.nums[_val(num, "numId", "")] = (_val(child, "val", ""), overrides)
        return numbering

    def label(self, num_id: str, ilvl: int) -> str:
        """Count a paragraph numbered (num_id, ilvl) and return its rendered label."""
        if num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        found = self.lists.get(abstract_id)
        if found is None or ilvl not in found.levels:
            return ""
        if overrides and num_id not in self._started:
            self._started.add(num_id)
            found.counters = {lvl: start - 1 for lvl, start in overrides.items()}
        level = found.levels[ilvl]
        found.counters[ilvl] = found.counters.get(ilvl, level.start - 1) + 1
        for deeper, other in found.levels.items():
            if deeper > ilvl and other.restart != 0:
                found.counters.pop(deeper, None)
        return _render(found, level) + {"tab": " ", "space": " "}.get(level.suffix, "")


def _render(found: _List, level: Level) -> str:
    text = level.text
    for index in range(MAX_LEVELS, 0, -1):
        placeholder = f"%{index}"
        if placeholder in text:
            other = found.levels.get(index - 1, Level())
            count = found.counters.get(index - 1, other.start)
            fmt = "decimal" if level.legal else other.fmt
            text = text.replace(placeholder, FORMATS.get(fmt, str)(count))
    return text


def _level(lvl: Any) -> Level:
    def child(name: str, default: str) -> str:
        element = lvl.find(f"{W}{name}")
        return default if element is None else _val(element, "val", default)

    restart = lvl.find(f"{W}lvlRestart")
    return Level(
        start=int(child("start", "1")),
        fmt=child("numFmt", "decimal"),
        text=child("lvlText", ""),
        restart=None if restart is None else int(_val(restart, "val", "0")),
        legal=lvl.find(f"{W}isLgl") is not None,
        suffix=child("suff", "tab"),
    )


def _val(element: Any, name: str, default: str) -> str:
    value = element.get(f"{W}{name}")
    return default if value is None else str(value)
