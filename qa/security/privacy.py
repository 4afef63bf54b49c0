"""Questions and answers stay out of the logs unless ``server.log_questions`` is on;
then each search or ask is logged on one line, tied to its request id."""

from __future__ import annotations

import json
import logging
from typing import Any

from litestar.types import ASGIApp, Message, Receive, ReceiveMessage, Scope, Send

from qa.security.policy import declared_policy

log = logging.getLogger("caseqa.questions")
#: Bytes of a request or response kept for the log line: enough for any answer.
CAP = 1_048_576


def _json(raw: bytes) -> dict[str, Any]:
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _done_event(raw: bytes) -> dict[str, Any]:
    """The ``done`` event's JSON in a server-sent event stream."""
    for block in raw.decode("utf-8", "replace").replace("\r\n", "\n").split("\n\n"):
        lines = block.split("\n")
        if "event: done" in lines:
            data = "\n".join(line[5:].lstrip() for line in lines if line.startswith("data:"))
            return _json(data.encode())
    return {}


def summary(request: bytes, response: bytes, streamed: bool) -> dict[str, Any]:
    """What the log line says about one exchange."""
    asked = _json(request)
    answered = _done_event(response) if streamed else _json(response)
    line: dict[str, Any] = {"question": asked.get("question", asked.get("query"))}
    if "answer" in answered:
        line.update(answer=answered["answer"], refused=answered.get("refused"),
                    cited=[c.get("doc_id") for c in answered.get("citations", [])])
    elif "hits" in answered:
        line["hits"] = [h.get("doc_id") for h in answered["hits"]]
    elif "error" in answered:
        line["error"] = answered["error"]
    return line


def question_log(app: ASGIApp) -> ASGIApp:
    """Middleware logging questions and answers (only added when the setting is on)."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        rule = declared_policy(scope) if scope["type"] == "http" else None
        if rule is None or not rule.logged:
            await app(scope, receive, send)
            return
        request, response = bytearray(), bytearray()
        streamed = False

        async def tee_receive() -> ReceiveMessage:
            message = await receive()
            if message["type"] == "http.request" and len(request) < CAP:
                request.extend(message.get("body", b"")[:CAP - len(request)])
            return message

        async def tee_send(message: Message) -> None:
            nonlocal streamed
            if message["type"] == "http.response.start":
                streamed = any(k.lower() == b"content-type" and v.startswith(b"text/event-stream")
                               for k, v in message.get("headers", []))
            elif message["type"] == "http.response.body" and len(response) < CAP:
                response.extend(message.get("body", b"")[:CAP - len(response)])
            await send(message)

        try:
            await app(scope, tee_receive, tee_send)
        finally:
            request_id = scope.get("state", {}).get("request_id")
            log.info("request %s %s %s", request_id, scope.get("path_template"),
                     json.dumps(summary(bytes(request), bytes(response), streamed),
                                ensure_ascii=False))

    return middleware
