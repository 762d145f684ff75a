"""Form batches by token budget after sorting by length (padding waste stays small)."""

from __future__ import annotations

from collections.abc import Sequence


def token_budget_batches(
    lengths: Sequence[int], budget: int, max_size: int = 64
) -> list[list[int]]:
    """Group indices into batches whose padded size (count × longest) stays within `budget`.

    Args:
        lengths: token count of each text.
        budget: most padded tokens per batch; a text longer than the budget gets a batch alone.
        max_size: most texts per batch.

    Returns:
        Lists of indices into `lengths`, shortest texts first; every index appears exactly once.
    """
    order = sorted(range(len(lengths)), key=lambda i: (lengths[i], i))
    batches: list[list[int]] = []
    current: list[int] = []
    for index in order:
        longest = max(lengths[index], 1)  # sorted: the newcomer is the longest so far
        if current and ((len(current) + 1) * longest > budget or len(current) >= max_size):
            batches.append(current)
            current = []
        current.append(index)
    if current:
        batches.append(current)
    return batches
