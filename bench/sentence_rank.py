"""Where the gold evidence sentence ranks among the extractive answerer's candidates.

The extractive answer comes from the best-supported sentences of the retrieved passages,
so its ceiling is how often the sentence holding the gold evidence is ranked first. This
reads a `caseqa eval --out DIR` run (its results.jsonl keeps each question's retrieved
passages and the gold evidence offsets), splits the passages into candidate sentences as
the answerer does, scores them with `ExtractiveAnswerer.scores` under the current
settings, and prints the share of questions whose gold sentence is in the top k.

    caseqa eval ../shared/datasets/policyqa-dev/qa.jsonl \\
        --corpus ../shared/datasets/policyqa-dev/corpus.jsonl --scope doc --out /tmp/pq
    python bench/sentence_rank.py /tmp/pq

(policyqa-dev, 2026-12-01: top 1 0.188, top 3 0.382, top 5 0.504, top 10 0.686.)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.embedding import load_embedder  # noqa: E402
from qa.answering.extractive import ExtractiveAnswerer, candidates  # noqa: E402
from qa.models import Hit  # noqa: E402
from qa.settings import Settings  # noqa: E402

TOP = (1, 2, 3, 5, 10, 20)


def gold_ranks(results: Path, answerer: ExtractiveAnswerer) -> list[int | None]:
    """For each answerable question with retrieved passages: the 0-based rank of the
    first candidate sentence overlapping gold evidence, or None when none does."""
    ranks: list[int | None] = []
    for line in results.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        evidence = row.get("evidence") or []
        hits = [Hit(p["chunk_id"], p["doc_id"], "", p["text"], p["start"], p["end"],
                    p["score"], 0.0, None, None)
                for p in row.get("retrieved", []) if "text" in p]
        if not evidence or not hits:
            continue
        found = candidates(hits)
        support = answerer.scores(row["question"], found)
        order = sorted(range(len(found)), key=lambda i: -support[i])
        ranks.append(next((rank for rank, i in enumerate(order)
                           if any(found[i].start < end and start < found[i].end
                                  for start, end in evidence)), None))
    return ranks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run", type=Path, help="a `caseqa eval --out` directory")
    args = parser.parse_args(argv)
    results = args.run / "results.jsonl"
    if not results.is_file():
        parser.error(f"{results} does not exist: give the --out directory of a caseqa eval")
    settings = Settings()
    answerer = ExtractiveAnswerer(load_embedder(settings.index.embedding.model),
                                  settings.answer, settings.retrieval.cross_lingual_model,
                                  settings.retrieval.query_translation)
    ranks = gold_ranks(results, answerer)
    if not ranks:
        print("no answerable question with retrieved passages and evidence offsets")
        return 1
    for k in TOP:
        share = sum(1 for r in ranks if r is not None and r < k) / len(ranks)
        print(f"gold sentence in the top {k:>2}: {share:.3f}")
    print(f"in no candidate: {sum(r is None for r in ranks) / len(ranks):.3f} "
          f"({len(ranks)} questions)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
