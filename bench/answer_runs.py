"""The pieces the answer benches share (answer_tune.py, calibrate_refusal.py): a gold
set over its index, retrieved once (passages and query vectors cached under /tmp, so a
run only composes answers), and the gold evidence an answer's citations should land on.

The index is the one ``caseqa eval`` builds for the corpus (``data/eval-index/``, pruned
to the corpus), so run the benches from the project folder as ``caseqa eval`` is.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.gold import GoldQuestion, evidence_spans, read_gold
from eval.metrics import DocSpan, find_evidence_spans, merge_spans, span_overlap
from eval.runner import RunConfig, Scope, gold_texts, prepare_index
from qa.answering.base import Draft
from qa.answering.extractive import ExtractiveAnswerer
from qa.models import Citation, Hit
from qa.service import QAService
from qa.settings import Settings

#: A question's passages and the query vector retrieval used (shape (dimension,)).
Retrieved = tuple[list[Hit], Any]


@dataclass
class GoldRun:
    """A gold set ready to answer: the service, its questions, their documents' texts
    (by doc_id) and what retrieval found for each (by qid)."""

    service: QAService
    questions: list[GoldQuestion]
    texts: dict[str, str]
    retrieved: dict[str, Retrieved]


def _cache_path(gold: Path, corpus: Sequence[Path], scope: Scope, k: int,
                settings: Settings) -> Path:
    key = repr((str(gold.resolve()), [str(c.resolve()) for c in corpus], scope, k,
                settings.index.shape(), settings.retrieval.model_dump(mode="json")))
    return Path("/tmp") / f"caseqa-answer-tune-{hashlib.sha1(key.encode()).hexdigest()[:12]}.pkl"


def open_run(gold: Path, corpus: Sequence[Path], scope: Scope, k: int, settings: Settings,
             limit: int | None = None) -> GoldRun:
    """The first ``limit`` questions of ``gold`` (all: None) over the index of ``corpus``
    (seeds/ when empty), each retrieved with ``k`` passages, in its own document
    (``scope="doc"``) or the whole index ("global"). Retrieval comes from the cache when
    it holds the question; the answer settings of ``settings`` do not enter the cache key.
    Raises EvalError when the gold file or corpus cannot be read."""
    config = RunConfig(gold=gold, corpus=tuple(corpus), scope=scope, k=k)
    settings, _ = prepare_index(config, settings)
    service = QAService.load(settings, create=False)
    questions = read_gold(gold, limit)
    cache = _cache_path(gold, corpus, scope, k, settings)
    retrieved: dict[str, Retrieved] = pickle.loads(cache.read_bytes()) if cache.exists() else {}
    missing = [q for q in questions if q.qid not in retrieved]
    for q in missing:
        doc_ids = [q.doc_id] if scope == "doc" else None
        vector = service.embedder.embed_query(q.question)
        retrieved[q.qid] = (service.search_sync(q.question, k, doc_ids, None,
                                                query_vector=vector), vector)
    if missing:
        cache.write_bytes(pickle.dumps(retrieved))
    return GoldRun(service, questions, gold_texts(service, questions), retrieved)


def compose(run: GoldRun, q: GoldQuestion) -> Draft:
    """The extractive answer to ``q`` from its cached passages (citations unchecked)."""
    answerer = run.service.extractive
    assert isinstance(answerer, ExtractiveAnswerer), type(answerer)
    hits, vector = run.retrieved[q.qid]
    return answerer.compose(q.question, hits, vector)


def gold_evidence(q: GoldQuestion, text: str, every_occurrence: bool = False) -> list[DocSpan]:
    """The question's gold evidence in its document, merged: where ``caseqa eval`` finds it
    (the annotated copy when there is one), or with ``every_occurrence`` every place its
    evidence strings occur."""
    spans = (find_evidence_spans(text, q.evidence) if every_occurrence and q.evidence
             else evidence_spans(q, text)[0])
    return merge_spans([(q.doc_id, s, e) for s, e in spans])


def cited_spans(citations: Sequence[Citation]) -> list[DocSpan]:
    """The ``(doc_id, start, end)`` spans an answer cites."""
    return [(c.doc_id, c.start, c.end) for c in citations]


def cites_evidence(citations: Sequence[Citation], gold: Sequence[DocSpan]) -> bool:
    """Whether any citation overlaps any gold span."""
    return any(span_overlap(c, g) > 0 for c in cited_spans(citations) for g in gold)
