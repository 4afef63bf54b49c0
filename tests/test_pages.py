"""Page maps: which pages a span covers, what a valid map is, and how pages are joined."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.documents import Document, from_mapping, validate
from index.errors import InputError
from index.extract.layout import join_pages
from index.pages import PAGE_STARTS, pages_of


def test_pages_of_a_span() -> None:
    starts = [0, 10, 10, 20]  # page 2 is blank
    assert pages_of(starts, 0, 5) == [1]
    assert pages_of(starts, 9, 10) == [1]
    assert pages_of(starts, 10, 12) == [3]
    assert pages_of(starts, 5, 15) == [1, 3], "a blank page is never named"
    assert pages_of(starts, 15, 25) == [3, 4]
    assert pages_of(None, 0, 5) == [] and pages_of([0, 4], 3, 3) == []


@given(st.lists(st.integers(0, 50), min_size=1, max_size=8), st.integers(0, 60),
       st.integers(1, 30))
def test_pages_of_names_exactly_the_pages_holding_a_character_of_the_span(
        cuts: list[int], start: int, length: int) -> None:
    starts = [0, *sorted(cuts)]
    end = start + length
    bounds = [*starts[1:], 10**9]
    expected = [n + 1 for n, (a, b) in enumerate(zip(starts, bounds, strict=True))
                if a < b and a < end and start < b]
    assert pages_of(starts, start, end) == expected


@pytest.mark.parametrize("bad", [[], [1, 5], [0, 5, 3], [0, 99], "0,5", [0, 2.5], [0, True]])
def test_a_bad_page_map_is_refused(bad: object) -> None:
    with pytest.raises(InputError, match=PAGE_STARTS):
        validate(Document("d", "D", "x" * 20, {PAGE_STARTS: bad}), "here")


def test_corpus_jsonl_may_carry_a_page_map() -> None:
    doc = from_mapping({"doc_id": "d", "text": "one two", "metadata": {PAGE_STARTS: [0, 4]}},
                       "line 1")
    assert doc.metadata[PAGE_STARTS] == [0, 4]


def test_join_pages_offsets_point_at_each_pages_first_character() -> None:
    text, starts = join_pages([["Title", "A sentence that runs"], ["on to the next page."],
                               [], ["New paragraph."], ["interpre-"], ["tation ends."]])
    assert text == ("Title\n\nA sentence that runs on to the next page.\n\nNew paragraph."
                    "\n\ninterpretation ends.")
    assert [text[s:s + 4] for s in starts] == ["Titl", "on t", "New ", "New ", "inte", "tati"]


def test_only_page_numbers_and_repeated_lines_leave_the_margins() -> None:
    from index.extract.layout import Line, Page, drop_running_lines

    def page(n: int) -> Page:
        top = [Line("Law Review 2021", 800), *([Line("civil", 790)] if n == 0 else [])]
        return Page([*top, Line(f"Body text {n}.", 400),
                     Line(["xiv", "Page 2 of 9", "- 3 -"][n], 30)], 842)

    kept = drop_running_lines([page(0), page(1), page(2)])
    assert [[ln.text for ln in lines] for lines in kept] == [
        ["civil", "Body text 0."], ["Body text 1."], ["Body text 2."]]
    alone = drop_running_lines([page(0)])  # one page: nothing repeats, numbers still go
    assert [ln.text for ln in alone[0]] == ["Law Review 2021", "civil", "Body text 0."]
