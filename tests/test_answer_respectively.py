"""分别: each of several parties named before it gets the value in its place after it.

The real extractive answerer (bundled embedder) over sentences of cjrc-dev judgments'
kind: without the rule, the second party's question was answered with the first
party's value, the one nearest the question's words (那么丁某呢？ after 范某某分得赃款多少？
was 20.55万 again: the eighteenth new-user trial).
"""

from __future__ import annotations

import asking
import pytest

from qa.answering.extractive import ExtractiveAnswerer
from qa.answering.respectively import respective

SHARES = ("后被告人范某某、丁某将面额共计人民币40万某的承兑汇票予以销赃，得款人民币38.94万某，"
          "被告人范某某、丁某分别分得赃款人民币20.55万某、18.39万某。")
SURRENDERS = "被告人程某某、姜某某分别于2015年1月18日、3月6日主动到公安机关投案。"
POSTS = "被告人杨1某成、沈某分别担任邵1某村委会副主任、主任，协助庐阳工业园区进行拆迁安置工作。"
CHARGES = ("公安机关在侦查崔2某涉嫌销售假冒注册商标的商品时发现被告人吕某、姚某分别涉嫌假冒注册"
           "商标罪、销售假冒注册商标的商品罪。")


@pytest.mark.parametrize(("question", "text", "answer"), [
    ("丁某分得赃款多少？", SHARES, "18.39万某"),
    ("范某某分得赃款多少？", SHARES, "人民币20.55万某"),
    ("姜某某何时投案？", SURRENDERS, "3月6日"),
    ("程某某何时投案？", SURRENDERS, "2015年1月18日"),
    # An English question names the party in pinyin (was both: 人民币20.55万某、18.39万某).
    ("How much of the stolen money did Ding get?", SHARES, "18.39万某"),
    ("How much money did Fan Moumou receive from the stolen funds?", SHARES, "人民币20.55万某"),
])
def test_each_party_gets_the_value_in_its_place(answerer: ExtractiveAnswerer, question: str,
                                                text: str, answer: str) -> None:
    assert asking.ask(answerer, question, text)[0] == f"{answer} [1]"


@pytest.mark.parametrize(("question", "text", "value"), [
    ("沈某担任什么职务？", POSTS, "主任"),
    ("杨1某成担任什么职务？", POSTS, "邵1某村委会副主任"),
    ("吕某涉嫌什么罪？", CHARGES, "假冒注册商标罪"),  # the name after its role (被告人)
    ("姚某涉嫌什么罪？", CHARGES, "销售假冒注册商标的商品罪"),
    ("范某某和丁某分得赃款多少？", SHARES, None),  # both asked: no one value
    ("李某分得赃款多少？", SHARES, None),          # neither named
    ("程某某何时投案？", "被告人程某某、姜某某、王某分别于2015年1月18日、3月6日投案。", None),
])
def test_the_value_in_the_asked_party_s_place(question: str, text: str,
                                              value: str | None) -> None:
    found = respective(question, text)
    assert (text[found[0]:found[1]] if found else None) == value
