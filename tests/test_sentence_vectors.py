"""The sentence and clause vectors `caseqa index` keeps beside the index
(``qa.answering.sentence_vectors``): an extractive answer looks them up instead of
embedding, gives the same answer as without them, and the file is written whole, for the
index's model only, and in line with the index's chunks."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from conftest import CountingEmbedder

from index.documents import Document, read_paths
from index.embedding import load_embedder
from index.ingest import Indexer
from index.settings import IndexSettings
from index.store import open_store
from qa.answering import sentence_vectors
from qa.answering.sentence_vectors import FILE, answer_texts, load, refresh_index
from qa.cli import main
from qa.models import Question
from qa.service import QAService
from qa.settings import Settings

THREE = Path(__file__).resolve().parent / "cases" / "corpus-three-cases.jsonl"
QUESTIONS = ("what damages did Harbour Works seek?", "who decided the Harbour Works case?",
             "Did the court award punitive damages?")


def _settings(index: IndexSettings) -> Settings:
    return Settings().model_copy(update={"index": index})


@pytest.fixture
def counted(counting_settings: IndexSettings, counting_embedder: CountingEmbedder) -> Settings:
    Indexer(counting_settings, counting_embedder).sync(read_paths([THREE]))
    return _settings(counting_settings)


async def _answers(settings: Settings) -> list[tuple[str, list[tuple[str, int, int]]]]:
    service = QAService.load(settings, create=False)
    out = []
    for question in QUESTIONS:
        answer = await service.ask(Question(question))
        out.append((answer.answer, [(c.doc_id, c.start, c.end) for c in answer.citations]))
    return out


async def test_answers_embed_only_their_question_and_are_unchanged(
        counted: Settings, counting_embedder: CountingEmbedder) -> None:
    without = await _answers(counted)
    counting_embedder.embedded.clear()
    assert refresh_index(counted) > 0
    assert len(load(counted.index.dir, counting_embedder) or ()) > 0
    counting_embedder.embedded.clear()
    assert await _answers(counted) == without
    # Every sentence and clause the answers compared was looked up, none embedded.
    assert counting_embedder.embedded == list(QUESTIONS)


def test_answer_texts_are_sentences_clauses_and_pairs() -> None:
    texts = answer_texts("The court awarded damages, costs and interest. "
                         "法院判决被告赔偿损失。 Ok.")
    assert texts == ["The court awarded damages, costs and interest.", "court awarded damages",
                     "costs and interest", "court awarded damages, costs and interest",
                     "法院判决被告赔偿损失。"]


def test_refresh_follows_the_chunks_and_embeds_only_new_texts(
        counted: Settings, counting_embedder: CountingEmbedder) -> None:
    refresh_index(counted)
    first = load(counted.index.dir, counting_embedder)
    assert first is not None
    counting_embedder.embedded.clear()
    assert refresh_index(counted) == 0 and counting_embedder.embedded == []
    added = Document("extra", "Extra", "The tribunal ordered an apology. It cost nothing.")
    Indexer(counted.index, counting_embedder).sync([added])
    assert refresh_index(counted) == len(answer_texts(added.text))
    grown = load(counted.index.dir, counting_embedder)
    assert grown is not None and len(grown) == len(first) + len(answer_texts(added.text))
    Indexer(counted.index, counting_embedder).sync(read_paths([THREE]), prune=True)
    refresh_index(counted)
    pruned = load(counted.index.dir, counting_embedder)
    assert pruned is not None and len(pruned) == len(first)
    assert pruned.get("The tribunal ordered an apology.") is None


def test_a_stored_vector_is_the_models_vector(
        counted: Settings, counting_embedder: CountingEmbedder) -> None:
    refresh_index(counted)
    stored = load(counted.index.dir, counting_embedder)
    assert stored is not None
    store = open_store(counted.index)
    text = answer_texts(store.get_chunks(store.chunk_ids()[:1])[0].text)[0]
    store.release()
    vector = stored.get(text)
    assert vector is not None
    assert np.allclose(vector, counting_embedder.embed_batch([text])[0], atol=1e-5)


def test_no_file_over_the_limit_or_at_zero(counted: Settings) -> None:
    refresh_index(counted)
    assert (counted.index.dir / FILE).exists()
    small = counted.model_copy(update={"answer": counted.answer.model_copy(
        update={"sentence_vectors_limit": 5})})
    assert refresh_index(small) == 0
    assert not (counted.index.dir / FILE).exists()


def test_another_models_or_formats_file_is_ignored(
        counted: Settings, counting_embedder: CountingEmbedder,
        monkeypatch: pytest.MonkeyPatch) -> None:
    refresh_index(counted)
    other = load_embedder(f"{counting_embedder.name}-other")
    assert load(counted.index.dir, other) is None
    monkeypatch.setattr(sentence_vectors, "FORMAT", sentence_vectors.FORMAT + 1)
    assert load(counted.index.dir, counting_embedder) is None
    # ... and the next refresh writes it anew, for this format.
    assert refresh_index(counted) > 0
    assert load(counted.index.dir, counting_embedder) is not None


def test_an_unreadable_file_is_ignored_and_rewritten(
        counted: Settings, counting_embedder: CountingEmbedder) -> None:
    (counted.index.dir / FILE).write_bytes(b"PK\x03\x04 half a file")
    assert load(counted.index.dir, counting_embedder) is None
    assert refresh_index(counted) > 0
    assert load(counted.index.dir, counting_embedder) is not None


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
        counted: Settings, counting_embedder: CountingEmbedder,
        monkeypatch: pytest.MonkeyPatch) -> None:
    refresh_index(counted)
    before = (counted.index.dir / FILE).read_bytes()

    def crash(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError, match="disk full"):
        sentence_vectors.save(counted.index.dir, counting_embedder.name, {},
                              counting_embedder.dimension)
    assert (counted.index.dir / FILE).read_bytes() == before
    assert sorted(p.name for p in counted.index.dir.iterdir()
                  if p.name.startswith(f".{FILE}")) == []


def test_caseqa_index_writes_the_file(tmp_path: Path) -> None:
    directory = tmp_path / "index"
    assert main(["index", str(THREE), "--index-dir", str(directory), "-q"]) == 0
    stored = load(directory, load_embedder(Settings().index.embedding.model))
    assert stored is not None and len(stored) > 0


def test_refresh_reports_its_progress(counted: Settings) -> None:
    # `caseqa index` shows a bar for the sentence vectors: on a large index they take as
    # long as the chunks' own.
    bars: list[tuple[str, int, list[int], list[bool]]] = []

    class Bar:
        def __init__(self, total: int, what: str) -> None:
            self.updates: list[int] = []
            self.closed: list[bool] = []
            bars.append((what, total, self.updates, self.closed))

        def update(self, n: int) -> None:
            self.updates.append(n)

        def close(self) -> None:
            self.closed.append(True)

    embedded = refresh_index(counted, Bar)
    assert embedded > 0
    [(what, total, updates, closed)] = bars
    assert (what, total, sum(updates), closed) == ("sentence vectors", embedded, embedded,
                                                   [True])
    # Nothing left to embed: no bar.
    assert refresh_index(counted, Bar) == 0 and len(bars) == 1
