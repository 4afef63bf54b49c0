"""The Litestar app: lifespan, request ids, error translation, metrics, static files."""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import anyio.to_thread
from litestar import Litestar, Request, Response, get
from litestar.config.cors import CORSConfig
from litestar.datastructures import MutableScopeHeaders
from litestar.exceptions import HTTPException, ValidationException
from litestar.openapi import OpenAPIConfig, ResponseSpec
from litestar.openapi.spec import Components, SecurityScheme
from litestar.plugins.prometheus import PrometheusConfig
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

from index.errors import DocumentNotFound, IndexBusy, IndexError_, InputError
from qa.errors import BadQuestion, ModeUnavailable, Overloaded, QAError, UnknownDocuments
from qa.metrics import observe_stage, set_index_size
from qa.routes import ApiController
from qa.security.headers import security_headers
from qa.security.middleware import Gatekeeper, protect
from qa.security.privacy import question_log
from qa.service import QAService
from qa.settings import Settings

log = logging.getLogger("caseqa.app")
STATIC = Path(__file__).parent / "static"
REQUEST_ID = "x-request-id"


def error_payload(exc: Exception, request_id: str | None) -> tuple[dict[str, Any], int]:
    """The JSON body and status for an exception; never a stack trace."""
    detail: Any = None
    status = 500
    message = "internal error; the request id is in the logs"
    if isinstance(exc, ValidationException):
        status, message, detail = 400, str(exc.detail), exc.extra
    elif isinstance(exc, HTTPException):
        status, message, detail = exc.status_code, str(exc.detail), exc.extra or None
    elif isinstance(exc, UnknownDocuments):
        status, message, detail = 400, str(exc), {"unknown_doc_ids": exc.doc_ids[:100]}
    elif isinstance(exc, BadQuestion | InputError | ModeUnavailable):
        status, message = 400, str(exc)
    elif isinstance(exc, DocumentNotFound):
        status, message = 404, str(exc)
    elif isinstance(exc, Overloaded | IndexBusy):
        status, message = 503, str(exc)
    elif isinstance(exc, QAError | IndexError_):
        status, message = 500, str(exc)
    body = {"error": message, "status_code": status, "request_id": request_id}
    if detail:
        body["detail"] = detail
    return body, status


def handle_exception(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """One place where domain errors become HTTP answers."""
    request_id = request.scope.get("state", {}).get("request_id")
    body, status = error_payload(exc, request_id)
    if status >= 500:
        log.error("request %s failed", request_id, exc_info=exc)
    else:
        log.info("request %s: %s %s", request_id, status, body["error"])
    # An HTTPException's own headers (Allow on a 405, Retry-After on a 429, ...) go out.
    headers = dict(exc.headers or {}) if isinstance(exc, HTTPException) else {}
    if status == 503:
        headers.setdefault("Retry-After", str(getattr(exc, "retry_after", 1)))
    return Response(body, status_code=status, headers=headers or None)


def request_id_middleware(app: ASGIApp) -> ASGIApp:
    """Give every request an id (or keep a sane one sent in), returned in X-Request-ID."""
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        sent = dict(scope["headers"]).get(REQUEST_ID.encode(), b"").decode("latin-1")
        request_id = sent if 0 < len(sent) <= 64 and sent.isascii() and sent.isprintable() \
            else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableScopeHeaders.from_message(message)[REQUEST_ID] = request_id
            await send(message)

        await app(scope, receive, send_with_id)
    return middleware


@get("/healthz", tags=["ops"], summary="Liveness")
async def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@get("/readyz", tags=["ops"], summary="Readiness: the index is loaded",
     responses={503: ResponseSpec(dict[str, str], description="the index is still loading")})
async def readyz(request: Request[Any, Any, Any]) -> Response[dict[str, Any]]:
    """200 with index counts once the index is loaded, 503 before."""
    service: QAService | None = getattr(request.app.state, "service", None)
    if service is None:
        return Response({"status": "loading"}, status_code=503)
    stats = await anyio.to_thread.run_sync(service.stats)
    set_index_size(stats["documents"], stats["chunks"])
    return Response({"status": "ready", **stats})


@get("/metrics", tags=["ops"], summary="Prometheus metrics", media_type=CONTENT_TYPE_LATEST,
     security=[{"bearer": []}, {"apiKey": []}],
     responses={401: ResponseSpec(None, description="a key is required (when keys are set)")})
async def metrics() -> Response[bytes]:
    """Request counts and latencies per route, stage timings, index size; never content."""
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)


def create_app(settings: Settings | None = None, service: QAService | None = None) -> Litestar:
    """The caseqa app; the index, the model and the answerers load in its lifespan
    (``QAService.open``), unless a ready ``service`` is given."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:  # one LLM client per app, closed with it
            loaded = (service if service is not None
                      else await stack.enter_async_context(QAService.open(settings)))
            loaded.timer = observe_stage
            app.state.service = loaded
            stats = await anyio.to_thread.run_sync(loaded.stats)
            set_index_size(stats["documents"], stats["chunks"])
            try:
                yield
            finally:
                app.state.service = None

    from qa.widget import widget_routes

    cors = CORSConfig(allow_origins=settings.server.cors_origins, allow_methods=["GET", "POST"],
                      allow_headers=["content-type", "accept", "authorization", "x-api-key"],
                      expose_headers=[REQUEST_ID]) if settings.server.cors_origins else None
    prometheus = PrometheusConfig(app_name="caseqa", prefix="caseqa", group_path=True,
                                  exclude=["/metrics"])
    return Litestar(
        route_handlers=[ApiController, healthz, readyz, metrics, *widget_routes()],
        lifespan=[lifespan],
        middleware=[request_id_middleware, prometheus.middleware,
                    protect(Gatekeeper(settings), handle_exception),
                    *([question_log] if settings.server.log_questions else [])],
        before_send=[security_headers(settings.security)],
        # The gatekeeper enforces the per-route limits; this is only the outer bound.
        request_max_body_size=max(settings.security.max_body_bytes,
                                  settings.security.max_document_body_bytes),
        exception_handlers={Exception: handle_exception},
        cors_config=cors,
        openapi_config=OpenAPIConfig(title="caseqa", version="0.1.0",
                                     description="Question answering over legal case "
                                                 "commentary, with exact cited sources.",
                                     path="/schema",
                                     components=Components(security_schemes={
                                         "bearer": SecurityScheme(type="http", scheme="bearer"),
                                         "apiKey": SecurityScheme(type="apiKey", name="X-API-Key",
                                                                  security_scheme_in="header"),
                                     })),
        debug=False,
    )
