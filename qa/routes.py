"""HTTP handlers: a few lines each over the QAService supplied by dependency injection."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from dataclasses import asdict
from typing import Annotated, Any

import anyio.to_thread
from litestar import Controller, Request, delete, get, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException, ValidationException
from litestar.openapi import ResponseSpec
from litestar.openapi.spec import SecurityRequirement
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.response import Response, ServerSentEvent
from litestar.response.sse import ServerSentEventMessage

from index.documents import Document
from qa.http_errors import error_payload
from qa.metrics import set_index_size
from qa.models import Answer, Question, Turn
from qa.schemas import (
    AskRequest,
    AskResponse,
    DocumentFull,
    DocumentInfoBody,
    DocumentList,
    DocumentsRequest,
    DocumentsResponse,
    ErrorBody,
    SearchRequest,
    SearchResponse,
)
from qa.security.policy import policy
from qa.service import QAService
from qa.uploads import upload_middleware

_ERRORS = {
    400: "bad input: the body says what is wrong",
    401: "no API key, or an invalid one (when keys are configured)",
    403: "the API key's scope does not allow this",
    404: "no such document",
    408: "the request body came too slowly",
    413: "the request body is too large",
    415: "the body is not JSON and was sent as a form or text: send application/json",
    429: "rate limit exceeded: see Retry-After",
    503: "busy (answer queue full) or the index is being written: see Retry-After",
}
#: Every /v1 route may answer these; each route adds its own.
_COMMON = (400, 401, 403, 429, 503)


def errors(*extra: int) -> dict[int, ResponseSpec]:
    """OpenAPI descriptions of a route's error answers: all of them are an ErrorBody."""
    return {code: ResponseSpec(ErrorBody, description=_ERRORS[code])
            for code in sorted({*_COMMON, *extra})}


async def provide_service(request: Request[Any, Any, Any]) -> QAService:
    """The service the lifespan loaded."""
    service: QAService = request.app.state.service
    return service


def _question(data: AskRequest) -> Question:
    return Question(data.question, data.k, data.doc_ids, data.filters, data.mode,
                    [Turn(t.role, t.content) for t in data.history])


#: Characters of a document id an error message repeats: the 404 body and its log line
#: carry no more of what a client sent (a 10,000-character id was echoed whole).
_SHOWN_ID = 100


def _shown(doc_id: str) -> str:
    """``doc_id`` quoted for an error message, cut to ``_SHOWN_ID`` characters."""
    if len(doc_id) <= _SHOWN_ID:
        return repr(doc_id)
    return f"{doc_id[:_SHOWN_ID]!r}... ({len(doc_id)} characters)"


def _wants_stream(request: Request[Any, Any, Any]) -> bool:
    return "text/event-stream" in request.headers.get("accept", "")


async def _events(service: QAService, question: Question,
                  request_id: str) -> AsyncIterator[ServerSentEventMessage]:
    try:
        async for event in service.ask_stream(question):
            data = event.data.public() if isinstance(event.data, Answer) else event.data
            yield ServerSentEventMessage(event=event.name,
                                         data=json.dumps(data, ensure_ascii=False))
    except Exception as exc:  # the stream has started: errors become an event
        payload, _ = error_payload(exc, request_id)
        yield ServerSentEventMessage(event="error", data=json.dumps(payload))


class ApiController(Controller):
    """The /v1 API."""

    path = "/v1"
    dependencies = {"service": Provide(provide_service)}  # noqa: RUF012
    tags = ["api"]  # noqa: RUF012
    security: list[SecurityRequirement] = [{"bearer": []}, {"apiKey": []}]  # noqa: RUF012

    @post("/search", summary="Find passages", status_code=200, responses=errors(408, 413, 415),
          opt=policy("read", rate_limited=True, answer_work=True, logged=True))
    async def search(self, data: JSONBody[SearchRequest],
                     service: NamedDependency[QAService]) -> SearchResponse:
        """The k best passages for a query, dense and keyword results fused."""
        hits, took = await service.search(data.query, data.k, data.doc_ids, data.filters)
        return SearchResponse.model_validate({"hits": [h.public() for h in hits],
                                              "took_ms": round(took, 2)})

    @post("/ask", summary="Answer a question with cited sources", status_code=200,
          opt=policy("read", rate_limited=True, answer_work=True, logged=True),
          response_description="JSON, or server-sent events with Accept: text/event-stream",
          responses=errors(408, 413, 415))
    async def ask(self, request: Request[Any, Any, Any], data: JSONBody[AskRequest],
                  service: NamedDependency[QAService]) -> Response[Any]:
        """An answer whose every [n] marker is an exact span of a retrieved passage."""
        question = _question(data)
        if _wants_stream(request):
            # Validate before the stream starts, so bad input still gets a 4xx.
            await anyio.to_thread.run_sync(service.check, question)
            return ServerSentEvent(_events(service, question, request.state.request_id))
        answer = await service.ask(question)
        return Response(AskResponse.model_validate(answer.public()))

    @post("/documents", summary="Add or replace documents", status_code=200,
          opt=policy("admin", rate_limited=True, document_body=True),
          responses=errors(408, 413, 415), middleware=[upload_middleware])
    async def add_documents(self, data: JSONBody[DocumentsRequest],
                            service: NamedDependency[QAService]) -> DocumentsResponse:
        """Index documents while the service runs; unchanged ones cost nothing.

        Also takes a multipart/form-data upload: one or more ``file`` fields holding
        .txt, .md, .html, .pdf or .docx files (doc_id: the file name without its suffix,
        or a ``doc_id`` field with one file), with the same size limit.
        """
        started = time.perf_counter()
        docs = [Document(d.doc_id, d.title if d.title is not None else d.doc_id, d.text,
                         d.metadata) for d in data.documents]
        report = await service.add_documents(docs)
        stats = await anyio.to_thread.run_sync(service.stats)  # it may wait for a writer
        set_index_size(stats["documents"], stats["chunks"])
        return DocumentsResponse(added=report.added, replaced=report.replaced,
                                 unchanged=report.unchanged, chunks=report.chunks,
                                 took_ms=round((time.perf_counter() - started) * 1000, 2))

    @get("/documents", summary="List documents", responses=errors(),
         opt=policy("read", rate_limited=True))
    async def list_documents(
        self, service: NamedDependency[QAService], request: Request[Any, Any, Any],
        limit: Annotated[int, QueryParameter(ge=1, le=1000, description="page size")] = 100,
        # SQLite's OFFSET is a 64-bit integer: a larger one was a 500 (found by fuzzing).
        # The bound is exact in a double, so JSON clients and the schema agree on it.
        offset: Annotated[int, QueryParameter(ge=0, le=10**12,
                                              description="documents to skip")] = 0,
    ) -> DocumentList:
        """Documents in doc_id order, without their text."""
        # "?offset=1&offset=2" is no one offset: a client that meant one of them gets a
        # 400, not a page it did not ask for (found by fuzzing).
        repeated = [key for key in ("limit", "offset")
                    if len(request.query_params.getall(key, [])) > 1]
        if repeated:
            raise ValidationException(f"query parameter {repeated[0]!r} is given more than once")
        docs, total = await service.list_documents(limit, offset)
        return DocumentList(documents=[DocumentInfoBody(**{k: v for k, v in asdict(d).items()
                                                           if k != "updated_at"})
                                       for d in docs], total=total, limit=limit, offset=offset)

    @get("/documents/{doc_id:path}", summary="One document with its text",
         opt=policy("read", rate_limited=True),
         responses=errors(404))
    async def get_document(self, doc_id: FromPath[str],
                           service: NamedDependency[QAService]) -> DocumentFull:
        """The document's full text; citation offsets index into it."""
        doc = await service.get_document(doc_id.lstrip("/"))
        if doc is None:
            raise NotFoundException(f"no document {_shown(doc_id.lstrip('/'))}")
        return DocumentFull(doc_id=doc.doc_id, title=doc.title, text=doc.text,
                            metadata=doc.metadata)

    @delete("/documents/{doc_id:path}", summary="Delete a document", status_code=200,
            opt=policy("admin", rate_limited=True),
            responses=errors(404))
    async def delete_document(self, doc_id: FromPath[str],
                              service: NamedDependency[QAService]) -> dict[str, Any]:
        """Remove a document and its chunks; later answers cannot cite it."""
        doc_id = doc_id.lstrip("/")
        if not await service.delete_document(doc_id):
            raise NotFoundException(f"no document {_shown(doc_id)}")
        stats = await anyio.to_thread.run_sync(service.stats)  # it may wait for a writer
        set_index_size(stats["documents"], stats["chunks"])
        return {"deleted": doc_id}
