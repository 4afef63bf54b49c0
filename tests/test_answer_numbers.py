"""A count, a length of time or a sum is answered by a value carrying the asked unit.

An article's number (the 八条 of 第八条) counts nothing; a date's month or day is no
period; a "which X" question (哪所小学) is answered by a name of an X. The sentences are
the new-user trial's (issue 10, family F3): the cited sentence held the value, the
answer was another token of it.
"""

from __future__ import annotations

import pytest
from asking import ask

from qa.answering.base import REFUSAL
from qa.answering.extractive import ExtractiveAnswerer
from qa.answering.intent import read_intent, which_noun
from qa.answering.pick import asked_units, fits_amount, is_period, with_qualifier
from qa.answering.spans import amounts, counted, dates, periods
from qa.translation import translate_query

ART8 = ("第八条 人民法院开庭审理人民检察院提起的公益诉讼案件，"
        "应当在开庭三日前向人民检察院送达出庭通知书。")
ART9 = ("人民检察院应当派员出庭，"
        "并应当自收到人民法院出庭通知书之日起三日内向人民法院提交派员出庭通知书。")
ART13 = ("第十三条 人民检察院在履行职责中发现破坏生态环境和资源保护、食品药品安全领域侵害众多消费者"
         "合法权益等损害社会公共利益的行为，拟提起公益诉讼的，应当依法公告，公告期间为三十日。")
ART17 = ("第十七条 人民法院受理人民检察院提起的民事公益诉讼案件后，"
         "应当在立案之日起五日内将起诉书副本送达被告。")
XINMIN = ("被告双方于××××年××月份结婚,婚后生一女孩,取名马62,2013年11月21日,"
          "双方在新民市民政局协议离婚,协议内容为:婚生女孩马62由女方别x2抚养,"
          "男方每月给孩子抚养费1000元(从2013年12月1日起至2020年12月止)")
SCHOOL = ("另查明:张x6现在荣昌县城西小学上学,为城镇居民户口原告曹0系重庆博耐特压铸有限公司职工,"
          "收入比较稳定")


def _texts(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[s:e] for s, e in spans]


def test_an_ordinal_is_no_amount() -> None:
    # 第八条 names an article, 第三次 a place in a sequence: neither counts anything.
    text = "第八条规定，被告人第三次作案时盗窃3次"
    assert _texts(text, amounts(text)) == ["3次"]


def test_an_article_number_is_no_amount() -> None:
    text = "Under Article 13 of the Interpretation, the notice runs for 30 days."
    assert _texts(text, amounts(text)) == ["30 days"]


def test_a_comma_groups_thousands_only() -> None:
    # 马62 is a name, 2013年 a year: the comma between them joins no number.
    assert "62,2013年" not in _texts(XINMIN, amounts(XINMIN))
    assert "1000元" in _texts(XINMIN, amounts(XINMIN))
    assert _texts("赔偿100,000元", amounts("赔偿100,000元")) == ["100,000元"]


def test_a_day_told_by_its_place_is_a_date_only_where_none_is_given() -> None:
    text = "案发当日，管某报警，次日被刑事拘留"
    assert _texts(text, dates(text)) == ["当日", "次日"]
    text = "2016年11月9日管某报警，次日被刑事拘留"
    assert _texts(text, dates(text)) == ["2016年11月9日"]


@pytest.mark.parametrize(("text", "expected"), [
    # A receipt's sum in capital numerals with its figure: was 万元 (the seventeenth
    # trial, 借条载明张x2向张x0借款多少？).
    ("载明:“今借张x0现金壹佰捌拾万元整(￥1800000元整),", ["壹佰捌拾万元整(￥1800000元整)"]),
    ("支付叁佰元整", ["叁佰元整"]),
    ("共计￥5000元", ["￥5000元"]),
])
def test_a_sum_in_capital_numerals_or_after_the_yuan_sign(text: str,
                                                         expected: list[str]) -> None:
    assert _texts(text, amounts(text)) == expected


def test_a_month_or_day_of_a_date_is_no_amount() -> None:
    text = "2013年11月21日支付3个月"
    assert _texts(text, amounts(text)) == ["2013年", "3个月"]


@pytest.mark.parametrize(("text", "expected"), [
    (ART13, ["三十日"]),
    (ART17, ["五日"]),
    ("有期徒刑1年6个月，于2016年12月24日出院", ["1年", "6个月"]),
    ("三月二日起施行", []),  # a month and its day, not a period
    ("within 15 days of receipt", ["15 days"]),
])
def test_periods_are_counts_of_a_unit_of_time(text: str, expected: list[str]) -> None:
    assert _texts(text, periods(text)) == expected


def test_counts_of_the_asked_unit() -> None:
    text = "被告人共作案七起，第二起发生在冲突之后"
    assert _texts(text, counted(text, "起")) == ["七起"]


@pytest.mark.parametrize(("question", "units"), [
    ("人民法院应当在开庭几日前向人民检察院送达出庭通知书？", ("天", "日")),
    ("侦查机关共查获被告人类似犯罪几起？", ("起",)),
    ("How many days before the hearing must the court send the notice?", ("天", "日", "day")),
    ("How much monthly child support did the man agree to pay?", ()),
])
def test_the_unit_a_question_names(question: str, units: tuple[str, ...]) -> None:
    assert asked_units(question) == units


@pytest.mark.parametrize(("question", "value", "fits"), [
    ("How many days before the hearing must the court send the notice?", "三日", True),
    ("How many days before the hearing must the court send the notice?", "八条", False),
    ("How many days before the hearing must the court send the notice?", "3 people", False),
    ("人民法院应当在开庭几日前送达出庭通知书？", "三日前", True),
    ("人民检察院拟提起公益诉讼的，公告期间为多长？", "三十日", True),
    ("人民检察院拟提起公益诉讼的，公告期间为多长？", "800元", False),
    ("被告李x3向银行贷款期限为多长时间？", "36个月", True),
    ("How long is the public notice period?", "2018年3月2日", False),
    ("How long is the public notice period?", "within 15 days", True),
    ("How much monthly child support did the man agree to pay?", "1000元", True),
    ("How much monthly child support did the man agree to pay?", "2 people", False),
    ("How much extra compensation can a consumer claim?", "三倍", True),
    ("How much time did the defendant spend in hospital?", "45天", True),  # no sum
])
def test_a_count_carries_the_asked_unit(question: str, value: str, fits: bool) -> None:
    assert fits_amount(question, value) is fits


@pytest.mark.parametrize(("value", "period"), [
    ("三十日", True), ("五日内", True), ("within 15 days", True), ("2018年3月2日", False),
    ("1000元", False)])
def test_a_period_is_a_length_of_time(value: str, period: bool) -> None:
    assert is_period(value) is period


def test_the_answer_keeps_the_asked_qualifier() -> None:
    at = ART8.index("三日")
    span = (at, at + 2)
    assert with_qualifier("人民法院应当在开庭几日前送达出庭通知书？", ART8, span) == (at, at + 3)
    assert with_qualifier("How many days before the hearing ...?", ART8, span) == (at, at + 3)
    # 三日内 does not say how many days before.
    within = ART9.index("三日")
    assert with_qualifier("How many days before the hearing ...?", ART9,
                          (within, within + 2)) is None
    assert with_qualifier("公告期间为多长？", ART8, span) == span


@pytest.mark.parametrize(("question", "kind"), [
    ("人民法院应当在开庭几日前向人民检察院送达出庭通知书？", "amount"),
    ("人民法院应当在立案之日起几日内将起诉书副本送达被告？", "amount"),
    ("侦查机关共查获被告人类似犯罪几起？", "amount"),
    ("原告于几月几日起诉？", "when"),
    ("本事故发生的时间为多久？", "when"),  # (cjrc-dev-38_5: a date, 2015年4月11日上午10时)
    ("被告李x3向银行贷款期限为多长时间？", "when"),  # (answered by a period: 36个月)
])
def test_a_count_of_days_is_an_amount_question(question: str, kind: str) -> None:
    assert read_intent(question).kind == kind


@pytest.mark.parametrize(("question", "noun"), [
    ("曹0的女儿在哪所小学上学？", "小学"),
    ("被告王x3在哪个支行投保？", "支行"),
    ("被保险人为哪个公司的？", "公司"),
    ("出具事故认定书的机关单位是哪一个？", ""),
])
def test_the_kind_a_which_question_names(question: str, noun: str) -> None:
    assert which_noun(question) == noun


@pytest.mark.parametrize(("question", "texts", "expected", "cited"), [
    ("人民法院应当在开庭几日前向人民检察院送达出庭通知书？", (ART8, ART9), "三日前 [1]", 1),
    ("人民法院应当在立案之日起几日内将起诉书副本送达被告？", (ART17,), "五日内 [1]", 1),
    ("人民检察院拟提起公益诉讼的，公告期间为多长？", (ART13,), "三十日 [1]", 1),
    ("How many days is the public notice period for a procuratorate's public interest "
     "lawsuit?", (ART13,), "三十日 [1]", 1),
    # (第八条 gives the days before the hearing; 第九条's 三日内 does not.)
    ("How many days before the hearing must the court send the notice to appear to the "
     "procuratorate?", (ART9, ART8), "三日前 [1]", 2),
    # (A public notice is a 公告: 第十三条's period, not 第十七条's days for service.)
    ("How long is the public notice period before a procuratorate files a civil public "
     "interest lawsuit?", (ART17, ART13), "三十日 [1]", 2),
    ("Within how many days must the court serve a copy of the complaint on the "
     "defendant?", (ART17,), "五日内 [1]", 1),
    ("How much monthly child support did the man agree to pay in the Xinmin divorce "
     "agreement?", (XINMIN,), "1000元 [1]", 1),
    ("曹0的女儿在哪所小学上学？", (SCHOOL,), "荣昌县城西小学 [1]", 1),
    # A count of the unit the question names (起: cases), not the ordinal of the next.
    ("被告人李一某共作案几起？",
     ("被告人李一某在路边尾随妇女，共作案七起，第一起发生于2016年3月14日",), "七起 [1]", 1),
    # A count with its measure word (个期), and a question ending on money that asks when
    # (both refused in the seventeenth trial, M62 and M27).
    ("汽车贷款的还款期共计多少期？",
     ("贷款的偿还,按月等额本息还款,还款期共计36个期;担保由原告全程连带责任保证",), "36个期 [1]", 1),
    ("林某何时到张某乙办公室讨要工资？", ("2015年2月7日9时40分许，被告人林某到工地张某乙办公室内"
                                 "讨要工资，张某乙要求从林某工资中扣除赔偿款。",),
     "2015年2月7日9时40分许 [1]", 1),
    # A day told by its place beside another, in a sentence giving no date; the one whose
    # clause says the asked act.
    ("管某被刑事拘留是在什么时候？", ("案发当日，管某即电话向公安局报警，民警到现场将管某带至派出所"
                                "核实并立案，次日被公安局刑事拘留。",), "次日 [1]", 1),
])
def test_the_value_of_the_asked_kind_answers(answerer: ExtractiveAnswerer, question: str,
                                             texts: tuple[str, ...], expected: str,
                                             cited: int) -> None:
    assert ask(answerer, question, *texts) == (expected, f"doc-{cited}")


def test_when_something_happened_is_a_date_however_asked(answerer: ExtractiveAnswerer) -> None:
    text = ("约定了保险金额为10000元2015年4月11日上午10时,原告驾驶该车辆发生了涉案事故,"
            "支出医疗费共计10898元")
    assert ask(answerer, "本事故发生的时间为多久？", text) == ("2015年4月11日上午10时 [1]", "doc-1")
    # A length of time asked is one: a date is no answer to "how long", nor a sum.
    assert ask(answerer, "How long did the accident last?", text)[0] == REFUSAL
    loan = "被告李x3于2016年3月1日向银行贷款10万元,期限为36个月"
    assert ask(answerer, "被告李x3向银行贷款期限为多长时间？", loan)[0] == "36个月 [1]"


def test_a_public_notice_is_read_as_a_gonggao() -> None:
    # An English question's "notice" reaches the statute's 公告 (公告期间为三十日), so "how
    # long is the public notice period" is answered from 第十三条 on the trial's index
    # (it was 第十七条's 五日内, the days for serving the complaint).
    senses = dict(translate_query("How long is the public notice period?").groups)
    assert "公告" in senses["notice"]
