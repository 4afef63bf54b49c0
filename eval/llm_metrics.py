"""What an LLM-mode run adds to the report: how many answer sentences carry a citation
of a passage that supports them, how many are marked unsupported, whether citations sit
on the gold evidence and inside the retrieved passages, whether any quote the model made
up went unflagged, and how often the LLM fell back to the extractive answer.

Per answer ``answer_figures`` counts; ``summarize`` turns the counts of a run into the
``llm_*`` metrics (shares in [0, 1], counts as numbers).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qa.answering.attribution import answer_sentences
from qa.answering.llm import quote_sources, quoted_phrases
from qa.models import Answer

#: The LLM figures, in report order, and what each measures.
DESCRIPTIONS = {
    "llm_answers": "questions answered by the LLM (not refused, no fallback)",
    "llm_fallbacks": "questions the LLM failed and the extractive answerer answered",
    "llm_sentences": "sentences in the LLM's answers",
    "llm_supported_share": "share of answer sentences with a citation of a passage that "
                           "supports them",
    "llm_unsupported_share": "share of answer sentences returned marked unsupported",
    "llm_citations_on_evidence": "share of LLM citations that overlap the gold evidence",
    "llm_citations_outside_passages": "citations not inside a retrieved passage (must be 0)",
    "llm_unflagged_quotes": "quoted phrases not in their cited passage and not flagged "
                            "(must be 0)",
}


def _normal(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").split()).casefold()


def answer_figures(answer: Answer, evidence: Sequence[tuple[str, int, int]]) -> dict[str, int]:
    """Counts for one answer: sentences, unsupported ones, citations (on evidence, outside
    the passages) and made-up quotes without a warning."""
    out = {"llm": int(answer.mode == "llm"), "refused": int(answer.refused), "sentences": 0,
           "unsupported": 0, "citations": 0, "on_evidence": 0, "outside": 0, "unflagged": 0}
    if answer.mode != "llm" or answer.refused:
        return out
    out["sentences"] = len(answer_sentences(answer.answer))
    out["unsupported"] = len(answer.unsupported)
    out["citations"] = len(answer.citations)
    spans = {(h.doc_id, h.start, h.end) for h in answer.passages}
    for c in answer.citations:
        out["outside"] += not any(d == c.doc_id and s <= c.start and c.end <= e
                                  for d, s, e in spans)
        out["on_evidence"] += any(d == c.doc_id and min(c.end, e) > max(c.start, s)
                                  for d, s, e in evidence)
    cited = {c.n: c.quote for c in answer.citations}
    warned = " ".join(answer.warnings)
    for start, end, phrase in quoted_phrases(answer.answer):
        sources = [cited[n] for n in quote_sources(answer.answer, start, end) if n in cited]
        if not any(_normal(phrase) in _normal(text) for text in sources) \
                and f'"{phrase}"' not in warned:
            out["unflagged"] += 1
    return out


def summarize(figures: Sequence[dict[str, int] | None]) -> dict[str, float | None]:
    """The ``llm_*`` metrics of a run from its answers' figures."""
    rows = [f for f in figures if f is not None]
    total = {key: sum(f[key] for f in rows) for key in
             ("llm", "refused", "sentences", "unsupported", "citations", "on_evidence",
              "outside", "unflagged")}
    sentences = total["sentences"]
    return {
        "llm_answers": float(sum(f["llm"] and not f["refused"] for f in rows)),
        "llm_fallbacks": float(sum(not f["llm"] for f in rows)),
        "llm_sentences": float(sentences),
        "llm_supported_share": (sentences - total["unsupported"]) / sentences
        if sentences else None,
        "llm_unsupported_share": total["unsupported"] / sentences if sentences else None,
        "llm_citations_on_evidence": total["on_evidence"] / total["citations"]
        if total["citations"] else None,
        "llm_citations_outside_passages": float(total["outside"]),
        "llm_unflagged_quotes": float(total["unflagged"]),
    }


def report_rows(metrics: dict[str, Any]) -> list[tuple[str, Any, str]]:
    """``(name, value, description)`` of the LLM figures present in ``metrics``."""
    return [(name, metrics[name], text) for name, text in DESCRIPTIONS.items()
            if name in metrics]
