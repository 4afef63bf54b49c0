"""The sentences an extractive answer is read from: each retrieved passage's sentences,
with the number of the best-ranked passage holding them and their document offsets.

A passage that reaches past its chunk to make the clauses its edges cut whole
(``Hit.chunk``) is read as its chunk, so its sentences are scored as they were indexed;
a sentence its chunk's edge cuts carries the rest of the clause (``before``, ``after``)
for its quote and answer (``whole_quote``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from qa.answering.alignment import chinese_words
from qa.answering.headings import heading_end
from qa.answering.lists import list_end, list_start
from qa.answering.spans import amounts
from qa.answering.terms import passage_sentences
from qa.models import Hit

#: Word characters of a whole sentence: a passage's sentence with a third of them is a
#: candidate; the rest of a sentence after a run-in heading needs all of them to stand alone.
MIN_SENTENCE = 12


@dataclass(frozen=True)
class Candidate:
    """A sentence of a retrieved passage."""

    passage: int  # 1-based number of the passage it came from
    doc_id: str
    title: str
    start: int
    end: int
    text: str
    #: The document's text right before ``start`` / after ``end`` that completes the
    #: clause a chunk edge cuts ("" where the sentence does not touch such an edge).
    before: str = ""
    after: str = ""
    #: Whether the sentence ends where its chunk was cut inside a clause, so that an
    #: answer running to its end runs on through ``after``.
    open_end: bool = False
    #: A section heading the text ran into the sentence ("Use of Information " before
    #: "We use ..."; ``qa.answering.headings``): no part of its answer or quote, but its
    #: words say what the sentence is about, so it is scored with them (``scored``).
    heading: str = ""


def scored(c: Candidate) -> str:
    """The text a candidate's support is measured on: its heading, then its sentence."""
    return c.heading + c.text


def candidates(passages: Sequence[Hit]) -> list[Candidate]:
    """The distinct sentences of the passages, keeping the best-ranked passage's number."""
    seen: set[tuple[str, int, int]] = set()
    out = []
    for number, hit in enumerate(passages, start=1):
        low, high = hit.chunk or (hit.start, hit.end)
        chunk = hit.text[low - hit.start:high - hit.start]
        first, last = low - hit.start, high - hit.start  # the chunk's edges in hit.text
        for s, e, _ in passage_sentences(chunk, MIN_SENTENCE // 3):
            s, e = s + first, e + first
            # (A chunk cut at 、 splits an enumeration, 被告金x2、|沈x3作为保证人: the
            # sentence is read over the cut to its clause's edges, which the passage holds.)
            s = list_start(hit.text, s) if s == first else s
            e = list_end(hit.text, e) if e == last else e
            # (An edge inside a value or name is moved over it: 鉴定费1750|元, B|2.)
            token = _token_at(hit.text, s) if s == first and first > 0 else None
            s = token[0] if token is not None else s
            token = _token_at(hit.text, e) if e == last and last < len(hit.text) else None
            e, open_end = (token[1], False) if token is not None else (e, e == last)
            # (A heading run into its sentence is no part of it, but says what it is
            # about: ``heading_end``, ``Candidate.heading``.)
            cut = heading_end(hit.text[s:e])
            cut = cut if len(re.sub(r"\W", "", hit.text[s + cut:e])) >= MIN_SENTENCE else 0
            heading, s = hit.text[s:s + cut], s + cut
            key = (hit.doc_id, hit.start + s, hit.start + e)
            if key in seen:
                continue
            seen.add(key)
            before = hit.text[:s] if s <= first else ""
            after = hit.text[e:] if e >= last else ""
            out.append(Candidate(number, hit.doc_id, hit.title, key[1], key[2],
                                 hit.text[s:e], before, after,
                                 open_end and e < len(hit.text), heading))
    return out


# An anonymised name a chunk edge may split (权x|28, 张某|3).
_NAME = re.compile(r"[\u4e00-\u9fff]{1,2}(?:某某|某[\d一二三甲乙丙丁]*|[xX×ｘＸ]\d+|\d{1,3}某?)")


def _crossing(spans: Sequence[tuple[int, int]], cut: int) -> tuple[int, int] | None:
    return next(((s, e) for s, e in spans if s < cut < e), None)


def _token_at(text: str, cut: int) -> tuple[int, int] | None:
    """The amount, anonymised name or run of ASCII letters and digits of ``text`` that
    ``cut`` splits (鉴定费1750|元, 权x|28, B|2), or None."""
    found = (_crossing(amounts(text), cut)
             or _crossing([m.span() for m in _NAME.finditer(text)], cut))
    if found is None and 0 < cut < len(text) and all(
            ch.isascii() and ch.isalnum() for ch in text[cut - 1:cut + 1]):
        head = re.search(r"[A-Za-z0-9]+$", text[:cut])
        tail = re.match(r"[A-Za-z0-9]+", text[cut:])
        if head is not None and tail is not None:
            found = (head.start(), cut + tail.end())
    return found


def whole_quote(c: Candidate, start: int, end: int,
                clause: bool = True) -> tuple[int, int, str, int, int]:
    """``(quote_start, quote_end, quote, answer_start, answer_end)`` (document offsets)
    of an answer ``c.text[start:end]``: the quote is the sentence with the clause a chunk
    edge cuts made whole (``c.before + c.text + c.after``), and an answer that runs to
    the sentence's end where a chunk edge cut a clause (``c.open_end``) runs on: a
    ``clause`` answer (a run the question's words leave, cut where its clause ends) to
    the clause's end (…至黄XX|独立生活时止每月给付…的二分之一), another (a typed value,
    a name, a role) over the word the edge splits (事故发|生后) and no further. (A value
    or name the edge split is already whole in ``c.text``: ``candidates``.)"""
    text = c.before + c.text + c.after
    shift = len(c.before)
    origin = c.start - shift
    a, b = start + shift, end + shift
    if c.open_end and b == shift + len(c.text):
        if clause:
            b = len(text)
        else:
            word = next(((s, e) for s, e in chinese_words(text) if s < b < e), None)
            b = word[1] if word is not None else b
    return origin, origin + len(text), text, origin + a, origin + b
