"""The values that flow through answering: hits, citations, answers, events."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Literal, get_args

#: The answerers' modes: the one list (settings, schemas, CLI choices derive from it).
Mode = Literal["extractive", "llm"]
MODES: tuple[Mode, ...] = get_args(Mode)


@dataclass(frozen=True)
class Hit:
    """A retrieved passage: a chunk's span of its document, with its fused score."""

    chunk_id: int
    doc_id: str
    title: str
    text: str
    start: int
    end: int
    score: float
    #: Cosine similarity of the chunk to the question (not part of the API's hit).
    similarity: float = 0.0
    #: The 1-based pages of its document the passage spans ([]: the document has none).
    pages: list[int] = field(default_factory=list)
    #: The document's page map, so citations inside the passage get pages (not in the API).
    page_starts: tuple[int, ...] | None = field(default=None, repr=False)
    #: The chunk's own span of the document, where the passage reaches past it to make
    #: the clauses its edges cut whole (``ChunkRecord.passage``; None: the passage is the
    #: chunk). Not in the API.
    chunk: tuple[int, int] | None = None

    def public(self) -> dict[str, Any]:
        """The API's shape of a hit."""
        return _fields_of(self, _HIT_FIELDS)


@dataclass(frozen=True)
class Citation:
    """What marker ``[n]`` in an answer points to: an exact span of a stored document."""

    n: int
    doc_id: str
    title: str
    start: int
    end: int
    quote: str
    #: The answer's own span inside the quote, in document offsets
    #: (``start <= answer_start < answer_end <= end``); None when the whole quote is cited.
    answer_start: int | None = None
    answer_end: int | None = None
    #: The 1-based pages of the document the quote spans ([]: the document has none).
    pages: list[int] = field(default_factory=list)

    def public(self) -> dict[str, Any]:
        """The API's shape of a citation: every field."""
        return _fields_of(self, _CITATION_FIELDS)


def _fields_of(value: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """``dataclasses.asdict`` of a flat dataclass, over ``names``: its lists copied, its
    other values (str, int, float, None) as they are. asdict's deep copy of each value
    was a tenth of /v1/ask's time in the event loop (cProfile, 60 policyqa-dev questions);
    every answer serialises its eight passages twice."""
    return {name: list(v) if isinstance(v := getattr(value, name), list) else v
            for name in names}


_HIT_FIELDS = tuple(f.name for f in fields(Hit)
                    if f.name not in ("similarity", "page_starts", "chunk"))
_CITATION_FIELDS = tuple(f.name for f in fields(Citation))


@dataclass(frozen=True)
class Turn:
    """One earlier turn of a conversation."""

    role: Literal["user", "assistant"]
    content: str


@dataclass(frozen=True)
class Question:
    """A question and how to answer it."""

    question: str
    k: int | None = None  # None: the settings' retrieval.k
    doc_ids: list[str] | None = None
    filters: dict[str, Any] | None = None
    mode: Mode | None = None
    history: list[Turn] = field(default_factory=list)


@dataclass
class Answer:
    """An answer with its checked citations and the passages it was drawn from."""

    answer: str
    refused: bool
    citations: list[Citation]
    passages: list[Hit]
    mode: Mode
    took_ms: float = 0.0
    warnings: list[str] = field(default_factory=list)
    dropped_markers: int = 0
    standalone_question: str | None = None
    #: ``[start, end)`` spans of answer sentences that no cited passage supports.
    unsupported: list[tuple[int, int]] = field(default_factory=list)

    def public(self) -> dict[str, Any]:
        """The API's shape of an answer."""
        return {
            "answer": self.answer,
            "refused": self.refused,
            "citations": [c.public() for c in self.citations],
            "passages": [h.public() for h in self.passages],
            "mode": self.mode,
            "took_ms": round(self.took_ms, 2),
            "warnings": list(self.warnings),
            "dropped_markers": self.dropped_markers,
            "standalone_question": self.standalone_question,
            "unsupported": [list(span) for span in self.unsupported],
        }


@dataclass(frozen=True)
class Event:
    """One server-sent event of a streamed answer."""

    name: Literal["passages", "delta", "citations", "done", "error"]
    #: Passages and citations as API dicts, delta as text, done as the Answer itself.
    data: Any
