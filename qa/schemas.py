"""Request and response bodies of the HTTP API; every field is described for /schema."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from qa.models import Mode

Scalar = str | int | float | bool


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Scoped(_Body):
    k: int | None = Field(
        None, ge=1, le=200,
        description="how many passages to use, at most retrieval.max_k (default: the "
                    "server's retrieval.k, CASEQA_RETRIEVAL__K)")
    doc_ids: list[str] | None = Field(
        None, max_length=10_000, description="search only these documents (null: all)")
    filters: dict[str, Scalar | list[Scalar]] | None = Field(
        None, description=(
            "metadata equality filters: {field: value or [any of values]}, at most "
            "retrieval.max_filter_fields fields and max_filter_values values; a value "
            "matches a metadata value equal to it or written the same (2019 and \"2019\", "
            "true and \"true\")"))


class SearchRequest(_Scoped):
    """Find passages."""

    query: str = Field(..., min_length=1, max_length=100_000, description="what to look for",
                       examples=["what remedies were sought?"])


class TurnBody(_Body):
    """One earlier turn of the conversation."""

    role: Literal["user", "assistant"] = Field(..., description="who spoke")
    content: str = Field(..., max_length=100_000, description="what was said")


class AskRequest(_Scoped):
    """Answer a question from the indexed documents."""

    question: str = Field(..., min_length=1, max_length=100_000,
                          description="the question", examples=["what remedies were sought?"])
    mode: Mode | None = Field(
        None, description="answerer: extractive (default) or llm (if configured)")
    history: list[TurnBody] = Field(
        default_factory=list, max_length=100,
        description=('earlier turns, oldest first, for follow-up questions: '
                     '[{"role": "user" | "assistant", "content": "..."}]; they do not count '
                     "against the question's length limit"))


class HitBody(BaseModel):
    """A retrieved passage: the span [start, end) of a document."""

    chunk_id: int = Field(..., description=(
        "stable id of the chunk retrieved; the passage is the chunk, reaching on to the "
        "nearest clause edge where the chunk's edge falls inside a clause"))
    doc_id: str = Field(..., description="document the passage belongs to")
    title: str = Field(..., description="the document's title")
    text: str = Field(..., description="the passage: document text[start:end]")
    start: int = Field(..., description="first character of the passage in the document")
    end: int = Field(..., description="character after the passage's last")
    score: float = Field(..., description="fused relevance score; higher is better")
    pages: list[int] = Field(default_factory=list, description=(
        "the pages (1-based) of the document the passage spans, e.g. [3] or [3, 4]; "
        "empty for a document without pages (only PDF and Word files have them)"))


class SearchResponse(BaseModel):
    """Passages found for a query."""

    hits: list[HitBody] = Field(..., description="best first")
    took_ms: float = Field(..., description="server time in milliseconds")


class CitationBody(BaseModel):
    """What marker [n] in the answer points to."""

    n: int = Field(..., description="the marker's number")
    doc_id: str = Field(..., description="cited document")
    title: str = Field(..., description="the document's title")
    start: int = Field(..., description="first character of the cited span")
    end: int = Field(..., description="character after the cited span")
    quote: str = Field(..., description="exactly the document's text[start:end]")
    answer_start: int | None = Field(
        None, description=("first character of the answer itself inside the quote, in "
                           "document offsets (start <= answer_start < answer_end <= end); "
                           "null when the whole quote is the support"))
    answer_end: int | None = Field(
        None, description="character after the answer itself, in document offsets")
    pages: list[int] = Field(default_factory=list, description=(
        "the pages (1-based) of the document the quote spans, e.g. [3] or [3, 4]; empty "
        "for a document without pages"))


class AskResponse(BaseModel):
    """An answer with checked citations."""

    answer: str = Field(..., description="the answer, with [n] citation markers")
    refused: bool = Field(..., description="true when the sources do not contain the answer")
    citations: list[CitationBody] = Field(..., description="one per marker")
    passages: list[HitBody] = Field(..., description="the passages the answer drew on")
    mode: Mode = Field(..., description="the answerer that answered")
    took_ms: float = Field(..., description="server time in milliseconds")
    warnings: list[str] = Field(default_factory=list,
                                description="what went wrong on the way (e.g. LLM fallback)")
    dropped_markers: int = Field(0, description="markers that pointed to no passage, removed")
    standalone_question: str | None = Field(
        None, description="the follow-up rewritten as a standalone question, if any")
    unsupported: list[tuple[int, int]] = Field(
        default_factory=list,
        description=("[start, end) character spans of answer sentences that no retrieved "
                     "passage supports (LLM answers); shown as unsupported, never hidden"))


class DocumentBody(_Body):
    """A document to index."""

    doc_id: str = Field(..., min_length=1, max_length=512, description="unique id")
    title: str | None = Field(None, max_length=10_000, description="title (default: doc_id)")
    text: str = Field(..., min_length=1, description="the full text")
    metadata: dict[str, Any] = Field(default_factory=dict,
                                     description="free-form fields usable as filters")


class DocumentsRequest(_Body):
    """Documents to add or replace."""

    documents: list[DocumentBody] = Field(..., min_length=1, max_length=10_000,
                                          description="added, or replaced when changed")


class DocumentsResponse(BaseModel):
    """What an update did."""

    added: list[str] = Field(..., description="new doc_ids")
    replaced: list[str] = Field(..., description="doc_ids whose content changed")
    unchanged: list[str] = Field(..., description="doc_ids sent again unchanged")
    chunks: int = Field(..., description="chunks written")
    took_ms: float = Field(..., description="server time in milliseconds")


class DocumentInfoBody(BaseModel):
    """A stored document, without its text."""

    doc_id: str = Field(..., description="unique id")
    title: str = Field(..., description="title")
    metadata: dict[str, Any] = Field(..., description="free-form fields")
    chars: int = Field(..., description="length of the text in characters")
    chunks: int = Field(..., description="chunks indexed")


class DocumentList(BaseModel):
    """A page of documents."""

    documents: list[DocumentInfoBody] = Field(..., description="in doc_id order")
    total: int = Field(..., description="documents in the index")
    limit: int = Field(..., description="page size")
    offset: int = Field(..., description="documents skipped")


class DocumentFull(BaseModel):
    """One document with its text."""

    doc_id: str = Field(..., description="unique id")
    title: str = Field(..., description="title")
    text: str = Field(..., description="the full text; citation offsets index into it")
    metadata: dict[str, Any] = Field(..., description="free-form fields")


class ErrorBody(BaseModel):
    """What went wrong."""

    error: str = Field(..., description="what is wrong, and how to fix it")
    status_code: int = Field(..., description="the HTTP status")
    request_id: str | None = Field(None, description="quote it when reporting a problem")
    detail: Any | None = Field(None, description="field-level details, when any")
