"""Articles cited by number in either language (qa/articles.py): read, searched for in
the other language, and answered from that article only."""

from __future__ import annotations

import pytest

from index.embedding import Embedder
from qa.answering.extractive import ExtractiveAnswerer
from qa.articles import chinese_form, cited, heading_before
from qa.citations import check_citations
from qa.models import Hit
from qa.settings import AnswerSettings, RetrievalSettings
from qa.translation import translate_query

ARTICLE_11 = ("第十一条 国家建立健全个人信息保护制度，预防和惩处侵害个人信息权益的行为，"
              "加强个人信息保护宣传教育，推动形成政府、企业、相关社会组织、公众共同参与个人信息保护的良好环境。")
ARTICLE_70 = ("第七十条 个人信息处理者违反本法规定处理个人信息，侵害众多个人的权益的，人民检察院、"
              "法律规定的消费者组织和由国家网信部门确定的组织可以依法向人民法院提起诉讼。")


@pytest.mark.parametrize(("text", "numbers"), [
    ("Which organizations may sue under Article 70 of the law?", {70}),
    ("What do Art. 13 and article 17 say?", {13, 17}),
    ("个人信息保护法第七十条第二款规定了什么？", {70}),
    ("依照《中华人民共和国刑法》第二百三十四条、第一百零二条", {234, 102}),
    ("What does the law say about notice?", set()),
])
def test_the_articles_a_text_cites_are_read_in_either_language(
        text: str, numbers: set[int]) -> None:
    assert cited(text) == numbers


def test_an_article_number_is_written_as_statutes_write_it() -> None:
    assert [chinese_form(n) for n in (10, 11, 70, 102, 234)] == [
        "第十条", "第十一条", "第七十条", "第一百零二条", "第二百三十四条"]


def test_a_sentence_stands_under_the_last_heading_before_it() -> None:
    text = f"{ARTICLE_11}\n\n{ARTICLE_70}"
    assert heading_before(text, len(ARTICLE_11) - 5) == 11
    assert heading_before(text, len(text) - 5) == 70
    # A citation inside a sentence is no heading.
    assert heading_before("依照本法第七十条的规定处理。", 12) is None


@pytest.mark.parametrize(("question", "term"), [
    ("Which organizations may sue under Article 70?", ("article 70", ("第七十条",))),
    ("个人信息保护法第七十条规定了什么？", ("第七十条", ("Article 70",))),
])
def test_an_article_is_searched_for_in_the_other_language(
        question: str, term: tuple[str, tuple[str, ...]]) -> None:
    translation = translate_query(question)
    assert translation is not None and term in translation.groups


@pytest.mark.parametrize("question", [
    "Which organizations may sue under Article 70 of the Personal Information Protection Law?",
    "个人信息保护法第七十条规定了哪些组织可以起诉？",
])
def test_a_question_naming_an_article_is_answered_from_that_article(
        embedder: Embedder, question: str) -> None:
    # Article 11 lists bodies too, and ranked first: its list was the answer (this
    # session's trial).
    answerer = ExtractiveAnswerer(embedder, AnswerSettings(),
                                  RetrievalSettings().cross_lingual_model)
    hits = [Hit(n, f"pipl-{n}", "个人信息保护法", text, 0, len(text), 1.0 / n, 0.5)
            for n, text in enumerate((ARTICLE_11, ARTICLE_70), start=1)]
    draft = answerer.compose(question, hits)
    check_citations(draft.citations, hits)
    assert draft.citations and {c.doc_id for c in draft.citations} == {"pipl-2"}
