"""Helpers shared by the hardening tests and the ``bench/`` runs: a real ``caseqa serve``
child process on loopback, API keys for it, and a whole-index consistency check."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self

import httpx
import uvicorn
from litestar import Litestar

from index.ingest import chunk_hash
from index.keyword import query_terms
from index.settings import IndexSettings
from index.store import Store
from qa.security import hash_key

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
#: The CLI as a child process sees it (no reliance on the console script's location).
CASEQA = [sys.executable, "-m", "qa.cli"]
ADMIN_KEY = "cqa_test-admin-key-0123456789abcdef"
READ_KEY = "cqa_test-read-key-0123456789abcdef"


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def stop_process(proc: subprocess.Popen[bytes], timeout: float) -> None:
    """Stop a child process: SIGTERM, then SIGKILL after ``timeout`` seconds; waits for it
    either way, and stopping one that has exited is harmless."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def keys_setting(keys: Mapping[str, tuple[str, str]], rate: int | None = None) -> str:
    """CASEQA_SECURITY__API_KEYS for ``{name: (key, scope)}``, hashed as they must be."""
    return json.dumps([{"name": name, "sha256": hash_key(key), "scope": scope,
                        **({"rate_per_minute": rate} if rate is not None else {})}
                       for name, (key, scope) in keys.items()])


def child_env(**settings: str) -> dict[str, str]:
    """This process's environment without any CASEQA_ setting, plus ``settings``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEQA_")}
    env.update({"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
                "TOKENIZERS_PARALLELISM": "false", **settings})
    return env


class Server:
    """``caseqa serve`` in a child process on a free loopback port."""

    def __init__(self, index_dir: Path, log: Path, **settings: str) -> None:
        self.index_dir = index_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log
        self.env = child_env(**settings)
        self.proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def start(self, timeout: float = 180) -> Server:
        """Start it and wait until /readyz says the index is loaded."""
        self._log = self.log_path.open("wb")
        self.proc = subprocess.Popen(
            [*CASEQA, "serve", "--index-dir", str(self.index_dir), "--port", str(self.port)],
            cwd=ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"caseqa serve exited: {self.log_path.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"caseqa serve not ready in {timeout} s")
            time.sleep(0.2)

    @property
    def pid(self) -> int:
        """The server's process id."""
        assert self.proc is not None
        return self.proc.pid

    def output(self) -> str:
        """What the server printed so far."""
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        """Stop it (SIGTERM, then SIGKILL after 20 s)."""
        if self.proc is not None:
            stop_process(self.proc, timeout=20)
        if self._log is not None:
            self._log.close()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


class ThreadServer:
    """An app under uvicorn in a thread of this process, on a free loopback port: for
    tests that need real concurrency (the test client serves one request at a time) or
    an app built around a service the test controls."""

    def __init__(self, app: Litestar) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                timeout_graceful_shutdown=2)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True,
                                       name=f"caseqa-{self.port}")

    def start(self) -> Self:
        """Start serving and wait (up to 120 s) until uvicorn has started."""
        self.thread.start()
        deadline = time.monotonic() + 120
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the app did not start on {self.url}")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        """Ask uvicorn to exit and wait (up to 15 s) for its thread."""
        self.server.should_exit = True
        self.thread.join(timeout=15)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _Keep(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__(logging.DEBUG)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def captured_logs() -> Iterator[list[logging.LogRecord]]:
    """Every log record of every logger, DEBUG and up. Use it after the app has started:
    Litestar's logging set-up replaces the root logger's handlers (pytest's caplog too)."""
    records: list[logging.LogRecord] = []
    root = logging.getLogger()
    handler, level = _Keep(records), root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield records
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def log_text(records: list[logging.LogRecord]) -> str:
    """Everything the records would write: messages, arguments, exceptions."""
    formatter = logging.Formatter()
    return "\n".join(formatter.format(r) + repr(r.args) for r in records)


def rss_bytes(pid: int) -> int:
    """Resident memory of a process (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def check_index(settings: IndexSettings, sample_vectors: int = 200) -> dict[str, Any]:
    """Open an index as the service would and check it whole; raise AssertionError.

    Every chunk: its span lies inside its document, the stored text is the document's
    text[start:end], and its vector is the one embedded for exactly that text (looked up
    by the hash of the span). Up to ``sample_vectors`` chunks are also found by their own
    vector in FAISS, and keyword search answers.
    """
    store = Store.open(settings)
    try:
        ids = store.chunk_ids()
        records = []
        for first in range(0, len(ids), 5000):
            records.extend(store.get_chunks(ids[first:first + 5000]))
        assert len(records) == len(ids), "a chunk id names no chunk"
        texts: dict[str, str] = {}
        bad: list[str] = []
        for record in records:
            text = texts.get(record.doc_id)
            if text is None:
                doc = store.get_document(record.doc_id)
                assert doc is not None, f"chunk {record.chunk_id} of a missing document"
                text = texts[record.doc_id] = doc.text
            if not (0 <= record.start < record.end <= len(text)) \
                    or text[record.start:record.end] != record.text:
                bad.append(f"{record.doc_id}#{record.chunk_id} [{record.start}, {record.end})")
        assert not bad, f"chunks whose offsets do not match their document: {bad[:10]}"
        sample = records[:: max(1, len(records) // sample_vectors)] if records else []
        vectors = store.chunk_vectors([r.chunk_id for r in sample])
        by_text = store.cached_vectors(chunk_hash(r.text) for r in sample)
        for record, vector in zip(sample, vectors, strict=True):
            expected = by_text.get(chunk_hash(record.text))
            assert expected is not None and (expected == vector).all(), \
                f"chunk {record.chunk_id}'s vector is not the one of its text"
            # Its own vector scores 1.0; others may tie at float precision (the same or a
            # near-identical text), so look among the ties.
            near = [r.chunk_id for r, score in store.search_vectors(vector, 20) if score > 0.999]
            assert record.chunk_id in near or any(
                (v == vector).all() for v in store.chunk_vectors(near)), \
                f"FAISS does not find chunk {record.chunk_id} by its own vector"
        terms = [t for r in sample for t in query_terms(r.text)]
        if terms:
            assert store.search_keywords(terms[0], 3), f"keyword search finds no {terms[0]!r}"
        return {"documents": store.count_documents(), "chunks": len(records),
                "generation": store.generation}
    finally:
        store.close()
