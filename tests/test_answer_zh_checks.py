"""What a Chinese question needs of its answer's sentence beyond the question's words.

The real extractive answerer (bundled embedder) over short judgments written so that,
without the rule under test, another sentence or a restating phrase would be the answer.
"""

from __future__ import annotations

import pytest

from index.embedding import Embedder
from qa.answering.base import REFUSAL, Draft
from qa.answering.extractive import ExtractiveAnswerer
from qa.answering.spans import FINDERS
from qa.answering.zh_checks import asked_aspect, asked_category, asked_ordinal, item_number
from qa.citations import check_citations
from qa.models import Hit
from qa.settings import AnswerSettings, RetrievalSettings


@pytest.fixture(scope="module")
def answerer(embedder: Embedder) -> ExtractiveAnswerer:
    return ExtractiveAnswerer(embedder, AnswerSettings(),
                              RetrievalSettings().cross_lingual_model)


def compose(answerer: ExtractiveAnswerer, question: str, *texts: str,
            doc_ids: tuple[str, ...] = ()) -> Draft:
    hits = [Hit(n, doc_ids[n - 1] if doc_ids else f"doc-{n}", f"Doc {n}", text, 0, len(text),
                1.0 / n, 0.5) for n, text in enumerate(texts, start=1)]
    draft = answerer.compose(question, hits)
    check_citations(draft.citations, hits)
    return draft


def ask(answerer: ExtractiveAnswerer, question: str, *texts: str,
        doc_ids: tuple[str, ...] = ()) -> str:
    return compose(answerer, question, *texts, doc_ids=doc_ids).answer


THEFTS = ("经审理查明：1、2014年5月18日上午11时许，被告人林某甲在平潭县潭城镇金象A区25号"
          "盗窃发生后逃离现场，盗窃发生时被害人不在；"
          "2、2014年5月30日上午11时许，林某甲在平潭县潭城镇桂山庄7弄27号童装店盗走手提包。")


def test_the_nth_act_asked_is_the_nth_numbered_act(answerer: ExtractiveAnswerer) -> None:
    # The first act says 盗窃发生 twice; the second act is what is asked.
    assert ask(answerer, "第二次盗窃发生的地点？", THEFTS) == "平潭县潭城镇桂山庄7弄27号童装店 [1]"
    assert ask(answerer, "第一次盗窃发生的时间？", THEFTS) == "2014年5月18日上午11时许 [1]"


def test_another_judgments_numbered_act_answers_nothing(answerer: ExtractiveAnswerer) -> None:
    # Only the numbered acts of the best-supported sentence's judgment count.
    other = "2、2013年11月，被告人张某在某市某区菜市场内与人发生口角。"
    answer = ask(answerer, "第二次盗窃发生的地点？", THEFTS, other, doc_ids=("a", "b"))
    assert answer == "平潭县潭城镇桂山庄7弄27号童装店 [1]"


@pytest.mark.parametrize(("sentence", "number"), [
    ("2.2016年3月17日19时许，被告人李一某在翠亨村西门外", 2),
    ("3、2013年12月19日18时许，被告人周某", 3),
    ("经审理查明，一、盗窃事实1、2014年5月18日", 1),  # the heading's inner number
    ("一、2015年8月4日20时许，被告人冼某", 1),
    ("2.5万元由被告支付", None),  # a decimal
    ("经审理查明：2016年7月29日22时许", None),
])
def test_the_number_a_sentence_opens_with(sentence: str, number: int | None) -> None:
    assert item_number(sentence) == number


def test_the_ordinal_a_question_asks() -> None:
    assert asked_ordinal("第三次作案的地点？") == 3
    assert asked_ordinal("第十二次开庭的时间？") == 12
    assert asked_ordinal("本案第一条理由？") is None


@pytest.mark.parametrize("question", ["黄XX意愿同谁一起生活？", "小女儿黄XX想同谁一起生活？"])
def test_a_wish_asked_is_answered_by_a_sentence_saying_one(
        answerer: ExtractiveAnswerer, question: str) -> None:
    told = "协议约定小女儿黄XX由黄1直接抚养，同黄1一起生活。"
    assert ask(answerer, question, told) == REFUSAL
    draft = compose(answerer, question, told, "黄XX表示愿意同黄1一起生活。")
    assert draft.answer == "黄1 [1]" and draft.citations[0].doc_id == "doc-2"


def test_a_view_asked_is_answered_by_a_sentence_saying_one(
        answerer: ExtractiveAnswerer) -> None:
    told = "被告对原告请求变更子女抚养关系一事未到庭。"
    assert ask(answerer, "被告对变更子女抚养关系的态度如何？", told) == REFUSAL
    # The defendant's contrition (认罪态度) is no view asked of anyone.
    answer = ask(answerer, "被告人方某投案后是否认罪态度良好？",
                 "被告人方某至派出所投案，并如实交代了自己的犯罪事实，认罪悔罪。")
    assert answer != REFUSAL


def test_a_phrase_saying_only_what_the_question_said_answers_nothing(
        answerer: ExtractiveAnswerer) -> None:
    told = "被告人王某某归案后，被盗物品已被追回并发还被害人。"
    assert ask(answerer, "王某某如何归案？", told) == REFUSAL
    assert ask(answerer, "被告人王某某作案动机是？", told) == REFUSAL
    # A phrase with words of its own is an answer.
    assert ask(answerer, "违法所得是如何处理的？", "违法所得予以追缴。") != REFUSAL


def test_how_an_aspect_stands_needs_a_sentence_naming_it(answerer: ExtractiveAnswerer) -> None:
    cared = "蒙42一直随原告及原告母亲生活，蒙42主要由原告母亲照顾。"
    assert ask(answerer, "蒙42目前的就读情况如何？", cared) == REFUSAL
    assert ask(answerer, "蒙42目前的就读情况如何？", cared,
               "蒙42目前在阳朔镇中心小学就读，成绩良好。") != REFUSAL


@pytest.mark.parametrize(("question", "aspect"), [
    ("蒙42目前的就读情况如何？", "就读"),
    ("车辆及所载物品的受损程度如何？", "受损"),
    ("钟某驾驶车辆时的精神状态如何？", ""),
    ("孙某的判刑情况为？", ""),
])
def test_the_aspect_a_how_question_asks(question: str, aspect: str) -> None:
    assert asked_aspect(question) == aspect


@pytest.mark.parametrize(("question", "category"), [
    ("史东宾是否是酒驾？", "酒驾"),
    ("路面小狗是宠物狗吗？", "宠物狗"),
    ("被告是不是被保险人？", "被保险人"),
    ("陈某某原谅被告了吗？", ""),
    ("被告人是否入户盗窃？", ""),
])
def test_the_category_a_chinese_yes_no_asks(question: str, category: str) -> None:
    assert asked_category(question) == category


def test_x_shi_fou_shi_y_needs_a_judgment_saying_y(answerer: ExtractiveAnswerer) -> None:
    # 是酒驾 read whole is cut 是酒 / 驾, and 驾 of 驾驶 would say it.
    accident = "史东宾驾驶重型货车与对向车辆相撞，史东宾承担事故全部责任。"
    assert ask(answerer, "史东宾是否是酒驾？", accident) == REFUSAL
    assert ask(answerer, "史东宾是否是酒驾？", accident + "经检测，史东宾系酒驾。") != REFUSAL


def test_a_chinese_word_is_covered_by_a_legal_near_synonym(answerer: ExtractiveAnswerer) -> None:
    # 伤亡 (casualties) is said by 死亡, one of its kinds, as an English word by its
    # near-synonym; the sentence shares little else with the question.
    died = "后刘某经抢救无效死亡。"
    answer = ask(answerer, "刘某的伤亡情况为？", died)
    assert answer != REFUSAL and "死亡" in answer


ATTACK = ("经审理查明：被害人谭某1受伤住院期间，被告人管某垫付医疗费5000.00元。冲突过程中管某掏出"
          "随身携带的水果刀将谭某2腹部、左前臂杀伤。")


def test_the_weapon_is_named_where_the_attack_is_told(answerer: ExtractiveAnswerer) -> None:
    # Was "被害人谭某1受伤住院期间", a phrase of the sentence saying 被告人管某 (the seventeenth
    # trial, M01).
    assert ask(answerer, "被告人管某用什么凶器伤人？", ATTACK).startswith("水果刀")


@pytest.mark.parametrize(("text", "weapon"), [
    ("持墩布杆对徐某进行殴打", "墩布杆"),
    ("周某乙等人携带铁水管", "铁水管"),
    ("拿起一个饮料玻璃瓶走到陈某3的身后", "饮料玻璃瓶"),
    ("当场从被告人潘某某身上缴获尖刀一把", "尖刀"),
])
def test_weapons_judgments_name(text: str, weapon: str) -> None:
    assert [text[s:e] for s, e in FINDERS["weapon"](text)] == [weapon]


POST = ("经审理查明：被告人于振某利用其系东昌府区农联社古楼信用社副主任的身份，虚构倒贷款、揽储等"
        "事实骗取他人财物。2012年4月29日，被告人于振某主动向公安机关投案自首。")


def test_a_post_is_named_where_the_judgment_says_it(answerer: ExtractiveAnswerer) -> None:
    # Was "被告人于振某主动向公安机关投案自首", the sentence saying 被告人于振某 again
    # (cjrc-dev-540_1, trial18): no sentence says 职务, the post itself is named.
    assert ask(answerer, "被告人于振某的职务是？", POST).startswith(
        "东昌府区农联社古楼信用社副主任")


@pytest.mark.parametrize(("text", "post"), [
    ("被告人丁某利用其担任泰兴市瑞和纸业有限公司财务经理的职务之便",
     "泰兴市瑞和纸业有限公司财务经理"),
    ("被告人于振某利用其系古楼信用社副主任的身份", "古楼信用社副主任"),
])
def test_posts_judgments_name(text: str, post: str) -> None:
    assert [text[s:e] for s, e in FINDERS["post"](text)] == [post]


def test_an_unwillingness_is_a_wish_said(answerer: ExtractiveAnswerer) -> None:
    # 不愿 says a wish as 愿意 does: was refused (the seventeenth trial, M44).
    text = ("2016年3月27日，派出所就原告探望沈x7一事出警并拍摄视频，视频中沈x7称不愿跟随原告生活。"
            "原告以儿子今后能健康成长为由向本院起诉。")
    assert ask(answerer, "沈x7是否愿意跟随原告生活？", text).startswith("否，")
