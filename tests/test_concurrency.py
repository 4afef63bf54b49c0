"""Documents added, replaced and deleted through the API while 16 clients search and
ask, against a real ``caseqa serve`` on loopback: no error, no answer citing a document
after its delete returned, and every passage and quote an exact span of a version of its
document."""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import snowballstemmer
from hardening import SEEDS, Server, check_index

from index.settings import IndexSettings
from qa.answering.terms import stem

CLIENTS = 16
SECONDS = 20.0  # of churn; the bench (bench/load.py) runs for minutes
TOPICS = ["consent", "deletion", "compensation", "apology", "storage", "sharing", "notice"]
QUESTIONS = [f"what did the court order about {t} of the facial images?" for t in TOPICS]


def version_text(doc_id: str, version: int) -> str:
    """The text of a version of a churned document (they all answer the questions)."""
    topic = TOPICS[hash(doc_id) % len(TOPICS)]
    return (f"Notice {doc_id}, version {version}. The court ordered the gate company to "
            f"stop the {topic} of facial images within {version * 10} days. "
            f"Residents' consent was never asked for {doc_id}. "
            + "The company appealed. " * version)


@dataclass
class Ledger:
    """What was written, and when (monotonic seconds of this process)."""

    versions: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    deleted_at: dict[str, float] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    answers: list[tuple[float, str, dict[str, Any]]] = field(default_factory=list)
    done: bool = False


async def writer(http: httpx.AsyncClient, ledger: Ledger) -> int:
    """Add, replace and delete documents until the time is up; some are kept."""
    deadline, i = time.monotonic() + SECONDS, 0
    while time.monotonic() < deadline:
        doc_id = f"churn-{i}"
        for version, bucket in ((1, "added"), (2, "replaced")):
            text = version_text(doc_id, version)
            ledger.versions[doc_id].append(text)  # before: a reader may see it at once
            response = await http.post("/v1/documents", json={"documents": [
                {"doc_id": doc_id, "title": f"Notice {i}", "text": text,
                 "metadata": {"round": i}}]})
            if response.status_code != 200 or response.json()[bucket] != [doc_id]:
                ledger.failures.append(f"{bucket} {doc_id}: {response.status_code}")
        if i % 3:  # every third document stays
            response = await http.delete(f"/v1/documents/{doc_id}")
            if response.status_code != 200:
                ledger.failures.append(f"delete {doc_id}: {response.status_code}")
            ledger.deleted_at[doc_id] = time.monotonic()
        i += 1
    ledger.done = True
    return i


async def reader(http: httpx.AsyncClient, ledger: Ledger, n: int) -> None:
    """Ask and search in turn until the writer is done."""
    turn = n
    while not ledger.done:
        question = QUESTIONS[turn % len(QUESTIONS)]
        path, body = (("/v1/ask", {"question": question, "k": 5}) if turn % 2
                      else ("/v1/search", {"query": question, "k": 8}))
        started = time.monotonic()
        response = await http.post(path, json=body)
        if response.status_code != 200:
            ledger.failures.append(f"{path}: {response.status_code} {response.text[:200]}")
        else:
            ledger.answers.append((started, path, response.json()))
        turn += 1


def spans(answer: dict[str, Any]) -> list[tuple[str, int, int, str]]:
    """(doc_id, start, end, text) of every passage, hit and quote of a response."""
    passages = answer.get("hits", []) + answer.get("passages", [])
    return ([(h["doc_id"], h["start"], h["end"], h["text"]) for h in passages]
            + [(c["doc_id"], c["start"], c["end"], c["quote"])
               for c in answer.get("citations", [])])


@pytest.fixture
def server(tmp_path: Path) -> Any:
    with Server(tmp_path / "index", tmp_path / "serve.log",
                CASEQA_SECURITY__RATE_PER_MINUTE="0") as running:
        yield running


async def test_churn_while_sixteen_clients_search_and_ask(server: Server,
                                                          tmp_path: Path) -> None:
    ledger = Ledger()
    seed = {"doc_id": "seed", "text": version_text("seed", 3)}
    limits = httpx.Limits(max_connections=CLIENTS + 2)
    async with httpx.AsyncClient(base_url=server.url, timeout=120, limits=limits) as http:
        assert (await http.post("/v1/documents", json={"documents": [seed]})).status_code == 200
        ledger.versions["seed"].append(seed["text"])
        rounds, *_ = await asyncio.gather(writer(http, ledger),
                                          *(reader(http, ledger, n) for n in range(CLIENTS)))
        listed = (await http.get("/v1/documents", params={"limit": 1000})).json()

    assert ledger.failures == []
    assert rounds >= 5 and len(ledger.answers) >= 100, (rounds, len(ledger.answers))
    cited = 0
    for started, path, answer in ledger.answers:
        for doc_id, start, end, text in spans(answer):
            deleted = ledger.deleted_at.get(doc_id)
            assert deleted is None or started < deleted, \
                f"{path} begun {started - deleted:.3f} s after {doc_id} was deleted cites it"
            assert any(v[start:end] == text for v in ledger.versions[doc_id]), \
                f"{path}: {doc_id} [{start}, {end}) is no span of any version of it"
            cited += 1
    assert cited > len(ledger.answers)  # the check had something to check
    kept = {d for d in ledger.versions if d not in ledger.deleted_at}
    assert {d["doc_id"] for d in listed["documents"]} == kept

    server.stop()
    assert "Traceback" not in server.output()
    summary = check_index(IndexSettings(dir=server.index_dir))
    assert summary["documents"] == len(kept)
    print(f"\nconcurrency: {rounds} rounds of add/replace/delete, {len(ledger.answers)} "
          f"answers and searches by {CLIENTS} clients, {cited} spans checked")


def test_stemming_is_safe_from_many_threads() -> None:
    # Answers are composed in worker threads; a shared Snowball stemmer raised IndexError
    # and returned wrong stems under load (found by bench/load.py).
    words = " ".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")).lower().split()
    words = [w for w in words if w.isascii() and w.isalpha()]
    truth = {w: snowballstemmer.stemmer("english").stemWord(w) for w in set(words)}
    problems: list[str] = []

    def stem_many(seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(20_000):
            word = rng.choice(words)
            try:
                if stem(word) != truth[word]:
                    problems.append(f"wrong stem of {word!r}")
            except Exception as exc:
                problems.append(repr(exc))

    threads = [threading.Thread(target=stem_many, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert problems == []
