"""Answers read off a statute's text (qa/answering/statute.py): which article says a
thing, the phrase in the object slot of a duty, the items a sentence introduces; and
the follow-ups that ask them of an earlier answer. The statute sentences are verbatim
from /work/shared/corpus/zh-law (个人信息保护法, 人脸识别规定, 检察公益诉讼解释); the
questions are the fifteenth new-user trial's."""

from __future__ import annotations

import pytest
from asking import compose_checked, titled_hits

from qa.answering.extractive import ExtractiveAnswerer
from qa.answering.followup import added_condition, resolve
from qa.answering.statute import article_only, defines, object_slot
from qa.articles import asks_article, without_article_frame
from qa.models import Hit, Turn

PIPL = "个人信息保护法(2021-08-20)"
FACE = ("最高人民法院关于审理使用人脸识别技术处理个人信息相关民事案件适用法律若干问题的规定"
        "(2021-07-27)")
PROCURATORIAL = "最高人民法院、最高人民检察院关于检察公益诉讼案件适用法律若干问题的解释"

# 人脸识别规定 第六条's last paragraph, in a passage that does not show its heading: it
# refers to 第五条, and was the answer "第五条".
FACE_6 = ("信息处理者主张其行为符合民法典第一千零三十五条第一款规定情形的，应当就此所依据的事实"
          "承担举证责任。\n\n"
          "信息处理者主张其不承担民事责任的，应当就其行为符合本规定第五条规定的情形承担举证责任。")
FACE_3 = ("第三条 人民法院认定信息处理者承担侵害自然人人格权益的民事责任，应当适用民法典第九百"
          "九十八条的规定，"
          "并结合案件具体情况综合考量受害人是否为未成年人、告知同意情况以及信息处理的必要程度等"
          "因素。")
PIPL_28_29 = ("### 第二节 敏感个人信息的处理规则\n\n"
              "第二十八条 敏感个人信息是一旦泄露或者非法使用，容易导致自然人的人格尊严受到侵害"
              "或者人身、财产安全受到危害的个人信息，"
              "包括生物识别、宗教信仰、特定身份、医疗健康、金融账户、行踪轨迹等信息，以及不满十"
              "四周岁未成年人的个人信息。\n\n"
              "只有在具有特定的目的和充分的必要性，并采取严格保护措施的情形下，个人信息处理者方"
              "可处理敏感个人信息。\n\n"
              "第二十九条 处理敏感个人信息应当取得个人的单独同意；法律、行政法规规定处理敏感个"
              "人信息应当取得书面同意的，从其规定。")
PIPL_29 = PIPL_28_29[PIPL_28_29.index("只有在"):]
PIPL_31 = ("第三十一条 个人信息处理者处理不满十四周岁未成年人个人信息的，应当取得未成年人的父母"
           "或者其他监护人的同意。\n\n"
           "个人信息处理者处理不满十四周岁未成年人个人信息的，应当制定专门的个人信息处理规则。")
PIPL_45 = ("第四十五条 个人有权向个人信息处理者查阅、复制其个人信息；有本法第十八条第一款、第三"
           "十五条规定情形的除外。\n\n"
           "个人请求将个人信息转移至其指定的个人信息处理者，符合国家网信部门规定条件的，个人信"
           "息处理者应当提供转移的途径。")
PIPL_52 = ("第五十二条 处理个人信息达到国家网信部门规定数量的个人信息处理者应当指定个人信息保护"
           "负责人，"
           "负责对个人信息处理活动以及采取的保护措施等进行监督。\n\n"
           "个人信息处理者应当公开个人信息保护负责人的联系方式，并将个人信息保护负责人的姓名、"
           "联系方式等报送履行个人信息保护职责的部门。")
PIPL_69 = ("第六十九条 处理个人信息侵害个人信息权益造成损害，个人信息处理者不能证明自己没有过错"
           "的，应当承担损害赔偿等侵权责任。\n\n"
           "前款规定的损害赔偿责任按照个人因此受到的损失或者个人信息处理者因此获得的利益确定;"
           "个人因此受到的损失和个人信息处理者因此获得的利益难以确定的，根据实际情况确定赔偿数额。")
# 第十四条 as chunked: its third item opens the next passage.
PROCURATORIAL_14 = ("第十四条 人民检察院提起民事公益诉讼应当提交下列材料：\n\n"
                    "（一）民事公益诉讼起诉书，并按照被告人数提出副本；\n\n"
                    "（二）被告的行为已经损害社会公共利益的初步证明材料；\n\n")
PROCURATORIAL_14_END = ("（三）检察机关已经履行公告程序的证明材料。\n\n"
                        "第十五条 人民检察院依据民事诉讼法第五十五条第二款的规定提起民事公益诉讼，"
                        "符合民事诉讼法第一百一十九条第二项、第三项、第四项及本解释规定的起诉条"
                        "件的，人民法院应当登记立案。")
PROCURATORIAL_21_22 = (
    "行政机关应当在收到检察建议书之日起两个月内依法履行职责，并书面回复人民检察院。"
    "出现国家利益或者社会公共利益损害继续扩大等紧急情形的，行政机关应当在十五日内书面回复。\n\n"
    "行政机关不依法履行职责的，人民检察院依法向人民法院提起诉讼。\n\n"
    "第二十二条 人民检察院提起行政公益诉讼应当提交下列材料：\n\n"
    "（一）行政公益诉讼起诉书，并按照被告人数提出副本；\n\n")
PROCURATORIAL_1_4 = (
    "第一条 为正确适用《中华人民共和国民事诉讼法》《中华人民共和国行政诉讼法》关于人民检察院提"
    "起公益诉讼制度的规定，"
    "结合审判、检察工作实际，制定本解释。\n\n"
    "第四条 人民检察院以公益诉讼起诉人身份提起公益诉讼，依照民事诉讼法、行政诉讼法享有相应的诉"
    "讼权利，"
    "履行相应的诉讼义务，但法律、司法解释另有规定的除外。")


@pytest.mark.parametrize(("question", "framed", "rest"), [
    ("Which article provides that the processor bears liability if it cannot prove it was "
     "not at fault?", True, "the processor bears liability if it cannot prove it was not at "
                            "fault?"),
    ("Which article defines sensitive personal information?", True,
     "sensitive personal information?"),
    ("这是哪一条规定的？", True, "这？"),
    ("第几条规定了个人信息处理者的责任？", True, "个人信息处理者的责任？"),
    ("What does Article 70 provide?", False, "What does Article 70 provide?"),
    # Which article a text cites is another question.
    ("Which article of the Contract Law applied?", False,
     "Which article of the Contract Law applied?"),
    ("法院依据刑法第几条作出判决？", False, "法院依据刑法第几条作出判决？"),
    ("第七十条规定了什么？", False, "第七十条规定了什么？"),
])
def test_a_question_for_an_article_is_read_without_its_frame(
        question: str, framed: bool, rest: str) -> None:
    assert asks_article(question) is framed
    assert without_article_frame(question) == rest


def test_the_article_asked_for_is_the_one_saying_it_not_one_referred_to(
        answerer: ExtractiveAnswerer) -> None:
    # Was "第五条", from 人脸识别规定's sentence referring to its 第五条 (the trial).
    hits = titled_hits((FACE, FACE_6, 1400), (PIPL, PIPL_69, 8833))
    draft = compose_checked(answerer, "Which article provides that the processor bears "
                            "liability if it cannot prove it was not at fault?", hits)
    assert draft.answer == "第六十九条 [1]"
    assert draft.citations[0].quote.startswith("第六十九条 处理个人信息侵害个人信息权益造成损害")


def test_the_article_defining_a_term_is_the_one_whose_sentence_defines_it(
        answerer: ExtractiveAnswerer) -> None:
    assert defines(PIPL_28_29.split("\n\n")[1])
    assert not defines(PIPL_28_29.split("\n\n")[3])
    draft = compose_checked(answerer, "Which article defines sensitive personal information?",
                            titled_hits((PIPL, PIPL_28_29, 3096)))
    assert draft.answer == "第二十八条 [1]"
    # Without 第二十八条, 第二十九条 only uses the term: no article defines it (was
    # "第二十九条", the trial).
    assert compose_checked(answerer, "Which article defines sensitive personal information?",
                           titled_hits((PIPL, PIPL_29, 3231))).refused


@pytest.mark.parametrize(("question", "sentence", "slot"), [
    ("处理不满十四周岁未成年人个人信息应当取得谁的同意？", PIPL_31.split("\n\n")[0],
     "未成年人的父母或者其他监护人"),
    ("个人信息处理者应当指定谁负责监督个人信息处理活动？", PIPL_52.split("\n\n")[0],
     "个人信息保护负责人"),
    ("Whose consent is required to process personal information of minors under fourteen?",
     PIPL_31.split("\n\n")[0], "未成年人的父母或者其他监护人"),
    ("Who must the personal information processor designate?", PIPL_52.split("\n\n")[0],
     "个人信息保护负责人"),
    # The verb before "to <its purpose>", not the purpose's last word (was "processing":
    # 处理, in 处理者, "者委托处理个人信息的").
    ("Whom must a processor that handles personal information above the state's threshold "
     "designate to supervise its processing?", PIPL_52.split("\n\n")[0], "个人信息保护负责人"),
    # 指定的个人信息处理者: the verb modifies a noun, nothing is designated here.
    ("Who must the personal information processor designate?", PIPL_45.split("\n\n")[1], None),
    # A subject asked for has no object slot.
    ("谁应当指定个人信息保护负责人？", PIPL_52.split("\n\n")[0], None),
])
def test_the_object_slot_of_the_asked_verb_is_read(
        question: str, sentence: str, slot: str | None) -> None:
    span = object_slot(question, sentence)
    assert (sentence[span[0]:span[1]] if span else None) == slot


@pytest.mark.parametrize(("question", "hits", "expected"), [
    # Were refused (the Chinese ones), "人民法院" (from 人脸识别规定 第三条) and "infringer"
    # (from the English seed) in the trial.
    ("处理不满十四周岁未成年人个人信息应当取得谁的同意？",
     titled_hits((PIPL, PIPL_31, 3400), (FACE, FACE_3, 786)), "未成年人的父母或者其他监护人 [1]"),
    ("Whose consent is required to process personal information of minors under fourteen?",
     titled_hits((PIPL, PIPL_31, 3400), (FACE, FACE_3, 786)), "未成年人的父母或者其他监护人 [1]"),
    ("个人信息处理者应当指定谁负责监督个人信息处理活动？",
     titled_hits((PIPL, PIPL_52, 6000), (PIPL, PIPL_45, 5000)), "个人信息保护负责人 [1]"),
    ("Who must the personal information processor designate?",
     titled_hits((PIPL, PIPL_45, 5000), (PIPL, PIPL_52, 6000)), "个人信息保护负责人 [1]"),
])
def test_whom_a_duty_names_is_the_phrase_in_the_verbs_object_slot(
        answerer: ExtractiveAnswerer, question: str, hits: list[Hit], expected: str) -> None:
    assert compose_checked(answerer, question, hits).answer == expected


def test_a_list_asked_of_a_statute_is_the_items_its_article_introduces(
        answerer: ExtractiveAnswerer) -> None:
    # Was "第二十二条 人民检察院提起行政公益诉讼应当提交下列材料; 第二十二条": the heading of
    # the article on administrative suits, no items (the trial).
    start = 1700
    hits = titled_hits((PROCURATORIAL, PROCURATORIAL_14, start),
                       (PROCURATORIAL, PROCURATORIAL_21_22, 1942),
                       (PROCURATORIAL, PROCURATORIAL_14_END, start + len(PROCURATORIAL_14)))
    draft = compose_checked(answerer, "人民检察院提起民事公益诉讼应当提交哪些材料？", hits)
    assert draft.answer == ("民事公益诉讼起诉书，并按照被告人数提出副本 [1]; "
                            "被告的行为已经损害社会公共利益的初步证明材料 [2]; "
                            "检察机关已经履行公告程序的证明材料 [3]")


def test_an_article_number_alone_is_no_law(answerer: ExtractiveAnswerer) -> None:
    assert article_only("第四条") and article_only("Article 12") and article_only("第六十九条第二"
                                                                               "款")
    assert not article_only("民事诉讼法第五十五条")
    # Was "《中华人民共和国民事诉讼法》; 第四条" (the trial).
    draft = compose_checked(answerer, "What laws are mentioned?",
                            titled_hits((PROCURATORIAL, PROCURATORIAL_1_4, 133)))
    assert draft.citations and "第四条" not in draft.answer


def test_which_article_asked_of_an_answer_is_the_article_holding_it(
        answerer: ExtractiveAnswerer) -> None:
    history = [Turn("user", "个人信息处理者不能证明自己没有过错的，应当承担什么责任？"),
               Turn("assistant", "应当承担损害赔偿等侵权责任 [1]")]
    asked = resolve("这是哪一条规定的？", history).question
    assert asked == ("个人信息处理者不能证明自己没有过错的，应当承担什么责任应当承担损害赔偿"
                     "等侵权责任，是哪一条规定的？")
    assert resolve("Which article says this?", history).question.startswith(
        "Which article provides that 个人信息处理者不能证明自己没有过错的")
    # (An article question of its own is asked as it is.)
    assert resolve("Which article provides that the processor bears liability?",
                   history).question == "Which article provides that the processor bears liability?"
    # Was an unrelated English seed sentence (the trial).
    hits = titled_hits((FACE, FACE_6, 1400), (PIPL, PIPL_69, 8833))
    assert compose_checked(answerer, asked, hits).answer == "第六十九条 [1]"


def test_an_elliptical_follow_up_is_answered_under_what_it_adds(
        answerer: ExtractiveAnswerer) -> None:
    history = [Turn("user", "行政机关应当在收到检察建议书之日起多长时间内履行职责？"),
               Turn("assistant", "两个月 [1]")]
    asked = resolve("紧急情形呢？", history).question
    assert added_condition(asked) == "紧急情形"
    assert added_condition("行政机关应当在收到检察建议书之日起多长时间内履行职责？") == ""
    # Was "两个月" again (the trial).
    draft = compose_checked(answerer, asked,
                            titled_hits((PROCURATORIAL, PROCURATORIAL_21_22, 1942)))
    assert draft.answer == "十五日 [1]"


def test_an_article_question_of_sources_without_articles_is_read_as_any(
        answerer: ExtractiveAnswerer) -> None:
    # A commentary names the article it discusses; it holds no article's heading.
    text = ("Under Article 64 of the Civil Procedure Law, a party who makes a claim must "
            "provide evidence for it.")
    draft = compose_checked(answerer, "Which article provides that a party must provide "
                            "evidence for its claim?", titled_hits(("commentary", text, 0)))
    assert draft.answer == "Article 64 [1]"
