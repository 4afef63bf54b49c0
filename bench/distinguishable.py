"""How many questions of a global run name their own document at all, and how many of
those retrieval finds.

A question asked over a whole corpus can only be routed to its document by a word that
few documents hold. CJRC's questions were written for reading comprehension of one given
judgment ("本事故是否有人员伤亡？", "第二次犯罪的地点？"); many share every word with dozens
of other judgments. For each answerable question this groups the run by the document
frequency of the rarest query term (``index.keyword.query_terms``, the keyword index's own
terms) that its gold document holds, and prints doc hit@k per group: the share of misses
that no retriever could tell apart from other documents bounds what recall@k can reach.
A second table groups the questions by their rivals: the other documents that hold at
least as much of the question's terms, each term weighted by its inverse document
frequency, as the question's own document does. A question with eight rivals or more can
reach the top 8 by no ranking that counts which terms a document holds, however the terms
are weighted or spread over its chunks; it bounds what a lexical retriever can reach
(cjrc-dev global: 89 of the 96 questions whose document was missed have 8 or more).
A benchmark, not a test: it prints figures and never fails on them.

    caseqa eval ../shared/datasets/cjrc-dev/qa.jsonl \\
        --corpus ../shared/datasets/cjrc-dev/corpus.jsonl -q --out /tmp/cjrc-global
    python bench/distinguishable.py /tmp/cjrc-global/results.jsonl \\
        --corpus ../shared/datasets/cjrc-dev/corpus.jsonl
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# bench/index.py would otherwise shadow the index package.
sys.path.insert(0, str(ROOT))

from index.keyword import document_terms, query_terms  # noqa: E402

#: (label, most documents the rarest term may be in)
GROUPS: tuple[tuple[str, int], ...] = (("in <= 2 documents", 2), ("in 3-7 documents", 7),
                                       ("in >= 8 documents", 10**9))
#: (label, most rivals)
RIVAL_GROUPS: tuple[tuple[str, int], ...] = (("no rival", 0), ("1-7 rivals", 7),
                                             (">= 8 rivals", 10**9))


def rarest(question: str, own: set[str], frequency: Counter[str]) -> int:
    """Documents holding the rarest query term that the question's own document holds
    (a large number when it holds none)."""
    return min((frequency[t] for t in query_terms(question) if t in own), default=10**9)


def _grouped(rows: list[dict[str, Any]], terms: dict[str, set[str]], k: int,
             groups: tuple[tuple[str, int], ...],
             count: Callable[[dict[str, Any], Counter[str]], int]
             ) -> dict[str, tuple[int, int]]:
    """label -> (answerable questions, those whose document was among the top ``k``), the
    questions grouped by the first of ``groups`` (label, most) whose most is at least
    ``count(row, frequency)``; ``frequency``: documents holding each term."""
    frequency: Counter[str] = Counter(t for held in terms.values() for t in held)
    totals: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for row in rows:
        if not row["gold_answers"] or row["doc_id"] not in terms:
            continue
        n = count(row, frequency)
        label = next(name for name, most in groups if n <= most)
        totals[label] += 1
        found[label] += row["metrics"].get(f"doc_hit@{k}", 0.0) == 1.0
    return {name: (totals[name], found[name]) for name, _ in groups if totals[name]}


def by_rarity(rows: list[dict[str, Any]], terms: dict[str, set[str]],
              k: int = 8) -> dict[str, tuple[int, int]]:
    """label -> (answerable questions, those whose document was among the top ``k``), the
    questions grouped by ``rarest``; ``rows`` are results.jsonl lines of a global run,
    ``terms`` each document's keyword terms."""
    return _grouped(rows, terms, k, GROUPS,
                    lambda row, frequency: rarest(row["question"], terms[row["doc_id"]],
                                                  frequency))


def rivals(question: str, own: str, terms: dict[str, set[str]],
           frequency: Counter[str]) -> int:
    """Documents other than ``own`` whose idf-weighted share of the question's terms is at
    least ``own``'s (BM25's idf over documents)."""
    n = len(terms)
    weights = {t: math.log((n - frequency[t] + 0.5) / (frequency[t] + 0.5) + 1)
               for t in query_terms(question)}

    def held(doc: str) -> float:
        return sum(w for t, w in weights.items() if t in terms[doc])

    mine = held(own)
    return sum(1 for doc in terms if doc != own and held(doc) >= mine - 1e-9)


def by_rivals(rows: list[dict[str, Any]], terms: dict[str, set[str]],
              k: int = 8) -> dict[str, tuple[int, int]]:
    """label -> (answerable questions, those whose document was among the top ``k``), the
    questions grouped by ``rivals``."""
    return _grouped(rows, terms, k, RIVAL_GROUPS,
                    lambda row, frequency: rivals(row["question"], row["doc_id"], terms,
                                                  frequency))


def _print(table: dict[str, tuple[int, int]], heading: str, k: int) -> None:
    everything = sum(n for n, _ in table.values())
    print(f"{heading:<20} {'questions':>9} {'doc hit@' + str(k):>11}")
    for name, (n, hits) in table.items():
        print(f"{name:<20} {n:>9} {hits / n:>11.3f}")
    print(f"{'all':<20} {everything:>9} "
          f"{sum(h for _, h in table.values()) / max(everything, 1):>11.3f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("results", type=Path, help="results.jsonl of `caseqa eval --out DIR`")
    parser.add_argument("--corpus", type=Path, required=True, help="the run's corpus JSONL")
    parser.add_argument("-k", type=int, default=8, help="doc hit@k to report (default 8)")
    args = parser.parse_args(argv)
    terms: dict[str, set[str]] = {}
    with args.corpus.open(encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            # As the keyword index holds them: the title's terms with every chunk's.
            terms[str(doc.get("doc_id") or doc["id"])] = set(
                document_terms(doc.get("title") or "") + document_terms(doc["text"]))
    with args.results.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    table = by_rarity(rows, terms, args.k)
    everything = sum(n for n, _ in table.values())
    print(f"{everything} answerable questions over {len(terms)} documents; "
          f"grouped by the rarest question term their own document holds")
    _print(table, "rarest term", args.k)
    print("\ngrouped by rivals: other documents holding at least as much of the question's "
          "idf-weighted terms")
    _print(by_rivals(rows, terms, args.k), "rivals", args.k)


if __name__ == "__main__":
    main()
