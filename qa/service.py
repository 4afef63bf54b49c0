"""The answering core: search, ask (whole or streamed) and document updates.

It knows nothing of HTTP; the Litestar app and the CLI are thin edges over it. Model
and FAISS calls run in worker threads so an event loop is never blocked.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import anyio
import anyio.to_thread
import numpy as np

from index.documents import Document, validate
from index.embedding import Embedder, load_embedder
from index.ingest import Indexer, IngestReport
from index.manifest import read_manifest
from index.records import DocumentInfo
from index.store import Store, open_store
from qa.answering.base import Answerer, Draft, pieces
from qa.answering.followup import Followup, answer_item, resolve
from qa.answering.registry import AnswererContext, build
from qa.answering.sequel import next_act
from qa.citations import CitationError, check_citations, with_pages
from qa.errors import BadQuestion, LLMUnavailable, ModeUnavailable, UnknownDocuments
from qa.filters import Scalar, check_filters
from qa.metrics import LLM_FALLBACKS
from qa.models import MODES, Answer, Event, Hit, Mode, Question, Turn
from qa.retrieval import Retriever
from qa.settings import Settings

if TYPE_CHECKING:  # httpx is imported only when an LLM server is configured
    from qa.llm_client import LLMClient

log = logging.getLogger("caseqa.service")

#: Questions asked once when the service starts (``warm_up``), one per language.
_WARM_UP_QUESTIONS = ("Which court decided the case, and on what grounds?",
                      "法院依据什么判决被告承担责任？")
Timer = Callable[[str, float], None]


@dataclass
class Timings:
    """Where the time of a request went, in seconds, for /metrics."""

    stages: dict[str, float] = field(default_factory=dict)


def _noop_timer(stage: str, seconds: float) -> None:
    del stage, seconds


class QAService:
    """One index, its retriever and its answerers.

    Build it with ``open`` (an async context that also owns the LLM client) or ``load``;
    its answerers come from ``qa.answering.registry``, the one place they are made.
    """

    def __init__(self, settings: Settings, store: Store, embedder: Embedder,
                 answerers: Mapping[Mode, Answerer] | None = None,
                 timer: Timer = _noop_timer) -> None:
        self.settings = settings
        self.store = store
        self.embedder = embedder
        self.indexer = Indexer(settings.index, embedder)
        self.retriever = Retriever(store, embedder, settings.retrieval)
        self.answerers: dict[Mode, Answerer] = dict(
            answerers if answerers is not None
            else build(AnswererContext(settings, embedder)))
        if "extractive" not in self.answerers:
            raise ValueError("a service needs an extractive answerer: it is the fallback")
        self.timer = timer

    @property
    def extractive(self) -> Answerer:
        """The answerer that answers when the LLM cannot."""
        return self.answerers["extractive"]

    @classmethod
    @asynccontextmanager
    async def open(cls, settings: Settings, create: bool = True) -> AsyncIterator[QAService]:
        """The service with every answerer its settings allow; the one LLM client (when
        ``settings.llm.base_url`` is set) is closed when the context ends."""
        async with AsyncExitStack() as stack:
            client = None
            if settings.llm.base_url:
                from qa.llm_client import LLMClient

                client = await stack.enter_async_context(LLMClient.create(settings.llm))
            yield await anyio.to_thread.run_sync(
                functools.partial(cls.load, settings, create, client))

    @classmethod
    def load(cls, settings: Settings, create: bool = True,
             llm_client: LLMClient | None = None) -> QAService:
        """Open the index (an empty one is created if there is none and ``create``), with
        the answerers of ``qa.answering.registry`` (the LLM's only given ``llm_client``)."""
        emb = settings.index.embedding
        if settings.index.backend == "faiss":
            from index.faiss_index import search_in_one_thread

            search_in_one_thread()
        if create and read_manifest(settings.index.dir) is None:
            log.warning("no index in %s: starting empty; add documents with `caseqa index` "
                        "or POST /v1/documents", settings.index.dir)
            embedder = load_embedder(emb.model, emb.device)
            store = open_store(settings.index, embedder.dimension)
        else:
            store = open_store(settings.index)  # fails fast, before the model loads
            embedder = load_embedder(emb.model, emb.device)
        return cls(settings, store, embedder,
                   build(AnswererContext(settings, embedder, llm_client)))

    def warm_up(self, stop: threading.Event | None = None) -> float:
        """Load now what a first question would load on first use: jieba and its tagger,
        the translation dictionary and the multilingual encoder for a question in the
        other language than the passages. One throwaway English and one Chinese question
        are retrieved and answered extractively, outside the service's metrics; the
        answers are dropped. ``stop``, once set, ends it between steps (a step in native
        code cannot be interrupted: the server joins this before it exits). Returns the
        seconds taken (the two-language seed + statute index: a first Chinese question
        took 4.45 s without it, see README)."""
        started = time.perf_counter()
        for question in _WARM_UP_QUESTIONS:
            if stop is not None and stop.is_set():
                break
            vector = self.embedder.embed_query(question)
            hits = self.retriever.search(question, self.k(None), query_vector=vector)
            if stop is not None and stop.is_set():
                break
            anyio.run(self.extractive.answer, question, hits, vector)
        return time.perf_counter() - started

    # -- validation --------------------------------------------------------------------

    def k(self, k: int | None) -> int:
        """The passages to retrieve: the request's ``k``, else the settings' default."""
        return self.settings.retrieval.k if k is None else k

    def _check_query(self, text: str, k: int, what: str = "question") -> str:
        text = text.strip() if isinstance(text, str) else ""
        if not text:
            raise BadQuestion(f"{what} is empty")
        limit = self.settings.answer.max_question_chars
        if len(text) > limit:
            raise BadQuestion(f"{what} is {len(text)} characters long; the limit is {limit}")
        if not 1 <= k <= self.settings.retrieval.max_k:
            raise BadQuestion(f"k must be between 1 and {self.settings.retrieval.max_k}")
        return text

    def _check_scope(self, doc_ids: Sequence[str] | None) -> None:
        if doc_ids is None:
            return
        if not doc_ids:
            raise BadQuestion("doc_ids is empty: omit it (or send null) to search everything")
        missing = self.store.missing_doc_ids(doc_ids)
        if missing:
            raise UnknownDocuments(missing)

    def _check_filters(self, filters: dict[str, Any] | None) -> dict[str, list[Scalar]] | None:
        r = self.settings.retrieval
        return check_filters(filters, r.max_filter_fields, r.max_filter_values)

    def check(self, question: Question) -> None:
        """Raise the error a request would meet, before any work (and any stream) starts."""
        self._check_query(question.question, self.k(question.k))
        self.answerer(question.mode)
        self._check_scope(question.doc_ids)
        self._check_filters(question.filters)

    # -- search ------------------------------------------------------------------------

    def search_sync(self, query: str, k: int | None, doc_ids: Sequence[str] | None = None,
                    filters: dict[str, Any] | None = None, strategy: str = "hybrid",
                    query_vector: np.ndarray | None = None) -> list[Hit]:
        """Retrieval in the calling thread, in one snapshot of the index."""
        k = self.k(k)
        query = self._check_query(query, k, "query")
        self._check_scope(doc_ids)
        return self._retrieve(query, k, doc_ids, self._check_filters(filters), strategy,
                              query_vector)

    def _embed(self, query: str) -> np.ndarray:
        """The query's normalized vector, shape (dimension,): once per request."""
        started = time.perf_counter()
        vector = self.embedder.embed_query(query)
        self.timer("embed", time.perf_counter() - started)
        return vector

    def _retrieve(self, query: str, k: int, doc_ids: Sequence[str] | None,
                  filters: dict[str, list[Scalar]] | None, strategy: str = "hybrid",
                  query_vector: np.ndarray | None = None) -> list[Hit]:
        """Retrieval of checked input (the query may be longer than a user's question)."""
        if query_vector is None:
            query_vector = self._embed(query)
        started = time.perf_counter()
        with self.store.snapshot():
            hits = self.retriever.search(query, k, doc_ids, filters, strategy, query_vector)
        self.timer("retrieve", time.perf_counter() - started)
        return hits

    def _embed_and_retrieve(self, query: str, k: int, doc_ids: Sequence[str] | None,
                            filters: dict[str, list[Scalar]] | None
                            ) -> tuple[np.ndarray, list[Hit]]:
        """The query's vector and its hits, in one worker thread: each hand-over to a
        worker and back costs about 0.1 ms (anyio.to_thread under uvloop, this machine)."""
        vector = self._embed(query)
        return vector, self._retrieve(query, k, doc_ids, filters, "hybrid", vector)

    def _retrieve_and_compose(self, answerer: Answerer, query: str, k: int,
                              doc_ids: Sequence[str] | None,
                              filters: dict[str, list[Scalar]] | None,
                              after: str | None = None
                              ) -> tuple[np.ndarray, list[Hit], Draft | None, float]:
        """The query's vector, its hits, and the answerer's Draft when it composes one in
        the calling thread (``Answerer.compose_now``; None: it streams) with the seconds
        that took, all in one worker thread. With ``after`` (the previous answer of "what
        did they do next?", ``Followup.after``) the passages are retrieved with it too and
        the Draft is the act after it (``qa.answering.sequel``), whatever the answerer."""
        if after is None:
            vector, hits = self._embed_and_retrieve(query, k, doc_ids, filters)
            started = time.perf_counter()
            return vector, hits, answerer.compose_now(query, hits, vector), \
                time.perf_counter() - started
        # (Retrieved with the answer too: the passage holding it holds what follows.)
        vector, hits = self._embed_and_retrieve(f"{after} {query}", k, doc_ids, filters)
        started = time.perf_counter()
        draft = next_act(query, after, hits)
        return vector, hits, draft, time.perf_counter() - started

    async def search(self, query: str, k: int | None, doc_ids: Sequence[str] | None = None,
                     filters: dict[str, Any] | None = None) -> tuple[list[Hit], float]:
        """The ``k`` best passages and the milliseconds it took."""
        started = time.perf_counter()
        hits = await anyio.to_thread.run_sync(self.search_sync, query, k, doc_ids, filters)
        return hits, (time.perf_counter() - started) * 1000

    # -- ask ---------------------------------------------------------------------------

    def answerer(self, mode: str | None) -> Answerer:
        """The answerer for a mode (the settings' default when None)."""
        mode = mode or self.settings.answer.mode
        if mode not in MODES:
            raise BadQuestion(f"unknown mode {mode!r}: use {' or '.join(map(repr, MODES))}")
        found = self.answerers.get(mode)
        if found is None:
            raise ModeUnavailable(
                f"mode {mode!r} is not configured: set CASEQA_LLM__BASE_URL to an "
                "OpenAI-compatible server (and CASEQA_LLM__MODEL)")
        return found

    async def standalone_question(self, question: Question) -> str:
        """The question to retrieve with: follow-ups are condensed with their history."""
        return (await self._followup(question)).question

    async def _followup(self, question: Question) -> Followup:
        if not question.history:
            return Followup(question.question.strip())
        condensed = await self.answerer(question.mode).condense(question.question,
                                                                question.history)
        if condensed is not None:
            return Followup(condensed)
        return resolve(question.question, question.history)

    async def ask_stream(self, question: Question) -> AsyncIterator[Event]:
        """Events of an answer: passages, deltas, citations, done.

        When the LLM fails, the answer is the extractive one (mode "extractive", with a
        warning). If LLM deltas were already sent, no extractive deltas follow: the done
        event's answer, always authoritative, replaces the streamed text.
        """
        started = time.perf_counter()
        self.check(question)
        answerer = self.answerer(question.mode)
        warnings: list[str] = []
        try:
            followup = await self._followup(question)
        except LLMUnavailable as exc:
            answerer = self._fall_back(exc, warnings, streamed=False)
            followup = resolve(question.question, question.history)
        # The limit was checked on what the user typed; history adds at most as much again.
        standalone = followup.question[-2 * self.settings.answer.max_question_chars:]
        vector, hits, draft, answer_seconds = await anyio.to_thread.run_sync(
            self._retrieve_and_compose, answerer, standalone, self.k(question.k),
            question.doc_ids, self._check_filters(question.filters), followup.after)
        yield Event("passages", [h.public() for h in hits])
        answer_started = time.perf_counter() - answer_seconds
        streamed = False
        # "and the second one?": the list question's answer is only a step; its item is
        # sent whole once known.
        whole = followup.item is not None
        try:
            if draft is not None:  # composed in the worker thread: its pieces, at once
                for piece in [] if whole else pieces(draft.answer):
                    yield Event("delta", piece)
            else:
                async for item in answerer.stream(standalone, hits, vector):
                    if isinstance(item, Draft):
                        draft = item
                    elif not whole:
                        streamed = True
                        yield Event("delta", item)
        except LLMUnavailable as exc:
            answerer = self._fall_back(exc, warnings, streamed)
            async for item in answerer.stream(standalone, hits, vector):
                if isinstance(item, Draft):
                    draft = item
                elif not streamed and not whole:
                    yield Event("delta", item)
        assert draft is not None
        if followup.item is not None:
            draft = answer_item(draft, followup.item)
            yield Event("delta", draft.answer)
        draft.warnings[:0] = warnings
        self.timer("answer", time.perf_counter() - answer_started)
        answer = self._finish(draft, hits, answerer, standalone, question, started)
        yield Event("citations", [c.public() for c in answer.citations])
        yield Event("done", answer)

    def _fall_back(self, exc: LLMUnavailable, warnings: list[str], streamed: bool) -> Answerer:
        log.warning("LLM unavailable, answering extractively: %s", exc)
        LLM_FALLBACKS.inc()
        warnings.append(f"the LLM could not answer ({exc}); this is the extractive answer"
                        + (", which replaces the text streamed so far" if streamed else ""))
        return self.extractive

    async def ask(self, question: Question) -> Answer:
        """The whole answer at once."""
        async for event in self.ask_stream(question):
            if event.name == "done":
                done: Answer = event.data
                return done
        raise RuntimeError("ask_stream ended without a done event")

    def _finish(self, draft: Draft, hits: list[Hit], answerer: Answerer, standalone: str,
                question: Question, started: float) -> Answer:
        try:
            check_citations(draft.citations, hits)
            draft.citations = with_pages(draft.citations, hits)
        except CitationError as exc:
            # A bug, not bad input: never let an unchecked citation out.
            log.error("citation check failed (%s); answering with a refusal", exc)
            draft = Draft(draft.answer, draft.refused, [], [*draft.warnings,
                          "citations failed verification and were removed"])
        if not draft.citations and not draft.refused:
            draft.warnings.append("the answer cites no source: it is not supported")
        return Answer(
            answer=draft.answer, refused=draft.refused, citations=draft.citations,
            passages=hits, mode=answerer.mode, took_ms=(time.perf_counter() - started) * 1000,
            warnings=draft.warnings, dropped_markers=draft.dropped_markers,
            standalone_question=standalone if question.history else None,
            unsupported=draft.unsupported)

    # -- documents ---------------------------------------------------------------------

    async def add_documents(self, docs: Sequence[Document]) -> IngestReport:
        """Add or replace documents; searches see the index before or after, never between."""
        checked = [validate(d, f"document {i}") for i, d in enumerate(docs)]
        return await anyio.to_thread.run_sync(self.indexer.upsert, self.store, checked)

    async def delete_document(self, doc_id: str) -> bool:
        """Delete one document; False when there was none."""
        deleted = await anyio.to_thread.run_sync(self.indexer.delete, self.store, [doc_id])
        return bool(deleted)

    async def list_documents(self, limit: int, offset: int) -> tuple[list[DocumentInfo], int]:
        """A page of documents and the total count."""
        def page() -> tuple[list[DocumentInfo], int]:
            return self.store.list_documents(limit, offset), self.store.count_documents()
        return await anyio.to_thread.run_sync(page)

    async def get_document(self, doc_id: str) -> Document | None:
        """One document with its text."""
        return await anyio.to_thread.run_sync(self.store.get_document, doc_id)

    def stats(self) -> dict[str, Any]:
        """Index counts for readiness and metrics."""
        return self.store.stats()


def heuristic_standalone(question: str, history: Sequence[Turn]) -> str:
    """Without an LLM: the question a follow-up stands for (``qa.answering.followup``):
    its pronoun becomes what the last answer named ("Shan Pingji [1]", then "which
    university does he work at?": "which university does Shan Pingji work at?"), an item
    of a list answer named by its place is that item, an elliptical phrase takes the
    place of the previous question's; otherwise it is asked together with the last user
    turn. A self-contained question is asked on its own, whatever came before."""
    return resolve(question, history).question
