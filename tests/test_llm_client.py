"""The OpenAI-compatible client: SSE parsing with plain values, retries, timeouts and
garbage against a scripted local server, streaming against the real one."""

from __future__ import annotations

import json
import time

import pytest
from hardening import free_port
from llm_server import *  # noqa: F403  (the fixtures: fake_llm, llm_server)
from llm_server import FakeLLM, LlamaServer, Reply

from qa.answering.prompts import Message
from qa.llm_client import LLMClient, LLMUnavailable, SSEDecoder, parse_chunk, sse_data
from qa.settings import LLMSettings
from qa.settings import Settings as AllSettings

HELLO: list[Message] = [{"role": "user", "content": "Say hello."}]


def chunk(content: str | None, finish: str | None = None) -> str:
    delta = {} if content is None else {"content": content}
    return json.dumps({"choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})


def settings(base_url: str, **fields: object) -> LLMSettings:
    values: dict[str, object] = {"base_url": base_url, "retries": 2, "retry_backoff": 0.01,
                                 "timeout": 5.0, **fields}
    return LLMSettings.model_validate(values)


# -- pure -------------------------------------------------------------------------------


def test_sse_joins_data_lines_and_skips_comments_and_other_fields() -> None:
    lines = [": keep-alive", "event: message", "data: one", "data:two", "", "", "id: 4",
             "data: {\"x\": 1}\r", "", "data: tail"]
    assert list(sse_data(lines)) == ["one\ntwo", '{"x": 1}', "tail"]


def test_sse_decoder_dispatches_only_at_blank_lines() -> None:
    decoder = SSEDecoder()
    assert decoder.feed("data: a") is None
    assert decoder.feed("") == "a"
    assert decoder.feed("") is None
    assert decoder.close() is None


def test_parse_chunk_reads_deltas_messages_and_finish() -> None:
    assert parse_chunk(chunk("Hi")).content == "Hi"
    assert parse_chunk(chunk(None, "stop")).finish_reason == "stop"
    whole = json.dumps({"choices": [{"message": {"content": "All"}, "finish_reason": "stop"}]})
    assert parse_chunk(whole).content == "All"
    assert parse_chunk(json.dumps({"choices": []})).content == ""


@pytest.mark.parametrize(("data", "message"), [
    ("<html>oops</html>", "not JSON"),
    ('{"error": {"message": "model not loaded"}}', "model not loaded"),
    ('{"choices": "nope"}', "not a chat completion"),
    ('{"choices": [{"delta": {"content": 5}}]}', "non-text"),
])
def test_parse_chunk_rejects_garbage(data: str, message: str) -> None:
    with pytest.raises(LLMUnavailable, match=message):
        parse_chunk(data)


def test_settings_refuse_an_answer_budget_that_leaves_no_room() -> None:
    with pytest.raises(ValueError, match="max_answer_tokens"):
        LLMSettings(context_window=1024, max_answer_tokens=1000)


def test_settings_read_the_llm_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEQA_LLM__BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("CASEQA_LLM__API_KEY", "sk-test")
    monkeypatch.setenv("CASEQA_ANSWER__MODE", "llm")
    loaded = AllSettings()
    assert loaded.llm.base_url == "http://127.0.0.1:9/v1" and loaded.answer.mode == "llm"
    assert loaded.llm.api_key is not None and "sk-test" not in repr(loaded.llm)


# -- against the scripted server -------------------------------------------------------


async def test_streams_pieces_and_sends_model_key_and_budget(fake_llm: FakeLLM) -> None:
    fake_llm.script = [Reply(["Hel", "lo", " [1]"])]
    async with LLMClient.create(settings(fake_llm.base_url, api_key="sk-x", model="m")) as c:
        pieces = [p async for p in c.stream(HELLO, 32)]
    assert pieces == ["Hel", "lo", " [1]"]
    (request,) = fake_llm.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["authorization"] == "Bearer sk-x"
    assert request["body"] == {"model": "m", "messages": HELLO, "max_tokens": 32,
                               "temperature": 0.1, "stream": True}


async def test_a_server_that_ignores_stream_is_read_whole(fake_llm: FakeLLM) -> None:
    body = json.dumps({"choices": [{"message": {"content": "Whole"}, "finish_reason": "stop"}]})
    fake_llm.script = [Reply(body=body.encode(), content_type="application/json")]
    async with LLMClient.create(settings(fake_llm.base_url)) as client:
        assert await client.complete(HELLO, 8) == "Whole"


@pytest.mark.parametrize("status", [500, 503, 429])
async def test_transient_errors_are_retried(fake_llm: FakeLLM, status: int) -> None:
    fake_llm.script = [Reply(status=status, body=b"busy", content_type="text/plain"),
                       Reply(["ok"])]
    async with LLMClient.create(settings(fake_llm.base_url)) as client:
        assert await client.complete(HELLO, 8) == "ok"
    assert len(fake_llm.requests) == 2


async def test_retries_are_bounded(fake_llm: FakeLLM) -> None:
    fake_llm.script = [Reply(status=502, body=b'{"error": "bad gateway"}',
                             content_type="application/json")]
    async with LLMClient.create(settings(fake_llm.base_url, retries=2)) as client:
        with pytest.raises(LLMUnavailable, match=r"502: bad gateway \(tried 3 times\)"):
            await client.complete(HELLO, 8)
    assert len(fake_llm.requests) == 3


async def test_retry_after_is_honoured(fake_llm: FakeLLM) -> None:
    fake_llm.script = [Reply(status=429, body=b"slow down", content_type="text/plain",
                             headers={"retry-after": "0.3"}), Reply(["ok"])]
    started = time.monotonic()
    async with LLMClient.create(settings(fake_llm.base_url)) as client:
        assert await client.complete(HELLO, 8) == "ok"
    assert time.monotonic() - started >= 0.3


async def test_client_errors_are_not_retried_and_say_what_to_check(fake_llm: FakeLLM) -> None:
    fake_llm.script = [Reply(status=401, body=b'{"error": {"message": "bad key"}}',
                             content_type="application/json")]
    async with LLMClient.create(settings(fake_llm.base_url)) as client:
        with pytest.raises(LLMUnavailable, match=r"401: bad key .*CASEQA_LLM__API_KEY"):
            await client.complete(HELLO, 8)
    assert len(fake_llm.requests) == 1


async def test_garbage_is_unavailable(fake_llm: FakeLLM) -> None:
    fake_llm.script = [Reply(body=b"<html>It works!</html>", content_type="text/html")]
    async with LLMClient.create(settings(fake_llm.base_url)) as client:
        with pytest.raises(LLMUnavailable, match="not JSON"):
            await client.complete(HELLO, 8)


async def test_a_stalled_server_times_out(fake_llm: FakeLLM) -> None:
    fake_llm.script = [Reply(["late"], delay=30)]
    started = time.monotonic()
    async with LLMClient.create(settings(fake_llm.base_url, timeout=0.5)) as client:
        with pytest.raises(LLMUnavailable, match=r"longer than 0.5 s"):
            await client.complete(HELLO, 8)
    assert time.monotonic() - started < 5
    assert len(fake_llm.requests) == 1  # a slow server is not asked again


async def test_a_stream_cut_off_midway_is_unavailable(fake_llm: FakeLLM) -> None:
    fake_llm.script = [Reply(["one ", "two ", "three"], cut=2)]
    got: list[str] = []
    async with LLMClient.create(settings(fake_llm.base_url)) as client:
        with pytest.raises(LLMUnavailable, match=r"broke off|before it was finished"):
            async for piece in client.stream(HELLO, 8):
                got.append(piece)
    assert got == ["one ", "two "]


async def test_an_unused_port_is_unavailable_after_bounded_retries() -> None:
    port = free_port()
    async with LLMClient.create(settings(f"http://127.0.0.1:{port}/v1")) as client:
        with pytest.raises(LLMUnavailable, match=r"cannot connect .*tried 3 times"):
            await client.complete(HELLO, 8)


# -- against the real server -----------------------------------------------------------


@pytest.mark.llm
async def test_the_real_server_streams_several_pieces(llm_server: LlamaServer) -> None:
    async with LLMClient.create(settings(llm_server.base_url, timeout=120,
                                         temperature=0.0)) as client:
        pieces = [p async for p in client.stream(HELLO, 24)]
    assert len(pieces) > 1 and "".join(pieces).strip()
