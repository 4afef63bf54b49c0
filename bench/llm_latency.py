"""Latency of a streamed LLM answer: time to the first delta and to the done event.

Starts the test server (llama-cpp-python serving SmolLM2-135M-Instruct from .venv-llm;
run `.ci/install-llm-server` first) on a free loopback port, or uses --base-url; indexes
seeds/ in a temporary folder; then asks the question through the service, as the HTTP
app does (retrieval, prompt, stream, checks), and prints medians over --runs runs:

- cold: the server's prompt cache is flushed before each run, so the whole prompt is
  processed, as for a new question;
- warm: the same question again, its prompt already cached by llama.cpp.

Each for every --structured mode: ``off`` (plain text, the LLM path before structured
output; attribution runs after it) and ``auto`` (JSON sentences through the schema form
the server takes: ``json_object`` for llama-cpp-python), so the two compare in one run.

    python bench/llm_latency.py [--runs 5] [--structured off auto] [--question "..."]
        [--base-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from index.documents import read_paths  # noqa: E402
from index.ingest import Indexer  # noqa: E402
from qa.answering.llm import LLMAnswerer  # noqa: E402
from qa.llm_client import LLMClient  # noqa: E402
from qa.models import Answer, Question  # noqa: E402
from qa.service import QAService  # noqa: E402
from qa.settings import Settings  # noqa: E402

GGUF = ROOT / ".venv-llm" / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf"
N_CTX = 2048


def start_server() -> tuple[subprocess.Popen[bytes], str]:
    python = ROOT / ".venv-llm" / "bin" / "python"
    if not python.exists() or not GGUF.exists():
        sys.exit("the LLM test server is not installed: run .ci/install-llm-server")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [str(python), "-m", "llama_cpp.server", "--model", str(GGUF), "--host", "127.0.0.1",
         "--port", str(port), "--n_ctx", str(N_CTX), "--verbose", "False"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base_url = f"http://127.0.0.1:{port}/v1"
    for _ in range(600):
        try:
            if httpx.get(f"{base_url}/models", timeout=2).status_code == 200:
                return process, base_url
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.terminate()
    sys.exit("the LLM server did not start")


async def one_run(service: QAService, question: str) -> tuple[float, float, Answer, int]:
    started = time.perf_counter()
    first: float | None = None
    deltas = 0
    answer: Answer | None = None
    async for event in service.ask_stream(Question(question, mode="llm")):
        if event.name == "delta":
            deltas += 1
            first = first if first is not None else time.perf_counter() - started
        elif event.name == "done":
            answer = event.data
    assert answer is not None
    total = time.perf_counter() - started
    return (first if first is not None else total), total, answer, deltas


async def flush_cache(client: LLMClient) -> None:
    await client.complete([{"role": "user", "content": "Count to three."}], 1)


async def bench(base_url: str, runs: int, question: str, modes: list[str]) -> None:
    for mode in modes:
        print(f"== structured: {mode}")
        await bench_mode(base_url, runs, question, mode)
        print()


async def bench_mode(base_url: str, runs: int, question: str, mode: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings().with_index_dir(Path(tmp) / "index").overridden(
            llm={"base_url": base_url, "context_window": N_CTX, "max_answer_tokens": 256,
                 "timeout": 300.0, "structured": mode})
        Indexer(settings.index).sync(read_paths([ROOT / "seeds"]))
        async with QAService.open(settings, create=False) as service:
            llm = service.answerers["llm"]
            assert isinstance(llm, LLMAnswerer)
            client = llm.client
            hits = service.search_sync(question, settings.retrieval.k)
            messages, shown = llm.prompt(question, hits, structured=mode != "off")
            print(f"question: {question}")
            print(f"prompt: {llm.tokens(messages)} tiktoken tokens, {len(shown)} of "
                  f"{len(hits)} passages; max_answer_tokens "
                  f"{settings.llm.max_answer_tokens}, temperature {settings.llm.temperature}")
            print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs\n")
            results: dict[str, list[tuple[float, float, Answer, int]]] = {"cold": [], "warm": []}
            for kind in ("cold", "warm"):
                for _ in range(runs):
                    if kind == "cold":
                        await flush_cache(client)
                    results[kind].append(await one_run(service, question))
                    ttft, total, answer, deltas = results[kind][-1]
                    print(f"  {kind}: first delta {ttft:6.2f} s, done {total:6.2f} s, "
                          f"{deltas} deltas, {len(answer.citations)} citations, "
                          f"mode {answer.mode}")
            print()
            for kind, rows in results.items():
                print(f"{kind} median over {runs}: time to first token "
                      f"{statistics.median(r[0] for r in rows):.2f} s, total "
                      f"{statistics.median(r[1] for r in rows):.2f} s")
            sample = results["cold"][0][2]
            print("\nsample answer (first cold run):")
            print(sample.answer)
            print(f"refused={sample.refused} dropped_markers={sample.dropped_markers} "
                  f"unsupported={sample.unsupported} warnings={sample.warnings}")
            for c in sample.citations:
                print(f"  [{c.n}] {c.doc_id} [{c.start}, {c.end}): {c.quote[:160]}...")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--question", default="which law puts the burden of proof on the "
                                               "victim?")
    parser.add_argument("--base-url", default=None, help="an already running server")
    parser.add_argument("--structured", nargs="+", default=["off", "auto"],
                        choices=["off", "auto", "json_schema"],
                        help="CASEQA_LLM__STRUCTURED values to time, in turn")
    args = parser.parse_args()
    process = None
    base_url = args.base_url
    if base_url is None:
        process, base_url = start_server()
    try:
        asyncio.run(bench(base_url, args.runs, args.question, args.structured))
    finally:
        if process is not None:
            process.terminate()
            process.wait()


if __name__ == "__main__":
    main()
