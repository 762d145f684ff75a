"""Boilerplate rules: lines that are not article content.

Each rule has a name; a removed line is recorded in metadata with the rule that removed it, so
nothing is silently dropped: `metadata["boilerplate"]` lists each distinct removed line once
(strings, as before) and `metadata["boilerplate_rules"]` gives, at the same index, the name of
the rule that removed it (see docs/structure-evaluation.md). The rules:

- `source`: a source credit (来源：…), also recorded as `metadata["source"]`;
- `url`: a bare URL line (the first one is recorded as `metadata["source_url"]`);
- `stamp`: broadcast and update stamps, adoption dates;
- `punctuation`: a line of punctuation or symbols only;
- `page_number`: a page number on a line of its own, as text copied from a PDF has them
  (`— 3 —`, `- 3 -`, `第 3 页`, `第3页 共120页`, `3/120`); the paged readers also record a bare
  number at a page's top or foot under this rule;
- `credit`: editor/author/reporter credits and bylines (文 | 某某, 博客 | 某某, 责任编辑：…);
- `signature`: an author's parenthesized signature (（某某，自由撰稿人）, （作者系…）);
- `hashtag`: a line of #hashtags only;
- `prompt`: QR-code / follow-us / subscription / promotion prompts (80 characters at most; a
  line that merely mentions 二维码 or 扫码 needs a call to action, or must be very short);
- `promotion`: a "recommended reading" header (推荐阅读, 往期回顾, …);
- `chrome`: a short bold phrase right after a bold prompt (an account slogan under 关注我们,
  the name of a promoted item under 倾情推出);
- `named_source`: the line that repeats the front matter's `source` (the account name);
- `running_header`: a running header or footer of a PDF or OFD page (recorded by the paged
  readers, service.parsing.ingest.layout);
- `trailer`: everything after a source credit or a promotion header in the last quarter of the
  article, where WeChat-style posts put ads and account cards (the trailer must hold under a
  quarter of the article's characters, so a credit near the top never swallows the body).

Credit and source rules never remove a line that carries article sentences (a question or
exclamation mark, a full stop followed by more text, or a credit longer than a byline): an
interview-form news text (`记者：为什么…？周某：…`, or each turn in its own paragraph) stays
content. Rules are written in simplified script and matched
against the normalized line, so traditional articles get the same treatment.
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
    r"长按识别|扫一扫|关注(?:我们|该公众号|本公众号|公众号)|欢迎关注"
    r"|点击(?:下图|上方|蓝字|阅读原文)|阅读原文|查看原文|预览时标签不可点"
    r"|邮发代号|征订热线|倾力推荐|倾情推出|倾力推出|^相关报道|月费订户|以下文章来源于"
    r"|投稿联系方式|返回首页|返回.{0,12}新闻"
)
# Words that are prompts only with a call to action (扫码支付已普及 is an article sentence).
_PROMPT_NOUNS = re.compile(r"扫码|二维码")
_CALL = re.compile(r"请|欢迎|点击|长按|扫描|识别|关注|订阅|加入|下方|上方|下图|获取|报名")
SHORT_PROMPT_CHARS = 15
_PROMOTION = re.compile(
    r"^(?:推荐阅读|相关阅读|延伸阅读|往期推荐|往期回顾|往期精选|精彩推荐|热文推荐|更多阅读"
    r"|猜你喜欢|近期文章|历史文章)\s*[:：]?$"
)
_BAR = r"\s*[|｜│丨]"
_CREDIT = re.compile(
    rf"^(?:(?:文|撰文|博客|专栏|来稿|作者){_BAR}"
    r"|(?:责任编辑|责编|编辑|作者|记者|撰文|审核|校对|排版|美编)\s*[:：|｜│])"
)
_ROLES = (
    "撰稿人|作者|记者|编辑|评论员|研究员|学者|教授|律师|专栏作家|主笔|特约|通讯员|实习生"
    "|分析师|博士|顾问|主任|主编"
)
_SIGNATURE = re.compile(
    rf"^[（(](?:[^（）()，,。]{{1,15}}[，,][^（）()。]{{0,20}}(?:{_ROLES})[^（）()。]{{0,10}}"
    r"|作者(?:系|为|是|单位)[^（）()]{1,60})[）)]$"
)
_HASHTAGS = re.compile(r"^(?:#[^#\s]{1,30}#?\s*)+$")
_STAMP = re.compile(
    r"^[（(]《[^》]{1,20}》\s*\d{8}\s*\d{1,2}:\d{2}[）)]$"
    r"|^[（(]更新时间戳[:：]\s*\d+[）)]$"
    r"|^\S{2,10}消息[（(][^）)]{1,20}[）)][:：]$"
    r"|^\d{4}年\d{1,2}月\d{1,2}日.{0,40}(?:公布|施行|发布|通过|修订|修正)$"
)
_ONLY_PUNCT = re.compile(r"^[\W_]+$")
PAGE_NUMBER = re.compile(
    r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4})$"
)
# A question or exclamation anywhere, or a full stop with more text after it: the line
# carries sentences ("记者：为什么…？"), not a credit.
_INNER_SENTENCE = re.compile(r"[！？!?]|。[^。”’」』）)】\s]")
_NOT_PHRASE = re.compile(r"[。！？；，、：!?;,:\d]")
PROMPT_MAX_CHARS = 80
CREDIT_MAX_CHARS = 40
CHROME_MAX_CHARS = 20
TRAILER_MAX_SHARE = 0.25


def _carries_sentences(norm: str) -> bool:
    return len(norm) > CREDIT_MAX_CHARS or bool(_INNER_SENTENCE.search(norm))


def boilerplate_rule(text: str, metadata: dict[str, Any]) -> str | None:
    """The name of the rule that makes this line boilerplate, or None for content."""
    norm = to_norm(text).strip()
    source = _SOURCE.match(norm)
    if source and not _carries_sentences(source.group("src")):
        return "source"
    for name, pattern in (
        ("url", _URL_LINE),
        ("stamp", _STAMP),
        ("punctuation", _ONLY_PUNCT),
        ("page_number", PAGE_NUMBER),
    ):
        if pattern.match(norm):
            return name
    if _CREDIT.match(norm) and not _carries_sentences(norm):
        return "credit"
    for name, pattern in (
        ("signature", _SIGNATURE),
        ("hashtag", _HASHTAGS),
        ("promotion", _PROMOTION),
    ):
        if pattern.match(norm):
            return name
    if len(norm) <= PROMPT_MAX_CHARS and _prompt(norm):
        return "prompt"
    named = metadata.get("source")
    if isinstance(named, str) and text == named.strip():
        return "named_source"
    return None


def _prompt(norm: str) -> bool:
    if _PROMPTS.search(norm):
        return True
    short = len(norm) <= SHORT_PROMPT_CHARS
    return bool(_PROMPT_NOUNS.search(norm)) and (short or bool(_CALL.search(norm)))


def _source_credit(text: str) -> str | None:
    """The source named by a credit line (in the line's own script), or None."""
    norm = to_norm(text)
    match = _SOURCE.match(norm)
    if match is None or _carries_sentences(match.group("src")):
        return None
    if len(norm) == len(text):
        return text[match.start("src") : match.end("src")]
    return match.group("src")


def _chrome(blocks: list[Block], index: int, rules: list[str | None]) -> bool:
    """A bold phrase right after a bold prompt: the account slogan under 关注我们, the name of a
    promoted item under 倾情推出 (short, no sentence punctuation, no number)."""
    block = blocks[index]
    if index == 0 or rules[index - 1] != "prompt" or not (block.bold and blocks[index - 1].bold):
        return False
    return len(block.text) <= CHROME_MAX_CHARS and not _NOT_PHRASE.search(block.text)


def split_boilerplate(blocks: list[Block], metadata: dict[str, Any]) -> list[Block]:
    """Return the content blocks; record boilerplate lines (with their rules), source and
    source URL in metadata."""
    for block in blocks:
        source = _source_credit(block.text)
        if source is not None:
            metadata.setdefault("source", source)
            break
    rules = [boilerplate_rule(b.text, metadata) for b in blocks]
    content: list[Block] = []
    # A paged reader has already recorded its page numbers and running heads.
    lines = dict(
        zip(metadata.get("boilerplate", []), metadata.get("boilerplate_rules", []), strict=True)
    )
    trailer = False
    total = sum(len(b.text) for b in blocks)
    seen = 0
    for index, block in enumerate(blocks):
        seen += len(block.text)
        if _URL_LINE.match(block.text):
            metadata.setdefault("source_url", block.text.strip("<>"))
        rule = "trailer" if trailer else rules[index]
        if rule is None and _chrome(blocks, index, rules):
            rule = "chrome"
        if rule is None:
            content.append(block)
            continue
        lines.setdefault(block.text, rule)
        late = total - seen <= TRAILER_MAX_SHARE * total
        trailer = trailer or (rule in ("source", "promotion") and late)
    if lines:
        metadata["boilerplate"] = list(lines)
        metadata["boilerplate_rules"] = list(lines.values())
    return content
