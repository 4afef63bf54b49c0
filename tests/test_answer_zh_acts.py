"""A Chinese question about what a named party did to someone is answered by the sentence
saying that act.

The real extractive answerer (bundled embedder) over a short judgment written so that,
without the rule under test, a sentence naming the party with more of the question's
other words (被告人管某) but another act answered.
"""

from __future__ import annotations

import asking
import pytest

from qa.answering.extractive import ExtractiveAnswerer
from qa.answering.zh_acts import act_support, acted_on, asked_act
from qa.models import Hit


def ask(answerer: ExtractiveAnswerer, question: str, *texts: str) -> str:
    """The answer alone (``asking.ask``, its citations checked)."""
    return asking.ask(answerer, question, *texts)[0]


KICKED = ("经审理查明：管某与谭某3发生争执，与谭某3在一起的谭某4便上前劝说，管某随即踢了"
          "谭某4几脚。被害人谭某1、谭某2受伤住院期间，被告人管某垫付医疗费5000.00元。")


def test_the_sentence_saying_the_asked_act_answers(answerer: ExtractiveAnswerer) -> None:
    # Was 谭某1、谭某2, of the sentence naming 被告人管某 (the seventeenth trial, M82).
    assert ask(answerer, "被告人管某踢了谁？", KICKED).startswith("谭某4")


@pytest.mark.parametrize(("question", "act"), [
    ("被告人管某踢了谁？", "踢"),
    ("管某伤害了谭某1的什么部位？", ""),  # a thing: 伤害 is said by the charge too
    ("管某用了什么工具？", ""),      # a means, no act
    ("管某被刑事拘留是在什么时候？", ""),
])
def test_the_asked_act(question: str, act: str) -> None:
    assert asked_act(question) == act


def test_only_sentences_naming_the_party_without_the_act_lose() -> None:
    texts = ["管某随即踢了谭某4几脚。", "被告人管某垫付医疗费。", "谭某1住院45天。"]
    assert act_support("被告人管某踢了谁？", texts, [0.5, 0.7, 0.4], ["管某"], 0.5) \
        == [0.5, 0.35, 0.4]
    # No sentence says the act: nothing is ruled out.
    assert act_support("被告人管某打了谁？", texts, [0.5, 0.7, 0.4], ["管某"], 0.5) \
        == [0.5, 0.7, 0.4]



def test_the_one_the_act_befell_is_named_after_it() -> None:
    sentence = "与谭某3在一起的谭某4便上前劝说，管某随即踢了谭某4几脚。"
    spans = [(1, 4), (8, 11), (23, 26)]
    assert acted_on("管某踢了谁？", sentence, spans) == [(23, 26)]
    # A "谁<act>" or an act no sentence says rules nothing out.
    assert acted_on("管某打了谁？", sentence, spans) == spans


def test_the_one_kicked_not_the_one_named_first(answerer: ExtractiveAnswerer) -> None:
    assert ask(answerer, "管某踢了谁？",
               "管某将孩子交给谭某3，随即踢了谭某4几脚。").startswith("谭某4")


STABBINGS = ("经审理查明：被告人李一某为发泄不满情绪，尾随妇女，使用穿线锥扎刺被害人腿根或者臀部，"
             "共作案三起，具体事实如下：1.2016年3月14日19时许，被告人李一某在翠亨村B座21门楼道内，用穿线锥"
             "扎刺被害人安某臀部后逃匿；2.2016年3月17日19时许，被告人李一某在翠亨村西门外，用穿线锥扎刺"
             "被害人王一某臀部后逃匿；3.2016年3月19日7时许，被告人李一某在泰达大街人行天桥下，用穿线锥"
             "扎刺被害人范某臀部后逃匿。")


@pytest.mark.parametrize(("question", "expected"), [
    # Each act befell another: all of them, in the judgment's order (was one, trial18 row
    # 51: 张某 of seven).
    ("李一某扎刺了谁？", "安某 [1]; 王一某 [2]; 范某 [3]"),
    # One occasion named: its one.
    ("2016年3月19日李一某扎刺了谁？", "范某 [1]"),
])
def test_every_one_an_act_befell(answerer: ExtractiveAnswerer, question: str,
                                 expected: str) -> None:
    assert ask(answerer, question, STABBINGS) == expected


def test_the_people_an_act_befell_come_in_the_judgments_order(
        answerer: ExtractiveAnswerer) -> None:
    # The passage holding the later acts ranks first: the answer still reads in order.
    cut = STABBINGS.index("3.2016年")
    hits = [Hit(1, "cjrc-dev-508", "寻衅滋事", STABBINGS[cut:], cut, len(STABBINGS), 1.0, 0.5),
            Hit(2, "cjrc-dev-508", "寻衅滋事", STABBINGS[:cut], 0, cut, 0.5, 0.4)]
    draft = asking.compose_checked(answerer, "李一某扎刺了谁？", hits)
    assert draft.answer == "安某 [1]; 王一某 [2]; 范某 [3]"
