"""The result of a comparison: pairs of units in reading order, and their counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from service.compare.diff import Edit
from service.compare.units import Unit

STATUSES = ("unchanged", "changed", "added", "removed")
FLAGS = ("renumbered", "moved")


@dataclass
class Pair:
    """An old unit and its new version; `old` is None for an added unit, `new` for a removed one.

    `diff` holds the character edits of a changed pair (empty otherwise); `english` the English
    of each side, once a translation has filled it in.
    """

    status: str
    old: Unit | None
    new: Unit | None
    renumbered: bool = False
    moved: bool = False
    split: bool = False
    merged: bool = False
    diff: list[Edit] = field(default_factory=list)
    english: dict[str, str | None] = field(default_factory=lambda: {"old": None, "new": None})

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "renumbered": self.renumbered,
            "moved": self.moved,
            "split": self.split,
            "merged": self.merged,
            "old": self.old.to_dict() if self.old else None,
            "new": self.new.to_dict() if self.new else None,
            "diff": [list(edit) for edit in self.diff],
            "english": dict(self.english),
        }


@dataclass
class Comparison:
    """The pairs of two versions: in the new version's order, removed units at their old place."""

    pairs: list[Pair]

    def summary(self) -> dict[str, int]:
        """How many pairs have each status, and how many were renumbered or moved."""
        counts = {status: 0 for status in STATUSES}
        for pair in self.pairs:
            counts[pair.status] += 1
        for flag in FLAGS:
            counts[flag] = sum(1 for pair in self.pairs if getattr(pair, flag))
        return counts

    def to_dict(self) -> dict[str, Any]:
        return {"summary": self.summary(), "pairs": [pair.to_dict() for pair in self.pairs]}
