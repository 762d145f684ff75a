"""Heading recognition for one block: markup headings, bold-only lines and numbered labels.

A block becomes a heading when markup says so (h1-h6, Markdown #), when it is a short bold-only
line (bold Q&A questions included), when a short line opens with a section label (一、 （一）
1. （1） ① 第一章 第一节 附件), or when a bold run-in lead opens with such a label
("**（一）加强组织领导。**正文…": the lead is the heading, the rest is content). 第X条 always
starts a law article: the label is the article number and the text is content. A numbered line
that reads as a sentence (ends with 。；， or ：, or holds a 。) is content, not a heading, and
so is every numbered line inside a law article (its 项 and 目 are content). Bold table and
figure captions (表1 …, 图2 …) are content too. A bare numeral on its own line ("一") is the
label of the heading that follows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from service.parsing.ingest.blocks import Block

# A label's numeral is short (第二百九十九条); a longer run is text, not a label.
CN = "[一二三四五六七八九十百千零〇两]{1,10}"
NUM = rf"(?:{CN}|\d{{1,6}})"
_LABELS: list[tuple[str, re.Pattern[str]]] = [
    ("bian", re.compile(rf"^(第{NUM}[编編])[\s\u3000]*")),
    ("zhang", re.compile(rf"^(第{NUM}章)[\s\u3000]*")),
    ("jie", re.compile(rf"^(第{NUM}[节節])[\s\u3000]*")),
    ("cn_num", re.compile(rf"^({CN}[、．.])[\s\u3000]*")),
    ("paren_num", re.compile(rf"^([（(]{CN}[)）])[\s\u3000]*")),
    ("arabic", re.compile(r"^(\d{1,2}(?:[、．]|\.(?!\d)))[\s\u3000]*")),
    ("paren_arabic", re.compile(r"^([（(]\d{1,2}[)）])[\s\u3000]*")),
    ("circled", re.compile(r"^([①-⑳])[\s\u3000]*")),
    ("annex", re.compile(r"^(附件\s*\d{0,2})(?:[：:\s\u3000]+|$)")),
]
_ARTICLE = re.compile(rf"^(第{NUM}[条條])(?:[\s\u3000]+|$)")
_SENTENCE_END = re.compile(r"[。；;，,：:、]$")
_INNER_FULL_STOP = re.compile(r"[。！；]")
_RUN_IN_TRAIL = re.compile(r"[。：:．.\s]+$")
_CAPTION = re.compile(r"^[表图圖]\s*\d")
_BARE_LABELS = [("cn_num", re.compile(rf"^{CN}$")), ("arabic", re.compile(r"^\d{1,2}$"))]

MAX_LABELLED_HEADING = 60
MAX_BOLD_HEADING = 100


@dataclass(frozen=True)
class Heading:
    """A recognised heading: its style (for levels), label, text, and any run-in content.

    `content_start` is the offset in the block text where body content begins (None when the
    whole block is the heading).
    """

    style: str
    label: str
    text: str
    content_start: int | None = None


def find_label(text: str) -> tuple[str, str] | None:
    """(style, label) of a leading section label, or None."""
    for style, pattern in _LABELS:
        match = pattern.match(text)
        if match:
            return style, match.group(1)
    return None


def merge_bare_labels(blocks: list[Block]) -> list[Block]:
    """Join a line holding only a numeral ("一") to the bold or markup heading after it."""
    merged: list[Block] = []
    for block in blocks:
        previous = merged[-1] if merged else None
        if previous is not None and _bare_label_style(previous.text) and _is_display(block):
            merged[-1] = replace(block, text=f"{previous.text} {block.text}", label=previous.text)
        else:
            merged.append(block)
    return merged


def _bare_label_style(text: str) -> str | None:
    return next((style for style, pattern in _BARE_LABELS if pattern.match(text)), None)


def _is_display(block: Block) -> bool:
    return block.markup_level is not None or (block.bold and not _bare_label_style(block.text))


def classify(block: Block, in_article: bool = False) -> Heading | None:
    """The heading this block is, or None for content.

    Args:
        block: the block to look at.
        in_article: the block sits inside a law article, where numbered lines are content.
    """
    article = _ARTICLE.match(block.text)
    if article:
        start = article.end()
        return Heading("article", article.group(1), "", start if start < len(block.text) else None)
    if block.label:
        style = _bare_label_style(block.label) or "bold"
        return Heading(style, block.label, block.text[len(block.label) :].strip())
    if block.markup_level is not None:
        return _with_label(f"h{block.markup_level}", block.text)
    if block.bold:
        return _bold_heading(block.text)
    if in_article:
        return None
    if block.bold_lead:
        run_in = _run_in_heading(block)
        if run_in is not None:
            return run_in
    return _numbered_line(block.text)


def _with_label(style: str, text: str) -> Heading:
    found = find_label(text)
    if found is None:
        return Heading(style, "", text)
    label = found[1]
    return Heading(style, label.strip(), text[_label_end(text, label) :].strip())


def _label_end(text: str, label: str) -> int:
    end = len(label)
    while end < len(text) and text[end] in " \u3000\t":
        end += 1
    return end


def _bold_heading(text: str) -> Heading | None:
    if len(text) > MAX_BOLD_HEADING or _looks_like_sentence(text) or _CAPTION.match(text):
        return None
    found = find_label(text)
    if found is None:
        return Heading("bold", "", text) if _has_words(text) else None
    style, label = found
    rest = text[_label_end(text, label) :].strip()
    return Heading(style, label.strip(), rest) if rest else None


def _run_in_heading(block: Block) -> Heading | None:
    lead = block.bold_lead
    found = find_label(lead)
    if found is None or not block.text.startswith(lead) or len(lead) > MAX_LABELLED_HEADING:
        return None
    style, label = found
    title = _RUN_IN_TRAIL.sub("", lead[_label_end(lead, label) :])
    if not title:
        return None
    start = len(lead)
    while start < len(block.text) and block.text[start].isspace():
        start += 1
    return Heading(style, label.strip(), title, start if start < len(block.text) else None)


def _numbered_line(text: str) -> Heading | None:
    found = find_label(text)
    if found is None:
        return None
    style, label = found
    rest = text[_label_end(text, label) :].strip()
    if not rest or len(rest) > MAX_LABELLED_HEADING or _looks_like_sentence(rest):
        return None
    return Heading(style, label.strip(), rest)


def _looks_like_sentence(text: str) -> bool:
    """Ends like a clause, or holds a full stop before its end."""
    return bool(_SENTENCE_END.search(text) or _INNER_FULL_STOP.search(text[:-1]))


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)
