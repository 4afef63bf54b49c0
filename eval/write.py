"""A run's files: metrics.json, results.jsonl, report.md and report.html.

Beside the two reports rather than in either, so ``eval.report`` (Markdown and the shared
helpers) and ``eval.report_html`` do not import each other.
"""

from __future__ import annotations

import json
from pathlib import Path

from eval.report import markdown
from eval.report_html import html_report
from eval.runner import Run


def write_run(run: Run, out: Path) -> None:
    """Write metrics.json, results.jsonl, report.md and report.html into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "metrics.json").write_text(
        json.dumps(run.summary(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    with (out / "results.jsonl").open("w", encoding="utf-8") as handle:
        for record in run.records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    (out / "report.md").write_text(markdown(run), encoding="utf-8")
    (out / "report.html").write_text(html_report(run), encoding="utf-8")
