"""Attribution after the fact: which retrieved passage supports each sentence of an
answer, with the scoring the extractive answerer uses (shared terms, idf-weighted, with
legal near-synonyms; blended with sentence-embedding similarity for spaced scripts).

A sentence is supported by a passage when one of the passage's sentences scores at least
the threshold against it. ``attribute`` keeps the markers a model wrote, adds the best
supporting passage's marker to a sentence whose markers support it not, and returns the
sentences nothing supports as spans of the answer, so they are shown, never hidden.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from index.embedding import Embedder, TextVectors
from index.keyword import cjk_fraction
from qa.answering import extractive
from qa.citations import MARKER
from qa.models import Hit

# A sentence of an answer, with the markers that directly follow its end ("... victim. [2]").
SENTENCE = re.compile(r"[^.!?。！？\n]*(?:[.!?。！？]+|\n|$)(?:[ \t]*\[\d{1,3}\])*")
_WORD = re.compile(r"\w")


# -- the extractive answerer's scoring, behind one thin wrapper --------------------------


def _passage_sentences(passages: Sequence[Hit]) -> list[tuple[int, str]]:
    """``(passage number, sentence text)`` of every sentence of the passages."""
    return [(c.passage, c.text) for c in extractive.candidates(passages)]


def by_passage(ranked: Sequence[tuple[int, str]], passages: Sequence[Hit]) -> list[list[str]]:
    """Per passage (index n - 1 for passage n), its sentences among ``ranked``, in their
    order in the passage."""
    chosen = set(ranked)
    return [[text for m, text in _passage_sentences(passages) if m == n and (m, text) in chosen]
            for n in range(1, len(passages) + 1)]


def _lexical(claim: str, sentences: Sequence[str], synonym_credit: float) -> list[float]:
    """Share of ``claim``'s idf-weighted terms each sentence has, in [0, 1]."""
    return extractive.coverage(claim, sentences, synonym_credit)


def answer_sentences(answer: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each sentence of ``answer`` that has words, with the markers
    that follow it, without surrounding spaces."""
    spans = []
    for m in SENTENCE.finditer(answer):
        text = m.group(0)
        if not _WORD.search(MARKER.sub("", text)):
            continue
        lead = len(text) - len(text.lstrip())
        spans.append((m.start() + lead, m.start() + len(text.rstrip())))
    return spans


@dataclass
class Attributed:
    """An answer after attribution."""

    answer: str
    #: ``[start, end)`` of the sentences no passage supports, in ``answer``.
    unsupported: list[tuple[int, int]]
    sentences: int = 0
    #: Sentences whose own markers pointed to a supporting passage.
    cited_by_model: int = 0
    #: Sentences that got the marker of a supporting passage from attribution.
    attributed: int = 0
    #: Of those, sentences whose own markers were replaced.
    replaced: int = 0
    #: Per sentence: the markers it ends with and whether one of them supports it.
    detail: list[tuple[list[int], bool]] = field(default_factory=list)


class Attributor:
    """Scores answer sentences against passage sentences and places markers."""

    def __init__(self, embedder: Embedder | None, threshold: float,
                 dense_share: float = 0.35, synonym_credit: float = 0.8) -> None:
        self.threshold = threshold
        self.dense_share = dense_share
        self.synonym_credit = synonym_credit
        self._embedder = embedder
        self._vectors = TextVectors(embedder) if embedder else None

    def ranked_sentences(self, question: str, passages: Sequence[Hit], count: int,
                         scores: Sequence[float] | None = None) -> list[tuple[int, str]]:
        """``(passage number, sentence)`` of the ``count`` passage sentences that best match
        ``question`` (same scoring as ``support``, or ``scores``: one per sentence of
        ``extractive.candidates(passages)``), best first."""
        found = _passage_sentences(passages)
        if scores is not None and len(scores) != len(found):
            raise ValueError(f"{len(scores)} scores for {len(found)} passage sentences")
        if not found:
            return []
        ranking = (np.asarray(scores, dtype=np.float32) if scores is not None
                   else self._scores([question], [text for _, text in found])[0])
        return [found[i] for i in np.argsort(-ranking, kind="stable")[:count].tolist()]

    def best_sentences(self, question: str, passages: Sequence[Hit], count: int,
                       scores: Sequence[float] | None = None) -> list[list[str]]:
        """Per passage (index n - 1 for passage n), those of its sentences that are among
        the ``count`` that best match ``question`` (``ranked_sentences``), in their order
        in the passage."""
        return by_passage(self.ranked_sentences(question, passages, count, scores),
                          passages)

    def _scores(self, claims: Sequence[str], texts: Sequence[str]) -> np.ndarray:
        """``[len(claims), len(texts)]``: terms and embedding similarity, in [0, 1]."""
        out = np.zeros((len(claims), len(texts)), dtype=np.float32)
        if not claims or not texts:
            return out
        dense = np.zeros_like(out)
        # Chinese claims are scored on terms only, as the default model is English-only.
        shares = [self.dense_share * (1.0 - cjk_fraction(c)) if self._embedder else 0.0
                  for c in claims]
        if self._vectors is not None and self._embedder is not None and max(shares) > 0.05:
            claim_vectors = self._embedder.embed_batch(list(claims))
            dense = np.clip(claim_vectors @ self._vectors(list(texts)).T, 0.0, 1.0)
        for i, claim in enumerate(claims):
            lexical = np.array(_lexical(claim, texts, self.synonym_credit), dtype=np.float32)
            out[i] = (1 - shares[i]) * lexical + shares[i] * dense[i]
        return out

    def support(self, claims: Sequence[str], passages: Sequence[Hit]) -> np.ndarray:
        """``[len(claims), len(passages)]``: how well passage j supports claim i, in [0, 1]."""
        out = np.zeros((len(claims), len(passages)), dtype=np.float32)
        found = _passage_sentences(passages)
        if not claims or not found:
            return out
        texts = [text for _, text in found]
        numbers = np.array([n - 1 for n, _ in found])
        scores = self._scores(claims, texts)
        for i in range(len(claims)):
            np.maximum.at(out[i], numbers, scores[i])
        return out

    def attribute(self, answer: str, passages: Sequence[Hit]) -> Attributed:
        """``answer`` with a supporting passage's marker on each sentence that lacks one,
        and the spans of the sentences nothing supports."""
        spans = answer_sentences(answer)
        claims = [" ".join(MARKER.sub("", answer[s:e]).split()) for s, e in spans]
        table = self.support(claims, passages)
        pieces: list[str] = []
        unsupported: list[tuple[int, int]] = []
        result = Attributed(answer, [], sentences=len(spans))
        cursor = 0
        for row, (start, end) in enumerate(spans):
            pieces.append(answer[cursor:start])
            text = answer[start:end]
            cited = [int(n) for n in MARKER.findall(text)]
            good = [n for n in cited if 1 <= n <= len(passages)
                    and table[row, n - 1] >= self.threshold]
            best = int(np.argmax(table[row])) if len(passages) else -1
            new_start = sum(len(p) for p in pieces)
            if good:
                result.cited_by_model += 1
            elif best >= 0 and table[row, best] >= self.threshold:
                # The model's own markers (if any) point to passages that do not support
                # the sentence: the supporting one replaces them.
                text = f"{' '.join(MARKER.sub('', text).split())} [{best + 1}]"
                result.replaced += bool(cited)
                result.attributed += 1
                cited = good = [best + 1]
            else:
                unsupported.append((new_start, new_start + len(text)))
            result.detail.append((cited, bool(good)))
            pieces.append(text)
            cursor = end
        pieces.append(answer[cursor:])
        result.answer = "".join(pieces)
        result.unsupported = unsupported
        return result
