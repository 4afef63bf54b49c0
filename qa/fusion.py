"""Rank fusion and diversity: pure functions over ids and scores."""

from __future__ import annotations

from collections.abc import Hashable, Sequence, Set
from typing import TypeVar

import numpy as np

K = TypeVar("K", bound=Hashable)


def reciprocal_rank_fusion(rankings: Sequence[Sequence[K]], weights: Sequence[float],
                           rrf_k: int) -> list[tuple[K, float]]:
    """Weighted RRF: each list adds ``weight / (rrf_k + rank)`` (rank from 1) to an item.

    Ties keep the order in which items were first seen, best lists first.
    """
    if len(rankings) != len(weights):
        raise ValueError("one weight per ranking")
    scores: dict[K, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (rrf_k + rank)
    return sorted(scores.items(), key=lambda pair: -pair[1])


def document_ranking(documents: Sequence[K], held: Sequence[Set[Hashable]]) -> list[K]:
    """Documents best first by how many distinct query terms (or concepts) they hold
    (``held[i]``: those ``documents[i]`` holds), ties in the given order.

    A question about one judgment among many shares its words one by one with dozens of
    them ("原告和被告何时离婚？"); its own document is likelier among those that hold most
    of the words together, in whichever chunks.
    """
    if len(documents) != len(held):
        raise ValueError("one set of terms per document")
    order = sorted(range(len(documents)), key=lambda i: -len(held[i]))
    return [documents[i] for i in order]


def dense_weight_for(cjk_share: float, english_weight: float, cjk_weight: float) -> float:
    """The dense ranking's weight for a query with this share of CJK letters.

    Dense and keyword rankings are worth different amounts in each language (on Chinese
    judgments keyword terms are sharper than the embedding), so each language has its
    weight and mixed queries get a blend.
    """
    share = min(max(cjk_share, 0.0), 1.0)
    return english_weight * (1.0 - share) + cjk_weight * share


def mmr(query: np.ndarray, vectors: np.ndarray, relevance: Sequence[float], k: int,
        lam: float = 0.7) -> list[int]:
    """Maximal marginal relevance: indexes of ``k`` items, relevant yet unlike each other.

    ``relevance`` is each item's relevance to the query (e.g. its fused score, scaled to
    [0, 1]); similarity between items is the cosine of their vectors.
    """
    n = len(relevance)
    if n == 0 or k <= 0:
        return []
    rel = np.asarray(relevance, dtype=np.float64)
    span = rel.max() - rel.min()
    rel = (rel - rel.min()) / span if span > 0 else np.ones_like(rel)
    sims = vectors @ vectors.T
    chosen: list[int] = [int(np.argmax(rel))]
    while len(chosen) < min(k, n):
        redundancy = sims[:, chosen].max(axis=1)
        score = lam * rel - (1 - lam) * redundancy
        score[chosen] = -np.inf
        chosen.append(int(np.argmax(score)))
    return chosen
