"""Where domain errors become HTTP answers: the status and JSON body of each, for the
app's exception handler and for the ``error`` event of a stream that already started.

Its own module so the app and the routes both use it without importing each other.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException

from index.errors import DocumentNotFound, IndexBusy, IndexError_, InputError
from qa.errors import BadQuestion, ModeUnavailable, Overloaded, QAError, UnknownDocuments

log = logging.getLogger("caseqa.app")


def error_payload(exc: Exception, request_id: str | None) -> tuple[dict[str, Any], int]:
    """The JSON body and status for an exception; never a stack trace."""
    detail: Any = None
    status = 500
    message = "internal error; the request id is in the logs"
    if isinstance(exc, ValidationException):
        status, message, detail = 400, str(exc.detail), exc.extra
        empty = [e.get("key") for e in detail if isinstance(e, dict)
                 and e.get("message") == "String should have at least 1 character"] \
            if isinstance(detail, list) else []
        if empty and len(empty) == len(detail):
            # '{"question": ""}' says what '{"question": "  "}' says.
            message = f"{', '.join(map(str, empty))} is empty"
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
    if status == 400 and message == "Input data was truncated":  # msgspec's words
        message = "JSON is malformed: the body ends before the JSON does (truncated)"
    body = {"error": message, "status_code": status, "request_id": request_id}
    if detail:
        body["detail"] = detail
    return body, status


REQUEST_ID = "x-request-id"


def request_id_of(scope: Any) -> tuple[str, bool]:
    """The request's id: the one already given to it, else a sane ``X-Request-ID`` it
    sent (at most 64 printable ASCII characters), else a new uuid4 hex; stored in the
    scope's state. The flag says whether it was made now (the request-id middleware did
    not run: Litestar answers a 404 or 405 before any middleware)."""
    state = scope.setdefault("state", {})
    if state.get("request_id"):
        return str(state["request_id"]), False
    sent = dict(scope.get("headers") or []).get(REQUEST_ID.encode(), b"").decode("latin-1")
    request_id = sent if 0 < len(sent) <= 64 and sent.isascii() and sent.isprintable() \
        else uuid.uuid4().hex
    state["request_id"] = request_id
    return request_id, True


def _not_json(request: Request[Any, Any, Any]) -> str:
    """The media type a request's body was sent as, when it names neither JSON nor a
    multipart upload (``application/x-www-form-urlencoded``, ``text/plain``); "" else."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    json_like = kind == "application/json" or kind.endswith("+json")
    return "" if not kind or json_like or kind == "multipart/form-data" else kind


def handle_exception(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """One place where domain errors become HTTP answers."""
    request_id, made = request_id_of(request.scope)
    body, status = error_payload(exc, request_id)
    sent_as = _not_json(request) if status == 400 and str(body["error"]).startswith(
        "JSON is malformed") else ""
    if sent_as:
        # A form or plain-text body that is no JSON was never meant as JSON: 415 says
        # what to send (a JSON body sent as text/plain, as `curl -d` does, is read).
        status = 415
        body = {**body, "status_code": status,
                "error": f"the body is {sent_as}, not JSON: send a JSON object with "
                         "Content-Type: application/json"}
    if status >= 500:
        log.error("request %s failed", request_id, exc_info=exc)
    else:
        log.info("request %s: %s %s", request_id, status, body["error"])
    # An HTTPException's own headers (Allow on a 405, Retry-After on a 429, ...) go out.
    headers = dict(exc.headers or {}) if isinstance(exc, HTTPException) else {}
    if status == 503:
        headers.setdefault("Retry-After", str(getattr(exc, "retry_after", 1)))
    if made:  # the middleware that adds it to every other response did not run
        headers[REQUEST_ID] = request_id
    return Response(body, status_code=status, headers=headers or None)
