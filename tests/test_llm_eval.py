"""The LLM figures of an evaluation: per-answer counts (pure) and `caseqa eval --mode llm`
end to end against a scripted server whose answers hold one supported and one made-up
sentence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from llm_server import *  # noqa: F403  (the fixtures: fake_llm, seed_index)
from llm_server import FakeLLM, Reply, copy_index, llm_settings

from eval.llm_metrics import answer_figures, summarize
from eval.report import markdown
from eval.runner import RunConfig, run
from qa.answering.llm import DIALECTS
from qa.models import Answer, Citation, Hit

ROOT = Path(__file__).resolve().parents[1]
PASSAGE = Hit(1, "d", "D", "The victim must prove the infringement.", 10, 49, 1.0)


def answer(text: str, citations: list[Citation], unsupported: list[tuple[int, int]],
           warnings: list[str] | None = None) -> Answer:
    return Answer(text, False, citations, [PASSAGE], "llm", warnings=warnings or [],
                  unsupported=unsupported)


def test_answer_figures_count_sentences_citations_and_quotes() -> None:
    inside = Citation(1, "d", "D", 10, 49, PASSAGE.text)
    text = 'The victim must prove it [1]. He said "pay up" [1]. Moons are cheese.'
    figures = answer_figures(answer(text, [inside], [(text.index("Moons"), len(text))]),
                             [("d", 20, 30)])
    assert figures == {"llm": 1, "refused": 0, "sentences": 3, "unsupported": 1,
                       "citations": 1, "on_evidence": 1, "outside": 0, "unflagged": 1}
    flagged = answer(text, [inside], [], ['the quoted phrase "pay up" is not in the cited '
                                          "source ([1])"])
    assert answer_figures(flagged, [])["unflagged"] == 0
    outside = Citation(1, "d", "D", 0, 5, "xxxxx")
    assert answer_figures(answer("A [1].", [outside], []), [])["outside"] == 1


def test_summarize_gives_shares_of_sentences_and_counts() -> None:
    rows = [{"llm": 1, "refused": 0, "sentences": 3, "unsupported": 1, "citations": 2,
             "on_evidence": 1, "outside": 0, "unflagged": 0},
            {"llm": 0, "refused": 0, "sentences": 0, "unsupported": 0, "citations": 0,
             "on_evidence": 0, "outside": 0, "unflagged": 0}, None]
    figures = summarize(rows)
    assert figures["llm_supported_share"] == pytest.approx(2 / 3)
    assert figures["llm_unsupported_share"] == pytest.approx(1 / 3)
    assert figures["llm_citations_on_evidence"] == 0.5
    assert figures["llm_fallbacks"] == 1 and figures["llm_answers"] == 1


def test_eval_in_llm_mode_reports_the_llm_figures(fake_llm: FakeLLM, seed_index: Path,
                                                  tmp_path: Path) -> None:
    DIALECTS.forget()
    claim = ("According to the provisions of the Civil Procedure Law, if the victim wants to "
             "hold the infringer liable for civil liability, they generally need to provide "
             "evidence to prove the facts of the infringement.")
    reply = {"sentences": [{"text": claim, "sources": [1]},
                           {"text": "The moon is made of green cheese.", "sources": [1]}]}
    fake_llm.script = [Reply([json.dumps(reply)])]
    settings = llm_settings(copy_index(seed_index, tmp_path), fake_llm.base_url)
    result = run(RunConfig(gold=ROOT / "eval" / "gold" / "seeds.jsonl", index_dir=settings
                           .index.dir, mode="llm", limit=2), settings, progress_bar=False)
    metrics = result.metrics
    assert metrics["llm_fallbacks"] == 0 and metrics["llm_answers"] == 2
    assert metrics["llm_sentences"] == 4
    assert metrics["llm_supported_share"] == 0.5 == metrics["llm_unsupported_share"]
    assert metrics["llm_citations_outside_passages"] == 0
    assert "## LLM answers" in markdown(result)
    DIALECTS.forget()
