"""Fan-out: cut a document's model inputs into units that workers translate independently.

A unit is a run of about PD_JOB_UNIT_CHARS characters of model inputs (headings and sentences);
a document shorter than that is one unit. Units only fill the translation memory; the job's last
step assembles the result in document order from it.

A digest's plan puts its gist first: the title, the headings of the outline's sections and the
outline's points, cut into up to GIST_SPREAD smaller units so that that many workers translate
it at once, then the rest in document order. The plan also says which units each top-level
section needs, so that progress can count the sections whose every sentence is translated.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass

GIST_SPREAD = 4  # the gist is cut into up to this many units, for as many workers at once
GIST_UNIT_MIN = 200  # ... of at least this many characters (a unit's overhead is a parse)


@dataclass(frozen=True)
class Plan:
    """The units of a job and what they are for.

    `order` lists the input indexes in the order they are translated (gist first); each unit is
    a half-open range [start, end) into `order`; the first `gist_units` units are the gist;
    `sections` pairs each top-level section id with the indexes of the units it needs.
    """

    order: list[int]
    units: list[list[int]]
    gist_units: int
    sections: list[tuple[str, list[int]]]


def plan(
    inputs: list[tuple[str, str]],
    gist: Collection[str],
    sections: list[tuple[str, list[str]]],
    unit_chars: int,
    gist_only: bool = False,
) -> Plan:
    """Plan the units of `inputs` ((key, text) in document order): the inputs whose key is in
    `gist` first, then (unless `gist_only`) the others; `sections` gives each top-level
    section's input keys."""
    first = [i for i, (key, _) in enumerate(inputs) if key in gist]
    rest = [] if gist_only else [i for i, (key, _) in enumerate(inputs) if key not in gist]
    order = first + rest
    if sum(len(inputs[i][1]) for i in order) < unit_chars:  # a short article is one unit
        units, gist_count = cut([inputs[i][1] for i in order], unit_chars), min(len(first), 1)
    else:
        gist_units = _cut_gist([inputs[i][1] for i in first], unit_chars)
        rest_units = [
            [start + len(first), end + len(first)]
            for start, end in cut([inputs[i][1] for i in rest], unit_chars)
        ]
        units, gist_count = gist_units + rest_units, len(gist_units)
    unit_of = {order[p]: u for u, (start, end) in enumerate(units) for p in range(start, end)}
    index = {key: i for i, (key, _) in enumerate(inputs)}
    needed = [
        (section_id, sorted({unit_of[index[key]] for key in keys if index[key] in unit_of}))
        for section_id, keys in sections
    ]
    return Plan(order, units, gist_count, [] if gist_only else needed)


def _cut_gist(texts: list[str], unit_chars: int) -> list[list[int]]:
    """The gist in up to GIST_SPREAD units (fewer when they would be under GIST_UNIT_MIN)."""
    size = math.ceil(sum(len(text) for text in texts) / GIST_SPREAD)
    return cut(texts, max(1, min(unit_chars, max(GIST_UNIT_MIN, size))))


def cut(texts: list[str], unit_chars: int) -> list[list[int]]:
    """Half-open index ranges [start, end) into `texts`, each about `unit_chars` characters."""
    units: list[list[int]] = []
    start, size = 0, 0
    for index, text in enumerate(texts):
        size += len(text)
        if size >= unit_chars:
            units.append([start, index + 1])
            start, size = index + 1, 0
    if start < len(texts):
        units.append([start, len(texts)])
    return units
