"""One ASGI middleware for every matched route: who is calling (API key or address),
may they (scope), how often (rate limit), how much (body size and time), and how many
answers at once (the answer gate). Refusals are rendered by the app's one exception
handler, inside the request-id and metrics middleware, so they carry an id and count."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import anyio
from litestar import Request, Response
from litestar.datastructures import Headers
from litestar.exceptions import (
    ClientException,
    HTTPException,
    NotAuthorizedException,
    PermissionDeniedException,
    TooManyRequestsException,
)
from litestar.types import ASGIApp, HTTPScope, Receive, ReceiveMessage, Scope, Send

from qa.errors import Overloaded
from qa.security.keys import KeyRing, grants, presented_key
from qa.security.limits import AnswerGate, RateLimiter, retry_after
from qa.security.policy import UNDECLARED, RoutePolicy, declared_policy, required_access
from qa.settings import Settings

Render = Callable[[Request[Any, Any, Any], Exception], Response[Any]]
BEARER = {"WWW-Authenticate": 'Bearer realm="caseqa"'}


@dataclass(frozen=True)
class Caller:
    """Who a request comes from: a key's name, or an address without one."""

    key: str | None
    scope: str | None
    address: str

    @property
    def bucket(self) -> str:
        """The rate-limit bucket: per key, else per client address."""
        return f"key:{self.key}" if self.key else f"addr:{self.address}"


class Gatekeeper:
    """The state shared by every route's copy of the middleware: keys, buckets, gate."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings.security
        self.keys = KeyRing(self.settings.api_keys)
        self.limits = {k.name: k.rate_per_minute for k in self.settings.api_keys}
        self.rate = RateLimiter(self.settings.rate_per_minute, self.settings.rate_burst)
        self.gate = AnswerGate(settings.server.max_concurrent_answers,
                               self.settings.answer_queue, self.settings.answer_wait)

    def admit(self, scope: HTTPScope) -> Caller:
        """The caller, if the request may go on; else the HTTP error that says why."""
        method, rule = scope["method"], self.rule(scope)
        client = scope.get("client")
        address = client[0] if client else "unknown"
        presented = presented_key(Headers.from_scope(scope))
        key = self.keys.find(presented) if presented and self.keys else None
        caller = Caller(key.name if key else None, key.scope if key else None, address)
        if rule.rate_limited:  # counted before the verdict: guessing keys costs quota too
            wait = self.rate.take(caller.bucket, self.limits.get(caller.key or ""))
            if wait:
                raise TooManyRequestsException(
                    f"rate limit exceeded ({self._rate_text(caller)}): retry in "
                    f"{retry_after(wait)} s", headers={"Retry-After": str(retry_after(wait))})
        if not self.keys:
            return caller
        needed = required_access(rule, method, self.settings)
        if needed == "open" or (needed == "read" and self.settings.open_read and not presented):
            return caller
        if presented is None:
            raise NotAuthorizedException(
                "an API key is required: send it as 'Authorization: Bearer KEY' or "
                "'X-API-Key: KEY'", headers=BEARER)
        if key is None:
            raise NotAuthorizedException("the API key is not valid", headers=BEARER)
        if not grants(key.scope, needed):
            raise PermissionDeniedException(
                f"the key {key.name!r} may {key.scope} only; this needs an {needed} key")
        return caller

    def _rate_text(self, caller: Caller) -> str:
        rate = self.limits.get(caller.key or "") or self.settings.rate_per_minute
        return f"{rate} requests a minute per {'key' if caller.key else 'client address'}"

    @staticmethod
    def rule(scope: HTTPScope) -> RoutePolicy:
        """The matched route's policy (declared beside it; the strictest if none)."""
        return declared_policy(scope) or UNDECLARED

    def body_limit(self, scope: HTTPScope) -> int:
        """The largest body this route accepts."""
        return (self.settings.max_document_body_bytes if self.rule(scope).document_body
                else self.settings.max_body_bytes)

    def is_answer_work(self, scope: HTTPScope) -> bool:
        """Whether the request searches or answers (and so waits for the gate)."""
        return self.rule(scope).answer_work


def _too_large(limit: int) -> ClientException:
    return ClientException(f"request body is larger than {limit} bytes", status_code=413)


def _announced_length(scope: Scope) -> int | None:
    value = Headers.from_scope(scope).get("content-length")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def limited_receive(receive: Receive, limit: int, timeout: float) -> Receive:
    """``receive`` that refuses a body over ``limit`` bytes or slower than ``timeout``."""
    deadline = anyio.current_time() + timeout
    received = 0
    done = False

    async def wrapped() -> ReceiveMessage:
        nonlocal received, done
        if done:  # after the body, receive only reports a disconnect: no deadline
            return await receive()
        try:
            with anyio.fail_after(max(0.0, deadline - anyio.current_time())):
                message = await receive()
        except TimeoutError:
            raise ClientException(f"the request body took longer than {timeout:g} s",
                                  status_code=408) from None
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise _too_large(limit)
            done = not message.get("more_body", False)
        return message

    return wrapped


def protect(keeper: Gatekeeper, render: Render) -> Callable[[ASGIApp], ASGIApp]:
    """The middleware factory for Litestar's ``middleware=[...]``."""

    timeout = keeper.settings.body_timeout

    def middleware(app: ASGIApp) -> ASGIApp:
        async def reject(scope: Scope, receive: Receive, send: Send, exc: Exception) -> None:
            request: Request[Any, Any, Any] = Request(scope, receive)
            await render(request, exc).to_asgi_response(None, request)(scope, receive, send)

        async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            http = cast("HTTPScope", scope)
            try:
                caller = keeper.admit(http)
                limit = keeper.body_limit(http)
                announced = _announced_length(scope)
                if announced is not None and announced > limit:
                    raise _too_large(limit)
            except HTTPException as exc:
                await reject(scope, receive, send, exc)
                return
            scope.setdefault("state", {})["caller"] = caller.key
            if not keeper.is_answer_work(http):
                await app(scope, limited_receive(receive, limit, timeout), send)
                return
            try:
                await keeper.gate.acquire()
            except Overloaded as exc:
                await reject(scope, receive, send, exc)
                return
            try:  # the body's time starts now: waiting in line is not the client's delay
                await app(scope, limited_receive(receive, limit, timeout), send)
            finally:
                keeper.gate.release()

        return guarded

    return middleware

