"""The API tests once more with CASEQA_INDEX__BACKEND=milvus (milvus-lite in the index
directory): the same test functions, with an index whose everything lives in Milvus."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from test_api import (  # noqa: F401 - collected here again, with this module's fixtures
    SEEDS,
    test_ask_cites_exact_retrieved_spans,
    test_ask_streams_server_sent_events,
    test_bad_documents_are_refused_and_nothing_written,
    test_bad_input_gets_a_4xx_naming_the_problem,
    test_concurrent_requests_are_all_served,
    test_documents_added_replaced_and_deleted_while_serving,
    test_ops_routes,
    test_scope_by_doc_ids_and_metadata_filters,
    test_search_hits_are_exact_spans,
    test_unanswerable_question_is_refused,
)

from index.documents import read_paths
from index.ingest import Indexer
from qa.app import create_app
from qa.settings import Settings


@pytest.fixture(autouse=True)
def milvus_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every Settings() of these tests reads the backend from the environment, as served."""
    monkeypatch.setenv("CASEQA_INDEX__BACKEND", "milvus")


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("seed-milvus") / "index"
    settings = Settings().with_index_dir(directory)
    settings = settings.model_copy(update={
        "index": settings.index.model_copy(update={"backend": "milvus"})})
    Indexer(settings.index).sync(read_paths([SEEDS]))
    return directory


@pytest.fixture
def settings(seed_index: Path, tmp_path: Path) -> Settings:
    # A copy of the milvus-lite data: each test changes its own corpus.
    directory = tmp_path / "index"
    shutil.copytree(seed_index, directory, ignore=shutil.ignore_patterns("LOCK"))
    settings = Settings().with_index_dir(directory)
    assert settings.index.backend == "milvus"
    return settings


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[AsyncTestClient[Any]]:
    async with AsyncTestClient(app=create_app(settings)) as test_client:
        yield test_client
    assert (settings.index.dir / "milvus.db").is_dir()
    assert not (settings.index.dir / "index.sqlite3").exists(), "milvus keeps no SQLite index"
