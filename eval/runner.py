"""Runs gold questions through the answering core in process and scores every answer.

The service is the one ``caseqa serve`` runs (``QAService``): questions go through
``search_sync`` (one ranking 20 deep per question, for the recall@k curves) and ``ask``
(the served answer), so what is measured is what is served.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any, Literal

from eval.errors import EvalError
from eval.gold import GoldQuestion, evidence_spans, read_gold
from eval.llm_metrics import answer_figures
from eval.llm_metrics import summarize as summarize_llm
from eval.metrics import DocSpan
from eval.scoring import (
    CURVE_DEPTH,
    FAILURES,
    Outcome,
    average,
    curves,
    failure,
    latency,
    mean_curves,
    question_names,
    question_score,
    refusal_scores,
    score_question,
)
from index.documents import read_paths
from index.ingest import Indexer, ProgressFactory
from index.settings import IndexSettings
from qa.answering.sentence_vectors import refresh_index
from qa.citations import check_citations
from qa.models import Answer, Hit, Mode, Question
from qa.service import QAService
from qa.settings import Settings

Scope = Literal["global", "doc"]
Strategy = Literal["hybrid", "dense", "keyword"]
DEFAULT_CORPUS = Path("seeds")
EVAL_INDEX_ROOT = Path("data/eval-index")
#: Per-answer-type averages shown in the report.
TYPE_METRICS = ("evidence_recall@{k}", "doc_hit@{k}", "token_f1", "answer_recall",
                "citation_support", "refusal_correct")


@dataclass(frozen=True)
class RunConfig:
    """One evaluation run: which questions, which corpus and index, how to ask."""

    gold: Path
    corpus: tuple[Path, ...] = ()  # empty: seeds/, unless index_dir names an index to use
    index_dir: Path | None = None  # None: a directory under data/eval-index for the corpus
    k: int = 8
    mode: Mode | None = None
    scope: Scope = "global"
    retriever: Strategy = "hybrid"
    limit: int | None = None
    answers: bool = True  # False: retrieval metrics only


@dataclass
class IndexInfo:
    """The index a run used and what preparing it cost."""

    dir: str
    synced: bool
    corpus: list[str] = field(default_factory=list)
    build_s: float | None = None
    embedded: int = 0
    chunks_written: int = 0
    documents: int = 0
    chunks: int = 0
    last_build: dict[str, Any] | None = None


@dataclass
class Run:
    """A finished run: its description, one record per question, and the averages."""

    info: dict[str, Any]
    records: list[dict[str, Any]]
    metrics: dict[str, float | None]
    counts: dict[str, int]
    curves: dict[str, list[float]]
    by_type: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def k(self) -> int:
        """The k of the run's @k metrics."""
        return int(self.info["k"])

    def summary(self) -> dict[str, Any]:
        """The content of metrics.json."""
        return {"run": self.info, "metrics": self.metrics, "counts": self.counts,
                "curves": {"k": list(range(1, CURVE_DEPTH + 1)), **self.curves},
                "by_answer_type": self.by_type}


# -- the index -------------------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.") or "corpus"


def _label(path: Path) -> str:
    # A corpus file is usually called corpus.jsonl: its folder names the dataset.
    return f"{path.resolve().parent.name}-{path.stem}" if path.suffix else path.name


def derived_index_dir(corpus: Sequence[Path], index: IndexSettings,
                      root: Path = EVAL_INDEX_ROOT) -> Path:
    """The index directory for a corpus under these index-shaping settings.

    Its name carries the corpus and a hash of the corpus paths and the settings, so a
    change of model or chunking gets its own index instead of a refused one.
    """
    key = json.dumps({"corpus": [str(p.resolve()) for p in corpus], "shape": index.shape()},
                     sort_keys=True)
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]
    label = _slug("+".join(_label(p) for p in corpus))[:60]
    return root / f"{label}-{digest}"


def _build_record_path(directory: Path) -> Path:
    return directory.with_name(directory.name + ".build.json")


def prepare_index(config: RunConfig, settings: Settings,
                  progress: ProgressFactory | None = None) -> tuple[Settings, IndexInfo]:
    """Settings pointing at the run's index, brought in line with its corpus first.

    A derived directory is pruned to exactly the corpus; an index named with
    ``index_dir`` is only added to, never pruned, and without a corpus it is used as is.
    """
    corpus = config.corpus
    if not corpus and config.index_dir is not None:
        return settings.with_index_dir(config.index_dir), IndexInfo(str(config.index_dir),
                                                                    synced=False)
    corpus = corpus or (DEFAULT_CORPUS,)
    missing = [str(p) for p in corpus if not p.exists()]
    if missing:
        raise EvalError(f"corpus not found: {', '.join(missing)}; pass --corpus CORPUS.jsonl "
                        "(or run from the project folder, where seeds/ is the default)")
    derived = config.index_dir is None
    directory = config.index_dir or derived_index_dir(corpus, settings.index)
    settings = settings.with_index_dir(directory)
    report = Indexer(settings.index).sync(read_paths(corpus), prune=derived, progress=progress)
    refresh_index(settings)
    info = IndexInfo(str(directory), True, [str(p) for p in corpus], report.seconds,
                     report.embedded, report.chunks)
    record = _build_record_path(directory)
    if derived and report.embedded:
        record.write_text(json.dumps({"seconds": report.seconds, "embedded": report.embedded,
                                      "chunks_written": report.chunks,
                                      "at": datetime.now(UTC).isoformat(timespec="seconds")}),
                          encoding="utf-8")
    if derived and record.exists():
        info.last_build = json.loads(record.read_text(encoding="utf-8"))
    return settings, info


# -- asking ----------------------------------------------------------------------------


def _spans(hits: Sequence[Hit]) -> list[DocSpan]:
    return [(h.doc_id, h.start, h.end) for h in hits]


async def _answer_from(service: QAService, question: str, hits: list[Hit],
                       mode: str | None) -> Answer:
    # Only for --retriever dense/keyword: ask() always retrieves hybrid, so the answerer
    # is handed the ablated passages directly, under the same citation check.
    answerer = service.answerer(mode)
    draft = await answerer.answer(question, hits)
    check_citations(draft.citations, hits)
    return Answer(draft.answer, draft.refused, draft.citations, hits, answerer.mode,
                  warnings=draft.warnings)


async def _ask(service: QAService, q: GoldQuestion, config: RunConfig,
               hits: list[Hit]) -> tuple[Answer, float, bool | None]:
    doc_ids = [q.doc_id] if config.scope == "doc" else None
    started = time.perf_counter()
    if config.retriever != "hybrid":
        answer = await _answer_from(service, q.question, hits[:config.k], config.mode)
        return answer, (time.perf_counter() - started) * 1000, None
    answer = await service.ask(Question(q.question, config.k, doc_ids, None, config.mode))
    took = (time.perf_counter() - started) * 1000
    return answer, took, _spans(answer.passages) == _spans(hits[:config.k])


def _hit_json(rank: int, hit: Hit, with_text: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"rank": rank, "chunk_id": hit.chunk_id, "doc_id": hit.doc_id,
                           "start": hit.start, "end": hit.end, "score": hit.score}
    if with_text:
        out["text"] = hit.text
    return out


async def _question(service: QAService, q: GoldQuestion, text: str,
                    config: RunConfig) -> dict[str, Any]:
    spans, source = evidence_spans(q, text)
    evidence = [(q.doc_id, s, e) for s, e in spans]
    doc_ids = [q.doc_id] if config.scope == "doc" else None
    started = time.perf_counter()
    hits = service.search_sync(q.question, max(CURVE_DEPTH, config.k), doc_ids, None,
                               config.retriever)
    retrieve_ms = (time.perf_counter() - started) * 1000
    answer: Answer | None = None
    answer_ms: float | None = None
    served_match: bool | None = None
    if config.answers:
        answer, answer_ms, served_match = await _ask(service, q, config, hits)
        if config.retriever != "hybrid":
            answer_ms += retrieve_ms
    ranked = _spans(hits)
    outcome = Outcome(ranked, answer.answer if answer else None,
                      bool(answer and answer.refused),
                      [(c.doc_id, c.start, c.end) for c in answer.citations] if answer else [])
    metrics = score_question(q.doc_id, q.answers, evidence, outcome, config.k)
    return {
        "qid": q.qid, "question": q.question, "doc_id": q.doc_id,
        "answer_type": q.answer_type, "lang": q.lang, "gold_answers": list(q.answers),
        "evidence": [list(s) for s in spans], "evidence_source": source,
        "retrieved": [_hit_json(i, h, i <= config.k) for i, h in enumerate(hits, start=1)],
        "answer": None if answer is None else {
            "text": answer.answer, "refused": answer.refused, "mode": answer.mode,
            "warnings": list(answer.warnings)},
        "citations": [asdict(c) for c in answer.citations] if answer else [],
        "llm": answer_figures(answer, evidence) if answer else None,
        "served_passages_match": served_match,
        "metrics": metrics,
        "curves": curves(q.doc_id, evidence, ranked),
        "score": question_score(metrics, config.k),
        "failure": failure(metrics, config.k, q.answerable),
        "timing_ms": {"retrieve": retrieve_ms, "ask": answer_ms},
    }


async def _ask_all(settings: Settings, questions: Sequence[GoldQuestion], config: RunConfig,
                   progress: bool) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Index counts and one record per question, from the service as `caseqa ask` and the
    app build it (QAService.open: its answerers and one LLM client for the run)."""
    async with QAService.open(settings, create=False) as service:
        try:
            stats = service.stats()
            texts = gold_texts(service, questions)
            return stats, await _ask_each(service, questions, texts, config, progress)
        finally:
            service.store.close()


async def _ask_each(service: QAService, questions: Sequence[GoldQuestion],
                    texts: dict[str, str], config: RunConfig,
                    progress: bool) -> list[dict[str, Any]]:
    from tqdm import tqdm

    if questions and config.answers:
        # One untimed question first: the first call into torch and the caches is slow,
        # and a served index has long been warm.
        await _question(service, questions[0], texts[questions[0].doc_id], config)
    records = []
    with tqdm(total=len(questions), desc="questions", unit="q", disable=not progress,
              file=sys.stderr) as bar:
        for q in questions:
            records.append(await _question(service, q, texts[q.doc_id], config))
            bar.update(1)
    return records


def gold_texts(service: QAService, questions: Sequence[GoldQuestion]) -> dict[str, str]:
    """The text of every gold document, from the index (so spans match what it stores)."""
    doc_ids = sorted({q.doc_id for q in questions})
    missing = service.store.missing_doc_ids(doc_ids)
    if missing:
        shown = ", ".join(map(repr, missing[:5])) + (" ..." if len(missing) > 5 else "")
        raise EvalError(f"{len(missing)} gold doc_id(s) are not in the index "
                        f"{service.settings.index.dir}: {shown}; pass the corpus they come "
                        "from with --corpus")
    texts = {}
    for doc_id in doc_ids:
        doc = service.store.get_document(doc_id)
        assert doc is not None
        texts[doc_id] = doc.text
    return texts


# -- the run ---------------------------------------------------------------------------


def _git_commit() -> str | None:
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, timeout=5, check=False)
    except OSError:
        return None
    return done.stdout.strip() or None


def _version() -> str:
    try:
        return metadata.version("caseqa")
    except metadata.PackageNotFoundError:
        return "unknown"


def _by_type(records: Sequence[dict[str, Any]], k: int) -> dict[str, dict[str, Any]]:
    names = [n.format(k=k) for n in TYPE_METRICS]
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        groups.setdefault(record["answer_type"], []).append(record)
    out = {}
    for answer_type, group in groups.items():
        values, _ = average(group, names)
        out[answer_type] = {"n": len(group), **values}
    return out


def summarize(config: RunConfig, settings: Settings, index: IndexInfo,
              records: list[dict[str, Any]], started_at: str, seconds: float) -> Run:
    """Averages, curves and the run's description from the per-question records."""
    names = [n for n in question_names(config.k) if n not in ("refused", "refusal_correct")]
    metrics, counts = average(records, names)
    metrics.update(refusal_scores(records))
    timing = "ask" if config.answers else "retrieve"
    metrics.update(latency([r["timing_ms"][timing] for r in records]))
    if config.answers and (config.mode or settings.answer.mode) == "llm":
        metrics.update(summarize_llm([r.get("llm") for r in records]))
    metrics["index_build_s"] = index.build_s
    metrics["index_last_build_s"] = (index.last_build or {}).get("seconds")
    served = [r["served_passages_match"] for r in records
              if r["served_passages_match"] is not None]
    info = {
        "gold": str(config.gold), "corpus": index.corpus,
        "index": asdict(index), "k": config.k,
        "mode": (config.mode or settings.answer.mode) if config.answers else None,
        "scope": config.scope, "retriever": config.retriever, "limit": config.limit,
        "questions": len(records),
        "answerable": sum(bool(r["gold_answers"]) for r in records),
        "unanswerable": sum(not r["gold_answers"] for r in records),
        "evidence_sources": dict(Counter(r["evidence_source"] for r in records)),
        "failures": {kind: sum(r["failure"] == kind for r in records) for kind in FAILURES},
        "served_passages_differ": len(served) - sum(served),
        "answer_modes": dict(Counter(r["answer"]["mode"] for r in records if r["answer"])),
        "started_at": started_at, "seconds": seconds,
        "caseqa": _version(), "git_commit": _git_commit(),
        "settings": {"index": settings.index.shape(),
                     "retrieval": settings.retrieval.model_dump(mode="json"),
                     "answer": settings.answer.model_dump(mode="json")},
    }
    return Run(info, records, metrics, counts, mean_curves(records),
               _by_type(records, config.k))


def run(config: RunConfig, settings: Settings, progress: ProgressFactory | None = None,
        progress_bar: bool = True) -> Run:
    """Prepare the index, ask every gold question, and score the answers."""
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    started = time.perf_counter()
    questions = read_gold(config.gold, config.limit)
    settings, index = prepare_index(config, settings, progress)
    stats, records = asyncio.run(_ask_all(settings, questions, config, progress_bar))
    index = replace(index, documents=int(stats.get("documents", 0)),
                    chunks=int(stats.get("chunks", 0)))
    return summarize(config, settings, index, records, started_at,
                     time.perf_counter() - started)
