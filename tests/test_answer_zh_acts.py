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
