"""One place builds the service and its answerers (qa.answering.registry): the app,
``caseqa ask`` and ``caseqa eval`` all answer with what is registered there; and a
question is embedded once per request, for retrieval and the answerer alike."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

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
