"""Nothing lost: every character of body text is in a sentence, a heading, the title, in
metadata.contents (a table of contents), or, with the rule that removed it, in
metadata.boilerplate.

Definitions (what `assert_nothing_lost` checks):

- The *body text* of an article is the text of the blocks its reader produces
  (`service.parsing.ingest.read_body`: HTML/Markdown markup removed, front matter split off into
  metadata, scripts/styles/navigation skipped). A *body character* is any character of those
  blocks except whitespace and invisible characters (Unicode categories Z* and C*: spaces,
  controls, zero-width and bidirectional marks). Markup (`**`, `#`, tags) is never body text.
- Every body block is either (a) boilerplate: its text is in `metadata["boilerplate"]` and the
  rule at the same index of `metadata["boilerplate_rules"]` is a known rule name; (b) the title
  or a repeat of it among the first lines (TITLE_REPEAT_WINDOW); (c) one of the consecutive
  blocks whose texts are `metadata["contents"]`, in order; or (d) kept: the kept blocks'
  body characters, in order, are exactly the body characters of `Document.plain_text` (a bare
  numeral line merged with the heading below it is one line there).
- Every body character of `plain_text` lies inside a sentence span, or belongs to the heading of
  the section that its line opened: a line's characters outside sentences are exactly that
  section's label followed by its heading text, in document order; the closing punctuation of a
  run-in heading lead (`**（一）标题。**正文`: the `。`) is heading typography and may be the
  only other character there.
- A document with no sentence and no heading raises EmptyDocument only when every body block is
  boilerplate or the title.

Checked on every corpus article (skipped cleanly without ../shared/corpus), on tests/articles,
on tests/fixtures, and with hypothesis on generated input in every format.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scripts.eval_pasted_laws import FORMS, clean_text
from service import parse
from service.document import Document
from service.errors import EmptyDocument
from service.parsing.ingest import ingest, read_body
from service.parsing.structure import TITLE_REPEAT_WINDOW, _take_title

HERE = Path(__file__).resolve().parents[1]
ARTICLES = sorted((HERE / "articles").glob("*.md"))
FIXTURES = sorted(p for p in (HERE / "fixtures").iterdir() if p.suffix in (".md", ".txt"))
LAWS = sorted(p for p in (HERE / "articles" / "laws").glob("*.md") if p.name != "SOURCES.md")
RULES = {
    "source", "url", "stamp", "punctuation", "credit", "signature", "hashtag", "prompt",
    "promotion", "chrome", "named_source", "trailer", "page_number",
}  # fmt: skip
_RUN_IN_CLOSE = re.compile(r"^[。：:．.]+$")


def visible(text: str) -> str:
    """The body characters of a text: everything but whitespace and invisible characters."""
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "ZC")


def assert_nothing_lost(raw: bytes | str, fmt: str = "auto") -> Document | None:
    """Check the invariant of the module docstring; return the document (None if empty)."""
    body = read_body(raw, fmt)
    try:
        doc = parse(raw, fmt)
    except EmptyDocument:
        doc = None
    metadata = doc.metadata if doc is not None else ingest(raw, fmt).metadata
    lines, rules = metadata.get("boilerplate", []), metadata.get("boilerplate_rules", [])
    assert len(lines) == len(rules), "a boilerplate line has no rule"
    removed = dict(zip(lines, rules, strict=True))
    assert set(removed.values()) <= RULES
    title = visible(doc.title or "") if doc is not None else None
    blocks = _without_contents([b.text for b in body.blocks], metadata.get("contents", []))
    kept = [visible(text) for text in blocks if text not in removed and visible(text)]
    # The title line and its repeats among the first lines are the title.
    head = [k for k in kept[: TITLE_REPEAT_WINDOW + 1] if k != title]
    kept = head + kept[TITLE_REPEAT_WINDOW + 1 :]
    if doc is None:
        assert not kept or _only_title(kept, raw, fmt), f"EmptyDocument lost {kept[:3]}"
        return None
    if "".join(kept) != visible(doc.plain_text):
        # A line equal to a removed one may be content elsewhere (`（一）` kept, then removed as
        # chrome after a prompt): boilerplate lines are listed once, so either may be the one.
        assert _accounted(blocks, removed, title, visible(doc.plain_text)), (kept, doc.plain_text)
    _assert_lines_covered(doc)
    return doc


def _accounted(blocks: list[str], removed: dict[str, str], title: str | None, plain: str) -> bool:
    """Whether keeping or dropping each line whose text was removed (or is the title, near the
    top) can give exactly the plain text: the set of reachable offsets, line by line."""
    reachable = {0}
    for index, text in enumerate(blocks):
        shown = visible(text)
        droppable = text in removed or (index <= TITLE_REPEAT_WINDOW and shown == title)
        following = {p + len(shown) for p in reachable if plain.startswith(shown, p)}
        reachable = following | reachable if droppable or not shown else following
    return len(plain) in reachable


def _without_contents(texts: list[str], contents: list[str]) -> list[str]:
    """The block texts less the one consecutive run that is the contents block."""
    if not contents:
        return texts
    start = next(
        i for i in range(len(texts)) if texts[i : i + len(contents)] == contents
    )  # StopIteration: metadata.contents holds lines that are not a run of body blocks
    return texts[:start] + texts[start + len(contents) :]


def _only_title(kept: list[str], raw: bytes | str, fmt: str) -> bool:
    """An input whose one kept line became the title (and nothing else) is not lost."""
    title, blocks = _take_title(ingest(raw, fmt))
    return not blocks and title is not None and all(k == visible(title) for k in kept)


def _assert_lines_covered(doc: Document) -> None:
    covered = [False] * len(doc.plain_text)
    for sentence in doc.sentences():
        covered[sentence.span.start : sentence.span.end] = [True] * (
            sentence.span.end - sentence.span.start
        )
    headings = [visible((s.label or "") + (s.heading or "")) for s in doc.walk() if s.level > 0]
    start = 0
    for line in doc.plain_text.split("\n"):
        rest = visible("".join(ch for k, ch in enumerate(line) if not covered[start + k]))
        start += len(line) + 1
        if not rest:
            continue
        assert headings, f"characters outside any sentence or heading: {rest!r}"
        heading = headings.pop(0)
        assert rest.startswith(heading), (rest, heading)
        tail = rest[len(heading) :]
        assert not tail or _RUN_IN_CLOSE.match(tail), (rest, heading)


def test_interview_form_news_keeps_every_sentence() -> None:
    raw = (HERE / "fixtures" / "interview-news.txt").read_bytes()
    doc = assert_nothing_lost(raw)
    assert doc is not None
    texts = [s.text for s in doc.sentences()]
    assert texts[0].startswith("记者：为什么老旧小区加装电梯")
    assert any(t.startswith("周某：有个成语叫众口难调") for t in texts)
    assert "boilerplate" not in doc.metadata


def test_interview_questions_in_their_own_paragraphs_are_content() -> None:
    text = "巴黎奥运会的网络安全\n记者：你的团队是否已经做好准备？\n周某：我们演练了三个月。"
    doc = assert_nothing_lost(text.encode(), "text")
    assert doc is not None
    assert next(s.text for s in doc.sentences()) == "记者：你的团队是否已经做好准备？"


def test_sentences_that_mention_prompt_words_are_content() -> None:
    text = "标题\n扫码支付已经普及，二维码成为日常工具。\n据相关报道，该公司已整改。\n扫码关注我们"
    doc = parse(text.encode(), "text")
    assert [s.text for s in doc.sentences()] == [
        "扫码支付已经普及，二维码成为日常工具。",
        "据相关报道，该公司已整改。",
    ]
    assert doc.metadata["boilerplate"] == ["扫码关注我们"]


def test_credit_lines_without_sentences_are_still_boilerplate() -> None:
    doc = parse("记者：王某 李某\n\n老旧小区加装电梯进展顺利。".encode(), "text")
    assert doc.metadata["boilerplate"] == ["记者：王某 李某"]
    assert doc.metadata["boilerplate_rules"] == ["credit"]


def test_blog_byline_hashtags_signature_and_promotion_are_not_headings() -> None:
    doc = assert_nothing_lost((HERE / "fixtures" / "blog-byline.md").read_bytes())
    assert doc is not None
    assert [(s.level, s.label, s.heading) for s in doc.walk() if s.level] == [
        (1, "一、", "延时开放的由来"),
        (1, "二、", "读者怎么说"),
    ]
    rules = dict(zip(doc.metadata["boilerplate"], doc.metadata["boilerplate_rules"], strict=True))
    assert rules == {
        "博客 | 林小舟": "credit",
        "（林小舟，自由撰稿人）": "signature",
        "#社区生活 #公共图书馆": "hashtag",
        "推荐阅读": "promotion",
        "城市书房的十年": "trailer",
    }


@pytest.mark.corpus
def test_every_corpus_article_loses_nothing(corpus_dir: Path) -> None:
    articles = sorted(corpus_dir.glob("*.md"))
    assert articles
    for path in articles:
        assert assert_nothing_lost(path.read_bytes()) is not None, path.name


@pytest.mark.parametrize("path", ARTICLES + FIXTURES, ids=lambda p: p.name)
def test_every_repo_article_loses_nothing(path: Path) -> None:
    assert assert_nothing_lost(path.read_bytes()) is not None


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("path", LAWS, ids=lambda p: p.stem)
def test_pasted_laws_lose_nothing(path: Path, form: str) -> None:
    text = FORMS[form](clean_text(path.read_text(encoding="utf-8")))
    assert assert_nothing_lost(text, "text") is not None


_PIECES = st.sampled_from(
    [
        "一、", "（一）", "1.", "第一条", "第 2 條", "一是", "二是", "首先，", "其次，", "问：",
        "记者：", "周某：", "来源：", "文 | ", "博客 | ", "#话题 ", "推荐阅读", "关注我们",
        "（某某，自由撰稿人）", "http://a.cn/x", "规定", "通知", "〔2023〕3号", "**", "## ",
        "# ", "<p>", "</p>", "<b>", "</b>", "\n", "\n\n", "。", "，", "？", "：", "政策",
        "数据安全", "加强管理", "\u200b", " ", "目录", "第一章", "第一条之一", "— 3 —",
        "第二条规定的", "\u3000\u3000", "依法保护公民、法人和其他组织的合法权益",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=60), st.sampled_from(["auto", "html", "markdown", "text"]))
def test_generated_input_loses_nothing(pieces: list[str], fmt: str) -> None:
    text = "".join(pieces)
    if not text.strip():
        return
    try:
        read_body(text, fmt)
    except EmptyDocument:
        return
    assert_nothing_lost(text, fmt)
