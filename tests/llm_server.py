"""Fixtures for the LLM tests: the real OpenAI-compatible server, a scripted fake one,
and a seed index.

The real one is llama-cpp-python's server (installed by ``.ci/install-llm-server`` in
``.venv-llm``) serving SmolLM2-135M-Instruct on a free loopback port, started once per
test session. The fake one plays the failures a real server cannot be made to show on
demand: garbage, a stall, a 5xx then success, an answer cut off mid-stream. Import the
fixtures into the test module: ``from llm_server import *``.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from hardening import free_port, stop_process

from index.documents import read_paths
from index.ingest import Indexer
from qa.answering.llm import DIALECTS
from qa.service import QAService
from qa.settings import Settings

__all__ = ["FakeLLM", "LlamaServer", "Reply", "copy_index", "fake_llm", "fresh_dialects",
           "index_dir", "llm_server", "llm_service", "llm_settings", "seed_index"]

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
LLM_VENV = ROOT / ".venv-llm"
GGUF = LLM_VENV / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf"
N_CTX = 2048
_START_TIMEOUT = 180.0


# -- the real server --------------------------------------------------------------------


class LlamaServer:
    """llama-cpp-python's OpenAI-compatible server in a subprocess."""

    def __init__(self, log: Path) -> None:
        python = LLM_VENV / "bin" / "python"
        if not python.exists() or not GGUF.exists():
            pytest.fail(f"the LLM test server is not installed ({python} or {GGUF} is "
                        "missing): run `.ci/install-llm-server`", pytrace=False)
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [str(python), "-m", "llama_cpp.server", "--model", str(GGUF),
                 "--host", "127.0.0.1", "--port", str(self.port), "--n_ctx", str(N_CTX),
                 "--verbose", "False"],
                stdout=out, stderr=subprocess.STDOUT)
        self._wait()

    def _wait(self) -> None:
        deadline = time.monotonic() + _START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the LLM test server exited with {self.process.returncode}: "
                            f"{self.log.read_text(errors='replace')[-2000:]}", pytrace=False)
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.base_url}/models", timeout=2).status_code == 200:
                    return
            time.sleep(0.2)
        self.stop()
        pytest.fail(f"the LLM test server did not answer /v1/models within "
                    f"{_START_TIMEOUT:g} s; its log: {self.log}", pytrace=False)

    def stop(self) -> None:
        """Stop the server (and wait for it); stopping twice is harmless."""
        stop_process(self.process, timeout=15)


_shared: LlamaServer | None = None


@pytest.fixture(scope="session")
def llm_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaServer]:
    """The real server, started once per session however many modules import this."""
    global _shared
    if _shared is None or _shared.process.poll() is not None:
        _shared = LlamaServer(tmp_path_factory.mktemp("llm") / "server.log")
    yield _shared
    _shared.stop()


# -- a scripted fake server -------------------------------------------------------------


@dataclass
class Reply:
    """What the fake server does with one request.

    ``pieces`` are streamed as chat-completion chunks (then ``[DONE]``, unless
    ``cut`` closes the connection after that many pieces); ``status``/``body`` send a
    raw answer instead; ``delay`` stalls first.
    """

    pieces: Sequence[str] = ()
    status: int = 200
    body: bytes | None = None
    content_type: str = "text/event-stream"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    cut: int | None = None


class FakeLLM:
    """A tiny HTTP server that answers /v1/chat/completions from a script."""

    def __init__(self) -> None:
        self.script: list[Reply] = []
        #: When set, each request's body is answered by this instead of the script.
        self.judge: Callable[[dict[str, Any]], Reply] | None = None
        self.requests: list[dict[str, Any]] = []
        self.stopping = threading.Event()
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                fake.requests.append({"path": self.path, "headers": dict(self.headers),
                                      "body": json.loads(self.rfile.read(length) or b"{}")})
                body = fake.requests[-1]["body"]
                reply = (fake.judge(body) if fake.judge is not None
                         else fake.script.pop(0) if len(fake.script) > 1 else fake.script[0])
                if fake.stopping.wait(reply.delay):
                    return
                fake.answer(self, reply)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def answer(self, handler: http.server.BaseHTTPRequestHandler, reply: Reply) -> None:
        """Write one scripted reply."""
        handler.send_response(reply.status)
        for name, value in reply.headers.items():
            handler.send_header(name, value)
        handler.send_header("content-type", reply.content_type)
        if reply.body is not None:
            handler.send_header("content-length", str(len(reply.body)))
            handler.end_headers()
            handler.wfile.write(reply.body)
            return
        handler.send_header("transfer-encoding", "chunked")
        handler.end_headers()
        events = [{"choices": [{"index": 0, "delta": {"content": p}, "finish_reason": None}]}
                  for p in reply.pieces]
        events.append({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
        for i, event in enumerate(events):
            if reply.cut is not None and i >= reply.cut:
                handler.close_connection = True
                handler.wfile.flush()
                handler.connection.shutdown(socket.SHUT_RDWR)  # mid-body: a broken stream
                return
            self._chunk(handler, f"data: {json.dumps(event)}\n\n".encode())
            time.sleep(0.005)
        self._chunk(handler, b"data: [DONE]\n\n")
        handler.wfile.write(b"0\r\n\r\n")

    @staticmethod
    def _chunk(handler: http.server.BaseHTTPRequestHandler, data: bytes) -> None:
        handler.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        handler.wfile.flush()

    def stop(self) -> None:
        """Stop serving (stalled replies end at once)."""
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_llm() -> Iterator[FakeLLM]:
    """A scripted server: set ``fake_llm.script`` to a list of ``Reply``."""
    fake = FakeLLM()
    fake.script = [Reply(["An answer [1]."])]
    yield fake
    fake.stop()


# -- an index and a service over it ------------------------------------------------------


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of ``seeds/`` (real model), built once; copy it before changing it."""
    directory = tmp_path_factory.mktemp("llm-seed") / "index"
    Indexer(Settings().with_index_dir(directory).index).sync(read_paths([SEEDS]))
    return directory


def llm_settings(index_dir: Path, base_url: str, **llm: Any) -> Settings:
    """Settings for an index copy and an LLM server, sized for the test server."""
    fields: dict[str, Any] = {"base_url": base_url, "context_window": N_CTX,
                              "max_answer_tokens": 96, "timeout": 120.0, "temperature": 0.0,
                              "retries": 1, "retry_backoff": 0.05, **llm}
    return Settings().with_index_dir(index_dir).overridden(llm=fields)


def copy_index(seed_index: Path, tmp_path: Path) -> Path:
    """A private copy of the seed index."""
    directory = tmp_path / "index"
    shutil.copytree(seed_index, directory)
    return directory


@pytest.fixture
def index_dir(seed_index: Path, tmp_path: Path) -> Path:
    """A private copy of the seed index for one test."""
    return copy_index(seed_index, tmp_path)


@pytest.fixture
def fresh_dialects() -> Iterator[None]:
    """Each test starts and ends with no remembered server dialects (``DIALECTS``); use
    it module-wide with ``pytestmark = pytest.mark.usefixtures("fresh_dialects")``."""
    DIALECTS.forget()
    yield
    DIALECTS.forget()


@contextlib.asynccontextmanager
async def llm_service(settings: Settings) -> AsyncIterator[QAService]:
    """The service over ``settings``' index with its LLM answerer and one client."""
    async with QAService.open(settings, create=False) as service:
        yield service
