"""The default answerer: picks the retrieved sentences that answer the question.

Each sentence is scored by how much of the question's (idf-weighted) terms it covers,
blended with its embedding's similarity to the question; the best few, cited
verbatim, make the answer. Weak evidence gets the refusal.
"""

from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

import anyio.to_thread
import numpy as np
import snowballstemmer

from index.chunking import sentence_spans
from index.embedding import Embedder
from index.keyword import cjk_fraction, document_terms, query_terms
from qa.answering.base import Answerer, Draft, refusal
from qa.models import Citation, Hit
from qa.settings import AnswerSettings

_MIN_SENTENCE = 12
# Sentences of the best few passages are embedded; the rest rely on their terms.
_DENSE_PASSAGES = 4


_STEMMER = snowballstemmer.stemmer("english")


def stem(term: str) -> str:
    """English Snowball stem ("remedies" and "remedy" meet at "remedi"); others unchanged."""
    return str(_STEMMER.stemWord(term)) if term.isascii() else term


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
        for s, e in sentence_spans(hit.text):
            key = (hit.doc_id, hit.start + s, hit.start + e)
            text = hit.text[s:e]
            if key in seen or len(re.sub(r"\W", "", text)) < _MIN_SENTENCE // 3:
                continue
            seen.add(key)
            out.append(Candidate(number, hit.doc_id, hit.title, key[1], key[2], text))
    return out


def coverage(question: str, sentences: Sequence[str]) -> list[float]:
    """Share of the question's idf weight that each sentence's terms cover."""
    wanted = {stem(t) for t in query_terms(question)}
    if not wanted or not sentences:
        return [0.0] * len(sentences)
    term_sets = [{stem(t) for t in document_terms(s)} for s in sentences]
    n = len(sentences)
    idf = {t: math.log(1 + (n + 1) / (1 + sum(t in ts for ts in term_sets))) for t in wanted}
    total = sum(idf.values())
    return [sum(idf[t] for t in wanted & ts) / total for ts in term_sets]


class SentenceVectors:
    """A bounded cache of sentence embeddings, so repeated passages cost nothing."""

    def __init__(self, embedder: Embedder, size: int = 20_000) -> None:
        self._embedder = embedder
        self._size = size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            vectors = self._embedder.embed_batch(missing)
            with self._lock:
                for text, vector in zip(missing, vectors, strict=True):
                    self._cache[text] = vector
                while len(self._cache) > self._size:
                    self._cache.popitem(last=False)
        with self._lock:
            out = []
            for text in texts:
                vector = self._cache.get(text)
                if vector is None:  # evicted meanwhile by another thread's batch
                    vector = self._embedder.embed_batch([text])[0]
                out.append(vector)
        return np.stack(out) if out else np.zeros((0, self._embedder.dimension), np.float32)


class ExtractiveAnswerer(Answerer):
    """Answers with verbatim sentences of the passages, each cited."""

    mode = "extractive"

    def __init__(self, embedder: Embedder, settings: AnswerSettings) -> None:
        self.settings = settings
        self._embedder = embedder
        self._vectors = SentenceVectors(embedder)

    def scores(self, question: str, found: Sequence[Candidate],
               question_vector: np.ndarray | None = None) -> list[float]:
        """Support of each candidate sentence for the question, in [0, 1]."""
        if not found:
            return []
        lexical = coverage(question, [c.text for c in found])
        share = cjk_fraction(question)
        dense_weight = 0.5 * (1.0 - share)
        dense = [0.0] * len(found)
        if dense_weight > 0.05:
            vector = (question_vector if question_vector is not None
                      else self._embedder.embed_query(question))
            near = [i for i, c in enumerate(found) if c.passage <= _DENSE_PASSAGES]
            if near:
                sims = self._vectors([found[i].text for i in near]) @ vector
                for i, sim in zip(near, sims, strict=True):
                    dense[i] = max(float(sim), 0.0)
        return [((1 - dense_weight) * lex + dense_weight * den) * (1 - 0.02 * (c.passage - 1))
                for lex, den, c in zip(lexical, dense, found, strict=True)]

    def compose(self, question: str, passages: Sequence[Hit],
                question_vector: np.ndarray | None = None) -> Draft:
        """The answer: the best sentences in reading order, each followed by its marker."""
        found = candidates(passages)
        scores = self.scores(question, found, question_vector)
        if not scores or max(scores) < self.settings.min_support:
            return refusal()
        best = max(scores)
        ranked = sorted(range(len(found)), key=lambda i: -scores[i])
        chosen = [i for i in ranked if scores[i] >= 0.85 * best][: self.settings.max_sentences]
        first_seen = {c.doc_id: c.passage for c in reversed(found)}
        chosen.sort(key=lambda i: (first_seen[found[i].doc_id], found[i].start))
        citations, parts = [], []
        for n, i in enumerate(chosen, start=1):
            c = found[i]
            citations.append(Citation(n, c.doc_id, c.title, c.start, c.end, c.text))
            parts.append(f"{c.text} [{n}]")
        return Draft(" ".join(parts), False, citations)

    async def stream(self, question: str, passages: Sequence[Hit],
                     question_vector: np.ndarray | None = None) -> AsyncIterator[str | Draft]:
        draft = await anyio.to_thread.run_sync(self.compose, question, passages,
                                               question_vector)
        pieces = re.split(r"(?<=\]) ", draft.answer)
        for i, piece in enumerate(pieces):
            yield piece if i == len(pieces) - 1 else piece + " "
        yield draft
