"""A "where" asked of a person's work is the body they belong to, not a place.

The real extractive answerer (bundled embedder) over the seed's headline and expert
sentences: without the rule, "Where is the law school of the interpretation expert?"
was Guangdong (the headline's province) and "Where does he serve as director?" the
first post's "Doctoral Supervisor of the Law School …" (the eighteenth new-user trial).
"""

from __future__ import annotations

import asking
import pytest

from qa.answering.affiliation import affiliation, asks_affiliation, english_where, posts_at
from qa.answering.extractive import ExtractiveAnswerer
from qa.models import Hit

HEADLINE = ("Interpretation case: Guangdong procuratorial organs handle the first national "
            "civil public interest lawsuit involving \"facial recognition\", and creatively "
            "propose a compensation lawsuit with court support.")
EXPERT = ("Interpretation expert: Vice Dean, Professor, and Doctoral Supervisor of the Law "
          "School of Southeast University, Director of the Civil Prosecutorial Research "
          "Center of Southeast University (Civil Prosecutorial Research Base of the Supreme "
          "People's Procuratorate), Shan Pingji.")
LAW_SCHOOL = "Law School of Southeast University"
CENTER = "Civil Prosecutorial Research Center of Southeast University"


@pytest.mark.parametrize(("question", "body"), [
    ("Where is the law school of the interpretation expert?", LAW_SCHOOL),
    ("Where does Shan Pingji serve as director?", CENTER),
    ("Where is Shan Pingji a professor?", LAW_SCHOOL),  # a post listed with others
    ("Where does Shan Pingji work?", LAW_SCHOOL),
    ("Where is the research center?", CENTER),
    # A Chinese question of the English sentences, through its English rendition (was
    # Guangdong, the headline's province, for 解读专家在哪里工作？: the twentieth session's
    # trial of Chinese questions about the seed).
    ("解读专家在哪里工作？", LAW_SCHOOL),
    ("单平基在哪里担任主任？", CENTER),
    ("单平基在哪里担任副院长？", LAW_SCHOOL),  # (not 院长, dean)
    ("解读专家的工作单位是什么？", LAW_SCHOOL),  # (an "org" question: was refused)
])
def test_the_body_a_person_belongs_to(answerer: ExtractiveAnswerer, question: str,
                                      body: str) -> None:
    assert_answered(answerer, question, body)


def assert_answered(answerer: ExtractiveAnswerer, question: str, answer: str) -> None:
    """``answer`` is the whole answer, its span inside the expert's sentence cited."""
    text = HEADLINE + " " + EXPERT
    draft = asking.compose_checked(answerer, question, [Hit(1, "seed", "Seed", text, 0,
                                                            len(text), 1.0, 0.5)])
    assert draft.answer == f"{answer} [1]"
    cited = draft.citations[0]
    assert cited.quote == EXPERT  # the expert's sentence, not the headline
    assert text[cited.answer_start:cited.answer_end] == answer


def test_a_place_is_still_a_place(answerer: ExtractiveAnswerer) -> None:
    assert asking.ask(answerer, "Where did the case take place?",
                      HEADLINE + " " + EXPERT)[0] == "Guangdong [1]"


@pytest.mark.parametrize(("question", "asks"), [
    ("Where does Shan Pingji serve as director?", True),
    ("Where does he teach?", True),
    ("Where is the law school of the expert?", True),
    ("Where did the case take place?", False),
    ("Where was the lawsuit filed?", False),
    ("Who is the director?", False),
    ("In which province did prosecutors bring the lawsuit?", False),  # a place (seed-28)
])
def test_what_asks_for_a_body(question: str, asks: bool) -> None:
    assert asks_affiliation(question) is asks


def test_no_body_and_no_place_is_refused(answerer: ExtractiveAnswerer) -> None:
    # Was "Ying Ying Responsible editor", a phrase standing in for a place.
    assert asking.ask(answerer, "Where does the editor work?",
                      "Editor: Ying Ying Responsible editor: Shen Chen")[0] \
        == "The sources do not say."


def test_a_sentence_naming_no_body_after_a_post_gives_none() -> None:
    assert affiliation("Where does the editor work?", "Editor: Ying Ying") is None
    # A post with no body after it ("Professor Shan said …") names none either.
    assert affiliation("Where is he a professor?",
                       "Professor Shan said the Supreme People's Court agreed.") is None


@pytest.mark.parametrize(("question", "english"), [
    ("单平基在哪里担任副院长？", "where does the person work as vice dean"),
    ("解读专家的工作单位在哪里？", "where does the person work as"),
    ("本案发生在哪个省？", "本案发生在哪个省？"),  # a place, not a body
    ("Where does he work?", "Where does he work?"),
])
def test_english_rendition_of_a_chinese_where(question: str, english: str) -> None:
    assert english_where(question) == english


POSTS = "Vice Dean, Professor, and Doctoral Supervisor"


@pytest.mark.parametrize(("question", "posts"), [
    ("解读专家在东南大学法学院担任什么职务？", POSTS),  # mixed-02: was the last post alone
    ("What position does the interpretation expert hold at the Law School of Southeast "
     "University?", POSTS),  # was "Professor, and Doctoral Supervisor of the Law School …"
    ("What is Shan Pingji's position at the Civil Prosecutorial Research Center?",
     "Director"),
    ("单平基在研究中心担任什么职务？", "Director"),
])
def test_the_posts_held_at_the_named_body(answerer: ExtractiveAnswerer, question: str,
                                          posts: str) -> None:
    assert_answered(answerer, question, posts)


def test_posts_need_a_named_body_and_a_post_asked() -> None:
    assert posts_at("What position does Shan Pingji hold?", EXPERT) is None  # no body
    assert posts_at("Where does Shan Pingji work?", EXPERT) is None  # no post asked
    # The posts run back no further than the label's colon.
    assert posts_at("What posts does he hold at the law school?",
                    "Expert: Dean of the Law School of Fudan University") == (8, 12)
