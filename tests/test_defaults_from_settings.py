"""Defaults live in settings only: CASEQA_RETRIEVAL__K is what /v1/search, /v1/ask and
``caseqa ask`` use when a request names no k (as ``caseqa eval`` does), so what is
measured is what is served."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from qa.answering.extractive import coverage
from qa.app import create_app
from qa.cli import main
from qa.fusion import reciprocal_rank_fusion
from qa.settings import Settings


async def test_the_api_uses_the_configured_k(three_index: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEQA_RETRIEVAL__K", "2")
    settings = Settings().with_index_dir(three_index)
    async with AsyncTestClient(app=create_app(settings)) as client:
        search = (await client.post("/v1/search", json={"query": "damages"})).json()
        assert len(search["hits"]) == 2
        ask = (await client.post("/v1/ask", json={"question": "what damages were sought?"})
               ).json()
        assert len(ask["passages"]) == 2
        # A request's own k still wins, and the corpus has more than two passages.
        wide = (await client.post("/v1/search", json={"query": "damages", "k": 8})).json()
        assert len(wide["hits"]) > 2


def test_caseqa_ask_uses_the_configured_k(three_index: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CASEQA_RETRIEVAL__K", "1")
    code = main(["ask", "--json", "what damages were sought?", "--index-dir", str(three_index)])
    assert code == 0
    assert len(json.loads(capsys.readouterr().out)["passages"]) == 1


@pytest.mark.parametrize(("function", "name"), [(reciprocal_rank_fusion, "rrf_k"),
                                                (coverage, "synonym_credit")])
def test_tuned_constants_have_no_second_default(function: object, name: str) -> None:
    parameter = inspect.signature(function).parameters[name]  # type: ignore[arg-type]
    assert parameter.default is inspect.Parameter.empty
