"""Heading recognition for one block: markup headings, bold-only lines and numbered labels.

A block becomes a heading when markup says so (h1-h6, Markdown #), when it is a short bold-only
line (bold Q&A questions included), when a short line opens with a section label (一、 （一）
1. （1） ① 第一章 第一节 附件), or when a bold run-in lead opens with such a label
("**（一）加强组织领导。**正文…": the lead is the heading, the rest is content). 第X条 always
starts a law article: the label is the article number and the text is content. A numbered line
that reads as a sentence (ends with 。；， or ：, or holds a 。) is content, not a heading, and
so is every numbered line inside a law article (its 项 and 目 are content), unless its
label continues the numbering of a heading that encloses the article (四、 after an open 三、
part is the next part). Bold table and figure captions (表1 …, 图2 …) and bold document
numbers (国市监认证规〔2023〕3号) are content too. A bare numeral on its own line ("一" or "01")
is the label of the heading that follows it.

Typography that makes a sentence a heading:
- a bold-only line that opens with a label or a question tag (问：) and is one sentence
  (`**（一）淡化数据所有权，强调….**`, `**问：请简要介绍一下背景。**`) is the author's heading;
  so is a plain one-sentence question turn (`问：…？`);
- in a regulation (a 规定/办法/通知/意见… whose articles are numbered 一、), a paragraph that
  opens with 一、 and reads as a sentence is an article: the label, an empty heading and the
  sentence as content, exactly like 第X条 (see `Context.regulation`);
- a bold run-in lead that is only an article label (`**第三条**正文`, `**案例1：**正文`) opens
  an article section the same way.
A plain line that only names a standard part of an article (前言, 结语, 后记：, 附录…) is a
heading too. A Markdown heading that is really a paragraph opening with an enumeration label
(`## **一是…。**正文…`) is content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from service.parsing.ingest.blocks import Block
from service.parsing.labels import (
    ARTICLE,
    ARTICLE_LABEL,
    CN,
    NUM,
    RUN_IN_ARTICLE_LABEL,
    find_label,
    label_number,
)
from service.parsing.normalize import to_simplified

_BOLD_LEAD_ARTICLE = re.compile(rf"^(?:{ARTICLE_LABEL}|案例\s*{NUM}\s*[：:]?)$")
ARTICLE_STYLES = frozenset({"article", "cn_article"})
_QUESTION = re.compile(r"^问[：:]")
# A plain line naming a standard part of an article ("后记：") heads the paragraphs below it.
_SECTION_WORD = re.compile(
    r"^(?:前言|引言|导语|结语|结束语|后记|附记|编后|编后语|附录|注释|参考文献|名词解释|背景链接)"
    r"[\s\u3000]*[：:]?$"
)
# A law's supplementary part written as a bare line (附则, 附　则) rather than 第X章 附则: a part
# of the law's top level (the Criminal Law and the Civil Code close with one).
SUPPLEMENTARY = "supplementary"
_SUPPLEMENTARY_LINE = re.compile(r"^附[\s\u3000]*[则則]$")
_ENUMERATION_OPENING = re.compile(rf"^(?:其?{CN}是|首先|其次|第{CN}[，,、])")
# A document number (国市监认证规〔2023〕3号): content where it ends a line.
DOC_NUMBER = re.compile(r"[〔\[［]\s*\d{4}\s*[〕\]］]\s*第?\s*\d{1,4}\s*号")
_ONE_SENTENCE_END = re.compile(r"[。！？!?]$")
_SENTENCE_END = re.compile(r"[。；;，,：:、]$")
_INNER_FULL_STOP = re.compile(r"[。！；]")
_RUN_IN_TRAIL = re.compile(r"[。：:．.\s]+$")
_CAPTION = re.compile(r"^[表图圖]\s*\d")
_BARE_LABELS = [("cn_num", re.compile(rf"^{CN}$")), ("arabic", re.compile(r"^\d{1,2}$"))]

MAX_LABELLED_HEADING = 60
MAX_BOLD_HEADING = 100


@dataclass(frozen=True)
class Context:
    """What classification needs to know about the document and the open sections.

    `open_headings` are (style, label) of the open sections, outermost first; `regulation`
    says the document is a 规定/办法/通知/意见… (see structure.is_regulation).
    """

    open_headings: tuple[tuple[str, str], ...] = ()
    regulation: bool = False

    @property
    def in_article(self) -> bool:
        return bool(self.open_headings) and self.open_headings[-1][0] in ARTICLE_STYLES


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


def classify(block: Block, context: Context | None = None) -> Heading | None:
    """The heading this block is, or None for content (see the module docstring)."""
    context = context or Context()
    article = _article(block)
    if article is not None:
        return article
    if block.label:
        style = _bare_label_style(block.label) or "bold"
        return Heading(f"bare_{style}", block.label, block.text[len(block.label) :].strip())
    if block.markup_level is not None:
        if _ENUMERATION_OPENING.match(block.text) and _INNER_FULL_STOP.search(block.text[:-1]):
            return None
        return _with_label(f"h{block.markup_level}", block.text)
    if _SUPPLEMENTARY_LINE.match(block.text):
        return Heading(SUPPLEMENTARY, "", block.text)
    if block.bold:
        return _bold_heading(block.text, context)
    if context.in_article:
        return _next_part(block.text, context)
    if block.bold_lead:
        run_in = _run_in_heading(block)
        if run_in is not None:
            return run_in
    if _is_question(block.text):
        return Heading("question", "", block.text)
    if _SECTION_WORD.match(to_simplified(block.text)):
        return Heading("bold", "", block.text)
    return _numbered_line(block.text, context)


def _article(block: Block) -> Heading | None:
    """第X条 opening a paragraph, or a bold run-in lead that is only an article label."""
    match = ARTICLE.match(block.text)
    if match is not None:
        return _article_heading(block.text, match.group(1), match.end())
    lead = block.bold_lead.strip()
    if lead and _BOLD_LEAD_ARTICLE.match(lead) and block.text.startswith(lead):
        return _article_heading(block.text, lead, len(lead))
    return None


def _article_heading(text: str, label: str, start: int) -> Heading:
    while start < len(text) and (text[start].isspace() or text[start] in "：:"):
        start += 1
    return Heading("article", label, "", start if start < len(text) else None)


def run_in_article(text: str) -> Heading | None:
    """The article heading of a paragraph opening with a run-in label (第一条为了…)."""
    match = RUN_IN_ARTICLE_LABEL.match(text)
    return None if match is None else _article_heading(text, match.group(1), match.end())


def _next_part(text: str, context: Context) -> Heading | None:
    """Inside an article, a line whose label continues the numbering of an open section (二、
    after the article 一、, 四、 after an enclosing part 三、) starts the next one; every other
    numbered line is content (the article's 项 and 目)."""
    split = _split_label(text)
    if split is None:
        return None
    style, label, start, rest = split
    for open_style, open_label in reversed(context.open_headings):
        if _label_family(open_label) == style and _follows(label, open_label):
            if open_style == "cn_article":
                return Heading(open_style, label.strip(), "", start)
            if len(rest) > MAX_LABELLED_HEADING or _looks_like_sentence(rest):
                return None
            return Heading(open_style, label.strip(), rest)
    return None


def _label_family(label: str) -> str | None:
    found = find_label(label)
    return found[0] if found is not None else None


def _follows(label: str, previous: str) -> bool:
    """Whether label's numeral is the successor of previous's (四、 after 三、)."""
    a, b = label_number(label), label_number(previous)
    return a is not None and b is not None and a == b + 1


def _is_question(text: str) -> bool:
    """A question turn (问：…) that is one sentence."""
    return bool(_QUESTION.match(text)) and _one_sentence(text) and len(text) <= MAX_BOLD_HEADING


def _one_sentence(text: str) -> bool:
    return bool(_ONE_SENTENCE_END.search(text)) and not _INNER_FULL_STOP.search(text[:-1])


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


def _bold_heading(text: str, context: Context) -> Heading | None:
    number = DOC_NUMBER.search(text)
    if number is not None and number.end() == len(text):
        return None
    if len(text) > MAX_BOLD_HEADING or _CAPTION.match(text):
        return None
    found = find_label(text)
    if _looks_like_sentence(text):
        return _bold_sentence_heading(text, found, context)
    if found is None:
        if _QUESTION.match(text):
            return Heading("question", "", text)
        return Heading("bold", "", text) if _has_words(text) else None
    style, label = found
    rest = text[_label_end(text, label) :].strip()
    return Heading(style, label.strip(), rest) if rest else None


def _bold_sentence_heading(
    text: str, found: tuple[str, str] | None, context: Context
) -> Heading | None:
    """A bold one-sentence line that opens with a label or a question tag is a heading."""
    if context.in_article or not _one_sentence(text):
        return None
    if _QUESTION.match(text):
        return Heading("question", "", text)
    if found is None:
        return None
    style, label = found
    rest = text[_label_end(text, label) :].strip()
    return Heading(style, label.strip(), rest) if rest else None


def _run_in_heading(block: Block) -> Heading | None:
    lead = block.bold_lead
    found = find_label(lead)
    if found is None or not block.text.startswith(lead) or len(lead) > MAX_LABELLED_HEADING:
        return None
    style, label = found
    inner = _INNER_FULL_STOP.search(lead, _label_end(lead, label), len(lead) - 1)
    if inner is not None:  # "**1. 标题。一是**…": the heading ends at its full stop
        lead = lead[: inner.end()]
    title = _RUN_IN_TRAIL.sub("", lead[_label_end(lead, label) :])
    if not title:
        return None
    start = len(lead)
    while start < len(block.text) and block.text[start].isspace():
        start += 1
    return Heading(style, label.strip(), title, start if start < len(block.text) else None)


def _split_label(text: str) -> tuple[str, str, int, str] | None:
    """(style, label, offset after the label, the rest) of a labelled line with text after it."""
    found = find_label(text)
    if found is None:
        return None
    style, label = found
    start = _label_end(text, label)
    rest = text[start:].strip()
    return (style, label, start, rest) if rest else None


def _numbered_line(text: str, context: Context) -> Heading | None:
    split = _split_label(text)
    if split is None:
        return None
    style, label, start, rest = split
    if len(rest) > MAX_LABELLED_HEADING or _looks_like_sentence(rest):
        if context.regulation and style == "cn_num":
            return Heading("cn_article", label.strip(), "", start)
        return None
    return Heading(style, label.strip(), rest)


def _looks_like_sentence(text: str) -> bool:
    """Ends like a clause, or holds a full stop before its end."""
    return bool(_SENTENCE_END.search(text) or _INNER_FULL_STOP.search(text[:-1]))


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)
