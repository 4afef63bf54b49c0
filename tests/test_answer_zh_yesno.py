"""A yes/no question is decided by the clause that says the asked act of the asked party.

The real extractive answerer (bundled embedder) over short judgments and provisions
written so that, without the rule under test, a nearby clause saying something else
(another party's act, a party's claim, a negation of another thing) decided the answer.
"""

from __future__ import annotations

import asking
import pytest

from qa.answering.base import REFUSAL
from qa.answering.extractive import ExtractiveAnswerer
from qa.answering.yesno import modal_act, permits_what_duty_asks, rule_part
from qa.answering.zh_yesno import (
    asked_parties,
    asked_thing,
    bearing_negations,
    claimed_by_another,
    done_by_another,
    names_only_others,
    said_of_another,
    unnamed_in_english,
)


def ask(answerer: ExtractiveAnswerer, question: str, *texts: str) -> str:
    """The answer alone (``asking.ask``, its citations checked)."""
    return asking.ask(answerer, question, *texts)[0]


POINTED = ("经审理查明：被告人陈1某富因琐事与被害人刘某发生矛盾，电话纠集张某甲、王某甲持械至"
           "招商城十字西路，在被告人陈1某富的指认下，张某甲、王某甲持西瓜刀冲至招待所门口对刘某"
           "进行殴打并连砍数刀。")


def test_an_act_others_did_at_the_asked_persons_pointing_is_not_his(
        answerer: ExtractiveAnswerer) -> None:
    # Was "是，在被告人陈1某富的指认下，张某甲、王某甲持西瓜刀……" (the fifteenth trial).
    assert ask(answerer, "陈1某富是否持刀砍人？", POINTED) == REFUSAL
    assert ask(answerer, "张某甲是否持刀砍人？", POINTED).startswith("是，")


def test_the_clause_about_the_asked_party_decides(answerer: ExtractiveAnswerer) -> None:
    # "被告再婚" answered 原告是否再婚？ (cjrc-dev-3_5: gold NO; its clauses run on).
    text = ("原、被告离婚后,被告再婚,但未再生育子女;原告未再婚离婚时大女儿隋某梅20岁,后读了三年"
            "技校原告主张现在无工作没有能力抚养小女儿")
    assert ask(answerer, "原告是否再婚？", text).startswith("否，原告未再婚")
    assert ask(answerer, "被告是否再婚？", text).startswith("是，被告再婚")


def test_what_another_party_demands_is_no_finding(answerer: ExtractiveAnswerer) -> None:
    # Only the insurer says the driver must hold one (the fifteenth trial: was "是").
    text = ("被告称：依据上述保险条款第七条约定，原告李x0许可的驾驶员应提供从业资格证。审理中，"
            "被告申请对车辆损失进行评估。")
    assert ask(answerer, "李文跃是否有从业资格证？", text) == REFUSAL
    claim = ("原告诉称被告不关心儿子的学习和生活，被告母亲阻扰原告探望儿子，导致儿子见到原告"
             "不敢讲话，只能哭等等，未能提供证据证实。")
    assert ask(answerer, "被告是否可以探望儿子？", claim) == REFUSAL


def test_a_partys_claim_about_itself_is_read() -> None:
    assert not claimed_by_another("原告名下是否有房屋？", "原告称，其自己没有房屋", 4)
    assert claimed_by_another("被告名下是否有房屋？", "原告称，被告没有房屋", 4)
    # A question asking what was claimed is answered by the claim.
    assert not claimed_by_another("原告是否要求被告抚养小女儿？",
                                  "原告坚持要求由被告抚养小女儿", 4)


def test_a_clause_naming_only_others_beside_anothers_act_decides_nothing() -> None:
    sentence = "后被告人潘某某、吕某被民警抓获，当场从被告人潘某某身上缴获尖刀一把。"
    at = sentence.index("当场")
    assert said_of_another("阿华是否被当场抓获？", sentence, at, len(sentence) - 1)
    assert not said_of_another("潘某某是否被当场抓获？", sentence, at, len(sentence) - 1)
    # A name against a role may be one party: read as said.
    told = "林某认为工地老板被害人张某乙应当承担一半赔偿款，故林某拒绝支付赔偿款。"
    at = told.index("故")
    assert not said_of_another("被告是否拒绝支付赔偿？", told, at, len(told) - 1)
    assert not claimed_by_another("被告是否拒绝支付赔偿？", told, at)


@pytest.mark.parametrize(("question", "clause", "another"), [
    ("陈1某富是否持刀砍人？", "张某甲、王某甲持西瓜刀冲至门口对刘某连砍数刀", True),
    ("陈1某富是否持刀砍人？", "被告人陈1某富持西瓜刀对刘某连砍数刀", False),
    ("原告是否再婚？", "被告再婚", True),
    ("原告是否再婚？", "原告未再婚", False),
    ("贾x9是否需要承担事故责任？", "原告马x0负事故全部责任", True),
    ("贾x9是否需要承担事故责任？", "贾x9无责任", False),
    # A name against a role may be one person: undecided, not another.
    ("贾x9是否承担事故责任？", "原告负事故全部责任", False),
    ("黄某是否构成重婚罪？", "被告人黄某亮有配偶而重婚", False),
    # The question's own other party is no other doer; nor one named in an earlier clause.
    ("陈某3是否原谅了吴1某的行为？", "被害人陈某3书面表示对吴1某的行为予以谅解", False),
    ("被告人是否入户盗窃？", "后窜至某小区入户盗窃", False),
    ("双方是否达成和解？", "原告与被告达成和解", False),
])
def test_who_does_the_asked_act(question: str, clause: str, another: bool) -> None:
    assert done_by_another(question, clause) is another


def test_the_asked_party() -> None:
    assert asked_parties("被告人王某、宋某是否是投案自首？") == (
        frozenset({"王某", "宋某"}), frozenset({"被告人"}))
    assert asked_parties("李文跃是否有从业资格证？") == (frozenset({"李文跃"}), frozenset())
    assert asked_parties("原、被告双方是否均已重新组成家庭？") == (frozenset(), frozenset())


@pytest.mark.parametrize(("question", "clause", "kept"), [
    ("黄某是否构成重婚罪？", "被告人黄某亮无视国家法律，有配偶而重婚", ""),
    ("原告位于昆仑唐人中心的房子是否有产权证？",
     "被告无需支付抚养费，房屋坐落于昆仑唐人中心（产权证未办）", "未"),
    ("被告是否可以探望儿子？", "被告对儿子有探视权，但原告不愿配合", ""),
    ("原告是否再婚？", "原告未再婚", "未"),
    # A conjunction ends a negation's clause too (the trial18 answer was 否 to 是否放弃了探望权).
    ("朱0是否放弃了探望权？", "朱0不负担子女抚养费且放弃探望权2014年7月", ""),
    ("朱0是否负担子女抚养费？", "朱0不负担子女抚养费且放弃探望权2014年7月", "不"),
    # 不予 decides: it is read as the decision it is.
    ("法院是否支持原告的诉讼请求？", "对原告的其他请求不予支持", "不"),
])
def test_a_negation_decides_where_it_bears_on_the_asked(question: str, clause: str,
                                                        kept: str) -> None:
    left = bearing_negations(question, clause)
    assert "".join(ch for ch in left if ch in "不未无没非") == kept


def test_a_chinese_negation_of_another_thing_says_no_no(answerer: ExtractiveAnswerer) -> None:
    # Was "否，被告人黄某亮无视国家法律，有配偶而重婚" (cjrc-dev-530_2: gold YES).
    text = "公诉机关认为，被告人黄某亮无视国家法律，有配偶而重婚，其行为触犯了刑法第二百五十八条。"
    assert ask(answerer, "黄某是否构成重婚罪？", text).startswith("是，")


FACE = ("第二条 信息处理者处理人脸信息有下列情形之一的，人民法院应当认定属于侵害自然人人格权益的"
        "行为：（一）在宾馆、商场、银行、车站、机场、体育场馆、娱乐场所等经营场所、公共场所违反"
        "法律、行政法规的规定使用人脸识别技术进行人脸验证、辨识或者分析；")
ESTATE = ("第十条 物业服务企业或者其他建筑物管理人以人脸识别作为业主或者物业使用人出入物业服务区域"
          "的唯一验证方式，不同意的业主或者物业使用人请求其提供其他合理验证方式的，人民法院依法"
          "予以支持。")
COUNTERCLAIM = ("第十六条 人民检察院提起的民事公益诉讼案件中，被告以反诉方式提出诉讼请求的，"
                "人民法院不予受理。")


def test_an_english_yes_no_needs_its_party_in_the_chinese_clause(
        answerer: ExtractiveAnswerer) -> None:
    # Was "Yes: 第十条 物业服务企业……唯一验证方式" (the fourteenth and fifteenth trials).
    question = "Can a hotel require guests to agree to face scanning before providing service?"
    # (One regulation: its list of venues names 宾馆, its article 10 does not.)
    assert ask(answerer, question, FACE + ESTATE) == REFUSAL
    assert ask(answerer, "Does a court accept a counterclaim by the defendant in a civil public "
               "interest lawsuit filed by the procuratorate?", COUNTERCLAIM).startswith("No: ")


SEED = ("Interpretation case: Guangdong procuratorial organs handle the first national civil "
        "public interest lawsuit involving \"facial recognition\", and creatively propose a "
        "compensation lawsuit with court support.")


def test_a_chinese_yes_no_about_a_person_no_english_source_names_is_refused(
        answerer: ExtractiveAnswerer) -> None:
    # Was "是，creatively propose a compensation lawsuit with court support" (the
    # fourteenth trial).
    demand = "原告向本院提出诉讼请求：要求被告王x3、被告董x4偿还其代偿的贷款本息41583.67元。"
    consent = ("第十四条 基于个人同意处理个人信息的，该同意应当由个人在充分知情的前提下自愿、"
               "明确作出。")
    explain = "个人有权要求个人信息处理者予以说明。"
    assert ask(answerer, "谭某3是否同意管某的要求？", demand, SEED, consent, explain) == REFUSAL
    assert unnamed_in_english("谭某3是否同意管某的要求？", [SEED])
    assert not unnamed_in_english("李文跃是否同意？", ["Li Wenyue agreed."])
    assert not unnamed_in_english("本案是否涉及人脸识别？", [SEED])


# The sixteenth new-user trial: yes/no verdicts its cited clause did not back.
APPEAL = "第十条 人民检察院不服人民法院第一审判决、裁定的，可以向上一级人民法院提起上诉。"
COURT = ("第五条 市（分、州）人民检察院提起的第一审民事公益诉讼案件，由侵权行为地或者被告住所地"
         "中级人民法院管辖。")
WITHDRAWN = ("第十九条 民事公益诉讼案件审理过程中，人民检察院诉讼请求全部实现而撤回起诉的，"
             "人民法院应予准许。")
GUARANTEES = ("Faced with the higher performance requirements of the people in the new era for "
              "public interest litigation, procuratorial public interest litigation, with its "
              "unique political significance, institutional advantages, and governance value, "
              "safeguards public interest protection. The legislation of procuratorial public "
              "interest litigation can provide substantive and procedural guarantees for this.")
ZHONG = ("经审理查明，2016年4月13日22时许，被告人钟某饮酒后驾驶车牌号为赣B×××××的小型普通客车，"
         "途经本市白云区沙太北路北二环桥底路段时被执勤民警查获。")
YANG = ("另查明，案发时，被告人杨1某无机动车驾驶资格。再查明，被告人杨1某曾因犯强奸罪，于2012年"
        "12月25日被本院判处有期徒刑三年，缓刑三年，缓刑考验期自2012年11月18日起至2015年11月17日止。")
GUARANTORS = ("沈x3作为保证人在借款协议担保方落款处签名并捺印，同时借款协议中约定:如顾x7到期"
              "未按约定还款，所欠借款及利息由担保人承担连带清偿责任。")


def test_a_rules_condition_does_not_negate_its_modal(answerer: ExtractiveAnswerer) -> None:
    # Was "No: 第十条 人民检察院不服……的，可以……提起上诉" (不服 of the condition).
    assert ask(answerer, "Can the procuratorate appeal a first-instance judgment?",
               APPEAL).startswith("Yes: ")
    assert ask(answerer, "人民检察院是否可以向上一级人民法院提起上诉？", APPEAL).startswith("是，")
    assert rule_part("人民检察院不服人民法院第一审判决、裁定的，可以向上一级人民法院提起上诉") \
        == "可以向上一级人民法院提起上诉"
    assert rule_part("被告以反诉方式提出诉讼请求的，人民法院不予受理") == "人民法院不予受理"


def test_an_english_modal_act_needs_a_sentence_saying_it(answerer: ExtractiveAnswerer) -> None:
    # Was "Yes: legislation ... can provide substantive and procedural guarantees".
    question = ("May the procuratorate withdraw the civil public interest lawsuit when all its "
                "claims are realized?")
    assert ask(answerer, question, GUARANTEES, WITHDRAWN) == REFUSAL
    assert modal_act(question) == "withdraw"
    assert modal_act("Can the procuratorate appeal a first-instance judgment?") == "appeal"
    assert modal_act("Can I delete my data?") == ""


def test_a_yes_no_about_a_named_person_needs_a_sentence_naming_him(
        answerer: ExtractiveAnswerer) -> None:
    # Was "是，被告人杨1某曾因犯强奸罪……被本院判处有期徒刑三年" (another judgment).
    assert ask(answerer, "被告人钟某是否被判处罚金？", YANG, ZHONG) == REFUSAL
    assert ask(answerer, "被告人杨1某是否被判处有期徒刑？", YANG).startswith("是，")
    # Was "是，所欠借款及利息由担保人承担连带清偿责任" (a sentence naming 沈x3 only).
    assert ask(answerer, "金x2是否是保证人？", GUARANTORS) == REFUSAL
    assert ask(answerer, "沈x3是否是保证人？", GUARANTORS).startswith("是，")
    assert names_only_others("被告人钟某是否被判处罚金？", YANG)
    assert not names_only_others("被告人钟某是否被判处罚金？",
                                 "同年7月9日因犯交通肇事罪被判处有期徒刑一年")


def test_a_statute_yes_no_needs_the_article_naming_the_asked_thing(
        answerer: ExtractiveAnswerer) -> None:
    # Was "是，（分、州）人民检察院提起的第一审民事公益诉讼案件" (an article on jurisdiction).
    assert ask(answerer, "人民检察院提起公益诉讼是否需要缴纳诉讼费？", COURT) == REFUSAL
    assert ask(answerer, "人民检察院撤回起诉是否应予准许？", COURT + WITHDRAWN).startswith("是，")
    assert asked_thing("人民检察院提起公益诉讼是否需要缴纳诉讼费？") == "诉讼费"
    assert asked_thing("人民检察院是否可以向上一级人民法院提起上诉？") == "上诉"


def test_a_duty_asked_of_a_permission_is_not_decided(answerer: ExtractiveAnswerer) -> None:
    # "Must ..." of 可以 was "Yes: 第十条 ……可以向上一级人民法院提起上诉".
    assert ask(answerer, "Must the procuratorate appeal a first-instance judgment?",
               APPEAL) == REFUSAL
    assert ask(answerer, "人民检察院是否必须向上一级人民法院提起上诉？", APPEAL) == REFUSAL
    assert ask(answerer, "May the procuratorate appeal a first-instance judgment?",
               APPEAL).startswith("Yes: ")
    assert ask(answerer, "人民法院是否应当准许人民检察院撤回起诉？", WITHDRAWN).startswith("是，")
    assert permits_what_duty_asks("Must the procuratorate appeal?", "可以向上一级人民法院提起上诉")
    assert not permits_what_duty_asks("Must the court permit it?", "人民法院应予准许")


def test_an_article_names_the_asked_thing_in_its_own_words(answerer: ExtractiveAnswerer) -> None:
    # cjrc-dev global 37_4: 保险期内 is said as "在保险期间内" (a contract's 第五条).
    clause = ("第五条同时约定:在保险期间内,被保险人在保险单载明的区域范围内因经营业务发生意外事故,"
              "造成第三者的人身伤亡或财产损失,保险人按照保险合同约定负责赔偿。")
    assert ask(answerer, "本事故是否发生在保险期内？", clause).startswith("是，")
    # A proceeding of another kind decides: 人脸识别规定 第一条 says no to 刑事案件 (the
    # sixteenth trial's M96, kept).
    civil = ("第一条 因信息处理者违反法律、行政法规的规定或者双方的约定使用人脸识别技术处理"
             "人脸信息、处理基于人脸识别技术生成的人脸信息所引起的民事案件，适用本规定。")
    assert ask(answerer, "人脸识别规定是否适用于刑事案件？", civil).startswith("否，")


DEALT = ("该赌场利用扑克牌进行赌博，由曾某妹向参赌人员提供扑克牌、矿泉水等物品，负责派牌和抽水，"
         "由黄某贵和黄某亮负责看风和开门关门，曾某妹每天支付黄某贵人民币100元作为报酬。")


def test_an_act_whose_carried_subject_is_another_is_not_his(
        answerer: ExtractiveAnswerer) -> None:
    # Was "是，负责派牌和抽水，由黄某贵和黄某亮负责看风……": 曾某妹 deals, 黄某贵 keeps watch
    # (the seventeenth trial, M21).
    assert ask(answerer, "黄某贵是否负责派牌？", DEALT) == REFUSAL
    assert ask(answerer, "曾某妹是否负责派牌？", DEALT).startswith("是，")
    assert ask(answerer, "黄某贵是否负责看风？", DEALT).startswith("是，")


def test_a_clause_goes_on_with_what_its_sentence_said_before(
        answerer: ExtractiveAnswerer) -> None:
    # "并得到谅解" says whose 谅解 through the clause before it (被害方): was refused (the
    # seventeenth trial, M40).
    # (An English source beside it, as in the trial's index: the question's words are then
    # read through their translation, and the deciding clause must say them.)
    text = ("经公安机关认定，孔3某负事故的主要责任。后其赔偿了被害方各项经济损失共计人民币10000元，"
            "并得到谅解。")
    seed = "The procuratorial organs filed civil public interest litigation."
    assert ask(answerer, "孔3某是否得到了被害方的谅解？", text, seed).startswith("是，")
