"""Families of bad or awkward input found on 2026-11-30 (tests/cases/ holds the inputs):
document ids with stray slashes, oversized and mistyped filters, a BOM in a corpus, a blank
file in a folder, documents with nothing visible, a long earlier turn. Each one goes
through every entry point it has: the HTTP API, corpus JSONL and folders."""

from __future__ import annotations

import json
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from index.documents import Document, read_paths, validate
from index.errors import InputError
from qa.app import create_app
from qa.cli import main
from qa.settings import Settings

CASES = Path(__file__).resolve().parent / "cases"


def _case(name: str) -> Any:
    return json.loads((CASES / name).read_text("utf-8"))


@pytest.fixture
async def client(three_index: Path, tmp_path: Path) -> AsyncIterator[AsyncTestClient[Any]]:
    directory = tmp_path / "index"
    shutil.copytree(three_index, directory)
    settings = Settings().with_index_dir(directory)
    async with AsyncTestClient(app=create_app(settings)) as test_client:
        yield test_client


# -- document ids: every accepted id can be read back and deleted ---------------------------

@pytest.mark.parametrize("doc_id", ["/lead", "trail/", "a//b", "/", "x///"])
def test_ids_with_stray_slashes_are_refused_at_the_door(doc_id: str) -> None:
    with pytest.raises(InputError, match="'/'"):
        validate(Document(doc_id, "t", "Some text."), "here")


def test_ids_with_stray_slashes_are_refused_in_corpus_files(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"doc_id": "a//b", "text": "Some text."}) + "\n", "utf-8")
    with pytest.raises(InputError, match=r"c\.jsonl:1: doc_id 'a//b'"):
        list(read_paths([corpus]))


async def test_slash_ids_get_a_400_and_path_ids_round_trip(
        client: AsyncTestClient[Any]) -> None:
    for doc in _case("documents-slash-ids.json")["documents"]:
        response = await client.post("/v1/documents", json={"documents": [doc]})
        assert response.status_code == 400, (doc, response.text)
        assert "'/' only between parts" in response.json()["error"]
    listing = (await client.get("/v1/documents")).json()
    assert {d["doc_id"] for d in listing["documents"]} == {"case-a", "case-b", "case-c"}

    doc = {"doc_id": "court/2021/case-9", "text": "The tribunal ruled on ownership."}
    assert (await client.post("/v1/documents", json={"documents": [doc]})).status_code == 200
    one = await client.get("/v1/documents/court/2021/case-9")
    assert one.status_code == 200 and one.json()["doc_id"] == "court/2021/case-9"
    assert (await client.delete("/v1/documents/court/2021/case-9")).status_code == 200
    assert (await client.get("/v1/documents/court/2021/case-9")).status_code == 404


# -- filters: bounded, one rule for value types ---------------------------------------------

@pytest.mark.parametrize("path", ["/v1/search", "/v1/ask"])
async def test_thousands_of_filter_fields_are_a_400_not_a_500(
        client: AsyncTestClient[Any], path: str) -> None:
    filters = {f"k{i}": i for i in range(3000)}
    body = {"query" if path == "/v1/search" else "question": "damages", "filters": filters}
    response = await client.post(path, json=body)
    assert response.status_code == 400, response.text
    assert "MAX_FILTER_FIELDS" in response.json()["error"]
    many = {"year": list(range(5000))}
    response = await client.post(path, json={**body, "filters": many})
    assert response.status_code == 400 and "MAX_FILTER_VALUES" in response.json()["error"]


async def test_a_streamed_ask_that_will_fail_gets_its_4xx_before_the_stream(
        client: AsyncTestClient[Any]) -> None:
    for bad in ({"filters": {f"k{i}": i for i in range(3000)}},
                {"filters": {"year": []}}, {"question": "x" * 2001}):
        response = await client.post("/v1/ask", json={"question": "damages?", **bad},
                                     headers={"accept": "text/event-stream"})
        assert response.status_code == 400, (bad, response.text)
        assert response.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize("value", [2019, "2019", 2019.0, [2019], ["2019", 1999]])
async def test_a_number_and_its_text_match_each_other(
        client: AsyncTestClient[Any], value: Any) -> None:
    response = await client.post("/v1/search", json={"query": "damages", "k": 10,
                                                      "filters": {"year": value}})
    assert response.status_code == 200, response.text
    assert {h["doc_id"] for h in response.json()["hits"]} == {"case-a"}


@pytest.mark.parametrize(("filters", "expected"), [
    ({"published": True}, {"case-a"}), ({"published": "true"}, {"case-a"}),
    ({"court": "appeal"}, {"case-a"}), ({"court": "Appeal"}, set()),
    ({"year": "2019.5"}, set()), ({"year": 1999}, set()),
])
async def test_filter_type_rule_is_exact_otherwise(
        client: AsyncTestClient[Any], filters: dict[str, Any], expected: set[str]) -> None:
    response = await client.post("/v1/search", json={"query": "damages", "k": 10,
                                                      "filters": filters})
    assert response.status_code == 200, response.text
    assert {h["doc_id"] for h in response.json()["hits"]} == expected


# -- corpus files and folders ----------------------------------------------------------------

def test_a_bom_at_the_start_of_a_corpus_file_is_accepted() -> None:
    docs = list(read_paths([CASES / "corpus-utf8-bom.jsonl"]))
    assert [(d.doc_id, d.text) for d in docs] == [
        ("bom", "A notice served by email was held valid.")]


def test_a_blank_file_in_a_folder_is_skipped_by_name(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "good.txt").write_text("The court held the notice valid.", "utf-8")
    (folder / "blank.txt").write_text(" \n\t \n", "utf-8")
    (folder / "zw.md").write_text("\u200b\u200b", "utf-8")
    code = main(["index", str(folder), "--index-dir", str(tmp_path / "i"), "-q"])
    out, err = capsys.readouterr()
    assert code == 1
    assert f"caseqa: skipped {folder / 'blank.txt'}: document 'blank' is empty" in err
    assert f"caseqa: skipped {folder / 'zw.md'}" in err
    assert "1 added" in out
    # Without a place to report them, they are errors, as before.
    with pytest.raises(InputError, match="blank"):
        list(read_paths([folder]))


def test_a_bad_line_in_a_corpus_file_still_stops_the_run(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["index", str(CASES / "corpus-invisible-only.jsonl"),
                 "--index-dir", str(tmp_path / "i")])
    assert code == 2
    assert "corpus-invisible-only.jsonl:1: document 'zw' is empty" in capsys.readouterr().err


@pytest.mark.parametrize("text", ["\u200b\u200b\u200b", "\ufeff", "... ??? !!!", "\u00a0\u2060"])
def test_documents_without_letters_or_digits_are_empty(text: str) -> None:
    with pytest.raises(InputError, match="empty"):
        validate(Document("d", "t", text), "here")
    for fine in ("7", "é", "法", "\u200ba"):
        validate(Document("d", "t", fine), "here")


async def test_invisible_documents_get_a_400(client: AsyncTestClient[Any]) -> None:
    response = await client.post("/v1/documents", json=_case("documents-invisible-only.json"))
    assert response.status_code == 400 and "empty" in response.json()["error"]


# -- the length limit applies to what the user typed ------------------------------------------

async def test_a_long_earlier_turn_does_not_count_against_the_limit(
        client: AsyncTestClient[Any]) -> None:
    body = _case("ask-long-previous-turn.json")
    response = await client.post("/v1/ask", json=body)
    assert response.status_code == 200, response.text
    assert response.json()["passages"]
    streamed = await client.post("/v1/ask", json=body, headers={"accept": "text/event-stream"})
    assert streamed.status_code == 200
    assert "event: done" in streamed.text and "event: error" not in streamed.text
    search = await client.post("/v1/search", json={"query": "x" * 2001})
    assert search.status_code == 400 and "2001 characters" in search.json()["error"]
