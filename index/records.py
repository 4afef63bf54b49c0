"""What the store hands out and takes in: chunks, document summaries, prepared writes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from index.documents import Document

#: Metadata filters: field -> wanted value (or any of a list of values).
Filters = Mapping[str, Any]


@dataclass(frozen=True)
class ChunkRecord:
    """A stored chunk, with its document's title and metadata."""

    chunk_id: int
    doc_id: str
    title: str
    text: str
    start: int
    end: int
    metadata: dict[str, Any] = field(default_factory=dict)
    #: The document's text just before ``start`` and just after ``end`` that completes the
    #: clauses the chunk's edges cut (``index.chunking.whole_edges``; "" where an edge is
    #: between clauses, or the store does not read it).
    before: str = ""
    after: str = ""

    def passage(self) -> tuple[int, int, str]:
        """``(start, end, text)`` of the chunk with its edges' clauses made whole: the
        span of the document a retrieved passage shows."""
        return (self.start - len(self.before), self.end + len(self.after),
                self.before + self.text + self.after)


@dataclass(frozen=True)
class DocumentInfo:
    """A stored document without its text."""

    doc_id: str
    title: str
    metadata: dict[str, Any]
    chars: int
    chunks: int
    updated_at: float


@dataclass(frozen=True)
class PreparedChunk:
    """A chunk ready to store: its span, content hash and vector."""

    start: int
    end: int
    hash: str
    vector: np.ndarray


@dataclass(frozen=True)
class PreparedDocument:
    """A document with its chunks embedded, ready to be written in one transaction."""

    document: Document
    content_hash: str
    chunks: list[PreparedChunk]
