"""Splits (one old unit became several new ones) and merges (several old units became one).

After alignment, an old article split in two is paired with one part and leaves the other
unpaired (added). A lone unit joins a neighbour's pair when it sits next to the pair's units
on its own side and putting it beside them brings them clearly closer to the other side's
unit: then every pair of the group is marked `split` (or `merged`, the mirror case).
"""

from __future__ import annotations

from rapidfuzz import fuzz

from service.compare.align import Match, bigrams
from service.compare.units import Unit

JOIN_GAIN = 0.1  # how much closer the joined parts must come to the other side's unit


def join_parts(matches: list[Match], old: list[Unit], new: list[Unit]) -> None:
    """Add the pairs of split and merged units to `matches` and mark the groups."""
    _join(matches, old, new, lone="new")
    _join(matches, old, new, lone="old")


def _join(matches: list[Match], old: list[Unit], new: list[Unit], lone: str) -> None:
    """Let lone units on side `lone` join the pair group of a neighbour on the same side."""
    other = "old" if lone == "new" else "new"
    units = {"old": old, "new": new}
    groups: dict[int, list[Match]] = {}  # other side's index -> its pairs, in `lone` order
    owner: dict[int, int] = {}  # `lone` side's index -> the other side's index it is paired to
    for match in matches:
        here, there = getattr(match, lone), getattr(match, other)
        if here is not None and there is not None and not match.moved:
            groups.setdefault(there, []).append(match)
            owner[here] = there
    for index in range(len(units[lone])):
        if index in owner:
            continue
        for neighbour in (index - 1, index + 1):
            there = owner.get(neighbour)
            if there is None or units[other][there].kind != units[lone][index].kind:
                continue
            group = groups[there]
            if any(m.merged if lone == "new" else m.split for m in group):
                continue  # a unit is either split or merged, never both
            joined = _joined(group, index, lone)
            if joined is None:
                continue
            target = bigrams(units[other][there].key)
            before = _score(target, [getattr(m, lone) for m in group], units[lone])
            after = _score(target, joined, units[lone])
            if after - before < JOIN_GAIN:
                continue
            pieces = {lone: index, other: there}
            own = _score(target, [index], units[lone])
            match = Match(pieces["old"], pieces["new"], own)
            group.append(match)
            group.sort(key=lambda m: getattr(m, lone))
            for member in group:
                setattr(member, "split" if lone == "new" else "merged", True)
            matches.append(match)
            owner[index] = there
            break


def _joined(group: list[Match], index: int, lone: str) -> list[int] | None:
    """The group's indexes with `index` added, when it extends the run at either end."""
    indexes = sorted(getattr(m, lone) for m in group)
    if index == indexes[0] - 1:
        return [index, *indexes]
    if index == indexes[-1] + 1:
        return [*indexes, index]
    return None


def _score(target: list[str], indexes: list[int], units: list[Unit]) -> float:
    text = "".join(units[i].key for i in indexes)
    return float(fuzz.ratio(target, bigrams(text))) / 100
