"""Which routes need which access, decided from the matched route (never the raw path,
so ``//v1/documents`` or percent-encoding cannot slip past)."""

from __future__ import annotations

from qa.security.keys import Access
from qa.settings import SecuritySettings

#: Routes whose work is searching or answering: bounded by server.max_concurrent_answers.
ANSWER_WORK = frozenset({("POST", "/v1/search"), ("POST", "/v1/ask")})
DOCUMENT_UPLOAD = ("POST", "/v1/documents")
READ_METHODS = frozenset({"GET", "HEAD"})


def required_access(method: str, path_template: str, settings: SecuritySettings) -> Access:
    """What a request to this route needs when keys are configured."""
    if method == "OPTIONS":
        return "open"  # a CORS preflight carries no credentials, and tells nothing
    if path_template == "/v1/documents" or path_template.startswith("/v1/documents/"):
        return "read" if method in READ_METHODS else "admin"
    if path_template.startswith("/v1/"):
        return "read"
    if path_template == "/metrics":
        return "read" if settings.protect_metrics else "open"
    return "open"


def is_api(path_template: str) -> bool:
    """Routes that are rate limited: the API, not health checks, metrics or static files."""
    return path_template.startswith("/v1/")
