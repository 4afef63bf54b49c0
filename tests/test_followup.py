"""Follow-ups without an LLM: an item of a list answer named by its place, a role named
by a label, an elliptical phrase in place of the previous question's; and the answers
they need (the name after a role's label, the duty a law requires).

The rewriting is checked on plain values (``qa.answering.followup``); the answers
through the real service over the seed, with the history the API passes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from index.documents import Document, read_paths
from index.embedding import Embedder
from index.ingest import Indexer
from index.settings import IndexSettings
from qa.answering.base import REFUSAL, Draft
from qa.answering.extractive import ExtractiveAnswerer
from qa.answering.followup import Followup, answer_item, items, resolve
from qa.answering.sequel import next_act, next_doer
from qa.citations import check_citations
from qa.models import Citation, Hit, Question, Turn
from qa.service import QAService
from qa.settings import AnswerSettings, RetrievalSettings, Settings

SEEDS = Path(__file__).parents[1] / "seeds"
LAWS_ASKED = "Which laws are mentioned?"
LAWS = "Criminal Law [1]; Civil Procedure Law [2]"
MEASURES_ASKED = "What measures did the procuratorial organs use?"
MEASURES = ("warning education, public welfare publicity, volunteer services, and payment "
            "of public interest damage compensation [1]")
EDITORS = "Edit:Ying Ying Responsible editor:Shen Chen"


def after(*turns: str) -> list[Turn]:
    """A conversation of alternating user and assistant turns, the user's first."""
    return [Turn("user" if i % 2 == 0 else "assistant", t) for i, t in enumerate(turns)]


@pytest.mark.parametrize(("answer", "expected"), [
    (LAWS, ["Criminal Law", "Civil Procedure Law"]),
    (MEASURES, ["warning education", "public welfare publicity", "volunteer services",
                "payment of public interest damage compensation"]),
    ("《刑法》、《民事诉讼法》 [1]", ["《刑法》", "《民事诉讼法》"]),
    ("Shan Pingji [1]", []),
    (REFUSAL, []),
    ("Yes: the court supported it [1]", []),
    # a clause with a comma is no list
    ("provide evidence to prove the facts of the infringement, involving evidence from "
     "illegal information processors [1]", []),
])
def test_the_items_of_a_list_answer(answer: str, expected: list[str]) -> None:
    assert items(answer) == expected


@pytest.mark.parametrize(("follow_up", "expected"), [
    # Asked alone: the list's question, answered with that item only.
    ("and the second one?", Followup(LAWS_ASKED, "Civil Procedure Law")),
    ("And the first one?", Followup(LAWS_ASKED, "Criminal Law")),
    ("what about the last one?", Followup(LAWS_ASKED, "Civil Procedure Law")),
    ("and the second?", Followup(LAWS_ASKED, "Civil Procedure Law")),
    ("what is the latter?", Followup(LAWS_ASKED, "Civil Procedure Law")),
    ("and the former?", Followup(LAWS_ASKED, "Criminal Law")),
    ("那么第二个呢？", Followup(LAWS_ASKED, "Civil Procedure Law")),
    ("第二项是什么？", Followup(LAWS_ASKED, "Civil Procedure Law")),
    ("后者呢？", Followup(LAWS_ASKED, "Civil Procedure Law")),
    ("前者呢？", Followup(LAWS_ASKED, "Criminal Law")),
    ("最后一个呢？", Followup(LAWS_ASKED, "Civil Procedure Law")),
    # In a question: the item in its place.
    ("what does the second one require of the victim?",
     Followup("what does the Civil Procedure Law require of the victim?")),
    ("what does the first one say?", Followup("what does the Criminal Law say?")),
    ("what does the second law require of the victim?",  # the list's question asked laws
     Followup("what does the Civil Procedure Law require of the victim?")),
    ("第二个要求受害者做什么？", Followup("Civil Procedure Law要求受害者做什么？")),
    ("后者要求受害者做什么？", Followup("Civil Procedure Law要求受害者做什么？")),
    # No such item: asked together, as before.
    ("and the third one?", Followup(f"{LAWS_ASKED} and the third one?")),
    ("and the other one?", Followup(f"{LAWS_ASKED} and the other one?")),
    # Not an ordinal of the list: "the first national lawsuit" is named by the question.
    ("what was the first national lawsuit about facial recognition?",
     Followup("what was the first national lawsuit about facial recognition?")),
])
def test_an_item_named_by_its_place_is_that_item_of_the_list(
        follow_up: str, expected: Followup) -> None:
    assert resolve(follow_up, after(LAWS_ASKED, LAWS)) == expected


def test_an_ordinal_counts_the_items_of_one_enumeration() -> None:
    history = after(MEASURES_ASKED, MEASURES)
    assert resolve("and the third one?", history) == Followup(MEASURES_ASKED,
                                                              "volunteer services")
    assert resolve("what about the last one?", history).item == (
        "payment of public interest damage compensation")
    # "the latter" is one of two, not the last of four.
    assert resolve("and the latter?", history).item is None


@pytest.mark.parametrize(("follow_up", "expected"), [
    # After a question about one item, an item asked alone is that question about it.
    ("and the first one?", "what does the Criminal Law require of the victim?"),
    ("and the other one?", "what does the Criminal Law require of the victim?"),
    ("那么另一个呢？", "what does the Criminal Law require of the victim?"),
    ("and the second one?", "what does the Civil Procedure Law require of the victim?"),
])
def test_an_item_after_a_question_about_another_is_that_question_about_it(
        follow_up: str, expected: str) -> None:
    history = after(LAWS_ASKED, LAWS, "what does the second one require of the victim?",
                    "provide evidence to prove the facts of the infringement [1]")
    assert resolve(follow_up, history) == Followup(expected)


def test_the_latest_list_the_place_fits_is_meant() -> None:
    # The answer in between reads as a list of three; "the other one" is one of two.
    history = after(LAWS_ASKED, LAWS, "what does the second one require of the victim?",
                    "provide evidence, facts, and other links [1]")
    assert resolve("and the other one?", history) == Followup(
        "what does the Criminal Law require of the victim?")
    assert resolve("and the first one?", history).item == "provide evidence"


@pytest.mark.parametrize(("previous", "follow_up", "expected"), [
    ("Who was the responsible editor?", "and the editor?", "Who was the editor?"),
    ("Who was the responsible editor?", "What about the editor?", "Who was the editor?"),
    ("Who was the responsible editor?", "那么编辑呢？", "Who was the editor?"),
    ("Who is the editor?", "and the responsible editor?", "Who is the responsible editor?"),
    ("Who is the editor?", "and the interpretation expert?",  # a person for a person
     "Who is the interpretation expert?"),
    ("责任编辑是谁？", "那么编辑呢？", "编辑是谁？"),
    ("责任编辑是谁？", "and the editor?", "编辑是谁？"),
    ("原告是谁？", "那么被告呢？", "被告是谁？"),
    # The name after the role replaced is that role's holder's: it goes too.
    ("原告徐0的主要经济收入是什么？", "那么被告呢？", "被告的主要经济收入是什么？"),
    ("被告人管某踢了谁？", "那么被害人呢？", "被害人踢了谁？"),
    ("Who is Shen Chen?", "and Ying Ying?", "Who is Ying Ying?"),  # a name for a name
    ("What does the Civil Procedure Law require of the victim?", "and Article 70?",
     "What does Article 70 require of the victim?"),  # a law for a law
    ("what does the Civil Procedure Law require of the victim?",
     "what about the Criminal Law?", "what does the Criminal Law require of the victim?"),
    # A conjunction before a question of its own joins nothing.
    ("Who was the responsible editor?", "And who is the editor?", "who is the editor?"),
    ("责任编辑是谁？", "那么编辑是谁？", "编辑是谁？"),
    # Nothing to replace, or nothing asked of its own: asked together, as before.
    ("When was the judgment affirmed?", "what about the appeal?",
     "When was the judgment affirmed? what about the appeal?"),
    ("Who filed the lawsuit?", "and when?", "Who filed the lawsuit? and when?"),
])
def test_an_elliptical_follow_up_replaces_the_previous_questions_phrase(
        previous: str, follow_up: str, expected: str) -> None:
    history = after(previous, "Shen Chen [1]")
    assert resolve(follow_up, history).question == expected


@pytest.mark.parametrize(("previous", "answer", "follow_up", "expected"), [
    # An anonymised party (谭某1, 李某, 张1某) asked alone takes the place of the previous
    # question's person (was asked together with it: the first person's answer again).
    ("谭某1住院多少天？", "45天 [1]", "那么谭某2呢？", "谭某2住院多少天？"),
    ("谭某1用去医疗费多少？", "59129.43元 [1]", "谭某2呢？", "谭某2用去医疗费多少？"),
    ("被告人范某何时被抓获归案？", "2016年11月2日 [1]", "李某呢？", "被告人李某何时被抓获归案？"),
    ("被告人李某何时被抓获归案？", "2016年12月13日 [1]", "那么张1某呢？",
     "被告人张1某何时被抓获归案？"),
    # the subject, when the question names two
    ("张1某用什么砸了徐某的头部？", "瓷盆 [1]", "那么刘某1呢？", "刘某1用什么砸了徐某的头部？"),
    # A role and its holder's name are one person: both give way.
    ("原告谭某1住院多少天？", "45天 [1]", "那么谭某2呢？", "谭某2住院多少天？"),
    # A name with its given-name character after 某 is one name (was asked together).
    ("孔3某血液中酒精含量是多少？", "191mg/100ml [1]", "那么孔1某增呢？",
     "孔1某增血液中酒精含量是多少？"),
])
def test_an_elliptical_person_replaces_the_previous_questions_person(
        previous: str, answer: str, follow_up: str, expected: str) -> None:
    assert resolve(follow_up, after(previous, answer)).question == expected


TITLE = ("Vice Dean, Professor, and Doctoral Supervisor of the Law School of Southeast "
         "University, Director of the Civil Prosecutorial Research Center of Southeast "
         "University (Civil Prosecutorial Research Base of the Supreme People's "
         "Procuratorate) [1]")


@pytest.mark.parametrize(("history", "follow_up", "expected"), [
    # The last answer is no person (a date, an amount, a long title): the pronoun stands
    # for whom the last question asked about, never for the date.
    (after("被告人范某何时被抓获归案？", "2016年11月2日 [1]", "李某呢？", "2016年12月13日 [1]"),
     "他是被谁纠集的？", "李某是被谁纠集的？"),
    (after("谭某1用去医疗费多少？", "59129.43元 [1]"), "她住院多少天？", "谭某1住院多少天？"),
    (after("Who is Shan Pingji?", TITLE), "Where is he the director?",
     "Where is Shan Pingji the director?"),
    (after("Who is Shan Pingji?", TITLE), "Is he a judge?", "Is Shan Pingji a judge?"),
    (after("王小明在哪工作？", "在南京市某区人民检察院从事公益诉讼工作 [1]"), "他是哪一年入职的？",
     "王小明是哪一年入职的？"),  # a name jieba's tagger reads as one
    # (a surname the name finder reads as the preposition 于: 于振某, not 振某; trial18)
    (after("于振某何时向公安机关投案自首？", "2012年4月29日 [1]"), "他担任什么职务？",
     "于振某担任什么职务？"),
    (after("被告人于振某何时投案？", "2012年4月29日 [1]"), "他担任什么职务？",
     "于振某担任什么职务？"),
    # (the first person of two: the subject)
    (after("张1某用什么砸了徐某的头部？", "一个瓷盆 [1]"),
     "他何时被抓获归案？", "张1某何时被抓获归案？"),
    # (the question's capitalised first word is no part of the name)
    (after("Is Shan Pingji a judge?", "The sources do not say."), "他是哪个学院的副院长？",
     "Shan Pingji是哪个学院的副院长？"),
    (after("Who is the interpretation expert?", "Shan Pingji [1]", "What is his title?",
           TITLE), "Where is he the director?", "Where is Shan Pingji the director?"),
    # A party named by a noun: he for a person, they for people or a body.
    (after("被告人何时被抓获归案？", "2016年11月2日 [1]"), "他是被谁纠集的？",
     "被告人是被谁纠集的？"),
    (after("When did the defendant pay?", "2016 [1]"), "How much did he pay?",
     "How much did the defendant pay?"),
    (after("What did the procuratorial organs discover?", "the threat of infringement [1]"),
     "What did they do next?", "What did the procuratorial organs do next?"),
    (after("What did the procuratorial organs discover?", "the threat of infringement [1]"),
     "What was their finding?", "What was the procuratorial organs' finding?"),
    (after("检察机关发现了什么？", "威胁 [1]"), "他们随后做了什么？", "检察机关随后做了什么？"),
    # The last answer when it is a person or a party.
    (after("谁纠集了张1某？", "李某 [1]"), "他何时被抓获归案？", "李某何时被抓获归案？"),
    (after("谁纠集了张1某？", "李某、刘某1 [1]"), "他们何时被抓获归案？",
     "李某、刘某1何时被抓获归案？"),
    (after("谁解读了本案？", "单平基 [1]"), "他是哪个学院的副院长？", "单平基是哪个学院的副院长？"),
    (after("解读专家是谁？", "Shan Pingji [1]"), "他是哪个学院的副院长？",
     "Shan Pingji是哪个学院的副院长？"),
    (after("Who must prove the infringement?", "the victim [1]"), "What must he provide?",
     "What must the victim provide?"),
    # No one to stand for, or a question never answered: asked together, as before.
    (after("何时判决？", "2016年11月2日 [1]"), "他说了什么？", "何时判决？ 他说了什么？"),
    (after("被告人李某何时被抓获归案？"), "他是被谁纠集的？",
     "被告人李某何时被抓获归案？ 他是被谁纠集的？"),
])
def test_a_pronoun_stands_for_a_person_or_party_never_a_value(
        history: list[Turn], follow_up: str, expected: str) -> None:
    assert resolve(follow_up, history).question == expected


@pytest.mark.parametrize(("previous", "answer", "follow_up", "expected"), [
    # A kind of thing the previous question names none of: the one that goes with the
    # previous answer (was asked together with the previous question: Shan Pingji again).
    ("Who interpreted the case?", "Shan Pingji [1]", "and the university?",
     "Which university is Shan Pingji associated with?"),
    ("Who interpreted the case?", "Shan Pingji [1]", "what about the law school?",
     "Which law school is Shan Pingji associated with?"),
    # A phrase of no kind, or no name answered: asked together, as before.
    ("Who interpreted the case?", "Shan Pingji [1]", "and the appeal?",
     "Who interpreted the case? and the appeal?"),
    ("Was the case appealed?", REFUSAL, "and the university?",
     "Was the case appealed? and the university?"),
    # A role the previous question has none of asks who holds it (was asked together
    # with the previous question, and refused: the last trial).
    ("Which university does he work at?", "Southeast University [1]", "and the editor?",
     "Who is the editor?"),
    ("他在哪所大学任职？", "Southeast University [1]", "那么编辑呢？", "编辑是谁？"),
])
def test_a_kind_of_thing_after_a_name_asks_the_one_that_goes_with_it(
        previous: str, answer: str, follow_up: str, expected: str) -> None:
    assert resolve(follow_up, after(previous, answer)).question == expected


# -- what a doer did next --------------------------------------------------------------

@pytest.mark.parametrize(("question", "doer"), [
    ("What did they do next?", "they"),
    ("what did the procuratorial organs do then?", "the procuratorial organs"),
    ("And then what did he do?", "he"),
    ("他们随后做了什么？", "他们"),
    ("汪某甲之后干了什么？", "汪某甲"),
    ("接下来他做了什么？", "他"),
    # no "next": an act of its own
    ("What did they discover?", None),
    ("What did they do?", None),
    ("他们做了什么？", None),
])
def test_a_question_of_the_next_act_and_its_doer(question: str, doer: str | None) -> None:
    assert next_doer(question) == doer


def test_the_previous_answer_is_what_the_next_act_follows() -> None:
    history = after("检察机关发现了什么？", "威胁 [1]")
    assert resolve("他们随后做了什么？", history) == Followup(
        "检察机关随后做了什么？", after="威胁")
    # Not after a refusal, nor for another question.
    assert resolve("他们随后做了什么？", after("检察机关发现了什么？", REFUSAL)).after is None
    assert resolve("他们发现了什么？", history).after is None


DRIVING = ("公诉机关指控：2019年5月1日晚，被告人孙某酒后驾驶一辆小型轿车从甲镇驶往乙村。"
           "22时10分许，途经乙村小学门口被民警当场查获。经鉴定，其血液中乙醇含量为120mg/100ml。")
MATERIALS = ("第九条 提起诉讼应当提交下列材料：（一）起诉书；（二）检察机关已经履行诉前程序，"
             "行政机关仍不依法履行职责的证明材料。（三）其他材料。")


@pytest.mark.parametrize(("question", "previous", "text", "expected"), [
    # The next sentence, its subject a pronoun for the doer.
    ("What did the procuratorial organs do next?",
     'threat of infringement involving "facial recognition"',
     'In this case, the procuratorial organs keenly discovered the threat of infringement '
     'involving "facial recognition". They promptly filed civil public interest litigation, '
     'effectively safeguarding social public interests.',
     "promptly filed civil public interest litigation [1]"),
    # A Chinese clause with no subject of its own goes on with the one before (the
    # fifteenth trial: the earlier answer again).
    ("孙某随后做了什么？", "小型轿车", DRIVING, "途经乙村小学门口被民警当场查获 [1]"),
    # Another doer's clause tells no act of this one; a new item is no sequel (was the
    # earlier answer again).
    ("检察机关随后做了什么？", "检察机关已经履行诉前程序", MATERIALS, REFUSAL),
    # Nothing holds the earlier answer.
    ("孙某随后做了什么？", "大型货车", DRIVING, REFUSAL),
])
def test_the_next_act_is_the_doers_clause_after_the_cited_one(
        question: str, previous: str, text: str, expected: str) -> None:
    hits = passages(text)
    draft = next_act(question, previous, hits)
    check_citations(draft.citations, hits)
    assert draft.answer == expected


def test_the_item_of_a_list_answer_keeps_its_citation() -> None:
    text = "Criminal Law and Civil Procedure Law. warning education, volunteer services"
    cite = [Citation(1, "d", "D", 0, 37, text[:37], 0, 12),
            Citation(2, "d", "D", 0, 37, text[:37], 17, 36),
            Citation(3, "d", "D", 38, 76, text[38:], 38, 76)]
    draft = Draft("Criminal Law [1]; Civil Procedure Law [2]", False, cite[:2])
    one = answer_item(draft, "Civil Procedure Law")
    assert one.answer == "Civil Procedure Law [1]"
    assert [(c.n, c.answer_start, c.answer_end) for c in one.citations] == [(1, 17, 36)]
    # An item inside one enumeration: the cited span narrowed to it.
    listed = Draft("warning education, volunteer services [1]", False,
                   [Citation(1, "d", "D", 38, 76, text[38:], 38, 76)])
    one = answer_item(listed, "volunteer services")
    assert one.answer == "volunteer services [1]"
    assert text[one.citations[0].answer_start:one.citations[0].answer_end] == (
        "volunteer services")
    # The list no longer holds it: nothing to cite.
    assert answer_item(draft, "Labour Law").answer == REFUSAL


# -- answers ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def answerer(embedder: Embedder) -> ExtractiveAnswerer:
    return ExtractiveAnswerer(embedder, AnswerSettings(),
                              RetrievalSettings().cross_lingual_model)


def passages(*texts: str) -> list[Hit]:
    return [Hit(n, f"doc-{n}", f"Doc {n}", text, 0, len(text), 1.0 / n, 0.5)
            for n, text in enumerate(texts, start=1)]


def ask(answerer: ExtractiveAnswerer, question: str, *texts: str) -> str:
    hits = passages(*texts)
    draft = answerer.compose(question, hits)
    check_citations(draft.citations, hits)
    return draft.answer


@pytest.mark.parametrize(("question", "expected"), [
    # The label says the role: "Edit:" names the editor, "Responsible editor:" the
    # responsible editor.
    ("Who is the editor?", "Ying Ying [1]"),
    ("Who was the editor?", "Ying Ying [1]"),
    ("编辑是谁？", "Ying Ying [1]"),
    ("谁是编辑？", "Ying Ying [1]"),
    ("Who was the responsible editor?", "Shen Chen [1]"),
    ("责任编辑是谁？", "Shen Chen [1]"),
])
def test_a_label_before_a_name_says_who_holds_that_role(
        answerer: ExtractiveAnswerer, question: str, expected: str) -> None:
    assert ask(answerer, question, EDITORS) == expected


@pytest.mark.parametrize(("question", "expected"), [
    ("Who is the author?", "Li Ming [1]"),
    ("Who is the editor?", "Wang Fang [1]"),
    ("Who is the reporter?", "Zhao Lei [1]"),  # "Report:" names the reporter
])
def test_other_labels_say_their_roles(answerer: ExtractiveAnswerer, question: str,
                                      expected: str) -> None:
    assert ask(answerer, question, "Author: Li Ming; Editor: Wang Fang; Report: Zhao Lei") == (
        expected)


def test_a_chinese_label_says_its_role(answerer: ExtractiveAnswerer) -> None:
    text = "本文作者：王小明，责任编辑：李华，编辑：张伟"
    assert ask(answerer, "编辑是谁？", text) == "张伟 [1]"
    assert ask(answerer, "责任编辑是谁？", text) == "李华 [1]"


VICTIM = ("According to the provisions of the Civil Procedure Law, if the victim wants to "
          "hold the infringer liable for civil liability, they generally need to provide "
          "evidence to prove the facts of the infringement, involving evidence from illegal "
          "information processors, information processing procedures, and other links.")


@pytest.mark.parametrize("question", [
    "What does the Civil Procedure Law require of the victim?",
    "What is required of the victim?",
    "Civil Procedure Law要求受害者做什么？",
    "What does the Civil Procedure Law require?",  # the duty says what it requires
])
def test_what_a_law_requires_is_the_duty_not_the_condition(
        answerer: ExtractiveAnswerer, question: str) -> None:
    assert ask(answerer, question, VICTIM) == (
        "provide evidence to prove the facts of the infringement [1]")


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder
            ) -> Iterator[QAService]:
    settings = IndexSettings(dir=tmp_path_factory.mktemp("followup") / "index")
    Indexer(settings, embedder).sync(read_paths([SEEDS]))
    yield QAService.load(Settings().model_copy(update={"index": settings}), create=False)


async def conversation(service: QAService, *questions: str) -> list[str]:
    """Each question asked with the conversation before it, as the API passes it."""
    history: list[Turn] = []
    answers = []
    for question in questions:
        answer = await service.ask(Question(question, history=list(history)))
        answers.append(answer.answer)
        history += [Turn("user", question), Turn("assistant", answer.answer)]
    return answers


async def test_an_ordinal_follow_up_over_the_seed(service: QAService) -> None:
    answers = await conversation(service, LAWS_ASKED, "and the second one?",
                                 "what does the second one require of the victim?",
                                 "and the first one?")
    assert answers[0] == LAWS
    assert answers[1] == "Civil Procedure Law [1]"
    assert answers[2] == "provide evidence to prove the facts of the infringement [1]"
    answers = await conversation(service, LAWS_ASKED, "那么第一个呢？")
    assert answers[1] == "Criminal Law [1]"


async def test_what_the_second_law_requires_over_the_seed(service: QAService) -> None:
    # The fifteenth new-user trial: refused (no sentence says "require").
    answers = await conversation(service, "What laws are mentioned?",
                                 "What does the second one require?")
    assert answers == [LAWS, "provide evidence to prove the facts of the infringement [1]"]


@pytest.mark.parametrize("asked", [
    ["What did the procuratorial organs discover?", "What did they do next?"],
    ["检察机关发现了什么？", "他们随后做了什么？"],
])
async def test_what_they_did_next_over_the_seed(service: QAService, asked: list[str]) -> None:
    # The fifteenth new-user trial: the earlier answer again.
    answers = await conversation(service, *asked)
    assert answers[1] == "promptly filed civil public interest litigation [1]"


async def test_the_item_is_cited_as_in_the_list(service: QAService) -> None:
    listed = await service.ask(Question(LAWS_ASKED))
    one = await service.ask(Question("and the second one?",
                                     history=after(LAWS_ASKED, listed.answer)))
    assert one.standalone_question == LAWS_ASKED
    [before] = [c for c in listed.citations if c.n == 2]
    [cited] = one.citations
    assert (cited.n, cited.doc_id, cited.start, cited.end, cited.answer_start,
            cited.answer_end) == (1, before.doc_id, before.start, before.end,
                                  before.answer_start, before.answer_end)
    # Streamed, the item alone is sent, not the list it was taken from.
    deltas = [e.data async for e in service.ask_stream(
        Question("and the second one?", history=after(LAWS_ASKED, listed.answer)))
        if e.name == "delta"]
    assert deltas == ["Civil Procedure Law [1]"]


@pytest.mark.parametrize("follow_up", ["And who is the editor?", "那么编辑呢？",
                                       "and the editor?"])
async def test_the_editor_after_the_responsible_editor(service: QAService,
                                                       follow_up: str) -> None:
    answers = await conversation(service, "Who was the responsible editor?", follow_up)
    assert answers == ["Shen Chen [1]", "Ying Ying [1]"]


async def test_the_university_after_a_person_over_the_seed(service: QAService) -> None:
    answers = await conversation(service, "Who interpreted the case?", "and the university?")
    assert answers == ["Shan Pingji [1]", "Southeast University [1]"]


async def test_who_is_the_editor_over_the_seed(service: QAService) -> None:
    assert await conversation(service, "Who is the editor?") == ["Ying Ying [1]"]


JUDGMENT = ("经审理查明：被害人赵某1、赵某2受伤后于2019年3月2日入住某县人民医院。"
            "赵某1住院30天至2019年4月1日出院，用去医疗费20000.50元。"
            "赵某2住院12天至2019年3月14日出院，用去医疗费8600.00元。"
            "2019年5月6日被害人赵某2、赵某1在某镇卫生院各用去医疗费200.00元。"
            "2019年6月1日，被告人孙某被抓获归案；2019年7月8日，被告人钱某被抓获归案。")


@pytest.fixture(scope="module")
def judgment(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder
             ) -> Iterator[QAService]:
    settings = IndexSettings(dir=tmp_path_factory.mktemp("judgment") / "index")
    Indexer(settings, embedder).sync([Document("judgment", "故意伤害", JUDGMENT)])
    yield QAService.load(Settings().model_copy(update={"index": settings}), create=False)


@pytest.mark.parametrize(("first", "expected"), [
    ("赵某1住院多少天？", ["30天 [1]", "12天 [1]"]),
    ("赵某1用去医疗费多少？", ["20000.50元 [1]", "8600.00元 [1]"]),
])
async def test_another_party_asked_alone_gets_their_own_answer(
        judgment: QAService, first: str, expected: list[str]) -> None:
    assert await conversation(judgment, first, "那么赵某2呢？") == expected


async def test_a_pronoun_after_a_date_asks_about_the_person(judgment: QAService) -> None:
    asked = ["被告人孙某何时被抓获归案？", "钱某呢？", "他何时被抓获归案？"]
    assert await conversation(judgment, *asked) == ["2019年6月1日 [1]", "2019年7月8日 [1]",
                                                    "2019年7月8日 [1]"]
    history = after(asked[0], "2019年6月1日 [1]", asked[1], "2019年7月8日 [1]")
    answer = await judgment.ask(Question("他是被谁纠集的？", history=history))
    assert answer.standalone_question == "钱某是被谁纠集的？"


@pytest.mark.parametrize(("asked", "expected"), [
    (["Who is Shan Pingji?", "Where is he the director?"],
     "Where is Shan Pingji the director?"),
    (["Who is the interpretation expert?", "What is his title?", "Is he a judge?"],
     "Is Shan Pingji a judge?"),
    (["What did the procuratorial organs discover?", "What did they do next?"],
     "What did the procuratorial organs do next?"),
])
async def test_a_pronoun_after_a_long_answer_over_the_seed(
        service: QAService, asked: list[str], expected: str) -> None:
    history: list[Turn] = []
    for question in asked:
        answer = await service.ask(Question(question, history=list(history)))
        history += [Turn("user", question), Turn("assistant", answer.answer)]
    assert answer.standalone_question == expected


@pytest.fixture(scope="module")
def driving(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder
            ) -> Iterator[QAService]:
    settings = IndexSettings(dir=tmp_path_factory.mktemp("driving") / "index")
    Indexer(settings, embedder).sync([Document("driving", "危险驾驶", DRIVING)])
    yield QAService.load(Settings().model_copy(update={"index": settings}), create=False)


@pytest.mark.parametrize("asked", [
    ["孙某驾驶的是什么车？", "他是在哪里被查获的？"],
    ["孙某是在哪里被查获的？"],
])
async def test_a_sentence_without_its_subject_goes_on_with_the_one_before(
        driving: QAService, asked: list[str]) -> None:
    # "22时10分许，途经…被民警当场查获" says where 孙某 was caught, though it names no one
    # (the fifteenth trial: the driving route of the sentence naming him, or refused).
    answers = await conversation(driving, *asked)
    assert answers[-1] == "乙村小学门口 [1]"


async def test_what_he_did_next_in_a_judgment(driving: QAService) -> None:
    answers = await conversation(driving, "孙某驾驶的是什么车？", "他随后做了什么？")
    assert answers == ["一辆小型轿车 [1]", "途经乙村小学门口被民警当场查获 [1]"]
