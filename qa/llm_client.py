"""A client for any OpenAI-compatible chat-completions server (vLLM, llama.cpp, Ollama...).

One ``httpx.AsyncClient`` per app, created in the lifespan. Transient failures
(connection errors, 429, 5xx) are retried a bounded number of times with doubling
backoff, but only before the answer starts: once text has been handed on, a failure
is reported, never papered over. Every failure a caller should survive is an
``LLMUnavailable``.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncGenerator, AsyncIterator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import anyio
import httpx

from qa.answering.prompts import Message
from qa.errors import LLMUnavailable
from qa.settings import LLMSettings

log = logging.getLogger("caseqa.llm")
_RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})
# How servers refuse request fields they do not take.
_FORMAT_STATUS = frozenset({400, 422, 501})
# A server's Retry-After is honoured up to this many seconds: retries stay bounded.
_MAX_RETRY_AFTER = 10.0
__all__ = ["LLMClient", "LLMUnavailable"]  # LLMUnavailable lives in qa.errors (no httpx)


class FormatRejected(LLMUnavailable):
    """The server refused the structured-output fields of a request (asking again without
    them is safe: nothing was answered)."""


@dataclass(frozen=True)
class Chunk:
    """What one streamed chat-completion chunk carries."""

    content: str
    finish_reason: str | None = None


# -- server-sent events (pure) ----------------------------------------------------------


class SSEDecoder:
    """Turns the lines of a ``text/event-stream`` body into event data strings.

    Follows the HTML living standard: ``data:`` lines are joined with newlines and
    dispatched at a blank line; comments (``:``) and other fields are ignored.
    """

    def __init__(self) -> None:
        self._data: list[str] = []

    def feed(self, line: str) -> str | None:
        """One line without its newline; the event's data when the line ends an event."""
        line = line.rstrip("\r")
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None
        field, _, value = line.partition(":")
        if field == "data":
            self._data.append(value[1:] if value.startswith(" ") else value)
        return None

    def close(self) -> str | None:
        """Data of an event left open when the stream ended (lenient: some servers omit
        the last blank line)."""
        return self._dispatch()

    def _dispatch(self) -> str | None:
        if not self._data:
            return None
        data, self._data = "\n".join(self._data), []
        return data


def sse_data(lines: Iterable[str]) -> Iterator[str]:
    """Every event's data in a sequence of lines."""
    decoder = SSEDecoder()
    for line in lines:
        data = decoder.feed(line)
        if data is not None:
            yield data
    tail = decoder.close()
    if tail is not None:
        yield tail


def parse_chunk(data: str) -> Chunk:
    """The content of one ``chat.completion.chunk`` (or of a whole completion)."""
    try:
        obj = json.loads(data)
    except ValueError:
        raise LLMUnavailable(f"the LLM server sent something that is not JSON: "
                             f"{data[:80]!r}") from None
    if isinstance(obj, dict) and "error" in obj:
        raise LLMUnavailable(f"the LLM server reported an error: {_error_text(obj)}")
    try:
        choice = obj["choices"][0] if obj["choices"] else {}
        part = choice.get("delta") or choice.get("message") or {}
        content = part.get("content") or ""
        finish = choice.get("finish_reason")
    except (KeyError, TypeError, AttributeError, IndexError):
        raise LLMUnavailable(f"the LLM server's reply is not a chat completion: "
                             f"{data[:80]!r}") from None
    if not isinstance(content, str):
        raise LLMUnavailable("the LLM server's reply has non-text content")
    return Chunk(content, finish if isinstance(finish, str) else None)


def _error_text(obj: Any) -> str:
    error = obj.get("error") if isinstance(obj, dict) else None
    if isinstance(error, dict):
        return str(error.get("message") or error)[:200]
    return str(error or obj)[:200]


# -- the client -------------------------------------------------------------------------


class LLMClient:
    """Chat completions, whole or streamed, from one OpenAI-compatible server."""

    def __init__(self, settings: LLMSettings, http: httpx.AsyncClient) -> None:
        self.settings = settings
        self.http = http

    @classmethod
    def create(cls, settings: LLMSettings) -> LLMClient:
        """A client with its own connection pool; close it with ``aclose``."""
        if not settings.base_url:
            raise ValueError("LLM base_url is not set: set CASEQA_LLM__BASE_URL, e.g. "
                             "http://127.0.0.1:8080/v1")
        headers = {"accept": "application/json"}
        if settings.api_key is not None:
            headers["authorization"] = f"Bearer {settings.api_key.get_secret_value()}"
        timeout = httpx.Timeout(settings.timeout, connect=settings.connect_timeout)
        http = httpx.AsyncClient(base_url=settings.base_url.rstrip("/") + "/",
                                 headers=headers, timeout=timeout)
        return cls(settings, http)

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self.http.aclose()

    async def __aenter__(self) -> LLMClient:
        return self

    async def __aexit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.aclose()

    def _body(self, messages: Sequence[Message], max_tokens: int, stream: bool,
              extra: dict[str, Any] | None = None) -> dict[str, Any]:
        return {"model": self.settings.model, "messages": list(messages),
                "max_tokens": max_tokens, "temperature": self.settings.temperature,
                "stream": stream, **(extra or {})}

    async def complete(self, messages: Sequence[Message], max_tokens: int) -> str:
        """The whole reply to ``messages``."""
        return "".join([piece async for piece in self.stream(messages, max_tokens)])

    async def stream(self, messages: Sequence[Message], max_tokens: int,
                     extra: dict[str, Any] | None = None) -> AsyncGenerator[str, None]:
        """The reply's text pieces as the server writes them (``aclose`` it to stop
        reading early: the connection is closed, and the server stops writing).

        ``extra`` adds fields to the request (structured output: ``response_format``...).
        Raises FormatRejected when the server refuses a request with ``extra`` as a bad
        request (400, 422, 501) or with an error naming one of its fields; LLMUnavailable
        when the server cannot be reached (after the retries), is slower than the timeout,
        fails, or sends something that is not a chat completion.
        """
        deadline = time.monotonic() + self.settings.timeout
        response = await self._open(self._body(messages, max_tokens, True, extra),
                                    frozenset(_field_names(extra)))
        try:
            kind = response.headers.get("content-type", "")
            if kind.startswith("text/event-stream"):
                async for piece in self._events(response, deadline):
                    yield piece
            else:  # a server that ignores "stream" answers with one JSON completion
                body = await self._read(response)
                chunk = parse_chunk(body)
                if chunk.content:
                    yield chunk.content
        finally:
            await response.aclose()

    async def _events(self, response: httpx.Response, deadline: float) -> AsyncIterator[str]:
        decoder, finished = SSEDecoder(), False
        try:
            async for line in response.aiter_lines():
                if time.monotonic() > deadline:
                    raise LLMUnavailable(f"the LLM server took longer than "
                                         f"{self.settings.timeout:g} s to answer")
                data = decoder.feed(line)
                if data is None:
                    continue
                if data.strip() == "[DONE]":
                    finished = True
                    break
                chunk = parse_chunk(data)
                finished = finished or chunk.finish_reason is not None
                if chunk.content:
                    yield chunk.content
        except httpx.TimeoutException:
            raise LLMUnavailable(f"the LLM server stopped sending for more than "
                                 f"{self.settings.timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise LLMUnavailable(f"the LLM server's answer broke off: {_describe(exc)}") \
                from None
        if not finished:
            raise LLMUnavailable("the LLM server's answer ended before it was finished")

    async def _read(self, response: httpx.Response) -> str:
        try:
            return (await response.aread()).decode("utf-8", errors="replace")
        except httpx.TimeoutException:
            raise LLMUnavailable(f"the LLM server took longer than "
                                 f"{self.settings.timeout:g} s to answer") from None
        except httpx.HTTPError as exc:
            raise LLMUnavailable(f"the LLM server's answer broke off: {_describe(exc)}") \
                from None

    async def _open(self, body: dict[str, Any],
                    extra: frozenset[str] = frozenset()) -> httpx.Response:
        """The response's head, after bounded retries of transient failures."""
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            delay = self.settings.retry_backoff * 2**attempt
            try:
                request = self.http.build_request("POST", "chat/completions", json=body)
                response = await self.http.send(request, stream=True)
            except (httpx.ConnectTimeout, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                # Nothing was answered yet, so asking again is safe.
                problem = f"cannot connect to {self.settings.base_url}: {_describe(exc)}"
            except httpx.TimeoutException:
                raise LLMUnavailable(f"the LLM server took longer than "
                                     f"{self.settings.timeout:g} s to answer") from None
            except httpx.HTTPError as exc:
                raise LLMUnavailable(f"the LLM request failed: {_describe(exc)}") from None
            else:
                if response.status_code < 400:
                    return response
                detail = await self._error_detail(response)
                problem = f"the LLM server answered {response.status_code}: {detail}"
                if extra and (response.status_code in _FORMAT_STATUS
                              or any(name in detail for name in extra)):
                    # llama-cpp-python answers a response_format it does not know with 500
                    raise FormatRejected(problem)
                if response.status_code not in _RETRY_STATUS:
                    raise LLMUnavailable(problem + _hint(response.status_code))
                delay = max(delay, _retry_after(response))
            if attempt + 1 < attempts:
                log.info("%s; retry %d of %d in %.1f s", problem, attempt + 1,
                         attempts - 1, delay)
                await anyio.sleep(delay)
        raise LLMUnavailable(f"{problem} (tried {attempts} times)")

    @staticmethod
    async def _error_detail(response: httpx.Response) -> str:
        try:
            raw = (await response.aread()).decode("utf-8", errors="replace")
        except httpx.HTTPError:
            return "(no body)"
        finally:
            await response.aclose()
        try:
            return _error_text(json.loads(raw))
        except ValueError:
            return raw[:200] or "(no body)"


def _field_names(extra: dict[str, Any] | None) -> Iterator[str]:
    """The names in ``extra`` an error about them would quote (keys and string values)."""
    for key, value in (extra or {}).items():
        yield key
        if isinstance(value, dict) and isinstance(value.get("type"), str):
            yield value["type"]


def _retry_after(response: httpx.Response) -> float:
    try:
        return min(float(response.headers.get("retry-after", "0")), _MAX_RETRY_AFTER)
    except ValueError:
        return 0.0


def _hint(status: int) -> str:
    if status in (401, 403):
        return " (check CASEQA_LLM__API_KEY)"
    if status == 404:
        return " (check CASEQA_LLM__BASE_URL: it usually ends with /v1; and CASEQA_LLM__MODEL)"
    return ""


def _describe(exc: Exception) -> str:
    return str(exc) or type(exc).__name__
