"""Of a judgment's values of the asked type, the one the question's words tie to
(``qa.answering.zh_values``), and names read whole from the judgment (``zh_names``).

The sentences are cjrc-dev's (the eighteenth new-user trial asked over them): each answer
was another value of the right type from the right judgment, or a name cut at 某.
"""

from __future__ import annotations

import pytest
from asking import ask, compose_checked

from qa.answering.base import REFUSAL
from qa.answering.extractive import ExtractiveAnswerer
from qa.answering.spans import amounts, persons
from qa.answering.zh_names import name_table
from qa.models import Hit

BIRTH = ("经审理查明,原、被告于××××年××月××日登记结婚2009年5月4日生一子,名黄XX(曾用名朱XX)"
         "2010年2月9日,双方协议离婚并办理离婚登记协议约定将朱黄淇改名改为黄XX,黄XX由黄1直接抚养")
RENAMED = ("经审理查明,原、被告于2010年11月5日登记结婚,婚生子王凯翔(现改名为那8)于2012年2月10日出生"
           "2013年1月14日,经本院主持调解,双方当事人就抚养权自愿达成如下协议:婚生子王凯翔由葛x1抚养")
LIMITS = ("该车在被告保险公司投保有交强险、商业第三者责任险、机动车损失保险,交强险保险期间自"
          "2017年4月26日至2018年4月25日,责任限额122000元,其中财产损失赔偿限额2000元商业险保险"
          "期间自2017年4月27日至2018年4月26日,其中商业第三者责任险主车赔偿责任限额1000000元、"
          "挂车赔偿责任限额500000元")
PAID = ("机动车损失险主车赔偿责任限额283815元、挂车赔偿责任限额83505元双方签订的投保单中显示:"
        "“机动车损失保险的每次事故绝对免赔额2000”事故发生后,原告梁x0支付豫R×××××号车辆施救费200元,"
        "维修费6440元被告保险公司已在交强险财产损失责任限额范围内支付原告方2000元")
TAKEN = ("先后4次将南通市华飞纸制品厂及南通市圣达印刷有限公司支付给瑞和公司的货款各人民币20万某"
         "承兑汇票予以截留变卖，共同侵吞瑞和公司货款共计人民币40万某。")
FRAUD = ("（一）2010年4月至2011年12月，于振某虚构揽储、倒贷款的事实，以高息为诱饵并采取提供虚假"
         "担保的方式骗取苗某某430.35万某。")
PARTNERS = "经审理查明：被告人王1某帅与被告人朱1某强系战友关系，二人复员后共同经营小饰品店。"
LOOKOUT = ("2012年1月31日晚上，被告人王1某帅、朱1某强预谋后，在鄄城县黄河路万通超市门口处，由被告人"
           "王1某帅负责望风，被告人朱1某强盗窃被害人刘某1红色爱玛牌二轮电动车一辆。")


@pytest.mark.parametrize(("question", "text", "expected"), [
    # A judgment writes a birth as 生 right after its date (was the divorce's 2010年2月9日,
    # nearer 黄XX).
    ("黄XX是哪天出生的？", BIRTH, "2009年5月4日 [1]"),
    # The date 出生 follows, not the next one it runs into (cjrc-dev-4_1 was 2013年1月14日).
    ("婚生子王凯翔出生日期为何时？", RENAMED, "2012年2月10日 [1]"),
    # The first limit after 交强险 (was the trailer's 500000元, also after 责任限额).
    ("交强险的责任限额是多少？", LIMITS, "122000元 [1]"),
    # An amount's label is one of the words it follows: the payment after all the asked
    # words, not the limit right after 限额 (a first cut answered 83505元).
    ("被告保险公司在交强险财产损失责任限额范围内支付了原告多少钱？", PAID, "2000元 [1]"),
])
def test_the_value_the_asked_words_sit_by(answerer: ExtractiveAnswerer, question: str,
                                          text: str, expected: str) -> None:
    assert ask(answerer, question, text)[0] == expected


def test_a_sum_whose_yuan_is_anonymised_is_no_name(answerer: ExtractiveAnswerer) -> None:
    # 40万某 is a sum (元 anonymised as a name's 某 is): "万某" was read as a person, a party
    # other than the asked ones, and the sentence dropped (was one sale's 9.7万).
    assert "万某" not in [TAKEN[s:e] for s, e in persons(TAKEN)]
    assert [TAKEN[s:e] for s, e in amounts(TAKEN)][-1] == "人民币40万某"
    question = "范某某和丁某共同侵吞瑞和公司货款共计多少？"
    assert ask(answerer, question, TAKEN)[0] == "人民币40万某 [1]"
    # ... and money: 多少钱 of 430.35万某 (was refused).
    assert ask(answerer, "于振某骗取苗某某多少钱？", FRAUD)[0] == "430.35万某 [1]"


def test_a_name_is_read_whole_from_its_judgment(answerer: ExtractiveAnswerer) -> None:
    # 王1某帅负责望风: 帅 cannot be told from a verb in that sentence; the judgment writes
    # 王1某帅与, 王1某帅、 (was 王1某, trial18 row 18).
    assert name_table([PARTNERS, LOOKOUT]) == {"王1某": "王1某帅", "朱1某": "朱1某强"}
    document = PARTNERS + LOOKOUT  # (one judgment, two passages of it)
    hits = [Hit(n, "cjrc-dev-515", "盗窃", text, start, start + len(text), 1.0 / n, 0.5)
            for n, (text, start) in enumerate([(LOOKOUT, len(PARTNERS)), (PARTNERS, 0)],
                                              start=1)]
    assert all(document[h.start:h.end] == h.text for h in hits)
    assert compose_checked(answerer, "谁负责望风？", hits).answer == "王1某帅 [1]"
    # A core followed by different characters is no name's (王1某 alone).
    assert name_table(["王1某负责望风。", "王1某盗窃了电动车。"]) == {}


FEES = ("事故发生后,原告梁x0支付豫R×××××号车辆施救费200元,维修费6440元,支付陕A×××××号车辆施救费"
        "100元,维修费2130元,支付陕A×××××号车辆施救费100元,维修费28750元被告保险公司已在交强险财产"
        "损失责任限额范围内支付原告方2000元")


def test_which_fees_are_the_amounts_so_labelled(answerer: ExtractiveAnswerer) -> None:
    # 哪些维修费: each amount labelled 维修费 (was the clause of the first rescue fee, 施救费200元).
    answer = ask(answerer, "梁x0支付了哪些维修费？", FEES)[0]
    assert answer == "6440元 [1]; 2130元 [2]; 28750元 [3]"


VEHICLES = ("经审理查明，2014年11月15日晚，被告人杨1某在武隆县XX镇油房沟的一个油茶馆喝了酒，"
            "随后杨1某驾驶自己的普通二轮摩托车从武隆县XX镇油房沟出发；2014年11月16日1时许，行至县人民医院路口处"
            "与代某驾驶的越野车相撞，造成越野车右后车门受损，杨1某受伤。")


def test_a_value_another_party_holds_by_the_asked_words_is_not_the_answer(
        answerer: ExtractiveAnswerer) -> None:
    # "代某驾驶的越野车" is 代某's (was 越野车, cjrc-dev-538_2), named again or not.
    answer = ask(answerer, "杨1某驾驶的是什么车辆？", VEHICLES)[0]
    assert "越野车" not in answer


@pytest.mark.parametrize(("question", "expected"), [
    ("黄XX的曾用名是什么？", "朱XX [1]"),  # was refused (trial18 row 2)
    ("黄XX原名叫什么？", "朱XX [1]"),      # a former name is 曾用名 or 原名
    ("黄XX的绰号是什么？", REFUSAL),       # no nickname given (was the clause naming him)
])
def test_a_name_asked_by_its_label(answerer: ExtractiveAnswerer, question: str,
                                   expected: str) -> None:
    assert ask(answerer, question, BIRTH)[0] == expected


INCOMES = ("原告称,其自己没有房屋,离婚后租房子住,目前借住在朋友家其在某某特殊印刷(苏州)有限公司工作"
           "有四年了,是一名操作工,月收入在3700元左右被告称,其在苏州某某置业有限公司工作,月收入6000元"
           "左右")


@pytest.mark.parametrize(("question", "expected"), [
    ("被告月收入多少？", "6000元 [1]"),  # was 3700元, what 原告 says (cjrc-dev-8_4)
    ("原告月收入多少？", "3700元 [1]"),
])
def test_a_value_in_the_asked_partys_own_words(answerer: ExtractiveAnswerer, question: str,
                                               expected: str) -> None:
    assert ask(answerer, question, INCOMES)[0] == expected
