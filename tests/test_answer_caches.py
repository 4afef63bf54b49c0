"""The extractive answerer's per-text caches return what the computation they cache
returns, immutable, and stay bounded (``qa.answering.terms``, ``alignment.clauses``)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from index.chunking import sentence_spans
from index.keyword import document_terms, is_cjk_run
from index.text import cjk_count
from qa.answering.alignment import (
    CLAUSE_TEXTS,
    EN_STOP,
    WORD_TEXTS,
    chinese_words,
    clauses,
    english_words,
    marked_counts,
    question_mask,
)
from qa.answering.candidates import candidates
from qa.answering.terms import (
    PASSAGE_TEXTS,
    TERM_TEXTS,
    any_present,
    passage_sentences,
    stem,
    stemmed_terms,
)
from qa.answering.vocabulary import present
from qa.models import Hit

TEXTS = [
    "The procuratorate sought compensation for damage to the public interest.",
    "Remedies: an apology, deletion of the facial data, and payment of compensation.",
    "法院支持了全部诉讼请求，被告人王某某赔偿损失。",
    "個人資訊的處理者（ＡＢＣ１公司）應當告知用戶。",
    "We collect your IP address; 我们收集您的设备信息 and device IDs.",
    "",
]
# Letters of both languages, CJK ideographs (an astral one too), punctuation, spaces.
MIXED = st.text(alphabet=st.sampled_from(list("abcAB  ,.;:()“”\"-") + list("法院被告人，。、：")
                                         + ["\U00020000", "Ｆ", "１"]), max_size=80)


def _sentences(text: str, min_chars: int) -> list[tuple[int, int, str]]:
    """What ``passage_sentences`` caches, computed afresh."""
    return [(s, e, text[s:e]) for s, e in sentence_spans(text)
            if len(re.sub(r"\W", "", text[s:e])) >= min_chars]


def test_stemmed_terms_are_the_stems_of_the_document_terms() -> None:
    for text in TEXTS:
        expected = frozenset(stem(t) for t in document_terms(text))
        assert stemmed_terms(text) == expected
        assert stemmed_terms(text) == expected  # read again: from the cache
    assert "remedi" in stemmed_terms(TEXTS[1]) and "诉讼" in stemmed_terms(TEXTS[2])
    # Immutable: no caller can change what the next one reads.
    assert isinstance(stemmed_terms(TEXTS[0]), frozenset)


# (No deadline: the first text loads jieba's dictionary; nothing here is timed.)
@settings(deadline=None)
@given(MIXED)
def test_stemmed_terms_of_any_text(text: str) -> None:
    assert stemmed_terms(text) == frozenset(stem(t) for t in document_terms(text))


def test_passage_sentences_are_the_long_enough_sentence_spans() -> None:
    for text in TEXTS:
        for min_chars in (0, 4, 30):
            assert list(passage_sentences(text, min_chars)) == _sentences(text, min_chars)
            assert list(passage_sentences(text, min_chars)) == _sentences(text, min_chars)
    assert isinstance(passage_sentences(TEXTS[0], 4), tuple)


def test_candidates_of_overlapping_passages_are_each_sentence_once() -> None:
    doc = " ".join(TEXTS[:3]) + " Ok. " + TEXTS[4]
    first = Hit(1, "d", "T", doc[:160], 0, 160, 1.0)
    second = Hit(2, "d", "T", doc[74:], 74, len(doc), 0.5)
    found = candidates([first, second, first])
    expected = []
    seen = set()
    for n, hit in enumerate([first, second], start=1):
        for s, e, text in _sentences(hit.text, 4):
            if (hit.start + s, hit.start + e) not in seen:
                seen.add((hit.start + s, hit.start + e))
                expected.append((n, hit.start + s, hit.start + e, text))
    assert [(c.passage, c.start, c.end, c.text) for c in found] == expected
    assert all(doc[c.start:c.end] == c.text for c in found)
    assert "Ok." not in [c.text for c in found]  # too short to answer from


# (No deadline: the first text loads jieba's dictionary; nothing here is timed.)
@settings(deadline=None)
@given(MIXED)
def test_clauses_of_any_text(text: str) -> None:
    fresh = clauses.__wrapped__(text)  # the computation, without the cache
    assert clauses(text) == fresh
    assert clauses(text) == fresh


def test_clauses_are_an_immutable_value() -> None:
    text = "If the victim wants to hold the infringer liable, they need to provide evidence."
    assert [text[s:e] for s, e in clauses(text)] == ["victim wants to hold the infringer liable",
                                                     "need to provide evidence"]
    assert isinstance(clauses(text), tuple)


# (No deadline: the first text loads jieba's dictionary; nothing here is timed.)
@settings(deadline=None)
@given(MIXED)
def test_cjk_count_counts_what_is_cjk_run_accepts(text: str) -> None:
    assert cjk_count(text) == sum(is_cjk_run(ch) for ch in text)


def _english_mask(question: str, sentence: str) -> list[bool]:
    """The English half of ``question_mask``, each word stemmed afresh."""
    wanted = {stem(w) for w in re.findall(r"[a-z0-9]+", question.lower()) if w not in EN_STOP}
    mask = [False] * len(sentence)
    for m in re.finditer(r"[A-Za-z0-9]+", sentence):
        word = m.group().lower()
        if word not in EN_STOP and stem(word) in wanted:
            mask[m.start():m.end()] = [True] * (m.end() - m.start())
    return mask


# (No deadline: the first text loads jieba's dictionary; nothing here is timed.)
@settings(deadline=None)
@given(MIXED, MIXED)
def test_question_masks_from_cached_words_are_the_masks_computed_afresh(
        question: str, sentence: str) -> None:
    english = _english_mask(question, sentence)
    mask = question_mask(question, sentence, stem)
    if not (cjk_count(question) and cjk_count(sentence)):
        assert mask == english
    assert [a or b for a, b in zip(mask, english, strict=True)] == mask
    assert question_mask(question, sentence, stem) == mask  # read again: from the cache
    assert chinese_words(sentence) == chinese_words.__wrapped__(sentence)
    assert english_words(sentence, stem) == english_words.__wrapped__(sentence, stem)


def test_question_masks_of_the_answer_texts() -> None:
    question = "Which remedies did the procuratorate seek for the compensation?"
    for text in TEXTS:
        assert question_mask(question, text, stem) == _english_mask(question, text)
    assert "".join(ch for ch, on in zip(TEXTS[0], question_mask(question, TEXTS[0], stem),
                                        strict=True) if on) == "procuratoratecompensation"
    # A stop word is never the question's word, even when one of its words stems to it.
    assert stem("doing") == "do" and not any(question_mask("Are they doing it?", "We do.", stem))
    assert isinstance(chinese_words(TEXTS[2]), tuple)
    assert [TEXTS[2][s:e] for s, e in chinese_words(TEXTS[2])][:2] == ["法院", "支持"]


@settings(deadline=None)
@given(MIXED, st.lists(st.booleans(), max_size=80))
def test_marked_counts_give_each_spans_share_the_question_says(
        text: str, marks: list[bool]) -> None:
    mask = (marks + [False] * len(text))[:len(text)]
    letters, marked = marked_counts(text, mask)
    for s in range(len(text) + 1):
        for e in range(s, len(text) + 1):
            kept = [m for m, ch in zip(mask[s:e], text[s:e], strict=True) if not ch.isspace()]
            assert (marked[e] - marked[s]) / max(letters[e] - letters[s], 1) == (
                sum(kept) / max(len(kept), 1))


@settings(deadline=None)
@given(st.lists(st.sampled_from(["remedi", "compens", "apolog", "诉讼", "公益诉讼", "损害赔偿",
                                 "赔偿", "人脸识别", "识别", "x"]), max_size=5), MIXED)
def test_any_present_is_whether_any_term_of_the_group_is_present(group: list[str],
                                                                text: str) -> None:
    for terms in (stemmed_terms(text), stemmed_terms(text + " 公益诉讼 remedies"),
                  frozenset(["公益", "益诉", "诉讼", "赔偿"])):
        assert any_present(frozenset(group))(terms) == any(present(t, terms) for t in group)


def test_the_caches_are_bounded() -> None:
    assert english_words.cache_info().maxsize == WORD_TEXTS
    assert chinese_words.cache_info().maxsize == WORD_TEXTS
    for cached, bound in ((stemmed_terms, TERM_TEXTS), (clauses, CLAUSE_TEXTS)):
        assert cached.cache_info().maxsize == bound
        for i in range(bound + 10):
            cached(f"word{i}")
        assert cached.cache_info().currsize == bound
    assert passage_sentences.cache_info().maxsize == PASSAGE_TEXTS
    for i in range(PASSAGE_TEXTS + 10):
        passage_sentences(f"Sentence {i}.", 4)
    assert passage_sentences.cache_info().currsize == PASSAGE_TEXTS
