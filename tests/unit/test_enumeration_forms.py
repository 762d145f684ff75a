"""Enumeration forms of issue 24, each as a class on hand-made inputs: 一方面/另一方面 pairs,
ordinals whose first label stands where the parser did not look (after a comma, a bullet sign,
half-width punctuation; 第一是, 第一步是), lists that switch between 首先… and 第X, and 一、二、
used inside a paragraph; and the prose that must stay prose (一方面 alone, 第一次, 第一批,
一、二、三等奖, 第三方)."""

from __future__ import annotations

import pytest

from service import parse
from service.document import Document


def enumerations(doc: Document) -> list[tuple[str, str]]:
    return [(e.label, e.lead) for s in doc.walk() for p in s.paragraphs for e in p.enumerations]


def found(text: str) -> list[tuple[str, str]]:
    return enumerations(parse(f"标题\n{text}".encode(), "text"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # with commas, in one sentence after a comma
            "用户共识已经建立，一方面是为了支撑业务，更好地服务；另一方面是为了满足合规的需要。",
            [("一方面", "是为了支撑业务"), ("另一方面", "是为了满足合规的需要")],
        ),
        (  # without a comma after the label, at sentence starts
            "进而形成合作机制。一方面积极探索项目合作；另一方面积极打造标杆案例，带来实践。",
            [("一方面", "积极探索项目合作"), ("另一方面", "积极打造标杆案例")],
        ),
        (  # inside a 二是 point: both lists count
            "存在以下风险：一是数据偏见风险。二是算法黑箱风险。一方面，参数庞大，难以察觉；"
            "另一方面，模型持续迭代，超出可控范围。",
            [
                ("一是", "数据偏见风险"),
                ("二是", "算法黑箱风险"),
                ("一方面", "参数庞大"),
                ("另一方面", "模型持续迭代"),
            ],
        ),
    ],
)
def test_one_side_and_the_other_is_a_pair(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the first label after an introductory clause and a comma; the list goes on
            "对此，第一，要加强领导。第二，要完善制度。第三，要强化监督。",
            [("第一", "要加强领导"), ("第二", "要完善制度"), ("第三", "要强化监督")],
        ),
        (  # ... and when it goes on in the next paragraph
            "具体来看，第一，坚持问题导向。\n第二，强化协同配合。",
            [("第一", "坚持问题导向"), ("第二", "强化协同配合")],
        ),
        (  # 首先 after a comma, 其次 after a semicolon, no comma after either
            "以VPN举例，首先VPN的控制粒度较粗，要么都能访问；其次VPN无法控制内部风险。",
            [("首先", "VPN的控制粒度较粗"), ("其次", "VPN无法控制内部风险")],
        ),
        (  # a bullet sign before each label
            "● 首先，风险需要体系化管理；\n● 其次，关注供应关系风险；\n● 最后，需要全面识别。",
            [
                ("首先", "风险需要体系化管理"),
                ("其次", "关注供应关系风险"),
                ("最后", "需要全面识别"),
            ],
        ),
        (  # half-width comma and semicolon
            "形成两个闭环。第一,聚焦研发内部,形成闭环;第二,在宏观层面,保护每个触点。",
            [("第一", "聚焦研发内部"), ("第二", "在宏观层面")],
        ),
        (  # 第X是 and 第X步是, like 一是
            "呈现四个趋势：\n第一是勒索攻击上升。\n第二是数据窃密攀升。",
            [("第一是", "勒索攻击上升"), ("第二是", "数据窃密攀升")],
        ),
        (
            "需要做好三项工作。\n第一步是夯实地基，确保合规。\n第二步是角色转化，健全机制。",
            [("第一步是", "夯实地基"), ("第二步是", "角色转化")],
        ),
        (  # one list that switches from 首先… to 第X
            "首先，环境应该隔离。\n其次，流转应该受控。\n第三，软件应该可信。\n最后，行为可审计。",
            [
                ("首先", "环境应该隔离"),
                ("其次", "流转应该受控"),
                ("第三", "软件应该可信"),
                ("最后", "行为可审计"),
            ],
        ),
        (
            "挑战在于：首先在于标准难以定义。\n其次，数据越来越多。再者，业务属性各异。",
            [("首先", "在于标准难以定义"), ("其次", "数据越来越多"), ("再者", "业务属性各异")],
        ),
    ],
)
def test_an_ordinal_list_keeps_its_first_label(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "主要任务包括：一、加强组织领导；二、完善制度建设；三、强化监督检查。",
            [("一、", "加强组织领导"), ("二、", "完善制度建设"), ("三、", "强化监督检查")],
        ),
        (
            "会议强调两点。一、坚持稳中求进，推动发展。二、坚持问题导向，破解难题。",
            [("一、", "坚持稳中求进"), ("二、", "坚持问题导向")],
        ),
        ("要求如下：1、建立台账；2、定期检查。", [("1、", "建立台账"), ("2、", "定期检查")]),
    ],
)
def test_numbered_items_inside_a_paragraph(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "一方面，我们取得了进展，但问题依然存在。",  # 一方面 alone
        "另一方面，成本也在上升。\n这一方面的工作还要加强。",  # 另一方面 with no 一方面 pair
        "一方面要加强领导。\n另一方面要完善制度。",  # a pair split over two paragraphs
        "这是第一次召开会议，第一批试点单位已经确定，第三方机构参与评估。",
        "会议评出一、二、三等奖。获奖名单如下：一、二等奖各三名。",
        "最后，我们讨论。\n最后，再讨论。",  # still: 最后 twice is not a list
        "为此，首先要提高认识。",  # an ordinal after a comma with nothing after it
        "对此，第一，要加强领导。\n会议还讨论了其他事项，最后，宣布散会。",
        "一、总体要求\n二、主要任务",  # numbered lines are headings, not a paragraph's items
        "包括：三、加强领导；四、完善制度。",  # items must start at 1
    ],
)
def test_prose_is_not_an_enumeration(text: str) -> None:
    assert found(text) == []
