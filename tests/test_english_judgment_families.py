"""English questions about Chinese judgments, the families of the nineteenth session's
new-user trial: another party's value, the negation of another act, an act done by one
of two named parties, and the English legal words and pinyin names the dictionary read
wrong or not at all.

The sentences are cjrc-dev's (../shared/datasets/cjrc-dev/corpus.jsonl: cjrc-dev-35,
cjrc-dev-10, cjrc-dev-515), verbatim; the real extractive answerer reads them.
"""

from __future__ import annotations

import pytest
from asking import ask

from qa.answering.crossed import says_english
from qa.answering.crossed_negations import asked_characters, bearing_negations
from qa.answering.extractive import ExtractiveAnswerer
from qa.answering.own_clauses import crossed_doer, others_clauses, own_text
from qa.answering.pick import asked_verbs
from qa.answering.terms import stem
from qa.translation import proper_names, translate_query

# cjrc-dev-35: three drivers, 史东宾's truck first, 倪志杰's and 尹西政's cars after.
CRASH = ("2017年9月3日19时15分,史东宾驾驶豫R×××××/豫RS025挂重型仓栅式半挂车沿福银高速公路"
         "(长武至西安方向)行驶至1694公里+200米处时,与左侧车道内倪志杰驾驶的陕A×××××号小型轿车"
         "相撞后,又与该车道内前方尹西政驾驶的陕A×××××号小型轿车发生追尾相撞,造成三车不同程度受损")
# cjrc-dev-10: 朱0 pays no child support (不负担) and gives up visiting (放弃探望权).
DIVORCE = ("2010年2月9日,双方协议离婚并办理离婚登记协议约定将朱黄淇改名改为黄XX,黄XX由黄1直接抚养,"
           "朱0不负担子女抚养费且放弃探望权2014年7月,黄1以无力单独抚养黄XX为由提起诉讼")
# cjrc-dev-515: 王1某帅 kept watch, 朱1某强 stole.
THEFT = ("一、盗窃犯罪事实（一）2012年1月31日晚上，被告人王1某帅、朱1某强预谋后，在鄄城县黄河路"
         "万通超市门口处，由被告人王1某帅负责望风，被告人朱1某强盗窃被害人刘某1红色爱玛牌二轮电动车"
         "一辆。")


def test_another_party_s_value_is_not_the_named_party_s(answerer: ExtractiveAnswerer) -> None:
    # Was 小型轿车, 倪志杰's car, nearer the words the translation finds (驾驶, 轿车).
    answer, _ = ask(answerer, "What vehicle was Shi Dongbin driving?", CRASH)
    assert "重型仓栅式半挂车" in answer and "小型轿车" not in answer


def test_another_party_s_clause_ends_at_its_clause() -> None:
    question = "What vehicle was Shi Dongbin driving?"
    blanked = [CRASH[s:e] for s, e in others_clauses(question, CRASH)]
    assert blanked == ["倪志杰驾驶的陕A×××××号小型轿车相撞后",
                       "尹西政驾驶的陕A×××××号小型轿车发生追尾相撞"]
    own = own_text(question, CRASH)
    assert len(own) == len(CRASH) and "重型仓栅式半挂车" in own and "小型轿车" not in own
    # (Named by no one the sentence writes: nothing tells whose clause is whose.)
    assert others_clauses("What vehicle was Wang Lei driving?", CRASH) == []


def test_a_negation_of_another_act_decides_nothing(answerer: ExtractiveAnswerer) -> None:
    # Was "No": the 不 of 不负担子女抚养费 (child support), not of 放弃探望权.
    answer, _ = ask(answerer, "Did Zhu 0 give up his right of visitation?", DIVORCE)
    assert answer.startswith("Yes: ") and "放弃探望权" in answer
    clause = "朱0不负担子女抚养费且放弃探望权"
    assert "不" not in bearing_negations("Did Zhu 0 give up his right of visitation?", clause)
    assert "不" in bearing_negations("Did Zhu 0 pay child support?", clause)
    # (A name's forms and a translation's negations, 不错 of "right", are no predicate.)
    assert not {"朱", "不"} & asked_characters("Did Zhu 0 give up his right of visitation?")


def test_the_doer_of_the_asked_act() -> None:
    question = "Who kept watch while the electric bicycle was stolen at the Wantong supermarket?"
    found = crossed_doer(question, THEFT, asked_verbs(question, stem))
    assert found is not None and THEFT[found[0]:found[1]].startswith("王1某")
    assert says_english(frozenset(["kept"]), "由被告人王1某帅负责望风")  # (望风: keep watch)


@pytest.mark.parametrize(("question", "phrase", "right", "wrong"), [
    # CC-CEDICT lists "child support" and "alimony" under 赡养费 (support of parents).
    ("How much child support must Zhu 0 pay each month?", "child support", "抚养费", "赡养费"),
    ("Did the court order alimony?", "alimony", "生活费", "赡养费"),
    ("Did Zhu 0 give up his right of visitation?", "visitation", "探望权", None),
    ("Did Zhu 0 give up his right of visitation?", "give up", "放弃", None),
    ("Who kept watch at the supermarket?", "kept watch", "望风", None),
    ("How much must he pay each month?", "month", "每月", None),
])
def test_legal_words_in_chinese(question: str, phrase: str, right: str,
                                wrong: str | None) -> None:
    translation = translate_query(question)
    assert translation is not None
    groups = dict(translation.groups)
    assert right in groups[phrase]
    assert wrong is None or wrong not in groups[phrase]


def test_proper_names_in_pinyin() -> None:
    assert proper_names("Who bore full responsibility for the accident on the Fuyin "
                        "expressway?") == [("fuyin", ("福银",))]
    assert ("wantong", ("万通",)) in proper_names(
        "Who kept watch at the Wantong supermarket?")
    # (A person's name, the first word, an English word: none.)
    assert proper_names("What vehicle was Shi Dongbin driving?") == []
    assert proper_names("Fuyin is where?") == []
    translation = translate_query("Was anyone injured on the Fuyin expressway?")
    assert translation is not None and "福银" in translation.text
