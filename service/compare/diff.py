"""The character-level diff of a changed unit, over its original texts.

Chinese has no spaces, so the diff is by character (diff-match-patch, with its semantic
clean-up, which merges the scatter of one-character coincidences into edits a reader can
follow). It runs on the folded texts, so that differences of form (a half-width comma, a line
break, traditional script) are not edits, and is mapped back to the originals: the "=" and "+"
pieces put together are the new text exactly, and each "-" piece is the old text it stands for.
"""

from __future__ import annotations

from diff_match_patch import diff_match_patch

from service.compare.forms import Folded

Edit = tuple[str, str]  # ("=" | "-" | "+", original text)
_OPS = {0: "=", -1: "-", 1: "+"}


def char_diff(old: Folded, new: Folded) -> list[Edit]:
    """The edits that turn the old text into the new one (see the module docstring)."""
    engine = diff_match_patch()
    engine.Diff_Timeout = 0  # no time limit: the same texts always give the same diff
    diffs = engine.diff_main(old.text, new.text, False)
    engine.diff_cleanupSemantic(diffs)
    edits: list[Edit] = []
    at_old = at_new = 0
    for op, text in diffs:
        size = len(text)
        if op == -1:
            piece = old.span(at_old, at_old + size)
            at_old += size
        else:
            piece = new.span(at_new, at_new + size)
            at_new += size
            at_old += size if op == 0 else 0
        _append(edits, _OPS[op], piece)
    return edits


def _append(edits: list[Edit], op: str, piece: str) -> None:
    if not piece:
        return
    if edits and edits[-1][0] == op:
        edits[-1] = (op, edits[-1][1] + piece)
    else:
        edits.append((op, piece))
