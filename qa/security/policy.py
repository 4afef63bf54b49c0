"""Who may call a route and which limits apply to it, declared beside the route in its
``opt`` (``@post(..., opt=policy("read", answer_work=True))``) and read from the matched
route handler, never from the raw path: a renamed route keeps its policy, ``//v1/...`` or
percent-encoding cannot slip past, and a route declared without one is refused to all
but admin keys (fail closed)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from litestar.types import Scope

from qa.security.keys import Access
from qa.settings import SecuritySettings

HeaderKind = Literal["page", "script", "docs", "data"]
_KEY = "policy"


@dataclass(frozen=True)
class RoutePolicy:
    """One route's security policy."""

    #: With keys configured, what a caller needs: open, a read key or an admin key.
    access: Access
    #: Counted against the caller's rate (per key, else per client address).
    rate_limited: bool = False
    #: Searches or answers: waits for one of server.max_concurrent_answers.
    answer_work: bool = False
    #: Takes documents: bodies up to max_document_body_bytes (else max_body_bytes).
    document_body: bool = False
    #: Its question and answer are what CASEQA_SERVER__LOG_QUESTIONS logs.
    logged: bool = False
    #: A SecuritySettings flag: when it is false the route is open (protect_metrics).
    unless_off: str | None = None
    #: Which set of security headers its responses get.
    headers: HeaderKind = "data"


#: What a route declared without a policy gets: the strictest.
UNDECLARED = RoutePolicy("admin", rate_limited=True)


def policy(access: Access, **rules: Any) -> dict[str, Any]:
    """A route's ``opt`` holding its policy."""
    return {_KEY: RoutePolicy(access, **rules)}


def declared_policy(scope: Scope) -> RoutePolicy | None:
    """The matched route's declared policy; None without a route (a 404) or a policy."""
    handler = scope.get("route_handler")
    found: RoutePolicy | None = handler.opt.get(_KEY) if handler is not None else None
    return found


def required_access(rule: RoutePolicy, method: str, settings: SecuritySettings) -> Access:
    """What a request to this route needs when keys are configured."""
    if method == "OPTIONS":
        return "open"  # a CORS preflight carries no credentials, and tells nothing
    if rule.unless_off is not None and not getattr(settings, rule.unless_off):
        return "open"
    return rule.access
