"""Boilerplate rules: lines that are not article content.

Source credits, navigation ("返回…"), bare URLs, QR-code / follow-us / subscription prompts,
bylines and broadcast stamps are moved to metadata (`source`, `source_url`, `boilerplate`),
never silently dropped. A source credit in the second half of an article also ends it: what
follows in WeChat-style posts is a trailer of ads and account cards (it must hold under a
quarter of the article's characters, so a credit near the top never swallows the body).
Rules are written in simplified script and matched against the normalized line, so traditional
articles get the same treatment.
"""

from __future__ import annotations

import re
from typing import Any

from service.parsing.ingest.blocks import Block
from service.parsing.normalize import to_norm

_SOURCE = re.compile(
    r"^[（(]?\s*(?:文章|信息|原文|内容|新闻|稿件)?(?:来源|出处)\s*[:：]\s*(?P<src>[^）)]*?)\s*[）)]?$"
)
_URL_LINE = re.compile(r"^<?(?:https?://|www\.)\S+>?$", re.I)
_PROMPTS = re.compile(
    r"扫码|二维码|长按识别|扫一扫|关注(?:我们|该公众号|本公众号|公众号)|欢迎关注"
    r"|点击(?:下图|上方|蓝字|阅读原文)|阅读原文|查看原文|预览时标签不可点"
    r"|邮发代号|征订热线|倾力推荐|相关报道|月费订户|以下文章来源于"
    r"|投稿联系方式|返回首页|返回.{0,12}新闻"
)
_CREDIT = re.compile(r"^(?:文\s*[|｜]|(?:责任编辑|责编|编辑|作者|记者)\s*[:：|｜])")
_STAMP = re.compile(
    r"^[（(]《[^》]{1,20}》\s*\d{8}\s*\d{1,2}:\d{2}[）)]$"
    r"|^[（(]更新时间戳[:：]\s*\d+[）)]$"
    r"|^\S{2,10}消息[（(][^）)]{1,20}[）)][:：]$"
    r"|^\d{4}年\d{1,2}月\d{1,2}日.{0,40}(?:公布|施行|发布|通过|修订|修正)$"
)
_ONLY_PUNCT = re.compile(r"^[\W_]+$")
PROMPT_MAX_CHARS = 80
TRAILER_MAX_SHARE = 0.25


def is_boilerplate(text: str, metadata: dict[str, Any]) -> bool:
    """True for a line that is not article content (see module docstring)."""
    norm = to_norm(text)
    if _SOURCE.match(norm) or _URL_LINE.match(norm) or _STAMP.match(norm):
        return True
    if _ONLY_PUNCT.match(norm) or _CREDIT.match(norm):
        return True
    if len(norm) <= PROMPT_MAX_CHARS and _PROMPTS.search(norm):
        return True
    source = metadata.get("source")
    return isinstance(source, str) and text == source.strip()


def _source_credit(text: str) -> str | None:
    """The source named by a credit line (in the line's own script), or None."""
    norm = to_norm(text)
    match = _SOURCE.match(norm)
    if match is None:
        return None
    if len(norm) == len(text):
        return text[match.start("src") : match.end("src")]
    return match.group("src")


def split_boilerplate(blocks: list[Block], metadata: dict[str, Any]) -> list[Block]:
    """Return the content blocks; record boilerplate lines, source and source URL in metadata."""
    content: list[Block] = []
    lines: list[str] = []
    trailer = False
    remaining = total = sum(len(b.text) for b in blocks)
    for block in blocks:
        remaining -= len(block.text)
        source = _source_credit(block.text)
        if source is not None and "source" not in metadata:
            metadata["source"] = source
        if _URL_LINE.match(block.text):
            metadata.setdefault("source_url", block.text.strip("<>"))
        if trailer or is_boilerplate(block.text, metadata):
            if block.text not in lines:
                lines.append(block.text)
            late = remaining <= TRAILER_MAX_SHARE * total
            trailer = trailer or (source is not None and late)
        else:
            content.append(block)
    if lines:
        metadata["boilerplate"] = lines
    return content
