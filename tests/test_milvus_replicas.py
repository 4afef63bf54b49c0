"""Replicas sharing one corpus through Milvus: two real ``caseqa serve`` processes on
different index directories, pointed at one Milvus server process (the ``milvus-lite
server`` from PyPI). A milvus-lite *file* cannot be shared: it is locked by the first
process that opens it, and the second one is refused with a message saying what to do."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hardening import ROOT, Server, free_port

from index.settings import IndexSettings
from index.store import open_store

TOKEN = "milvus-secret-token-7f3a9c"
DOC = {"doc_id": 'shared "1" || x)', "title": "共享语料",
       "text": "两个副本共享同一个语料库。检察机关提起民事公益诉讼，要求删除人脸识别数据。",
       "metadata": {"court": 'Court "B" \\ (x)'}}


@pytest.fixture
def milvus_server(tmp_path: Path) -> Iterator[str]:
    """A Milvus server process (milvus-lite's gRPC server) on a free port."""
    port = free_port()
    log = (tmp_path / "milvus.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "milvus_lite", "server", "--data-dir",
                             str(tmp_path / "milvus-data"), "--port", str(port)],
                            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    uri = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        assert proc.poll() is None, (tmp_path / "milvus.log").read_text()
        try:
            from pymilvus import MilvusClient
            MilvusClient(uri=uri).close()
            break
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
    yield uri
    proc.terminate()
    proc.wait(timeout=20)
    log.close()


def test_two_replicas_serve_one_corpus_from_one_milvus_server(
        tmp_path: Path, milvus_server: str) -> None:
    env = {"CASEQA_INDEX__BACKEND": "milvus", "CASEQA_INDEX__MILVUS_URI": milvus_server,
           "CASEQA_INDEX__MILVUS_TOKEN": TOKEN}
    with Server(tmp_path / "a" / "index", tmp_path / "a.log", **env) as a, \
            Server(tmp_path / "b" / "index", tmp_path / "b.log", **env) as b:
        added = httpx.post(f"{a.url}/v1/documents", json={"documents": [DOC]}, timeout=120)
        assert added.status_code == 200 and added.json()["added"] == [DOC["doc_id"]]
        for scope in ({}, {"doc_ids": [DOC["doc_id"]]}, {"filters": {"court": 'Court "B" \\ (x)'}}):
            hits = httpx.post(f"{b.url}/v1/search", json={"query": "人脸识别数据", **scope},
                              timeout=60).json()["hits"]
            assert hits and hits[0]["doc_id"] == DOC["doc_id"], scope
        one = httpx.get(f"{b.url}/v1/documents/{DOC['doc_id']}", timeout=60).json()
        assert one["text"] == DOC["text"]
        assert httpx.delete(f"{b.url}/v1/documents/{DOC['doc_id']}", timeout=60
                            ).status_code == 200
        assert httpx.get(f"{a.url}/v1/documents/{DOC['doc_id']}", timeout=60).status_code == 404
        hits = httpx.post(f"{a.url}/v1/search", json={"query": "人脸识别数据"}, timeout=60
                          ).json()["hits"]
        assert all(h["doc_id"] != DOC["doc_id"] for h in hits)
        logs = a.output() + b.output()
    assert TOKEN not in logs
    assert not (tmp_path / "a" / "index" / "index.sqlite3").exists()


def test_a_milvus_lite_file_is_refused_to_a_second_process(tmp_path: Path) -> None:
    settings = IndexSettings(dir=tmp_path / "index", backend="milvus")
    store = open_store(settings, 384)  # this process now holds milvus.db
    try:
        with pytest.raises(RuntimeError, match="exited"), \
                Server(settings.dir, tmp_path / "serve.log", CASEQA_INDEX__BACKEND="milvus"):
            pass
        log = (tmp_path / "serve.log").read_text()
        assert "milvus-lite serves one process at a time" in log
    finally:
        store.release()
    # Released, the file opens again.
    assert open_store(settings).count_documents() == 0
