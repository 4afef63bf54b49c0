"""One place builds the service and its answerers (qa.answering.registry): the app,
``caseqa ask`` and ``caseqa eval`` all answer with what is registered there; and a
question is embedded once per request, for retrieval and the answerer alike."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import anyio
import pytest
from conftest import CountingEmbedder, RegisterAnswerer
from litestar.testing import AsyncTestClient

from index.documents import read_paths
from index.ingest import Indexer
from index.settings import IndexSettings
from qa.answering.base import Answerer, Draft
from qa.app import create_app
from qa.cli import main
from qa.models import Hit, Question
from qa.service import QAService
from qa.settings import Settings

THREE = Path(__file__).resolve().parent / "cases" / "corpus-three-cases.jsonl"
MARK = "registered answerer"


class Marked(Answerer):
    """Refuses with a recognisable sentence, and notes the vector it was handed."""

    mode = "llm"
    vectors: list[Any] = []  # noqa: RUF012

    async def stream(self, question: str, passages: Sequence[Hit],
                     question_vector: Any = None) -> AsyncIterator[str | Draft]:
        self.vectors.append(question_vector)
        yield Draft(MARK, True, [])


@pytest.fixture
def three(tmp_path: Path, register_answerer: RegisterAnswerer) -> Settings:
    settings = Settings().with_index_dir(tmp_path / "index")
    Indexer(settings.index).sync(read_paths([THREE]))
    register_answerer("llm", lambda context: Marked())
    return settings


async def test_the_app_answers_with_the_registered_answerer(three: Settings) -> None:
    async with AsyncTestClient(app=create_app(three)) as client:
        body = (await client.post("/v1/ask", json={"question": "damages?", "mode": "llm"})
                ).json()
    assert body["answer"] == MARK and body["mode"] == "llm"


def test_caseqa_ask_answers_with_the_registered_answerer(
        three: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["ask", "--json", "--mode", "llm", "damages?", "--index-dir",
                 str(three.index.dir)])
    assert code == 0
    assert json.loads(capsys.readouterr().out)["answer"] == MARK


async def test_a_question_is_embedded_once(
        counting_settings: IndexSettings, counting_embedder: CountingEmbedder,
        register_answerer: RegisterAnswerer) -> None:
    Indexer(counting_settings, counting_embedder).sync(read_paths([THREE]))
    settings = Settings().model_copy(update={"index": counting_settings})
    register_answerer("llm", lambda context: Marked())
    service = QAService.load(settings, create=False)
    assert service.embedder is counting_embedder
    for mode in ("extractive", "llm"):
        question = f"what damages did Harbour Works seek ({mode})?"
        counting_embedder.embedded.clear()
        Marked.vectors.clear()
        await service.ask(Question(question, mode=mode))  # type: ignore[arg-type]
        assert counting_embedder.embedded.count(question) == 1, mode
    assert Marked.vectors and Marked.vectors[0] is not None


def test_warm_up_loads_what_a_first_question_in_either_language_would(
        three: Settings) -> None:
    import jieba

    from qa import translation
    translation._dictionary.cache_clear()
    translation.translate_query.cache_clear()  # an earlier app's warm-up asked too
    service = QAService.load(three, create=False)
    try:
        assert translation._dictionary.cache_info().currsize == 0
        assert service.warm_up() > 0
    finally:
        service.store.close()
    # The Chinese question was translated for the English index, and segmented.
    assert translation._dictionary.cache_info().currsize == 1
    assert jieba.dt.initialized


@pytest.mark.parametrize("warm", [True, False])
async def test_the_app_warms_up_in_the_background_only_when_set(
        three: Settings, warm: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    started: list[str] = []
    calls, release = threading.Event(), threading.Event()

    def warm_up(self: QAService, stop: threading.Event | None = None) -> float:
        started.append(threading.current_thread().name)
        calls.set()
        release.wait(5)
        return 0.0

    monkeypatch.setattr(QAService, "warm_up", warm_up)
    settings = three.model_copy(update={"server": three.server.model_copy(
        update={"warm_up": warm})})
    async with AsyncTestClient(app=create_app(settings)) as client:
        ready = await client.get("/readyz")
        calls.wait(5 if warm else 0.5)
        # /readyz says whether the warm-up is still taking the cores.
        assert ready.status_code == 200
        assert (await client.get("/readyz")).json()["warm"] is not warm
        release.set()
        for _ in range(100):
            if (await client.get("/readyz")).json()["warm"]:
                break
            await anyio.sleep(0.05)
        assert (await client.get("/readyz")).json()["warm"] is True
    assert started == (["caseqa-warm-up"] if warm else [])


async def test_shutdown_waits_for_the_warm_up_to_stop(three: Settings,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A process that exits while the warm-up is in native code aborts ("terminate called
    without an active exception" after Ctrl-C on `make serve`): the app tells it to stop
    and joins it before the lifespan ends."""
    import threading
    import time

    running = threading.Event()
    finished: list[bool] = []

    def warm_up(self: QAService, stop: threading.Event | None = None) -> float:
        running.set()
        assert stop is not None
        for _ in range(100):  # steps of 50 ms, like questions in native code
            if stop.is_set():
                break
            time.sleep(0.05)
        finished.append(stop.is_set())
        return 0.0

    monkeypatch.setattr(QAService, "warm_up", warm_up)
    async with AsyncTestClient(app=create_app(three)) as client:
        assert (await client.get("/readyz")).status_code == 200
        assert running.wait(5)
    # The lifespan has ended: the warm-up was told to stop, and it did, before that.
    assert finished == [True]


def test_a_service_searches_faiss_in_one_thread(three: Settings) -> None:
    # (A second thread waited for a core busy with the embedding model: bench/query.py.)
    import faiss

    faiss.omp_set_num_threads(2)
    QAService.load(three, create=False)
    assert faiss.omp_get_max_threads() == 1


async def test_an_extractive_answer_is_composed_in_the_thread_that_retrieved(
        three: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    # (Each hand-over to a worker thread and back costs about 0.1 ms, more when busy.)
    service = QAService.load(three, create=False)
    handed: list[str] = []
    run_sync = anyio.to_thread.run_sync

    async def counted(function: Any, *args: Any, **kwargs: Any) -> Any:
        handed.append(getattr(function, "__name__", repr(function)))
        return await run_sync(function, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)
    question = Question("What damages did Harbour Works seek?")
    events = [event async for event in service.ask_stream(question)]
    assert handed == ["_retrieve_and_compose"]
    # The events are those of the streamed answer: its pieces join into the answer.
    done = events[-1].data
    deltas = [e.data for e in events if e.name == "delta"]
    assert [e.name for e in events] == ["passages", *["delta"] * len(deltas), "citations",
                                        "done"]
    assert "".join(deltas) == done.answer and "[1]" in done.answer
    streamed = [item async for item in service.extractive.stream(
        question.question, done.passages)]
    assert streamed[:-1] == deltas and streamed[-1].answer == done.answer
