"""Form batches by token budget after sorting by length (padding waste stays small)."""

from __future__ import annotations

from collections.abc import Sequence

# Most padding a batch may carry, as a share of its padded size. Padding costs real compute:
# every row of a batch is decoded until its longest member's output cap, so a batch mixing 8-
# and 94-token inputs spends most of its time on padding (measured in bench/translate_throughput).
MAX_PADDING = 0.15


def token_budget_batches(
    lengths: Sequence[int], budget: int, max_size: int = 64, max_padding: float = MAX_PADDING
) -> list[list[int]]:
    """Group indices into batches of similar lengths within a token budget.

    Args:
        lengths: token count of each text.
        budget: most padded tokens per batch (count × longest); a text longer than the budget
            gets a batch alone.
        max_size: most texts per batch.
        max_padding: most padding per batch, as a share of count × longest.

    Returns:
        Lists of indices into `lengths`, shortest texts first; every index appears exactly once.
    """
    order = sorted(range(len(lengths)), key=lambda i: (lengths[i], i))
    batches: list[list[int]] = []
    current: list[int] = []
    tokens = 0
    for index in order:
        longest = max(lengths[index], 1)  # sorted: the newcomer is the longest so far
        padded = (len(current) + 1) * longest
        wasted = padded - tokens - longest
        if current and (
            padded > budget or len(current) >= max_size or wasted > max_padding * padded
        ):
            batches.append(current)
            current, tokens = [], 0
        current.append(index)
        tokens += longest
    if current:
        batches.append(current)
    return batches
