"""Views of a comparison: a Markdown 新旧对照 table and an HTML redline.

Both list the pairs that changed (changed, added, removed, and units that moved), in the new
version's order with removed units at their old place, and count the unchanged ones. The old
column shows deletions (Markdown `~~…~~`, HTML `<del>`), the new column insertions (`**…**`,
`<ins>`), a third column the English of the change, when anything was translated. Every text is
escaped: nothing in either version can add markup.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from service.render.markdown import md_escape

Marker = Callable[[str, str], str]  # (op, escaped text) -> marked-up text


def shown(pairs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The pairs worth a row: every one but those unchanged in place."""
    return [p for p in pairs if p["status"] != "unchanged" or p["moved"]]


def describe(pair: dict[str, Any]) -> str:
    """What happened to a pair in words: "changed, renumbered (第十条 → 第十二条)"."""
    words = [pair["status"]]
    words += [flag for flag in ("renumbered", "moved", "split", "merged") if pair[flag]]
    labels = list(dict.fromkeys(s["label"] for s in (pair["old"], pair["new"]) if s and s["label"]))
    where = f" ({' → '.join(labels)})" if labels else ""
    return ", ".join(words) + where


def comparison_markdown(body: dict[str, Any]) -> str:
    """The comparison as Markdown: a summary line and the 新旧对照 table."""
    summary = body["summary"]
    counts = ", ".join(f"{summary[name]} {name}" for name in summary)
    lines = ["# 新旧对照 / Comparison", "", counts, ""]
    rows = shown(body["pairs"])
    if not rows:
        return "\n".join([*lines, "No changes.", ""])
    english = _translated(rows)
    head = ["", "旧 Old", "新 New", *(["English"] if english else [])]
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for pair in rows:
        cells = [
            md_escape(describe(pair)),
            _side(pair, "old", _markdown_mark, md_escape, "<br>"),
            _side(pair, "new", _markdown_mark, md_escape, "<br>"),
            *([_english(pair, md_escape, "<br>")] if english else []),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def comparison_html(body: dict[str, Any]) -> str:
    """The comparison as a standalone HTML page: a redline table, old beside new."""
    summary = body["summary"]
    counts = ", ".join(f"{summary[name]} {name}" for name in summary)
    rows = []
    pairs = shown(body["pairs"])
    english = _translated(pairs)
    for pair in pairs:
        rows.append(
            f'<tr class="{pair["status"]}"><th scope="row">{html.escape(describe(pair))}</th>'
            f"<td lang=zh>{_side(pair, 'old', _html_mark, html.escape, '<br>')}</td>"
            f"<td lang=zh>{_side(pair, 'new', _html_mark, html.escape, '<br>')}</td>"
            + (f"<td lang=en>{_english(pair, html.escape, '<br>')}</td>" if english else "")
            + "</tr>"
        )
    english_head = "<th>English</th>" if english else ""
    table = (
        f"<table><thead><tr><th></th><th>旧 Old</th><th>新 New</th>{english_head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        if rows
        else "<p>No changes.</p>"
    )
    return (
        "<!doctype html><html lang=zh><meta charset=utf-8><title>新旧对照 / Comparison</title>"
        "<style>del{background:#fdd}ins{background:#dfd}"
        "td,th{vertical-align:top;border:1px solid #ccc;padding:4px}"
        "table{border-collapse:collapse}</style>"
        f"<h1>新旧对照 / Comparison</h1><p>{html.escape(counts)}</p>{table}</html>\n"
    )


def _translated(pairs: list[dict[str, Any]]) -> bool:
    """Whether any of the pairs has English (else the English column is left out)."""
    return any(p["english"]["old"] or p["english"]["new"] for p in pairs)


def _side(
    pair: dict[str, Any], side: str, mark: Marker, escape: Callable[[str], str], br: str
) -> str:
    """One side's text with its edits marked (the other side's edits left out)."""
    unit = pair[side]
    if unit is None:
        return ""
    label = escape(unit["label"]) + " " if unit["label"] else ""
    if not pair["diff"]:
        return label + escape(_content(unit)).replace("\n", br)
    keep = "-" if side == "old" else "+"
    pieces = [mark(op, escape(text)) for op, text in pair["diff"] if op in ("=", keep)]
    return label + "".join(pieces).replace("\n", br)


def _content(unit: dict[str, Any]) -> str:
    return "\n".join(filter(None, [unit["heading"], unit["text"]]))


def _english(pair: dict[str, Any], escape: Callable[[str], str], br: str) -> str:
    english = pair["english"]
    parts = [english[side] for side in ("old", "new") if english.get(side)]
    if len(parts) == 2 and parts[0] != parts[1]:
        return (
            escape(f"Old: {parts[0]}").replace("\n", br)
            + br
            + br
            + escape(f"New: {parts[1]}").replace("\n", br)
        )
    return escape(parts[-1]).replace("\n", br) if parts else ""


def _markdown_mark(op: str, text: str) -> str:
    if op == "=" or not text.strip():
        return text
    return f"~~{text}~~" if op == "-" else f"**{text}**"


def _html_mark(op: str, text: str) -> str:
    if op == "=":
        return text
    return f"<del>{text}</del>" if op == "-" else f"<ins>{text}</ins>"
