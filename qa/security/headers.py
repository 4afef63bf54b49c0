"""Security headers on every response, the chat page's content security policy, and
the frame rules.

The page's policy is the one its <meta> tag states, plus what a meta tag cannot say
(frame-ancestors). Styles need 'unsafe-inline': the page has an inline <style> and the
widget puts its CSS in a <style> element in its shadow root; styles run no script. A
site embedding the widget needs, in its own policy: script-src and connect-src naming
the service's origin, and style-src 'unsafe-inline' (see README).
"""

from __future__ import annotations

from litestar.datastructures import MutableScopeHeaders
from litestar.types import BeforeMessageSendHookHandler, Message, Scope

from qa.security.policy import HeaderKind, declared_policy
from qa.settings import SecuritySettings

PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
               "img-src 'self' data:; connect-src 'self'; object-src 'none'; "
               "base-uri 'none'; form-action 'none'")
#: The API docs page (qa.api_docs): the viewer's script and styles and the spec all come
#: from the service; Swagger UI sets styles inline and has its icons in data: URLs.
DOCS_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
               "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
               "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
#: JSON and text are never rendered as documents: nothing may load or frame them.
DATA_POLICY = "default-src 'none'; frame-ancestors 'none'"


def header_sets(settings: SecuritySettings) -> dict[str, dict[str, str]]:
    """Headers by kind of response: page, script, docs, data."""
    ancestors = " ".join(settings.frame_ancestors) or "'none'"
    common = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
    deny = {"X-Frame-Options": "DENY"}
    page = {**common, "Content-Security-Policy": f"{PAGE_POLICY}; frame-ancestors {ancestors}"}
    if not settings.frame_ancestors:
        page.update(deny)  # for browsers without frame-ancestors
    return {
        "page": page,
        # Loaded by <script src> from other sites, including ones isolated with COEP.
        "script": {**common, **deny, "Cross-Origin-Resource-Policy": "cross-origin"},
        "docs": {**common, **deny, "Content-Security-Policy": DOCS_POLICY},
        "data": {**common, **deny, "Content-Security-Policy": DATA_POLICY,
                 "Cache-Control": "no-store"},
    }


def kind_of(scope: Scope) -> HeaderKind:
    """Which header set a response gets: its route's policy says (unmatched: data)."""
    rule = declared_policy(scope)
    return rule.headers if rule is not None else "data"


def security_headers(settings: SecuritySettings) -> BeforeMessageSendHookHandler:
    """A before_send hook adding the headers (without overriding a handler's own)."""
    sets = header_sets(settings)

    async def add_headers(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        headers = MutableScopeHeaders.from_message(message)
        for name, value in sets[kind_of(scope)].items():
            if name not in headers:
                headers[name] = value

    return add_headers
