"""Of several values a Chinese sentence binds each to another party or event, the answer is
the one bound to the question's own words (``qa.answering.holders``).

The sentences are the new-user trial's (trial16, family F3 "right sentence, wrong
holder"; cjrc-dev-47, -538, -520, -13): the cited sentence held the right value, the
answer was the value of another party or event in it.
"""

from __future__ import annotations

from asking import ask, compose_checked

from qa.answering.base import REFUSAL
from qa.answering.extractive import ExtractiveAnswerer, another_party_holds
from qa.answering.holders import (
    bound,
    dated_later,
    enumerations,
    given_to_another,
    governed,
    said,
)
from qa.answering.lists import list_end
from qa.models import Hit

# cjrc-dev-47, as retrieved in the trial: the chunk 40-215 and the one after it.
ACCIDENT = ("请求法院判令天安公司在商业三者险赔偿限额内向原告返还保险赔款事实与理由:20"
            "15年1月13日第三人驾驶辽B轻型货车与周15驾驶的辽B小型客车碰撞,造成两"
            "车损坏后交通大队作出《道路交通事故认定书》,认定第三人负全责辽B轻型货车所有"
            "权人是顺林公司,第三人在为顺林公司工作顺林公司车辆在天安公司投保机动车交通事"
            "故责任强制保险及商业三者险")
PAYMENT = ("周15驾驶的辽B小型客车所有权人是李x14,该车在原告处投保机动车交通事故责"
           "任强制保险、商业三者险及车辆损失险等事故发生后,原告对承保受损车辆进行定损,"
           "金额182130元,扣除残值作价28130元,实际维修费154000由于被告"
           "拒绝支付李x14维修费用,故李x14向原告提出代赔请求,原告于2015年2月"
           "9日向李x14支付了152000元(扣除了顺林公司车辆交强险保险公司财产损失"
           "限额2000元)")
# cjrc-dev-538
SHARES = ("经重庆市公安局交通巡逻警察大队认定，代某承担此次交通事故的主要责任，杨1某承"
          "担次要责任。")
# cjrc-dev-520
SEIZED = ("后被告人潘某某、吕某被民警抓获，当场从被告人潘某某身上缴获尖刀一把，辣椒喷雾"
          "器1支，在上述无牌摩托车车厢时搜出工具1袋（内有液压钳1支、绑绳1条、活络扳"
          "手3把和螺丝刀3支、剪刀1把），从被告人吕某身上缴获工具1袋（内有钥匙3串、"
          "自制螺丝刀头8个、套筒1个、折叠尖刀1把）。")
# cjrc-dev-13
MEDIATION = ("判决后,被告将儿子潘乙从原告处带走此后,原、被告因探望孩子发生纠纷,双方矛盾"
             "加重审理中,因原、被告对孩子的抚养问题各执已见,致调解未成以上事实,有原告提"
             "供的(2012)宝x8民初字第2264号民事判决书、上海市公安局接报回执单、"
             "验伤通知书及原、被告双方的陈述等证据为证")


def test_who_bears_full_liability_is_the_party_before_it(answerer: ExtractiveAnswerer) -> None:
    # (第三人 is a party named by its role: no person finder names it.)
    assert ask(answerer, "谁负事故全责？", ACCIDENT)[0].startswith("第三人")


def test_who_bears_the_main_share_not_the_minor_one(answerer: ExtractiveAnswerer) -> None:
    assert ask(answerer, "谁承担事故的主要责任？", SHARES)[0].startswith("代某")
    assert ask(answerer, "何人承担此次交通事故的主要责任？", SHARES)[0].startswith("代某")


def test_the_owner_is_the_name_the_head_governs(answerer: ExtractiveAnswerer) -> None:
    # The chunk before gives 所有权人是 to 顺林公司 and names only the drivers as persons
    # (the trial's answer: 周15); the owner follows 所有权人是 in the next one.
    answer, doc = ask(answerer, "辽B小型客车的所有权人是谁？", ACCIDENT, PAYMENT)
    assert answer.startswith("李x14") and doc == "doc-2"


def test_what_a_party_drove_is_the_object_of_its_own_verb(answerer: ExtractiveAnswerer) -> None:
    assert ask(answerer, "第三人驾驶的是什么车？", ACCIDENT)[0].startswith("辽B轻型货车")


def test_the_accident_day_is_not_the_day_of_a_later_payment(
        answerer: ExtractiveAnswerer) -> None:
    # The payment's sentence comes first; it says the accident only as 事故发生后.
    assert ask(answerer, "交通事故发生在哪一天？", PAYMENT, ACCIDENT)[0].startswith(
        "2015年1月13日")


def test_tools_seized_from_a_named_person_are_his_list(answerer: ExtractiveAnswerer) -> None:
    answer = ask(answerer, "从吕某身上缴获了哪些工具？", SEIZED)[0]
    assert answer.startswith("钥匙3串、自制螺丝刀头8个、套筒1个、折叠尖刀1把")


def test_why_mediation_failed_is_the_cause_leading_to_it(answerer: ExtractiveAnswerer) -> None:
    answer = ask(answerer, "调解为什么没有成功？", MEDIATION)[0]
    assert answer.startswith("因原、被告对孩子的抚养问题各执已见")


def test_bound_reads_each_side_of_the_question_word() -> None:
    # 所有权人是谁: the words before the question word, read before each value.
    spans = [(0, 3), (17, 21)]
    assert bound("辽B小型客车的所有权人是谁？", PAYMENT, spans) == [(17, 21)]
    # No value's sides say more than another's: nothing is ruled out.
    assert bound("谁签订了合同？", "张某与李某签订了合同", [(0, 2), (3, 5)]) is None
    # Far from the question word, a character counts half.
    assert said("辽B小型客车的所有权人是", "辽B", near_end=True) == 1.0


def test_dated_later_keeps_dates_that_say_the_event_again() -> None:
    text = "事故发生后,原告于2015年2月9日付款,又于2015年3月1日事故发生"
    paid, again = (text.index(d) for d in ("2015年2月9日", "2015年3月1日"))
    dates = [(paid, paid + 10), (again, again + 9)]
    assert dated_later("交通事故发生在哪一天？", text, dates) == dates[:1]
    assert dated_later("交通事故发生在哪一天？", "原告于2015年2月9日付款", [(3, 13)]) == []


def test_enumerations_finds_each_list() -> None:
    assert [SEIZED[s:e][:3] for s, e in enumerations(SEIZED)] == ["液压钳", "钥匙3"]


def test_given_to_another_reads_the_value_after_the_head() -> None:
    persons = [(ACCIDENT.index("周15"), ACCIDENT.index("周15") + 3)]
    assert given_to_another("辽B小型客车的所有权人是谁？", ACCIDENT, persons)
    owner = PAYMENT.index("李x14")
    assert not given_to_another("辽B小型客车的所有权人是谁？", PAYMENT, [(owner, owner + 4)])
    # A question with no head before its copula asks nothing of the kind.
    assert not given_to_another("谁负事故全责？", ACCIDENT, persons)


# cjrc-dev-28
BENEFICIARY = ("本案在审理过程中,被告主张本案保险约定的第一受益人为工行城西支行原告为证实其具有诉"
               "讼主体资格,提供了工行城西支行出具的证明一份")


def test_a_body_the_asked_head_governs_answers_who(answerer: ExtractiveAnswerer) -> None:
    # (No person finder names 工行城西支行; the sentence names 原告 after it.)
    assert ask(answerer, "被告主张第一受益人为谁？", BENEFICIARY)[0].startswith("工行城西支行")


def test_governed_needs_the_words_before_the_head() -> None:
    bank = BENEFICIARY.index("工行城西支行")
    assert governed("被告主张第一受益人为谁？", BENEFICIARY, [(bank - 2, bank + 6)]) == (
        bank, bank + 6)
    company = ACCIDENT.index("顺林公司")
    assert governed("辽B小型客车的所有权人是谁？", ACCIDENT, [(company, company + 4)]) is None


# cjrc-dev-574 as the seventeenth trial retrieved it: the chunk naming 孔1某增's reading
# first, the one with 孔3某's after it.
KONG_1 = ("后孔3某、孔1某增在现场被民警带回公安机关接受讯问。经鉴定，孔1某增血液中酒精含量为"
          "155mg/100ml，马某某损伤程度为轻微伤。")
KONG_3 = ("事故后，群众拨打电话报警。经鉴定，孔3某血液中酒精含量为191mg/100ml。经公安机关认定，"
          "孔3某负事故的主要责任。后其赔偿了被害方各项经济损失共计人民币10000元，并得到谅解。")


def test_a_reading_of_another_numbered_party_is_not_the_asked_ones(
        answerer: ExtractiveAnswerer) -> None:
    # (孔1某增's sentence names no 孔3某; the passage before it does.)
    answer, doc = ask(answerer, "孔3某血液中酒精含量是多少？", KONG_1, KONG_3)
    assert answer.startswith("191mg/100ml") and doc == "doc-2"
    # Asked of 孔1某增, his own.
    assert ask(answerer, "孔1某增血液中酒精含量是多少？", KONG_1, KONG_3)[0].startswith(
        "155mg/100ml")


def test_another_party_holds_needs_a_numbered_party_and_none_asked() -> None:
    assert another_party_holds(["孔3某"], "经鉴定，孔1某增血液中酒精含量为155mg/100ml")
    assert not another_party_holds(["孔3某"], "经鉴定，孔3某血液中酒精含量为191mg/100ml")
    # A sentence naming no party may go on with the asked one's.
    assert not another_party_holds(["孔3某"], "后其赔偿了被害方各项经济损失共计人民币10000元")


# cjrc-dev-22 347-563 as the seventeenth trial retrieved it: its chunk (370-521) was cut
# after "30290元、", the passage runs on over 现场施救费19500元.
RESCUE = ("致使豫P×××××/豫PU094挂车失控后与护栏接触相撞;豫L×××××/豫L×××××挂失控后又与正常行驶的"
          "李军豹持证驾驶豫L×××××/豫LB987挂重型半挂车接触刮擦,造成原告司机张x12受伤以及三车不同"
          "程度受损的交通事故该交通事故经信阳高速公路公安交通警察支队五大队认定张x12负事故的全部"
          "责任原告徐0因本次事故支出路13损失30290元、现场施救费19500元(其中豫L×××××/豫L×××××"
          "挂号车的施救费19000元")


def test_an_amount_past_a_chunk_cut_in_a_list_of_labelled_amounts(
        answerer: ExtractiveAnswerer) -> None:
    cut = RESCUE.index("30290元、") + len("30290元、")
    hits = [Hit(1, "doc-1", "Doc 1", RESCUE, 347, 347 + len(RESCUE), 1.0, 0.5,
                chunk=(370, 347 + cut))]
    draft = compose_checked(answerer, "原告徐0支出的现场施救费是多少？", hits)
    assert draft.answer.startswith("19500元")


def test_list_end_reads_over_labelled_amounts() -> None:
    text = "原告徐0因本次事故支出路13损失30290元、现场施救费19500元(其中…)"
    assert text[:list_end(text, text.index("、") + 1)].endswith("现场施救费19500元")
    # Names joined by 、 as before; words that are no value stay cut.
    assert list_end("被告金x2、沈x3作为保证人", 6) == 9
    assert list_end("原、被告", 2) == 2


FATHER = ("同月9日，管某到谭某4家中商量赔礼道歉问题。协商过程中，谭某4父亲谭某5打管某一耳光，"
          "管某打谭某5一拳。")


def test_another_partys_relation_is_not_the_asked_ones(answerer: ExtractiveAnswerer) -> None:
    # 谭某5 is 谭某4's father: was the answer to 管某的父亲是谁？ (the seventeenth trial, M83).
    assert ask(answerer, "管某的父亲是谁？", FATHER)[0] == REFUSAL
    assert ask(answerer, "谭某4的父亲是谁？", FATHER)[0].startswith("谭某5")
