"""Chinese sentence segmentation."""

from hypothesis import given
from hypothesis import strategies as st

from service.parsing.segment import split_sentences


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def test_splits_after_terminators_and_keeps_closing_quotes() -> None:
    text = "他说：“必须坚持。”我们同意！是吗？一是完善；二是加强……最后"
    assert sentences(text) == [
        "他说：“必须坚持。”",
        "我们同意！",
        "是吗？",
        "一是完善；",
        "二是加强……",
        "最后",
    ]


def test_never_splits_inside_titles_numbers_or_urls() -> None:
    text = "《数字乡村（2022-2025年）。》提出3.5%的目标。见http://a.cn/x?y=1;z=2。"
    assert sentences(text) == [
        "《数字乡村（2022-2025年）。》提出3.5%的目标。",
        "见http://a.cn/x?y=1;z=2。",
    ]


def test_latin_sentences_are_split() -> None:
    assert sentences("It works. Then it stops! 然后。") == ["It works.", "Then it stops!", "然后。"]


def test_unclosed_title_bracket_does_not_swallow_the_text() -> None:
    text = "《" + "长" * 150 + "。后面的句子。"
    assert len(sentences(text)) == 2


@given(st.text(alphabet=st.sampled_from("中文。！？；…”」》《 .!?a3\n"), max_size=200))
def test_spans_cover_text_in_order_without_overlap(text: str) -> None:
    spans = split_sentences(text)
    last = 0
    for start, end in spans:
        assert last <= start < end
        assert text[start:end].strip() == text[start:end]
        assert text[last:start].strip() == ""
        last = end
    assert text[last:].strip() == ""


def test_fragments_without_visible_characters_are_not_sentences() -> None:
    assert sentences("推进建设。\x0e\U0010cd18\u2066") == ["推进建设。"]
