"""Pure parts of answering, with plain values: fusion, MMR, citation checks, extraction."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa import lexicon
from qa.answering.base import REFUSAL
from qa.answering.candidates import candidates
from qa.answering.extractive import coverage
from qa.answering.terms import stem
from qa.answering.vocabulary import unmentioned
from qa.citations import CitationError, check_citations, markers, renumber
from qa.fusion import dense_weight_for, document_ranking, mmr, reciprocal_rank_fusion
from qa.models import Citation, Hit

DOC = ("The court ordered an apology. The procuratorate sought compensation for damage "
       "to the public interest. 法院支持了全部诉讼请求。")


def hit(start: int, end: int, n: int = 1, doc: str = "d1") -> Hit:
    return Hit(n, doc, "Title", DOC[start:end], start, end, 1.0 / n)


def test_rrf_rewards_agreement_and_respects_weights() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["c", "b", "d"]], [1.0, 1.0], rrf_k=60)
    # c: 1/61 + 1/63 edges out b: 2/62; both beat items only one list found.
    assert [item for item, _ in fused] == ["c", "b", "a", "d"]
    assert dict(fused)["b"] == pytest.approx(2 / 62)
    keyword_heavy = reciprocal_rank_fusion([["a", "b"], ["b", "a"]], [0.1, 1.0], rrf_k=1)
    assert keyword_heavy[0][0] == "b"
    with pytest.raises(ValueError):
        reciprocal_rank_fusion([["a"]], [1.0, 2.0], rrf_k=10)


def test_dense_weight_follows_the_share_of_chinese() -> None:
    assert dense_weight_for(0.0, 1.0, 0.25) == 1.0
    assert dense_weight_for(1.0, 1.0, 0.25) == 0.25
    assert dense_weight_for(0.5, 1.0, 0.25) == pytest.approx(0.625)


def test_mmr_skips_a_near_duplicate() -> None:
    vectors = np.array([[1.0, 0.0], [0.999, 0.045], [0.0, 1.0]], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    order = mmr(np.array([1.0, 0.0]), vectors, [1.0, 0.95, 0.5], k=2, lam=0.5)
    assert order == [0, 2]
    assert mmr(np.array([1.0, 0.0]), vectors, [1.0, 0.95, 0.5], k=3, lam=1.0) == [0, 1, 2]


def test_citation_checks() -> None:
    passage = hit(0, 31)
    good = Citation(1, "d1", "Title", 10, 31, DOC[10:31])
    check_citations([good], [passage])
    check_citations([Citation(1, "d1", "Title", 10, 31, DOC[10:31], answer_start=14,
                              answer_end=21)], [passage])
    for bad in (Citation(1, "d1", "Title", 10, 40, DOC[10:40]),      # outside the passage
                Citation(1, "d2", "Title", 10, 31, DOC[10:31]),      # other document
                Citation(1, "d1", "Title", 10, 31, "The court"),    # quote differs
                Citation(1, "d1", "Title", 12, 12, ""),             # empty
                # the answer span must lie inside the quote, and be whole
                Citation(1, "d1", "Title", 10, 31, DOC[10:31], answer_start=4, answer_end=9),
                Citation(1, "d1", "Title", 10, 31, DOC[10:31], answer_start=14, answer_end=40),
                Citation(1, "d1", "Title", 10, 31, DOC[10:31], answer_start=14)):
        with pytest.raises(CitationError):
            check_citations([bad], [passage])


def test_markers_and_renumbering() -> None:
    assert markers("A [1] and B [3][2].") == [1, 3, 2]
    assert renumber("A [1] and B [7].", {1: 1}) == "A [1] and B."


def test_stemming_meets_word_forms() -> None:
    assert stem("remedies") == stem("remedy")
    assert stem("个人") == "个人"


def test_coverage_weights_rare_question_terms() -> None:
    scores = coverage("who sought compensation?", ["It sought compensation.", "It sought.",
                                                   "Nothing here."], synonym_credit=0.8)
    assert scores[0] == pytest.approx(1.0)
    assert 0 < scores[1] < scores[0] and scores[2] == 0.0


def test_the_document_a_question_is_asked_of_is_no_term_of_it() -> None:
    # "in the commentary" names the document, which none of its sentences names: the
    # law sentences fell below the threshold (the nineteenth new-user trial).
    sentences = ["According to the Civil Procedure Law, the victim must prove it.",
                 "The rule of law is the fundamental way of governing."]
    assert coverage("Which laws are mentioned in the commentary?", sentences, 0.8) \
        == coverage("Which laws are mentioned?", sentences, 0.8)


def test_candidates_are_exact_sentence_spans_without_duplicates() -> None:
    found = candidates([hit(0, len(DOC), 1), hit(30, len(DOC), 2)])
    spans = [(c.start, c.end) for c in found]
    assert len(spans) == len(set(spans)) == 3
    for c in found:
        assert DOC[c.start:c.end] == c.text
    assert found[-1].text == "法院支持了全部诉讼请求。"


@given(st.text(min_size=1, max_size=300))
def test_candidates_never_misplace_text(text: str) -> None:
    passage = Hit(1, "d", "T", text, 0, len(text), 1.0)
    for c in candidates([passage]):
        assert text[c.start:c.end] == c.text and c.text.strip() == c.text


def test_refusal_sentence_is_one_constant() -> None:
    assert REFUSAL.endswith(".") and "not" in REFUSAL


def test_a_category_line_with_kinds_names_each_kind_but_no_kind_another(
        tmp_path: Path) -> None:
    thesaurus = tmp_path / "thesaurus.txt"
    thesaurus.write_text("# comment\nremedy | Relief\n  > compensation | damages\n"
                         "  > apology | apologize\nappeal | 上诉\n", encoding="utf-8")
    assert lexicon.groups(thesaurus) == (
        frozenset({"remedy", "relief", "compensation", "damages", "apology", "apologize"}),
        frozenset({"appeal", "上诉"}))
    assert lexicon.narrow("remedy", thesaurus) == lexicon.groups(thesaurus)[0]
    assert lexicon.narrow("apology", thesaurus) == {"apology", "apologize"}
    assert lexicon.narrow("apology", thesaurus, category=True) == {
        "apology", "apologize", "remedy", "relief"}
    assert lexicon.narrow("上诉", thesaurus) == {"appeal", "上诉"}


def test_a_kind_with_no_category_above_is_an_error(tmp_path: Path) -> None:
    thesaurus = tmp_path / "thesaurus.txt"
    thesaurus.write_text("> compensation | damages\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"thesaurus\.txt:1: a kind"):
        lexicon.concepts(thesaurus)


def test_the_bundled_thesaurus_keeps_kinds_of_a_remedy_apart() -> None:
    assert "compensation" in lexicon.related("remedy")
    assert "apology" not in lexicon.narrow("compensation")
    assert "赔礼道歉" in lexicon.narrow("apology")
    assert unmentioned("Did the defendant apologize?",
                       ["The victims sought compensation from the infringer."]) == ["apologize"]
    assert unmentioned("Did the victims seek a remedy?",
                       ["The victims sought compensation from the infringer."]) == []


def test_documents_are_ranked_by_the_distinct_terms_they_hold() -> None:
    held = [{"原告", "离婚"}, {"原告", "重庆", "离婚"}, {"原告"}, {"原告", "离婚"}]
    # most terms first; ties keep the given order (the fused order of their chunks)
    assert document_ranking(["a", "b", "c", "d"], held) == ["b", "a", "d", "c"]
    with pytest.raises(ValueError, match="one set"):
        document_ranking(["a"], [])
