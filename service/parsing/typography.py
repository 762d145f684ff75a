"""Document-level heading typography: the genre and the neighbours of a line.

A line alone does not always say what it is; the document and the lines around it do:

- genre: a regulation (规定/办法/通知/意见/细则/决定/方案/条例…, named by the title, by the
  document's own bold or Markdown title line above its first article 一、, or shown by a
  document number 〔2023〕3号 near the top)
  numbers its articles 一、二、 and writes them as sentences; a Q&A (答记者问, 问答, 解读…)
  numbering its questions 一、 is no regulation;
- a short bold line (at most 8 characters, no punctuation) directly followed by a longer bold
  line is a category over it (牛览-style digests: 特别关注 over its story titles); where a
  document does this at least twice, every such short bold line sits one level up;
- a bold line right above an embedded video (an iframe/video/embed element, or a `{{< video >}}`
  shortcode line) is its caption, not a heading;
- a bold issuing-body line directly above a bold 关于… title is the first line of that title.
"""

from __future__ import annotations

import re

from service.parsing.headings import DOC_NUMBER
from service.parsing.ingest.blocks import Block
from service.parsing.normalize import to_norm

_GENRE = re.compile(
    r"(?:规定|办法|通知|意见|细则|规则|决定|方案|条例|规划|纲要|指引|准则|公告|通告|批复|章程)"
    r"(?:[（(](?:试行|暂行|全文|附全文|征求意见稿)[）)]|》)*$"
)
_QA = re.compile(r"答记者问|问答|答问|解读|访谈|专访|采访|答网友问")
_ARTICLE_ONE = re.compile(r"^一[、．.]")
_MEDIA = re.compile(r"^\{\{[<%].*[>%]\}\}$")
_PUNCTUATION = re.compile(r"[\W_]")
_TITLE_LINE_MAX = 60
CATEGORY_MAX_CHARS = 8
MIN_CATEGORIES = 2
CONTENT = "content"
CATEGORY = "bold_group"


def is_regulation(title: str | None, blocks: list[Block]) -> bool:
    """Whether the article is (or carries the full text of) a regulation-type document."""
    if title is not None and _QA.search(to_norm(title)):
        return False
    first_article = next((i for i, b in enumerate(blocks) if _ARTICLE_ONE.match(b.text)), 0)
    lines = [title or ""] + [
        b.text
        for b in blocks[:first_article]
        if (b.bold or b.markup_level) and len(b.text) <= _TITLE_LINE_MAX
    ]
    for line in lines:
        norm = to_norm(line).strip()
        if _GENRE.search(norm) or norm.startswith(("通知", "规定", "办法", "意见")):
            return True
    return any(DOC_NUMBER.search(b.text) for b in blocks[:20])


def neighbour_styles(blocks: list[Block]) -> dict[int, str]:
    """Block index -> CONTENT or CATEGORY where the neighbours decide (see module docstring)."""
    overrides: dict[int, str] = {}
    categories = []
    for i, block in enumerate(blocks[:-1]):
        after = blocks[i + 1]
        if not block.bold or block.markup_level is not None:
            continue
        if block.before_video or _MEDIA.match(after.text) or _issuing_body(block, after):
            overrides[i] = CONTENT
        elif _category(block) and after.bold and len(after.text) > CATEGORY_MAX_CHARS:
            categories.append(i)
    if len(categories) >= MIN_CATEGORIES:
        for i, block in enumerate(blocks):
            if i not in overrides and block.markup_level is None and _category(block):
                overrides[i] = CATEGORY
    return overrides


def _issuing_body(block: Block, after: Block) -> bool:
    return after.bold and after.text.startswith("关于") and not _PUNCTUATION.search(block.text)


def _category(block: Block) -> bool:
    text = block.text
    return (
        block.bold
        and not block.label
        and len(text) <= CATEGORY_MAX_CHARS
        and not _PUNCTUATION.search(text)
        and not any(ch.isdigit() for ch in text)
    )
