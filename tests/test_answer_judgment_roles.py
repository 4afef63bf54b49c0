"""Questions a judgment answers only by what it says of the asked party's standing: an
English question asking a party's sentence is answered only by a sentence reporting the
court's decision about that party (``decisions.decision``), as the Chinese question is,
and refused when the judgment reports none; a role held for a named party (于振某的辩护人)
only by a name said to hold that role.

The real extractive answerer (bundled embedder) over passages of cjrc-dev judgments'
kind; without the rule the nineteenth new-user trial got "What was Huang's sentence?" ->
怀疑系黄某某所为 (Huang is the victim), "What was Dong Moumou sentenced to?" -> a place.
"""

from __future__ import annotations

import asking
import pytest

from qa.answering.decisions import asks_sentence
from qa.answering.extractive import ExtractiveAnswerer

ATTACK = ("经审理查明：2010年初，王某某（已判决）因债务纠纷被人砍伤，怀疑系黄某某所为。王某某遂邀集"
          "被告人刘某及吴某某、朱某某（均已判决），准备了三把刀具预谋报复。")
CHARGE = ("柳某县人民检察院指控：2013年8月初的一天凌晨1时许，被告人董某某在柳某县x区附近，"
          "乘无人之际，进入李1某停放于此的一辆黑色轿车内盗窃，盗得三星直板智能手机939D一部。")
SENTENCED = "本院认为，被告人董某某犯盗窃罪，判处有期徒刑一年，并处罚金人民币二千元。"


@pytest.mark.parametrize(("question", "texts", "answer"), [
    ("What was Huang's sentence?", (ATTACK,), "The sources do not say."),
    ("What was Dong Moumou sentenced to?", (CHARGE,), "The sources do not say."),
    ("What was Dong Moumou sentenced to?", (CHARGE, SENTENCED),
     "有期徒刑一年，并处罚金人民币二千元 [1]"),
    ("What was Wang Moumou's sentence?", (ATTACK,), "已判决 [1]"),  # the note of his
])
def test_a_sentence_is_the_court_s_decision_about_the_party(
        answerer: ExtractiveAnswerer, question: str, texts: tuple[str, ...],
        answer: str) -> None:
    assert asking.ask(answerer, question, *texts)[0] == answer


@pytest.mark.parametrize(("question", "asks"), [
    ("What was Huang's sentence?", True),
    ("What did the court sentence Liu to?", True),
    ("What punishment did Dong receive?", True),
    ("What did Huang steal?", False),
])
def test_what_asks_a_sentence(question: str, asks: bool) -> None:
    assert asks_sentence(question) is asks


FRAUD = ("（一）2010年4月至2011年12月，于振某虚构揽储、倒贷款的事实，以高息为诱饵并采取提供虚假"
         "担保的方式骗取苗某某430.35万某。")
COUNSEL = "被告人于振某，男，1965年出生。辩护人李某，山东某律师事务所律师。"


@pytest.mark.parametrize(("question", "texts", "answer"), [
    # A role held for a named party is asked as the role: was 苗某某, the fraud victim.
    ("于振某的辩护人是谁？", (FRAUD,), "The sources do not say."),
    ("谁是于振某的辩护人？", (FRAUD,), "The sources do not say."),
    ("于振某的辩护人是谁？", (COUNSEL, FRAUD), "李某 [1]"),
])
def test_a_role_held_for_a_party_is_a_name_said_to_hold_it(
        answerer: ExtractiveAnswerer, question: str, texts: tuple[str, ...],
        answer: str) -> None:
    assert asking.ask(answerer, question, *texts)[0] == answer
