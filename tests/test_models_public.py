"""The API shapes of hits, citations and answers (``public``): what ``dataclasses.asdict``
gives, without the fields the API leaves out, and copies the caller may change."""

from __future__ import annotations

from dataclasses import asdict

from qa.models import Answer, Citation, Hit

HIT = Hit(7, "doc-1", "A title", "The court ordered an apology.", 10, 39, 0.031, 0.82, [2, 3],
          (0, 8, 30))
CITATION = Citation(1, "doc-1", "A title", 10, 39, "The court ordered an apology.", 20, 38,
                    [2])


def test_a_hit_is_its_fields_but_similarity_page_starts_and_chunk() -> None:
    expected = asdict(HIT)
    del expected["similarity"], expected["page_starts"], expected["chunk"]
    assert HIT.public() == expected
    assert list(HIT.public()) == list(expected)  # in the fields' order
    assert HIT.public()["pages"] is not HIT.pages  # a copy: the hit stays as it was


def test_a_citation_is_all_its_fields() -> None:
    assert CITATION.public() == asdict(CITATION)
    assert list(CITATION.public()) == list(asdict(CITATION))
    assert CITATION.public()["pages"] is not CITATION.pages
    bare = Citation(2, "d", "t", 0, 3, "abc")
    assert bare.public() == asdict(bare)


def test_an_answer_holds_its_citations_and_passages_shapes() -> None:
    answer = Answer("an apology [1]", False, [CITATION], [HIT, HIT], "extractive", 12.345,
                    unsupported=[(0, 2)])
    data = answer.public()
    assert data["citations"] == [asdict(CITATION)]
    assert data["passages"] == [HIT.public(), HIT.public()]
    assert data["took_ms"] == 12.35 and data["unsupported"] == [[0, 2]]
