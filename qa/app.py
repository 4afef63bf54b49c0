"""The Litestar app: lifespan, request ids, error translation, metrics, static files."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import anyio.to_thread
from litestar import Litestar, MediaType, Request, Response, Router, get, head
from litestar.config.cors import CORSConfig
from litestar.datastructures import MutableScopeHeaders
from litestar.logging.config import LoggingConfig
from litestar.openapi import OpenAPIConfig, ResponseSpec
from litestar.openapi.spec import Components, OpenAPI, OpenAPIType, Schema, SecurityScheme
from litestar.plugins.prometheus import PrometheusConfig
from litestar.plugins.pydantic import PydanticPlugin
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

from qa.http_errors import REQUEST_ID, handle_exception, request_id_of
from qa.metrics import observe_stage, set_index_size
from qa.routes import ApiController
from qa.security.headers import security_headers
from qa.security.middleware import Gatekeeper, protect
from qa.security.policy import policy
from qa.security.privacy import question_log
from qa.service import QAService
from qa.settings import Settings

log = logging.getLogger("caseqa.app")
STATIC = Path(__file__).parent / "static"


def request_id_middleware(app: ASGIApp) -> ASGIApp:
    """Give every request an id (or keep a sane one sent in), returned in X-Request-ID."""
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        request_id, _ = request_id_of(scope)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableScopeHeaders.from_message(message)[REQUEST_ID] = request_id
            await send(message)

        await app(scope, receive, send_with_id)
    return middleware


@get("/healthz", tags=["ops"], summary="Liveness", opt=policy("open"))
async def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@head("/healthz", tags=["ops"], summary="Liveness, headers only", opt=policy("open"),
      media_type=MediaType.TEXT)
async def healthz_head() -> None:
    """The process is up: 200 without a body, for uptime checks that send HEAD (Litestar
    answers HEAD only where a route declares it: GET /healthz alone gave 405)."""


@get("/readyz", tags=["ops"], summary="Readiness: the index is loaded", opt=policy("open"),
     responses={503: ResponseSpec(dict[str, str], description="the index is still loading")})
async def readyz(request: Request[Any, Any, Any]) -> Response[dict[str, Any]]:
    """200 with index counts once the index is loaded, 503 before. ``warm``: whether the
    background warm-up (first questions in either language) has ended; until it has, it
    shares the cores with the questions asked (bench/query.py waits for it)."""
    service: QAService | None = getattr(request.app.state, "service", None)
    if service is None:
        return Response({"status": "loading"}, status_code=503)
    stats = await anyio.to_thread.run_sync(service.stats)
    set_index_size(stats["documents"], stats["chunks"])
    warm: threading.Event | None = getattr(request.app.state, "warm", None)
    return Response({"status": "ready", "warm": warm is None or warm.is_set(), **stats})


@get("/metrics", tags=["ops"], summary="Prometheus metrics", media_type=CONTENT_TYPE_LATEST,
     opt=policy("read", unless_off="protect_metrics"),
     security=[{"bearer": []}, {"apiKey": []}],
     responses={401: ResponseSpec(None, description="a key is required (when keys are set)")})
async def metrics() -> Response[bytes]:
    """Request counts and latencies per route, stage timings, index size; never content."""
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)


def _warm_up(service: QAService, stop: threading.Event, done: threading.Event) -> None:
    """``QAService.warm_up`` in a background thread, ``done`` set when it ends; a failure
    only costs the first question its load time, so it is logged, never raised."""
    try:
        log.info("warmed up in %.1f s (first questions in either language)",
                 service.warm_up(stop))
    except Exception as exc:  # the app may have shut down under it
        log.warning("warm-up stopped: %s", exc)
    finally:
        done.set()


#: Seconds the server waits at shutdown for a warm-up step in native code to end (a
#: process that exits under it aborts: "terminate called without an active exception").
_WARM_UP_JOIN = 60.0


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
            stop, warm = threading.Event(), threading.Event()
            app.state.warm = warm
            warming = threading.Thread(target=_warm_up, args=(loaded, stop, warm),
                                       name="caseqa-warm-up", daemon=True)
            if settings.server.warm_up:
                warming.start()
            else:
                warm.set()
            try:
                yield
            finally:
                app.state.service = None
                if warming.is_alive():
                    # Ends at its next step; the process must not exit under it.
                    stop.set()
                    await anyio.to_thread.run_sync(warming.join, _WARM_UP_JOIN)

    from qa.api_docs import docs_routes, render_plugins
    from qa.widget import widget_routes

    cors = CORSConfig(allow_origins=settings.server.cors_origins, allow_methods=["GET", "POST"],
                      allow_headers=["content-type", "accept", "authorization", "x-api-key"],
                      expose_headers=[REQUEST_ID]) if settings.server.cors_origins else None
    prometheus = PrometheusConfig(app_name="caseqa", prefix="caseqa", group_path=True,
                                  exclude=["/metrics"])
    app = Litestar(
        route_handlers=[ApiController, healthz, healthz_head, readyz, metrics, *widget_routes(),
                        *docs_routes()],
        lifespan=[lifespan],
        middleware=[request_id_middleware, prometheus.middleware,
                    protect(Gatekeeper(settings), handle_exception),
                    *([question_log] if settings.server.log_questions else [])],
        before_send=[security_headers(settings.security)],
        # The gatekeeper enforces the per-route limits; this is only the outer bound.
        request_max_body_size=max(settings.security.max_body_bytes,
                                  settings.security.max_document_body_bytes),
        exception_handlers={Exception: handle_exception},
        # Request bodies validated strictly: JSON true is no number of passages (a lax
        # model read {"k": true} as k=1; found by a new user's trial).
        plugins=[PydanticPlugin(validate_strict=True)],
        # caseqa's INFO lines (request errors, the question log) but not every library's:
        # Litestar's default sets the root logger to INFO, and faiss's loader then printed
        # ten lines ("Could not load library ... ModuleNotFoundError") at each start. The
        # root logger stays as the CLI set it (WARNING; INFO with --verbose).
        logging_config=LoggingConfig(configure_root_logger=False,
                                     loggers={"caseqa": {"level": "INFO"}}),
        cors_config=cors,
        openapi_config=OpenAPIConfig(title="caseqa", version="0.1.0",
                                     description="Question answering over legal case "
                                                 "commentary, with exact cited sources.",
                                     # Viewers served from a wheel's files (qa.api_docs).
                                     render_plugins=render_plugins(),
                                     # Litestar's own docs routes, with their policy.
                                     openapi_router=Router(
                                         path="/schema", route_handlers=[],
                                         include_in_schema=False,
                                         opt=policy("open", headers="docs")),
                                     components=Components(security_schemes={
                                         "bearer": SecurityScheme(type="http", scheme="bearer"),
                                         "apiKey": SecurityScheme(type="apiKey", name="X-API-Key",
                                                                  security_scheme_in="header"),
                                     })),
        debug=False,
    )
    one_number_type(app.openapi_schema)
    return app


def one_number_type(node: object) -> None:
    """Drop ``integer`` from every ``oneOf`` that also allows ``number``, in place.

    Litestar writes ``int | float`` as ``oneOf: [integer, number]``, which no integral
    value satisfies (it matches both): a filter value of 2019 would break the schema
    that the API accepts it under (schemathesis found it). ``number`` holds integers.
    """
    if isinstance(node, Schema):
        if node.one_of:
            types = {s.type for s in node.one_of if isinstance(s, Schema)}
            if OpenAPIType.INTEGER in types and OpenAPIType.NUMBER in types:
                node.one_of = [s for s in node.one_of
                               if not (isinstance(s, Schema) and s.type == OpenAPIType.INTEGER)]
        children: list[object] = [*(node.one_of or []), *(node.any_of or []),
                                  *(node.all_of or []), *(node.properties or {}).values()]
        children += [node.items, node.additional_properties]
        for child in children:
            one_number_type(child)
    elif isinstance(node, OpenAPI) and node.components and node.components.schemas:
        for schema in node.components.schemas.values():
            one_number_type(schema)
