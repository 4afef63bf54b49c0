"""The kill series, shared by tests/test_kill_series.py (a few points, in CI) and
bench/kill_series.py (20 and more): ``caseqa index`` of a new batch of documents is
killed with SIGKILL at points spread over the build, while a real ``caseqa serve`` of the
same index answers searches. After every kill the index must load, hold either all of
the batch or none of it, and pass ``check_index`` (every chunk's offsets and vector);
the server must have answered every search, before, during and after, with exact spans.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
from hardening import CASEQA, ROOT, Server, check_index, child_env

from index.settings import IndexSettings
from index.store import DB_NAME

WORDS = ("court ordered deletion facial images consent processor burden proof remedy "
         "apology residents gate company notice storage sharing biometric data appeal "
         "procuratorate district judgment compensation privacy interest lawsuit").split()


def write_batch(path: Path, batch: int, documents: int) -> set[str]:
    """A corpus JSONL of new documents (distinct texts: nothing is embedded already)."""
    rng = random.Random(batch)
    ids = set()
    with path.open("w", encoding="utf-8") as out:
        for i in range(documents):
            doc_id = f"b{batch}-d{i}"
            sentences = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20)))
                         .capitalize() + f" ({batch}.{i}.{s})." for s in range(12)]
            out.write(json.dumps({"doc_id": doc_id, "title": f"Batch {batch} #{i}",
                                  "text": " ".join(sentences)}) + "\n")
            ids.add(doc_id)
    return ids


@dataclass
class Point:
    """Where to kill: at a ``fraction`` of an uninterrupted build's time, or at an
    ``event`` of the build ("cached", "committed", "faiss-tmp", "manifest-tmp")."""

    label: str
    fraction: float | None = None
    event: str | None = None


@dataclass
class Outcome:
    """What one kill point did and found."""

    label: str
    killed_at: float | None  # seconds after start; None: the build ended first
    phase: str  # what the index showed at the kill
    batch_in_index: bool  # the batch was committed (whole) before the kill
    chunks: int
    searches: int


class _Watch:
    """Reads the build's progress from the index without locking it."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.db = sqlite3.connect(f"file:{directory / DB_NAME}?mode=ro", uri=True,
                                  timeout=1, check_same_thread=False)
        self.leftovers: set[Path] = set()

    def generation(self) -> int:
        row = self.db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        return int(row[0])

    def cached(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM embed_cache").fetchone()[0])

    def event(self, name: str, generation: int) -> bool:
        if name == "cached":
            return self.cached() > 0
        if name == "committed":
            return self.generation() != generation
        if name == "faiss-tmp":  # one written by this build, not one an earlier kill left
            return bool(set(self.directory.glob("vectors.*.tmp")) - self.leftovers)
        if name == "manifest-tmp":
            return (self.directory / "manifest.json.tmp").exists()
        raise ValueError(f"unknown event {name!r}")

    def phase(self, generation: int) -> str:
        new = self.generation()
        if new == generation:
            return f"before commit ({self.cached()} vectors cached)"
        if not (self.directory / f"vectors.{new}.faiss").exists():
            return "committed, FAISS file not written"
        return "committed, FAISS file written"


class Searcher:
    """A client of the server that searches all along and checks every span."""

    QUERIES = ("facial images consent", "court ordered deletion", "burden of proof",
               "biometric data sharing", "compensation appeal")

    def __init__(self, url: str) -> None:
        self.url = url
        self.http = httpx.Client(base_url=url, timeout=60)
        self.texts: dict[str, str] = {}
        self.count = 0
        self.failures: list[str] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def search_once(self) -> None:
        query = self.QUERIES[self.count % len(self.QUERIES)]
        response = self.http.post("/v1/search", json={"query": query, "k": 8})
        self.count += 1
        if response.status_code != 200:
            self.failures.append(f"search: {response.status_code} {response.text[:200]}")
            return
        for hit in response.json()["hits"]:
            text = self.texts.get(hit["doc_id"])
            if text is None:  # documents never change in the series: fetch each once
                got = self.http.get(f"/v1/documents/{hit['doc_id']}")
                if got.status_code != 200:
                    self.failures.append(f"document {hit['doc_id']}: {got.status_code}")
                    continue
                text = self.texts[hit["doc_id"]] = got.json()["text"]
            if text[hit["start"]:hit["end"]] != hit["text"]:
                self.failures.append(f"{hit['doc_id']} [{hit['start']}, {hit['end']}) differs")

    def __enter__(self) -> Searcher:
        def loop() -> None:
            while not self._stop.is_set():
                try:
                    self.search_once()
                except httpx.HTTPError as exc:
                    self.failures.append(f"search: {exc!r}")
                self._stop.wait(0.05)

        self._thread = threading.Thread(target=loop, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=120)
        self.http.close()


def _index(paths: list[Path], directory: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen([*CASEQA, "index", *map(str, paths), "--index-dir",
                                 str(directory), "-q"], cwd=ROOT, env=child_env(),
                                stdout=out, stderr=subprocess.STDOUT)


def _documents(settings: IndexSettings) -> set[str]:
    with sqlite3.connect(f"file:{settings.dir / DB_NAME}?mode=ro", uri=True) as db:
        return {r[0] for r in db.execute("SELECT doc_id FROM documents")}


def run_series(work: Path, points: list[Point], documents: int = 60,
               say: Callable[[str], None] = print) -> list[Outcome]:
    """Build a base index, then kill ``caseqa index`` of a new batch at each point."""
    settings = IndexSettings(dir=work / "index")
    expected = write_batch(work / "base.jsonl", 0, documents)
    started = time.monotonic()
    subprocess.run([*CASEQA, "index", str(work / "base.jsonl"), "--index-dir",
                    str(settings.dir), "-q"], cwd=ROOT, env=child_env(), check=True,
                   capture_output=True)
    assert _documents(settings) == expected
    say(f"base index: {documents} documents in {time.monotonic() - started:.1f} s")
    outcomes = []
    serving = Server(settings.dir, work / "serve.log", CASEQA_SECURITY__RATE_PER_MINUTE="0")
    with serving as server, Searcher(server.url) as searcher:
        duration = 0.0
        if any(p.fraction is not None for p in points):
            # One build timed as the kills will find it (the server busy beside it), so
            # that the timed points spread over a whole build.
            expected |= write_batch(work / "batch-1.jsonl", 1, documents)
            started = time.monotonic()
            _index([work / "batch-1.jsonl"], settings.dir, work / "index.log").wait()
            duration = time.monotonic() - started
            assert _documents(settings) == expected
            say(f"an uninterrupted build of {documents} documents, the server answering: "
                f"{duration:.1f} s")
        watch = _Watch(settings.dir)
        for number, point in enumerate(points, start=2):
            batch = write_batch(work / f"batch-{number}.jsonl", number, documents)
            generation = watch.generation()
            watch.leftovers = set(settings.dir.glob("vectors.*.tmp"))
            before = searcher.count
            proc = _index([work / f"batch-{number}.jsonl"], settings.dir, work / "index.log")
            t0 = time.monotonic()
            deadline = t0 + duration * (point.fraction if point.fraction is not None else 3)
            killed_at, phase = None, "ended before the kill"
            while proc.poll() is None:
                now = time.monotonic()
                if now >= deadline or (point.event and watch.event(point.event, generation)):
                    os.kill(proc.pid, signal.SIGKILL)
                    killed_at = now - t0
                    break
                time.sleep(0.002 if point.event else 0.01)
            proc.wait()
            if killed_at is not None:
                phase = watch.phase(generation)
            found = _documents(settings)
            committed = found == expected | batch
            assert committed or found == expected, \
                f"{point.label}: the index holds part of a batch ({len(found - expected)})"
            if committed:
                expected = found
            summary = check_index(settings)  # loads, offsets, vectors, FAISS, keywords
            deadline = time.monotonic() + 10
            while searcher.count < before + 3 and time.monotonic() < deadline:
                time.sleep(0.05)  # the server answered through the kill and after it
            assert server.proc is not None and server.proc.poll() is None, "the server died"
            assert searcher.failures == [], searcher.failures[:5]
            outcome = Outcome(point.label, killed_at, phase, committed, summary["chunks"],
                              searcher.count - before)
            outcomes.append(outcome)
            say(f"{point.label:>22}: killed at "
                f"{'-' if killed_at is None else f'{killed_at:5.2f} s'}; {phase}; batch "
                f"{'in' if committed else 'not in'} the index; {summary['chunks']} chunks "
                f"check; {outcome.searches} searches answered")
        watch.db.close()
        assert "Traceback" not in server.output(), server.output()[-3000:]
    return outcomes


def spread(points: int) -> list[Point]:
    """``points`` kill points: at events of the build (the first vectors cached, the
    commit, the FAISS file and the manifest being written), then at times spread over
    the whole build, denser near its end where the writes happen."""
    events = [Point(f"event:{e}", event=e) for e in
              ("cached", "committed", "faiss-tmp", "manifest-tmp")]
    timed = max(0, points - len(events))
    fractions = [0.05 + 0.8 * i / max(1, timed - 6) for i in range(max(0, timed - 5))]
    fractions += [0.88, 0.92, 0.95, 0.98, 1.0][:timed - len(fractions)]
    return events[:points] + [Point(f"at {f:.0%} of a build", fraction=f) for f in fractions]
