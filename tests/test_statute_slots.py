"""Rule questions answered by the phrase a statute sentence's own verb, modal or subject
slot holds (qa/answering/statute.py), the items of a list two rules share, 可以…吗 read as
是否可以, and a statute's dates read off its header (qa/answering/enactment.py).

The sentences are verbatim from /work/shared/corpus/zh-law (个人信息保护法, 人脸识别规定,
检察公益诉讼解释); the questions, and the wrong answers noted, are the sixteenth new-user
trial's (F4 and F8)."""

from __future__ import annotations

from pathlib import Path

import pytest
from asking import compose_checked, titled_hits

from qa.answering.enactment import asked_event
from qa.answering.extractive import ExtractiveAnswerer
from qa.answering.statute import as_whether, course_slot, subject_slot, verb_slot
from qa.models import Hit

SEED = Path(__file__).parents[1] / "seeds" / "000_90df5011d1b6acdd.txt"
PIPL = "个人信息保护法(2021-08-20)"
FACE = ("最高人民法院关于审理使用人脸识别技术处理个人信息相关民事案件适用法律若干问题的规定"
        "(2021-07-27)")
PROCURATORIAL = "最高人民法院、最高人民检察院关于检察公益诉讼案件适用法律若干问题的解释"

PIPL_HEADER = ("# 中华人民共和国个人信息保护法\n\n"
               "2021年8月20日 第十三届全国人民代表大会常务委员会第三十次会议通过\n\n"
               "<!-- INFO END -->")
PIPL_28 = ("第二十八条 敏感个人信息是一旦泄露或者非法使用，容易导致自然人的人格尊严受到侵害"
           "或者人身、财产安全受到危害的个人信息，"
           "包括生物识别、宗教信仰、特定身份、医疗健康、金融账户、行踪轨迹等信息，以及不满十"
           "四周岁未成年人的个人信息。")
PIPL_46_47 = ("第四十六条 个人发现其个人信息不准确或者不完整"
              "的，有权请求个人信息处理者更正、补充。\n\n"
              "个人请求更正、补充其个人信息的，个人信息处理者应当对其个人信息予以核实，并及时更正、"
              "补充。\n\n"
              "第四十七条 有下列情形之一的，个人信息处理者应当主动删除个人信息；个人信息处理者未删"
              "除的，个人有权请求删除：\n\n"
              "（一）处理目的已实现、无法实现或者为实现处理目的不再必要；\n\n"
              "（二）个人信息处理者停止提供产品或者服务，或者保存期限已届满；\n\n"
              "（三）个人撤回同意；\n\n"
              "（四）个人信息处理者违反法律、行政法规或者违反约定处理个人信息；\n\n"
              "（五）法律、行政法规规定的其他情形。")
PIPL_56 = ("第五十六条 个人信息保护影响评估应当包括下列内容：\n\n"
           "（一）个人信息的处理目的、处理方式等是否合法、正当、必要；\n\n"
           "（二）对个人权益的影响及安全风险；")
PIPL_70 = ("第七十条 个人信息处理者违反本法规定处理个人信息，侵害众多个人的权益的，人民检察院、法律"
           "规定的消费者组织和由国家网信部门确定的组织可以依法向人民法院提起诉讼。")
FACE_HEADER = ("# 最高人民法院关于审理使用人脸识别技术处理个"
               "人信息相关民事案件适用法律若干问题的规定\n\n"
               "2021年6月8日 最高人民法院审判委员会第1841次会议通过\n\n"
               "2021年8月1日 施行\n\n"
               "<!-- INFO END -->")
# 第一条's last paragraph opens its passage: the passage shows no heading before it.
FACE_1_2 = ("本规定所称人脸信息属于民法典第一千零三十四条规定的“生物识别信息”。\n\n"
            "第二条 信息处理者处理人脸信息有下列情形之一"
            "的，人民法院应当认定属于侵害自然人人格权益的"
            "行为：\n\n"
            "（一）在宾馆、商场、银行、车站、机场、体育场馆、娱乐场所等经营场所、公共场所违反法律、"
            "行政法规的规定使用人脸识别技术进行人脸验证、辨识或者分析；")
FACE_12_13 = ("第十二条 信息处理者违反约定处理自然人的人脸"
              "信息，该自然人请求其承担违约责任的，人民法院"
              "依法予以支持。\n\n"
              "第十三条 基于同一信息处理者处理人脸信息侵"
              "害自然人人格权益发生的纠纷，多个受害人分别向"
              "同一人民法院起诉的，经当事人同意，人民法院可以合并审理。")
FACE_15_16 = ("第十五条 自然人死亡后，信息处理者违反法律、"
              "行政法规的规定或者双方的约定处理人脸信息，死"
              "者的近亲属依据民法典第九百九十四条请求信息处理者承担民事责任的，适用本规定。\n\n"
              "第十六条 本规定自2021年8月1日起施行。\n\n"
              "信息处理者使用人脸识别技术处理人脸信息、处"
              "理基于人脸识别技术生成的人脸信息的行为发生在"
              "本规定施行前的，不适用本规定。")
CPL_58 = ("第五十八条 对污染环境、侵害众多消费者合法权益等损害社会公共利益的行为，法律规定的机关"
          "和有关组织可以向人民法院提起诉讼。")
PROCURATORIAL_10 = "第十条 人民检察院不服人民法院第一审判决、裁定的，可以向上一级人民法院提起上诉。"
PROCURATORIAL_20 = ("第二十条 人民检察院对破坏生态环境和资源保"
                    "护、食品药品安全领域侵害众多消费者合法权益等"
                    "损害社会公共利益的犯罪行为提起刑事公诉时"
                    "，可以向人民法院一并提起附带民事公益诉讼，"
                    "由人民法院同一审判组织审理。")
PROCURATORIAL_19 = ("第十九条 民事公益诉讼案件审理过程中，人民检察院"
                    "诉讼请求全部实现而撤回起诉的，人民法院应予准许。")
# 第二十条's second paragraph, in the next passage.
PROCURATORIAL_20_2 = "人民检察院提起的刑事附带民事公益诉讼案件由审理刑事案件的人民法院管辖。"


@pytest.mark.parametrize(("question", "sentence", "slot"), [
    ("人脸信息属于什么信息？", FACE_1_2.split("\n\n")[0], "生物识别信息"),
    # 第二条 says 人脸信息 and 属于, but what it says belongs is no 信息.
    ("人脸信息属于什么信息？", FACE_1_2.split("\n\n")[1], None),
    ("敏感个人信息包括哪些？", PIPL_28,
     "生物识别、宗教信仰、特定身份、医疗健康、金融账户、行踪轨迹等信息，以及不满十四周岁未成年人的"
     "个人信息"),
    # Items introduced below (包括下列内容：) are read as items, not as this slot.
    ("个人信息保护影响评估包括哪些？", PIPL_56.split("\n\n")[0], None),
])
def test_the_slot_of_the_questions_verb_is_read_where_the_sentence_names_its_subject(
        question: str, sentence: str, slot: str | None) -> None:
    span = verb_slot(question, sentence)
    assert (sentence[span[0]:span[1]] if span else None) == slot


@pytest.mark.parametrize(("question", "sentence", "slot"), [
    ("个人信息处理者侵害众多个人的权益的，谁可以提起诉讼？", PIPL_70,
     "人民检察院、法律规定的消费者组织和由国家网信部门确定的组织"),
    # No 可以 in the sentence: the clause before its verb, without 依据民法典….
    ("自然人死亡后，谁可以请求信息处理者承担民事责任？", FACE_15_16.split("\n\n")[0],
     "死者的近亲属"),
    # In English, the modal's subject ("may": 可以); the mixed gold's question 29 was
    # "法律规定的机关和有关组织可以向人民法院".
    ("Under the Civil Procedure Law, who may sue over pollution or conduct that harms many "
     "consumers and the public interest?", CPL_58, "法律规定的机关和有关组织"),
    # "Who must the processor designate?" asks the object.
    ("Who must the personal information processor designate?", PIPL_70, None),
    # 谁 inside a clause asks an object (``object_slot``).
    ("处理不满十四周岁未成年人个人信息应当取得谁的同意？", PIPL_70, None),
])
def test_who_may_act_is_the_subject_of_the_rules_modal(
        question: str, sentence: str, slot: str | None) -> None:
    span = subject_slot(question, sentence)
    assert (sentence[span[0]:span[1]] if span else None) == slot


def test_what_one_may_do_is_the_rules_clause_from_its_modal() -> None:
    span = course_slot("人民检察院不服第一审判决可以怎么办？", PROCURATORIAL_10)
    assert span is not None and PROCURATORIAL_10[span[0]:span[1]] == "可以向上一级人民法院提起上诉"
    assert course_slot("人民检察院不服第一审判决是否可以上诉？", PROCURATORIAL_10) is None


@pytest.mark.parametrize(("question", "hits", "expected"), [
    # Was "第二条 信息处理者处理人脸信息有下列情形之一的，人民法院应当认定属于侵害自然人人格权益的
    # 行为" (M81).
    ("人脸信息属于什么信息？", titled_hits((FACE, FACE_1_2, 350)), "生物识别信息 [1]"),
    # Were the items of 第五十六条's impact assessment (M75).
    ("敏感个人信息包括哪些？", titled_hits((PIPL, PIPL_28, 3117), (PIPL, PIPL_56, 6381)),
     "生物识别、宗教信仰、特定身份、医疗健康、金融账户、行踪轨迹等信息，以及不满十四周岁未成年人的"
     "个人信息 [1]"),
    # Was "procuratorial organs", from the English seed (M72).
    ("个人信息处理者侵害众多个人的权益的，谁可以提起诉讼？",
     titled_hits((PIPL, PIPL_70, 8979), (FACE, FACE_12_13, 2319)),
     "人民检察院、法律规定的消费者组织和由国家网信部门确定的组织 [1]"),
    # Were refused (M83, M79).
    ("自然人死亡后，谁可以请求信息处理者承担民事责任？",
     titled_hits((FACE, FACE_15_16, 2619), (FACE, FACE_12_13, 2319)), "死者的近亲属 [1]"),
    ("人民检察院不服第一审判决可以怎么办？",
     titled_hits((PROCURATORIAL, PROCURATORIAL_10, 932), (PROCURATORIAL, PROCURATORIAL_20, 1666)),
     "可以向上一级人民法院提起上诉 [1]"),
])
def test_a_rule_question_is_answered_by_the_slot_of_the_article_saying_its_words(
        answerer: ExtractiveAnswerer, question: str, hits: list[Hit], expected: str) -> None:
    assert compose_checked(answerer, question, hits).answer == expected


def test_the_items_two_rules_share_follow_the_second(answerer: ExtractiveAnswerer) -> None:
    # 第四十七条 states 主动删除 and 有权请求删除 over one list; was 第四十六条's "个人请求更正、
    # 补充其个人信息的，个人信息处理者应当对其个人信息予以核实" (M71).
    draft = compose_checked(answerer, "哪些情形下个人信息处理者应当主动删除个人信息？",
                            titled_hits((PIPL, PIPL_46_47, 5096)))
    assert draft.answer == ("处理目的已实现、无法实现或者为实现处理目的不再必要 [1]; "
                            "个人信息处理者停止提供产品或者服务，或者保存期限已届满 [2]; "
                            "个人撤回同意 [3]; "
                            "个人信息处理者违反法律、行政法规或者违反约定处理个人信息 [4]; "
                            "法律、行政法规规定的其他情形 [5]")


def test_a_modal_asked_with_ma_is_read_as_shifou(answerer: ExtractiveAnswerer) -> None:
    question = "人民检察院提起刑事公诉时可以一并提起附带民事公益诉讼吗？"
    assert as_whether(question) == "人民检察院提起刑事公诉时是否可以一并提起附带民事公益诉讼？"
    assert as_whether("陈某某原谅被告了吗？") == "陈某某原谅被告了吗？"
    # Was refused (X3) beside the English seed's passage on the dual effect, as
    # retrieved; its 是否可以 form was answered.
    seed = SEED.read_text(encoding="utf-8")[2038:3128]
    hits = titled_hits((SEED.stem, seed, 2038),
                       (PROCURATORIAL, f"{PROCURATORIAL_19}\n\n{PROCURATORIAL_20}", 1616),
                       (PROCURATORIAL, PROCURATORIAL_20_2, 1766))
    draft = compose_checked(answerer, question, hits)
    assert draft.answer == "是，可以向人民法院一并提起附带民事公益诉讼 [1]"


@pytest.mark.parametrize(("question", "event"), [
    ("人脸识别规定是什么时候施行的？", "施行"),
    ("个人信息保护法是哪一年通过的？", "通过"),
    ("个人信息保护法何时公布？", "公布"),
    ("被告是什么时候还款的？", None),
    ("个人信息保护法是否已经施行？", None),
])
def test_the_dated_event_asked(question: str, event: str | None) -> None:
    assert asked_event(question) == event


@pytest.mark.parametrize(("question", "expected"), [
    # Were refused (M86, M98): no header line repeats the question.
    ("人脸识别规定是什么时候施行的？", "2021年8月1日 [1]"),
    ("人脸识别规定是什么时候通过的？", "2021年6月8日 [1]"),
    ("个人信息保护法是哪一年通过的？", "2021年8月20日 [1]"),
])
def test_a_statutes_dates_are_read_off_the_named_statutes_header(
        answerer: ExtractiveAnswerer, question: str, expected: str) -> None:
    hits = titled_hits((FACE, FACE_15_16, 2619), (PIPL, PIPL_HEADER, 0), (FACE, FACE_HEADER, 0))
    assert compose_checked(answerer, question, hits).answer == expected
