"""Prometheus metrics beyond Litestar's per-route request counts and latencies."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

STAGE_SECONDS = Histogram(
    "caseqa_stage_seconds", "Time spent per answering stage (embed, retrieve, answer)",
    ["stage"], buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
                        10, 30))
INDEX_DOCUMENTS = Gauge("caseqa_index_documents", "Documents in the index")
INDEX_CHUNKS = Gauge("caseqa_index_chunks", "Chunks in the index")
LLM_FALLBACKS = Counter("caseqa_llm_fallbacks", "Answers that fell back from the LLM to extractive")


def observe_stage(stage: str, seconds: float) -> None:
    """Record one stage's duration."""
    STAGE_SECONDS.labels(stage=stage).observe(seconds)


def set_index_size(documents: int, chunks: int) -> None:
    """Publish the index's size."""
    INDEX_DOCUMENTS.set(documents)
    INDEX_CHUNKS.set(chunks)
