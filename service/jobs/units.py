"""Fan-out: cut a document's model inputs into units that workers translate independently.

A unit is a run of consecutive inputs (headings and sentences in document order) of about
PD_JOB_UNIT_CHARS characters; a document shorter than that is one unit. Units only fill the
translation memory; the job's last step assembles the result in document order from it.
"""

from __future__ import annotations


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
