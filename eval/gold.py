"""Gold question files (DESIGN.md's gold JSONL) and the evidence spans they point to."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval.errors import EvalError
from eval.metrics import Span, find_evidence_spans, is_cjk


@dataclass(frozen=True)
class GoldQuestion:
    """One gold question; ``answers == ()`` marks a question the corpus cannot answer."""

    qid: str
    question: str
    answers: tuple[str, ...]
    doc_id: str
    evidence: tuple[str, ...]
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def answerable(self) -> bool:
        """Whether the right output is an answer rather than a refusal."""
        return bool(self.answers)

    @property
    def answer_type(self) -> str:
        """``meta.answer_type``, else ``answerable`` or ``unanswerable``."""
        given = self.meta.get("answer_type")
        if isinstance(given, str) and given:
            return given
        return "answerable" if self.answerable else "unanswerable"

    @property
    def lang(self) -> str:
        """``meta.lang``, else ``zh`` for a question with CJK characters and ``en`` otherwise."""
        given = self.meta.get("lang")
        if isinstance(given, str) and given:
            return given
        return "zh" if is_cjk(self.question) else "en"


def _strings(value: Any, what: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise EvalError(f"{where}: {what} must be a list of non-empty strings")
    return tuple(value)


def parse_question(obj: Any, where: str) -> GoldQuestion:
    """A GoldQuestion from one decoded JSONL line, or EvalError saying what is wrong."""
    if not isinstance(obj, dict):
        raise EvalError(f"{where}: expected a JSON object")
    missing = [k for k in ("qid", "question", "answers", "doc_id", "evidence") if k not in obj]
    if missing:
        raise EvalError(f"{where}: missing field(s) {', '.join(missing)}; the gold format is "
                        '{"qid", "question", "answers", "doc_id", "evidence"}')
    for key in ("qid", "question", "doc_id"):
        if not isinstance(obj[key], str) or not obj[key].strip():
            raise EvalError(f"{where}: {key} must be a non-empty string")
    meta = obj.get("meta") or {}
    if not isinstance(meta, dict):
        raise EvalError(f"{where}: meta must be an object")
    return GoldQuestion(obj["qid"], obj["question"], _strings(obj["answers"], "answers", where),
                        obj["doc_id"], _strings(obj["evidence"], "evidence", where), meta)


def read_gold(path: Path, limit: int | None = None) -> list[GoldQuestion]:
    """The questions of a gold JSONL file (the first ``limit`` if given); qids must be unique."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvalError(f"{path}: cannot read the gold file ({exc.strerror})") from exc
    questions: list[GoldQuestion] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalError(f"{path}:{number}: invalid JSON ({exc.msg})") from exc
        question = parse_question(obj, f"{path}:{number}")
        if question.qid in seen:
            raise EvalError(f"{path}:{number}: qid {question.qid!r} is used twice")
        seen.add(question.qid)
        questions.append(question)
        if limit is not None and len(questions) >= limit:
            break
    if not questions:
        raise EvalError(f"{path}: no questions in the gold file")
    return questions


def _annotated_offsets(question: GoldQuestion, text: str) -> list[Span] | None:
    # Datasets converted from SQuAD-style annotations keep where each evidence string was
    # marked. A short string ("800元") often occurs several times in its document, and
    # asking retrieval for every copy would punish it for the annotator's choice, so the
    # marked copies are used when they check out against the text.
    offsets = question.meta.get("evidence_offsets")
    if not isinstance(offsets, list) or len(offsets) != len(question.evidence):
        return None
    spans: list[Span] = []
    for evidence, pair in zip(question.evidence, offsets, strict=True):
        if (not isinstance(pair, list | tuple) or len(pair) != 2
                or not all(isinstance(v, int) for v in pair)):
            return None
        start, end = pair
        if not 0 <= start < end <= len(text) or text[start:end] != evidence:
            return None
        spans.append((start, end))
    return sorted(set(spans))


def evidence_spans(question: GoldQuestion, text: str) -> tuple[list[Span], str]:
    """The gold evidence spans in the document's text, and where they came from.

    ``meta.evidence_offsets`` (one ``[start, end)`` per evidence string) is used when it
    quotes the text exactly ("offsets"); otherwise every occurrence of each evidence
    string counts ("search"), as ``find_evidence_spans`` does.
    """
    if not question.evidence:
        return [], "none"
    annotated = _annotated_offsets(question, text)
    if annotated is not None:
        return annotated, "offsets"
    try:
        return find_evidence_spans(text, question.evidence), "search"
    except ValueError as exc:
        raise EvalError(f"gold question {question.qid!r}: {exc}") from exc
