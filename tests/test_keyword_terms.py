"""Keyword terms: folded text, Chinese queries as words, names kept whole, question words
dropped; and the one place that decides how Chinese a text is."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.keyword import (
    _NON_CJK_WORD,
    _PSEUDONYM,
    document_terms,
    fts_query,
    is_cjk_run,
    query_terms,
    term_finder,
)
from index.text import cjk_fraction, fold, is_chinese


def test_fold_makes_traditional_simplified_and_full_width_ascii() -> None:
    assert fold("個人資訊保護法") == "个人资讯保护法"
    assert fold("ＡＢＣ１２３") == "ABC123"
    assert fold("plain English") == "plain English"


def test_traditional_query_finds_simplified_text() -> None:
    assert set(query_terms("個人資訊")) <= set(document_terms("个人资讯的处理"))
    assert set(query_terms("個人資訊")) & set(document_terms("個人資訊"))


def test_chinese_query_terms_are_words_not_bigrams_across_them() -> None:
    terms = query_terms("被告人在几点钟报告了什么？")
    assert "被告人" in terms and "报告" in terms
    assert "在几" not in terms and "告了" not in terms and "人在" not in terms
    assert "什么" not in terms and "几点钟" not in terms


def test_a_document_is_matched_by_a_query_word_inside_a_longer_word() -> None:
    # "信息" is a word of the query; in the document it sits inside 个人信息处理者.
    assert set(query_terms("信息")) <= set(document_terms("个人信息处理者应当负责"))


@pytest.mark.parametrize(("question", "name"), [
    ("原告曹0与被告张x1因何离婚？", "张x1"),
    ("王某某为何想要打董某某？", "王某某"),
    ("马62何时起诉", "马62"),
])
def test_pseudonyms_are_one_term_and_bare_markers_are_dropped(question: str,
                                                               name: str) -> None:
    terms = query_terms(question)
    assert name in terms
    assert not {"x1", "某某", "某"} & set(terms)
    assert name in document_terms(f"经审理查明：{name}于2014年起诉")


def test_dates_are_not_pseudonyms() -> None:
    assert not [t for t in document_terms("于2014年3月12日") if t.startswith(("于2", "月1"))]


def test_english_terms_unchanged_apart_from_folding() -> None:
    assert query_terms("What remedies were SOUGHT?") == ["remedies", "sought"]
    assert fts_query("the of") is None


def test_cjk_fraction_and_is_chinese() -> None:
    assert cjk_fraction("检察机关提起了什么诉讼？") == 1.0
    assert is_chinese("张x1何时起诉？")
    assert not is_chinese("Which law is 个人信息保护法 about?")
    assert not is_chinese("")


def test_term_finder_finds_what_the_keyword_index_would_match() -> None:
    held = term_finder(query_terms("原告在重庆何时离婚？ Do you collect data? 张x1"))
    # Chinese terms anywhere, traditional or simplified; English words by their start
    # (the index stems: collect holds collected); a pseudonym whole.
    assert held("原告與被告於重慶協議離婚，張x1到场") == {"原告", "重庆", "离婚", "张", "张x1"}
    assert held("We collected the data.") == {"collect", "data"}
    assert held("recollection of metadata, 张x2") == {"张"}


def test_query_terms_are_cached_and_each_caller_gets_its_own_list() -> None:
    from index.keyword import QUERY_TEXTS, _query_terms

    question = "被告人王某某在哪个法院起诉了什么 compensation?"
    first = query_terms(question)
    first.append("changed by a caller")
    assert query_terms(question) == list(_query_terms.__wrapped__(question))
    assert "changed by a caller" not in query_terms(question)
    assert _query_terms.cache_info().maxsize == QUERY_TEXTS


@settings(deadline=None)
@given(st.lists(st.sampled_from(["collect", "coll", "data", "c", "metadata", "e-mail", "we",
                                 "原告", "张x1", "you", "a1", "ß"]), max_size=6, unique=True),
       st.lists(st.sampled_from([*"abcdeglmot -'_1", "collected", " data", "原告", "张x1", "ẞ",
                                 "Ａ"]), max_size=30).map("".join))
def test_term_finder_is_a_word_start_search_in_the_folded_text(terms: list[str],
                                                               text: str) -> None:
    # What it tells, computed the plain way: a term after a space in the text's words
    # joined by spaces; a Chinese term or pseudonym anywhere.
    folded = fold(text).lower()
    words = " " + " ".join(_NON_CJK_WORD.findall(folded))
    anywhere = {t for t in terms if is_cjk_run(t) or _PSEUDONYM.fullmatch(t)}
    expected = {t for t in terms if (t in folded if t in anywhere else " " + t in words)}
    held = term_finder(terms)
    assert held(text) == expected
    # Terms already known are neither looked for nor returned.
    known = set(terms[:2])
    assert held(text, known) == expected - known
