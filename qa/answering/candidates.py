"""The sentences an extractive answer is read from: each retrieved passage's sentences,
with the number of the best-ranked passage holding them and their document offsets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from qa.answering.terms import passage_sentences
from qa.models import Hit

_MIN_SENTENCE = 12


@dataclass(frozen=True)
class Candidate:
    """A sentence of a retrieved passage."""

    passage: int  # 1-based number of the passage it came from
    doc_id: str
    title: str
    start: int
    end: int
    text: str


def candidates(passages: Sequence[Hit]) -> list[Candidate]:
    """The distinct sentences of the passages, keeping the best-ranked passage's number."""
    seen: set[tuple[str, int, int]] = set()
    out = []
    for number, hit in enumerate(passages, start=1):
        for s, e, text in passage_sentences(hit.text, _MIN_SENTENCE // 3):
            key = (hit.doc_id, hit.start + s, hit.start + e)
            if key in seen:
                continue
            seen.add(key)
            out.append(Candidate(number, hit.doc_id, hit.title, key[1], key[2], text))
    return out
