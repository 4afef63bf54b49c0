"""Pure metrics for offline evaluation: answers, evidence spans, ranking, refusals, latency.

Character spans are half-open ``[start, end)``. Wherever spans of several documents can
meet, a span is a ``DocSpan`` ``(doc_id, start, end)``; spans of different documents never
overlap. Functions that average over nothing return 0.0 unless their docstring says
otherwise; the caller decides which questions take part in an average (for instance,
unanswerable questions have no gold answers or evidence and are scored by refusal).
"""

from __future__ import annotations

import math
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

Span = tuple[int, int]
DocSpan = tuple[str, int, int]

_ARTICLES = re.compile(r"\b(a|an|the)\b")
_ASCII_PUNCTUATION = frozenset(string.punctuation)
# Ideographs (with extensions and compatibility forms), kana and hangul syllables.
_CJK_RANGES = (
    (0x3040, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2FA1F),
)


# --- answers -------------------------------------------------------------------------


def _is_punctuation(ch: str) -> bool:
    # string.punctuation keeps SQuAD's behaviour for ASCII symbols such as "$" and "+";
    # the Unicode "P" categories add CJK and other full-width punctuation.
    return ch in _ASCII_PUNCTUATION or unicodedata.category(ch).startswith("P")


def _is_cjk_char(ch: str) -> bool:
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _CJK_RANGES)


def is_cjk(s: str) -> bool:
    """True if ``s`` contains at least one CJK ideograph, kana or hangul syllable."""
    return any(_is_cjk_char(ch) for ch in s)


def normalize_answer(s: str) -> str:
    """SQuAD normalization: lowercase, drop punctuation and articles, collapse whitespace."""
    lowered = s.lower()
    no_punct = "".join(ch for ch in lowered if not _is_punctuation(ch))
    no_articles = _ARTICLES.sub(" ", no_punct)
    return " ".join(no_articles.split())


def answer_tokens(s: str) -> list[str]:
    """Tokens for EM/F1: SQuAD words for English, characters for text containing CJK.

    CJK text has no spaces between words, so it is compared character by character
    (lowercased, without punctuation or whitespace), as in CMRC and CJRC evaluation.
    """
    if is_cjk(s):
        return [ch for ch in s.lower() if not ch.isspace() and not _is_punctuation(ch)]
    return normalize_answer(s).split()


_YES = frozenset(["yes", "是", "对", "有", "能", "可以", "会"])
_NO = frozenset(["no", "否", "不", "不是", "没有", "未", "不能", "不会", "无"])
_POLAR = re.compile(r"\s*(yes|no|是|否|对|有|能|可以|会|不是|没有|不能|不会|不|未|无)(?![a-z])",
                    re.IGNORECASE)


def polarity(text: str) -> bool | None:
    """The yes (True) or no (False) an answer opens with, or None if it opens with neither.

    Yes/no gold answers (CJRC's ``YES``/``NO``) are compared by polarity: "是，……" and
    "Yes: ..." answer ``YES`` whatever supporting text follows.
    """
    m = _POLAR.match(text)
    if m is None:
        return None
    word = m.group(1).lower()
    return True if word in _YES else False if word in _NO else None


def _is_polar_gold(gold: str) -> bool:
    return gold.strip().lower() in ("yes", "no", "是", "否")


def _polar_score(pred: str, gold: str) -> float:
    return float(polarity(pred) == polarity(gold))


def exact_match(pred: str, golds: Sequence[str]) -> float:
    """1.0 if ``pred`` equals some gold answer after normalization, else 0.0 (also if no golds).

    A yes/no gold answer is matched by the prediction's polarity (see ``polarity``).
    """
    pred_tokens = answer_tokens(pred)
    return max((_polar_score(pred, g) if _is_polar_gold(g)
                else float(pred_tokens == answer_tokens(g)) for g in golds), default=0.0)


def _f1(pred_tokens: list[str], gold_tokens: list[str]) -> float:
    if not pred_tokens or not gold_tokens:
        # SQuAD 2.0: two empty answers agree, an empty and a non-empty one do not.
        return float(pred_tokens == gold_tokens)
    common = sum((Counter(pred_tokens) & Counter(gold_tokens)).values())
    if common == 0:
        return 0.0
    precision = common / len(pred_tokens)
    recall = common / len(gold_tokens)
    return 2 * precision * recall / (precision + recall)


def token_f1(pred: str, golds: Sequence[str]) -> float:
    """Best token-overlap F1 of ``pred`` against the gold answers; 0.0 if there are none."""
    pred_tokens = answer_tokens(pred)
    return max((_polar_score(pred, g) if _is_polar_gold(g)
                else _f1(pred_tokens, answer_tokens(g)) for g in golds), default=0.0)


_ITEM_SPLIT = re.compile(r"\s*(?:,\s*(?:and|or)\s+|,|;|、|，|；|\s+and\s+)\s*")


def list_items(answer: str) -> list[str] | None:
    """The items of a list answer ("A, B, C, and D", 甲、乙、丙), or None for fewer than 3."""
    items = [i for i in _ITEM_SPLIT.split(answer.strip().rstrip(".。")) if answer_tokens(i)]
    return items if len(items) >= 3 else None


def item_recall(pred: str, golds: Sequence[str]) -> float | None:
    """Best share of a list answer's items found whole in ``pred`` (every token of the item
    present); None when no gold answer is a list of three or more items."""
    best: float | None = None
    pred_counts = Counter(answer_tokens(pred))
    for gold in golds:
        items = list_items(gold)
        if items is None:
            continue
        found = sum(not (Counter(answer_tokens(i)) - pred_counts) for i in items)
        best = max(best or 0.0, found / len(items))
    return best


def token_recall(pred: str, golds: Sequence[str]) -> float:
    """Best share of a gold answer's tokens found in ``pred``; 0.0 if there are no golds.

    Extractive answers quote whole sentences, which token F1 punishes for their length;
    recall asks only whether the answer contains the gold answer.
    """
    pred_counts = Counter(answer_tokens(pred))
    best = 0.0
    for gold in golds:
        if _is_polar_gold(gold):
            best = max(best, _polar_score(pred, gold))
            continue
        gold_tokens = answer_tokens(gold)
        if not gold_tokens:
            best = max(best, float(not pred_counts))
            continue
        common = sum((pred_counts & Counter(gold_tokens)).values())
        best = max(best, common / len(gold_tokens))
    return best


# --- spans ---------------------------------------------------------------------------


def _check_span(span: DocSpan) -> None:
    _, start, end = span
    if start < 0 or end < start:
        raise ValueError(f"invalid span {span!r}: need 0 <= start <= end (half-open [start, end))")


def span_overlap(a: DocSpan, b: DocSpan) -> int:
    """Number of characters two half-open spans share; 0 if they are in different documents."""
    if a[0] != b[0]:
        return 0
    return max(0, min(a[2], b[2]) - max(a[1], b[1]))


def merge_spans(spans: Iterable[DocSpan]) -> list[DocSpan]:
    """Union of spans as disjoint spans sorted by (doc_id, start).

    Overlapping and touching spans of one document are merged; empty spans are dropped.
    Raises ValueError for a span with a negative start or an end before its start.
    """
    merged: list[DocSpan] = []
    for span in sorted(spans):
        _check_span(span)
        doc_id, start, end = span
        if start == end:
            continue
        if merged and merged[-1][0] == doc_id and start <= merged[-1][2]:
            last = merged[-1]
            merged[-1] = (doc_id, last[1], max(last[2], end))
        else:
            merged.append(span)
    return merged


def _total_length(merged: Sequence[DocSpan]) -> int:
    return sum(end - start for _, start, end in merged)


def _intersection_length(a: Sequence[DocSpan], b: Sequence[DocSpan]) -> int:
    """Characters shared by two merged (disjoint, sorted) span lists."""
    i = j = total = 0
    while i < len(a) and j < len(b):
        total += span_overlap(a[i], b[j])
        # Advance whichever span finishes first in (doc_id, end) order; the other one may
        # still overlap the next span of the advanced list.
        if (a[i][0], a[i][2]) <= (b[j][0], b[j][2]):
            i += 1
        else:
            j += 1
    return total


def evidence_char_recall(
    retrieved_spans: Iterable[DocSpan], gold_spans: Iterable[DocSpan]
) -> float:
    """Share of gold evidence characters covered by the retrieved spans (LegalBench-RAG).

    Both sides are merged first, so overlapping chunks are not counted twice.
    Returns 0.0 when there are no gold characters.
    """
    gold = merge_spans(gold_spans)
    gold_chars = _total_length(gold)
    if gold_chars == 0:
        return 0.0
    return _intersection_length(merge_spans(retrieved_spans), gold) / gold_chars


def evidence_char_precision(
    retrieved_spans: Iterable[DocSpan], gold_spans: Iterable[DocSpan]
) -> float:
    """Share of retrieved characters that lie in gold evidence (LegalBench-RAG).

    Returns 0.0 when nothing was retrieved.
    """
    retrieved = merge_spans(retrieved_spans)
    retrieved_chars = _total_length(retrieved)
    if retrieved_chars == 0:
        return 0.0
    return _intersection_length(retrieved, merge_spans(gold_spans)) / retrieved_chars


def find_evidence_spans(
    text: str, evidence_strings: Iterable[str], *, first_only: bool = False
) -> list[Span]:
    """Character spans of the verbatim evidence strings in ``text``, sorted and deduplicated.

    By default every occurrence of each string is returned, overlapping ones included:
    a gold record quotes text, not a position, so each copy of the quote is equally
    evidence. The price is that evidence recall then asks for every copy, which is why
    gold evidence should be distinctive passages; ``first_only=True`` keeps only the
    first occurrence of each string instead.
    Raises ValueError for an empty string or one that does not occur in ``text``.
    """
    found: set[Span] = set()
    for evidence in evidence_strings:
        if not evidence:
            raise ValueError("empty evidence string: remove it from the gold record")
        start = text.find(evidence)
        if start < 0:
            raise ValueError(
                f"evidence not found verbatim in the document: {evidence[:80]!r}; "
                "copy it exactly from the document text"
            )
        while start >= 0:
            found.add((start, start + len(evidence)))
            if first_only:
                break
            start = text.find(evidence, start + 1)
    return sorted(found)


# --- ranking -------------------------------------------------------------------------


def doc_hit_at(ranked_doc_ids: Sequence[str], gold_doc_id: str, k: int) -> float:
    """1.0 if a chunk of the gold document is among the first ``k`` results, else 0.0."""
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    return float(gold_doc_id in ranked_doc_ids[:k])


def mrr(ranked_doc_ids: Sequence[str], gold_doc_id: str) -> float:
    """Reciprocal rank of the first chunk of the gold document; 0.0 if none was retrieved."""
    for rank, doc_id in enumerate(ranked_doc_ids, start=1):
        if doc_id == gold_doc_id:
            return 1.0 / rank
    return 0.0


def binary_relevances(
    retrieved: Sequence[DocSpan], gold_spans: Sequence[DocSpan], gold_doc_id: str
) -> list[bool]:
    """Relevance of each retrieved chunk, for ``ndcg_at``.

    A chunk is relevant if it overlaps a gold evidence span or, for a question without
    evidence spans, if it comes from the gold document.
    """
    if not gold_spans:
        return [doc_id == gold_doc_id for doc_id, _, _ in retrieved]
    return [any(span_overlap(chunk, g) > 0 for g in gold_spans) for chunk in retrieved]


def _dcg(relevances: Iterable[bool]) -> float:
    return sum(1.0 / math.log2(rank + 1) for rank, rel in enumerate(relevances, start=1) if rel)


def ndcg_at(ranked_relevances: Sequence[bool], k: int, *, n_relevant: int | None = None) -> float:
    """Binary nDCG of the first ``k`` results; 0.0 if nothing relevant exists.

    The ideal ranking puts ``n_relevant`` relevant results first; by default
    ``n_relevant`` is the number of relevant results in ``ranked_relevances``, since a
    retrieval run rarely knows how many relevant chunks the whole index holds.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    if n_relevant is None:
        n_relevant = sum(ranked_relevances)
    ideal = _dcg([True] * min(n_relevant, k))
    if ideal == 0.0:
        return 0.0
    return _dcg(ranked_relevances[:k]) / ideal


# --- refusals and citations ----------------------------------------------------------


def refusal_precision_recall(pairs: Iterable[tuple[bool, bool]]) -> tuple[float, float]:
    """Precision and recall of refusals over ``(refused, unanswerable)`` pairs.

    Precision: share of refusals that were on unanswerable questions. Recall: share of
    unanswerable questions that were refused. 0/0 counts as 1.0 in both: with no refusals
    no answerable question was wrongly refused, and with no unanswerable questions none
    was missed. A system that never refuses therefore shows up through its recall.
    """
    true_pos = refused_n = unanswerable_n = 0
    for refused, unanswerable in pairs:
        refused_n += refused
        unanswerable_n += unanswerable
        true_pos += refused and unanswerable
    precision = true_pos / refused_n if refused_n else 1.0
    recall = true_pos / unanswerable_n if unanswerable_n else 1.0
    return precision, recall


def citation_support_rate(
    citation_spans: Sequence[DocSpan], gold_spans: Sequence[DocSpan]
) -> float:
    """Share of citations whose span overlaps some gold evidence span; 0.0 without citations."""
    if not citation_spans:
        return 0.0
    supported = sum(any(span_overlap(c, g) > 0 for g in gold_spans) for c in citation_spans)
    return supported / len(citation_spans)


def evidence_coverage(citation_spans: Sequence[DocSpan], gold_spans: Sequence[DocSpan]) -> float:
    """Share of gold evidence spans overlapped by some citation; 0.0 without gold spans."""
    if not gold_spans:
        return 0.0
    covered = sum(any(span_overlap(g, c) > 0 for c in citation_spans) for g in gold_spans)
    return covered / len(gold_spans)


# --- latency -------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0..100) with linear interpolation, like numpy's default."""
    if not values:
        raise ValueError("percentile of no values: record at least one measurement")
    if not 0 <= q <= 100:
        raise ValueError(f"q must be between 0 and 100, got {q}")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    lo = math.floor(position)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (position - lo)
