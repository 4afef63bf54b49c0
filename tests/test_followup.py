"""Answers a follow-up needs: a role named by a label, the duty a law requires.
"""

from __future__ import annotations

import pytest

from index.embedding import Embedder
from qa.answering.extractive import ExtractiveAnswerer
from qa.citations import check_citations
from qa.models import Hit
from qa.settings import AnswerSettings, RetrievalSettings

EDITORS = "Edit:Ying Ying Responsible editor:Shen Chen"


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
])
def test_what_a_law_requires_is_the_duty_not_the_condition(
        answerer: ExtractiveAnswerer, question: str) -> None:
    assert ask(answerer, question, VICTIM) == (
        "provide evidence to prove the facts of the infringement [1]")
