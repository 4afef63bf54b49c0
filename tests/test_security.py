"""Access control, limits, headers and privacy through the real app (AsyncTestClient,
a real index on tmp_path with the fast fake embedder: these tests are about who may do
what, not about ranking)."""

from __future__ import annotations

import asyncio
import io
import json
import re
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, redirect_stdout
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from conftest import RegisterAnswerer
from hardening import ADMIN_KEY, READ_KEY, ThreadServer, captured_logs, log_text
from litestar.exceptions import ClientException
from litestar.testing import AsyncTestClient
from pydantic import ValidationError

from index.documents import Document
from index.ingest import Indexer
from index.settings import EmbeddingSettings, IndexSettings
from qa.answering.base import Answerer, Draft, refusal
from qa.app import create_app
from qa.cli import main
from qa.errors import Overloaded
from qa.models import Hit
from qa.security import hash_key
from qa.security.binding import listen_host
from qa.security.limits import AnswerGate, RateLimiter
from qa.security.middleware import limited_receive
from qa.security.policy import UNDECLARED, RoutePolicy, required_access
from qa.service import QAService
from qa.settings import SecuritySettings, ServerSettings, Settings

DOCS = [
    Document("privacy-case", "Facial recognition at the gate",
             "The procuratorate sued a property company for collecting residents' facial "
             "images without consent. The court ordered the images deleted."),
    Document("burden", "Burden of proof",
             "The Personal Information Protection Law puts the burden of proof on the "
             "processor, who must show that it was not at fault."),
]
KEYS = [{"name": "ops", "sha256": hash_key(ADMIN_KEY), "scope": "admin"},
        {"name": "widget", "sha256": hash_key(READ_KEY), "scope": "read"}]
ADMIN = {"Authorization": f"Bearer {ADMIN_KEY}"}
READ = {"X-API-Key": READ_KEY}
NEW_DOC = {"documents": [{"doc_id": "new", "text": "A new document about biometric data."}]}


@pytest.fixture(scope="module")
def built_index(tmp_path_factory: pytest.TempPathFactory) -> IndexSettings:
    settings = IndexSettings(dir=tmp_path_factory.mktemp("sec") / "index",
                             embedding=EmbeddingSettings(model="fake:bow"))
    Indexer(settings).sync(DOCS)
    return settings


@pytest.fixture
def base(built_index: IndexSettings, tmp_path: Path) -> Settings:
    """Settings over a fresh copy of the index (tests may change it)."""
    import shutil

    directory = tmp_path / "index"
    shutil.copytree(built_index.dir, directory)
    return Settings(index=built_index.model_copy(update={"dir": directory}))


def secured(settings: Settings, **security: Any) -> Settings:
    """The settings with these security fields (validated, as from the environment)."""
    fields = {"api_keys": KEYS, **security}
    return settings.model_copy(update={"security": SecuritySettings(**fields)})


@asynccontextmanager
async def serving(settings: Settings,
                  service: QAService | None = None) -> AsyncIterator[AsyncTestClient[Any]]:
    """The real app (lifespan included) behind a test client."""
    async with AsyncTestClient(app=create_app(settings, service)) as client:
        yield client


@pytest.fixture
async def client(base: Settings) -> AsyncIterator[AsyncTestClient[Any]]:
    async with serving(secured(base)) as c:
        yield c


async def index_state(client: AsyncTestClient[Any]) -> tuple[int, list[str]]:
    ready = (await client.get("/readyz")).json()
    docs = (await client.get("/v1/documents", headers=ADMIN)).json()["documents"]
    return ready["generation"], [d["doc_id"] for d in docs]


# -- keys and scopes --------------------------------------------------------------------

ADMIN_ROUTES = [("POST", "/v1/documents", NEW_DOC), ("DELETE", "/v1/documents/burden", None)]
BAD_CREDENTIALS = [
    ({}, 401), ({"Authorization": "Bearer wrong"}, 401), ({"X-API-Key": "wrong"}, 401),
    ({"Authorization": f"Basic {ADMIN_KEY}"}, 401), ({"Authorization": "Bearer "}, 401),
    ({"X-API-Key": hash_key(ADMIN_KEY)}, 401),  # the stored hash is not a key
    (READ, 403), ({"Authorization": f"Bearer {READ_KEY}"}, 403),
]


@pytest.mark.parametrize(("headers", "status"), BAD_CREDENTIALS)
async def test_admin_routes_refuse_missing_wrong_and_read_keys_and_change_nothing(
        client: AsyncTestClient[Any], headers: dict[str, str], status: int) -> None:
    before = await index_state(client)
    for method, path, body in ADMIN_ROUTES:
        response = await client.request(method, path, json=body, headers=headers)
        assert response.status_code == status, (method, path, response.text)
        payload = response.json()
        assert payload["status_code"] == status and payload["request_id"]
        if status == 401:
            assert response.headers["www-authenticate"].startswith("Bearer")
            assert "API key" in payload["error"]
        else:
            assert "admin" in payload["error"]
    assert await index_state(client) == before


async def test_admin_key_changes_documents(client: AsyncTestClient[Any]) -> None:
    response = await client.post("/v1/documents", json=NEW_DOC, headers=ADMIN)
    assert response.status_code == 200 and response.json()["added"] == ["new"]
    response = await client.delete("/v1/documents/new", headers={"X-API-Key": ADMIN_KEY})
    assert response.status_code == 200


@pytest.mark.parametrize(("method", "path", "body"), [
    ("POST", "/v1/search", {"query": "facial images"}),
    ("POST", "/v1/ask", {"question": "what did the court order?"}),
    ("GET", "/v1/documents", None),
    ("GET", "/v1/documents/burden", None),
])
async def test_read_routes_need_a_read_or_admin_key(
        client: AsyncTestClient[Any], method: str, path: str, body: Any) -> None:
    for headers, status in [({}, 401), ({"X-API-Key": "nope"}, 401), (READ, 200),
                            (ADMIN, 200)]:
        response = await client.request(method, path, json=body, headers=headers)
        assert response.status_code == status, (headers, response.text)


async def test_ops_routes_stay_open_and_metrics_can_be_protected(base: Settings) -> None:
    for protect, status in [(True, 401), (False, 200)]:
        async with serving(secured(base, protect_metrics=protect)) as client:
            for path in ("/healthz", "/readyz", "/", "/widget.js", "/schema/openapi.json"):
                assert (await client.get(path)).status_code == 200, path
            assert (await client.get("/metrics")).status_code == status
            assert (await client.get("/metrics", headers=READ)).status_code == 200


async def test_open_read_serves_the_public_but_not_changes_or_bad_keys(base: Settings) -> None:
    async with serving(secured(base, open_read=True)) as client:
        assert (await client.post("/v1/search", json={"query": "consent"})).status_code == 200
        assert (await client.get("/v1/documents/burden")).status_code == 200
        # A key that is sent must be valid: a typo is not silently served as anonymous.
        response = await client.post("/v1/search", json={"query": "x"},
                                     headers={"X-API-Key": "typo"})
        assert response.status_code == 401
        assert (await client.post("/v1/documents", json=NEW_DOC)).status_code == 401
        assert (await client.delete("/v1/documents/burden")).status_code == 401


async def test_without_keys_everything_is_open(base: Settings) -> None:
    async with serving(base) as client:
        assert (await client.post("/v1/documents", json=NEW_DOC)).status_code == 200
        assert (await client.get("/metrics")).status_code == 200


def test_every_route_has_a_decided_access(base: Settings) -> None:
    # A new route must be added here, which forces a decision about who may call it.
    expected = {
        ("GET", "/"): "open", ("GET", "/widget.js"): "open", ("GET", "/healthz"): "open",
        ("HEAD", "/"): "open", ("HEAD", "/healthz"): "open",
        ("GET", "/readyz"): "open", ("GET", "/metrics"): "read",
        ("POST", "/v1/search"): "read", ("POST", "/v1/ask"): "read",
        ("GET", "/v1/documents"): "read", ("GET", "/v1/documents/{doc_id}"): "read",
        ("POST", "/v1/documents"): "admin", ("DELETE", "/v1/documents/{doc_id}"): "admin",
    }
    found = {}
    for route in create_app(base).routes:
        for method, (handler, _) in getattr(route, "route_handler_map", {}).items():
            if method == "OPTIONS":
                continue
            rule = handler.opt.get("policy")
            assert isinstance(rule, RoutePolicy), f"{method} {route.path} declares no policy"
            if route.path.startswith("/schema"):  # Litestar's docs routes, all open
                assert required_access(rule, method, SecuritySettings()) == "open"
                continue
            found[(method, route.path_format)] = required_access(rule, method,
                                                                 SecuritySettings())
    assert found == expected
    assert required_access(UNDECLARED, "GET", SecuritySettings()) == "admin"


async def test_keys_never_reach_the_logs(client: AsyncTestClient[Any]) -> None:
    with captured_logs() as records:
        await client.post("/v1/search", json={"query": "x"}, headers={"X-API-Key": "guess-123"})
        await client.post("/v1/documents", json=NEW_DOC, headers=READ)
        await client.post("/v1/ask", json={"question": "why?"}, headers=ADMIN)
    logged = log_text(records)
    assert "401" in logged and "403" in logged  # the refusals are logged, without keys
    for secret in (ADMIN_KEY, READ_KEY, "guess-123", hash_key(ADMIN_KEY)):
        assert secret not in logged


def test_settings_refuse_a_raw_key_without_echoing_it() -> None:
    with pytest.raises(ValidationError) as raised:
        SecuritySettings(api_keys=[{"name": "ops", "sha256": ADMIN_KEY}])
    assert "caseqa keys hash" in str(raised.value)
    with pytest.raises(ValidationError) as raised:
        Settings(security={"api_keys": [{"name": "ops", "sha256": ADMIN_KEY}]})
    assert ADMIN_KEY not in str(raised.value)
    with pytest.raises(ValidationError):
        SecuritySettings(frame_ancestors=["https://a.org; script-src *"])


def test_keys_new_prints_a_key_whose_hash_is_the_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["keys", "new", "--name", "ops", "--scope", "admin"]) == 0
    text = out.getvalue()
    key = re.search(r"\b(cqa_[A-Za-z0-9_-]{40,})\b", text)
    entry = re.search(r"(\{\"name\".*?\})", text)
    assert key and entry
    parsed = json.loads(entry.group(1))
    assert parsed == {"name": "ops", "sha256": hash_key(key.group(1)), "scope": "admin"}
    assert SecuritySettings(api_keys=[parsed]).api_keys[0].scope == "admin"

    monkeypatch.setattr("sys.stdin", io.StringIO(f"{key.group(1)}\n"))
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["keys", "hash"]) == 0
    assert out.getvalue().strip() == parsed["sha256"]


# -- binding ------------------------------------------------------------------------------

def test_without_keys_serve_listens_on_loopback_only_and_says_so() -> None:
    plain, keyed = Settings(), secured(Settings())
    host, notes = listen_host(plain, "0.0.0.0", allow_remote=False)
    assert host == "127.0.0.1" and "--allow-remote" in notes[0] and "0.0.0.0" in notes[0]
    host, notes = listen_host(plain, "0.0.0.0", allow_remote=True)
    assert host == "0.0.0.0" and notes[0].startswith("WARNING")
    opened = plain.model_copy(update={"security": SecuritySettings(
        allow_remote_without_keys=True)})
    assert listen_host(opened, "::", allow_remote=False)[0] == "::"
    for loopback in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        host, notes = listen_host(plain, loopback, allow_remote=False)
        assert host == loopback and "open to anyone on this machine" in notes[0]
    host, notes = listen_host(keyed, "0.0.0.0", allow_remote=False)
    assert host == "0.0.0.0" and "2 configured (1 admin)" in notes[0]
    logged = plain.model_copy(update={"server": ServerSettings(log_questions=True)})
    assert "no longer than needed" in listen_host(logged, "127.0.0.1", False)[1][-1]


def test_serve_binds_loopback_without_keys_and_says_so(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    bound: list[dict[str, Any]] = []
    monkeypatch.setattr("qa.serving.serve", lambda app, **kw: bound.append(kw) or 0)
    assert main(["serve", "--host", "0.0.0.0", "--index-dir", str(tmp_path)]) == 0
    assert main(["serve", "--host", "0.0.0.0", "--allow-remote",
                 "--index-dir", str(tmp_path)]) == 0
    monkeypatch.setenv("CASEQA_SECURITY__API_KEYS", json.dumps(KEYS))
    assert main(["serve", "--host", "0.0.0.0", "--index-dir", str(tmp_path)]) == 0
    assert [b["host"] for b in bound] == ["127.0.0.1", "0.0.0.0", "0.0.0.0"]
    assert all(b["limit_concurrency"] == 1000 and b["server_header"] is False for b in bound)
    out = capsys.readouterr().out
    assert "listens on 127.0.0.1 only, not 0.0.0.0" in out and "WARNING" in out
    assert "API keys: 2 configured (1 admin)" in out


# -- rate limits ---------------------------------------------------------------------------

def test_token_bucket_refills_and_forgets_the_oldest_callers() -> None:
    now = [0.0]
    limiter = RateLimiter(per_minute=60, burst=3, clock=lambda: now[0], max_callers=2)
    assert [limiter.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.take("a") == pytest.approx(1.0)
    now[0] += 0.5
    assert limiter.take("a") == pytest.approx(0.5)
    now[0] += 0.5
    assert limiter.take("a") == 0.0
    assert limiter.take("b", per_minute=0) == 0.0  # 0: unlimited
    limiter.take("c")
    limiter.take("d")
    assert len(limiter) == 2  # bounded memory under a flood of addresses


async def test_rate_limit_answers_429_with_retry_after_per_key(base: Settings) -> None:
    async with serving(secured(base, rate_per_minute=2, rate_burst=3)) as client:
        statuses = [(await client.get("/v1/documents", headers=READ)).status_code
                    for _ in range(5)]
        assert statuses == [200, 200, 200, 429, 429]
        limited = await client.get("/v1/documents", headers=READ)
        assert limited.status_code == 429
        assert 1 <= int(limited.headers["retry-after"]) <= 30
        assert "per key" in limited.json()["error"]
        # Another key has its own bucket; health checks are never limited.
        assert (await client.get("/v1/documents", headers=ADMIN)).status_code == 200
        assert (await client.get("/healthz")).status_code == 200


async def test_rate_limit_per_address_without_keys(base: Settings) -> None:
    settings = base.model_copy(update={"security": SecuritySettings(rate_per_minute=1,
                                                                    rate_burst=2)})
    async with serving(settings) as client:
        statuses = [(await client.post("/v1/search", json={"query": "q"})).status_code
                    for _ in range(3)]
        assert statuses == [200, 200, 429]
        assert "per client address" in (await client.get("/v1/documents")).json()["error"]


async def test_a_key_can_have_its_own_rate(base: Settings) -> None:
    keys = [{**KEYS[1], "rate_per_minute": 0}]
    async with serving(secured(base, api_keys=keys, rate_per_minute=1,
                                        rate_burst=1)) as client:
        for _ in range(5):
            assert (await client.get("/v1/documents", headers=READ)).status_code == 200


# -- body limits ---------------------------------------------------------------------------

async def test_oversized_bodies_get_413_before_any_work(client: AsyncTestClient[Any]) -> None:
    big = json.dumps({"question": "x" * 2_000_000}).encode()
    response = await client.post("/v1/ask", content=big, headers={
        **READ, "content-type": "application/json"})
    assert response.status_code == 413
    assert "larger than 1048576 bytes" in response.json()["error"]



async def test_a_body_without_content_length_is_counted_as_it_arrives() -> None:
    parts = [{"type": "http.request", "body": b"x" * 600, "more_body": True}] * 3

    async def receive() -> dict[str, Any]:
        return parts.pop()

    limited = limited_receive(receive, limit=1000, timeout=5)  # type: ignore[arg-type]
    assert (await limited())["body"] == b"x" * 600
    with pytest.raises(ClientException) as raised:
        await limited()
    assert raised.value.status_code == 413


async def test_document_uploads_have_their_own_larger_limit(client: AsyncTestClient[Any]) -> None:
    text = "Biometric data shall be deleted on request. " * 30_000  # ~1.3 MB
    body = {"documents": [{"doc_id": "long", "text": text}]}
    response = await client.post("/v1/documents", json=body, headers=ADMIN)
    assert response.status_code == 200, response.text
    assert response.json()["added"] == ["long"]


async def test_a_slow_body_times_out() -> None:
    async def slow() -> dict[str, Any]:
        await anyio.sleep(5)
        return {"type": "http.request", "body": b"x", "more_body": False}

    receive = limited_receive(slow, limit=100, timeout=0.05)  # type: ignore[arg-type]
    with pytest.raises(ClientException) as raised:
        await receive()
    assert raised.value.status_code == 408


# -- the answer gate -----------------------------------------------------------------------

async def test_gate_queues_then_refuses_and_never_loses_a_slot() -> None:
    gate = AnswerGate(slots=1, queue=1, wait=0.2)
    await gate.acquire()
    waiter = asyncio.create_task(gate.acquire())
    await asyncio.sleep(0)
    assert gate.waiting == 1
    with pytest.raises(Overloaded):  # the line is full
        await gate.acquire()
    gate.release()
    await waiter  # the slot passed to the waiter, in order
    assert gate.busy == 1 and gate.waiting == 0
    with pytest.raises(Overloaded) as raised:  # waited too long
        await gate.acquire()
    assert raised.value.retry_after >= 1
    # A waiter cancelled at the moment it is granted hands the slot on.
    second = asyncio.create_task(gate.acquire())
    await asyncio.sleep(0)
    gate.release()
    second.cancel()
    with pytest.raises(asyncio.CancelledError):  # the cancellation is not swallowed
        await second
    assert gate.busy == 0 and gate.waiting == 0
    for _ in range(3):
        await gate.acquire()
        gate.release()
    assert gate.busy == 0


class SlowAnswerer(Answerer):
    """Answers after a pause, like a slow LLM: to fill the gate."""

    mode = "extractive"

    async def stream(self, question: str, passages: Sequence[Hit],
                     question_vector: Any = None) -> AsyncIterator[str | Draft]:
        await anyio.sleep(0.6)
        yield refusal()


async def test_a_burst_beyond_the_queue_gets_503_with_retry_after(
        base: Settings, register_answerer: RegisterAnswerer) -> None:
    settings = base.model_copy(update={
        "server": ServerSettings(max_concurrent_answers=1),
        "security": SecuritySettings(answer_queue=1, answer_wait=5)})
    register_answerer("extractive", lambda context: SlowAnswerer())
    with ThreadServer(create_app(settings)) as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
            responses = await asyncio.gather(*(http.post("/v1/ask", json={"question": f"q{i}"})
                                               for i in range(4)))
            statuses = sorted(r.status_code for r in responses)
            assert statuses == [200, 200, 503, 503]
            busy = next(r for r in responses if r.status_code == 503)
            assert int(busy.headers["retry-after"]) >= 1 and "busy" in busy.json()["error"]
            assert busy.json()["request_id"] == busy.headers["x-request-id"]
            # Every slot came back: a second burst within the bound is served whole.
            again = await asyncio.gather(*(http.post("/v1/ask", json={"question": "again"})
                                           for _ in range(2)))
            assert [r.status_code for r in again] == [200, 200]
            metrics = (await http.get("/metrics")).text
            assert 'path="/v1/ask",status_code="503"' in metrics


# -- headers -------------------------------------------------------------------------------

async def test_security_headers_on_page_script_api_and_errors(
        client: AsyncTestClient[Any]) -> None:
    page = await client.get("/")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "connect-src 'self'" in csp and "object-src 'none'" in csp
    assert page.headers["x-frame-options"] == "DENY"
    script = await client.get("/widget.js")
    assert script.headers["cross-origin-resource-policy"] == "cross-origin"
    assert script.headers["cache-control"] == "no-cache"  # the handler's own stays
    for response in (page, script, await client.post("/v1/search", json={"query": "q"},
                                                     headers=READ),
                     await client.get("/no/such/route"), await client.get("/healthz")):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
    api = await client.get("/v1/documents", headers=READ)
    assert api.headers["cache-control"] == "no-store"
    assert api.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
    not_allowed = await client.request("TRACE", "/healthz")
    assert not_allowed.status_code == 405 and "GET" in not_allowed.headers["allow"]


async def test_framing_is_allowed_only_where_configured(base: Settings) -> None:
    async with serving(secured(base, frame_ancestors=["https://court.example"])) as client:
        page = await client.get("/")
        assert "frame-ancestors https://court.example" in page.headers[
            "content-security-policy"]
        assert "x-frame-options" not in page.headers
        api = await client.get("/healthz")
        assert api.headers["x-frame-options"] == "DENY"


# -- privacy -------------------------------------------------------------------------------

MARKER = "zebra-7731 whose facial images"


async def _exchange(client: AsyncTestClient[Any]) -> None:
    for stream in (False, True):
        headers = {**READ, **({"accept": "text/event-stream"} if stream else {})}
        response = await client.post("/v1/ask", json={"question": f"{MARKER}?"},
                                     headers=headers)
        assert response.status_code == 200
    await client.post("/v1/search", json={"query": MARKER}, headers=READ)
    await client.post("/v1/ask", json={"question": MARKER, "k": 999}, headers=READ)
    await client.get("/v1/documents/secret-doc-id-4471", headers=READ)


async def test_questions_and_answers_stay_out_of_logs_and_metrics(
        client: AsyncTestClient[Any]) -> None:
    with captured_logs() as records:
        await _exchange(client)
    logged = log_text(records)
    assert "422" in logged or "400" in logged  # the bad request (k=999) was logged...
    assert "zebra" not in logged  # ...but no question
    assert "court ordered" not in logged and "procuratorate" not in logged  # nor answers
    metrics = (await client.get("/metrics", headers=READ)).text
    assert "zebra" not in metrics and "secret-doc-id" not in metrics
    assert 'path="/v1/documents/{doc_id}"' in metrics


async def test_log_questions_logs_each_exchange_with_its_request_id(base: Settings) -> None:
    settings = secured(base).model_copy(update={"server": ServerSettings(log_questions=True)})
    async with serving(settings) as client:
        with captured_logs() as records:
            response = await client.post("/v1/ask", json={"question": f"{MARKER}?"},
                                         headers=READ)
            streamed = await client.post("/v1/ask",
                                         json={"question": "what did the court order?"},
                                         headers={**READ, "accept": "text/event-stream"})
            await client.get("/v1/documents", headers=READ)  # not a question: not logged
    lines = [r.getMessage() for r in records if r.name == "caseqa.questions"]
    assert len(lines) == 2
    assert response.headers["x-request-id"] in lines[0] and "zebra-7731" in lines[0]
    assert '"answer"' in lines[0] and '"refused"' in lines[0]
    assert streamed.headers["x-request-id"] in lines[1]
    assert "what did the court order?" in lines[1] and '"answer"' in lines[1]
