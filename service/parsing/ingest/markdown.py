"""Markdown (CommonMark + tables, inline HTML allowed) to blocks via markdown-it-py.

Markdown is rendered to HTML and read by the same block collector as HTML input, so inline
HTML inside Markdown (most corpus articles have it) and `**bold**` runs are treated alike.

CommonMark's flanking rules assume spaces between words: `**（一）标题。**正文` never closes,
because the closing `**` sits between punctuation and a letter. Chinese has no spaces, so a
delimiter run next to a CJK character may open or close unless whitespace is on that side (the
idea behind the "cjk-friendly" extension of markdown-it in JavaScript).

Before rendering, three habits of converted pages are undone: zero-width characters are removed
(a U+200B before `#` would hide a heading), an empty bold pair between two bold runs
(`**一是****实施…**`) joins them instead of leaving `****` in the text, and an empty ATX heading
whose text wrapped onto the next line (`###` then `Chapman Chen: …`) gets that line back.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.parser_inline import ParserInline
from markdown_it.rules_inline.state_inline import Scanned, StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType

from service.parsing.ingest.blocks import Block
from service.parsing.ingest.html import html_to_blocks, strip_invisible

_JOINED_BOLD = re.compile(r"(?<=\S)\*{4}(?=\S)")
_WRAPPED_HEADING = re.compile(r"^(#{1,6})[ \t]*\n[ \t]*(?=[^\s#])", re.M)
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u201c-\u201d]")


class _CJKFriendlyState(StateInline):
    def scanDelims(self, start: int, canSplitWord: bool) -> Scanned:
        scanned = super().scanDelims(start, canSplitWord)
        last = self.src[start - 1] if start > 0 else " "
        end = start + scanned.length
        following = self.src[end] if end < self.posMax else " "
        if _CJK.match(last) or _CJK.match(following):
            return Scanned(not following.isspace(), not last.isspace(), scanned.length)
        return scanned


class _CJKFriendlyInline(ParserInline):
    def parse(self, src: str, md: MarkdownIt, env: EnvType, tokens: list[Token]) -> list[Token]:
        state = _CJKFriendlyState(src, md, env, tokens)
        self.tokenize(state)
        for rule in self.ruler2.getRules(""):
            rule(state)
        return state.tokens


def _markdown_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    inline = _CJKFriendlyInline()
    inline.ruler, inline.ruler2 = md.inline.ruler, md.inline.ruler2
    md.inline = inline
    return md


_MD = _markdown_parser()


def markdown_to_blocks(text: str) -> list[Block]:
    """Split a Markdown body (front matter already removed) into blocks."""
    text = _JOINED_BOLD.sub("", strip_invisible(text))
    blocks, _ = html_to_blocks(_MD.render(_WRAPPED_HEADING.sub(r"\1 ", text)))
    return blocks
