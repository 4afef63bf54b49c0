"""POST /v1/documents with a multipart file upload, through the real app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from docfiles import encrypted_pdf, make_docx, seed_pdf, zip_bomb_docx
from litestar.testing import AsyncTestClient

from index.settings import EmbeddingSettings, IndexSettings
from qa.app import create_app
from qa.security import hash_key
from qa.settings import SecuritySettings, Settings


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("uploads")
    seed_pdf(root / "seed.pdf")
    make_docx(root / "memo.docx", ["The memo says the hearing is on Monday."])
    encrypted_pdf(root / "locked.pdf")
    return root


def _settings(tmp_path: Path, **security: Any) -> Settings:
    return Settings(index=IndexSettings(dir=tmp_path / "index",
                                        embedding=EmbeddingSettings(model="fake:bow")),
                    security=SecuritySettings(**security))


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[AsyncTestClient[Any]]:
    async with AsyncTestClient(app=create_app(_settings(tmp_path))) as test_client:
        yield test_client


def _parts(files: Path, *names: str) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("file", (name, (files / name).read_bytes(), "application/octet-stream"))
            for name in names]


async def test_upload_adds_pdf_and_docx_with_pages(client: AsyncTestClient[Any],
                                                   files: Path) -> None:
    response = await client.post("/v1/documents", files=_parts(files, "seed.pdf", "memo.docx"))
    assert response.status_code == 200, response.text
    assert sorted(response.json()["added"]) == ["memo", "seed"]
    doc = (await client.get("/v1/documents/seed")).json()
    assert doc["metadata"]["source"] == "seed.pdf"
    assert len(doc["metadata"]["page_starts"]) == 3
    hits = (await client.post("/v1/search", json={"query": "facial recognition", "k": 3,
                                                  "doc_ids": ["seed"]})).json()["hits"]
    assert hits and all(h["pages"] and set(h["pages"]) <= {1, 2, 3} for h in hits)
    again = await client.post("/v1/documents", files=_parts(files, "seed.pdf"))
    assert again.json()["unchanged"] == ["seed"]


async def test_upload_takes_a_doc_id_for_one_file(client: AsyncTestClient[Any],
                                                  files: Path) -> None:
    response = await client.post("/v1/documents", files=_parts(files, "memo.docx"),
                                 data={"doc_id": "memos/2024-01"})
    assert response.status_code == 200, response.text
    assert response.json()["added"] == ["memos/2024-01"]


async def test_a_bad_file_refuses_the_whole_upload(client: AsyncTestClient[Any],
                                                   files: Path) -> None:
    response = await client.post("/v1/documents",
                                 files=_parts(files, "memo.docx", "locked.pdf"))
    assert response.status_code == 400
    assert "upload 'locked.pdf': encrypted PDF" in response.json()["error"]
    assert (await client.get("/v1/documents")).json()["total"] == 0, "nothing half-written"


async def test_an_unsupported_upload_is_refused(client: AsyncTestClient[Any]) -> None:
    response = await client.post("/v1/documents",
                                 files=[("file", ("run.exe", b"MZ\x90\x00", "x"))])
    assert response.status_code == 400
    assert "upload 'run.exe': unsupported file type" in response.json()["error"]


async def test_upload_keeps_the_document_size_limit(tmp_path: Path, files: Path) -> None:
    settings = _settings(tmp_path, max_document_body_bytes=4096)
    async with AsyncTestClient(app=create_app(settings)) as client:
        response = await client.post("/v1/documents", files=_parts(files, "seed.pdf"))
        assert response.status_code == 413
        assert (await client.get("/v1/documents")).json()["total"] == 0


async def test_json_documents_still_work(client: AsyncTestClient[Any]) -> None:
    response = await client.post("/v1/documents", json={"documents": [
        {"doc_id": "j", "text": "Plain JSON still works."}]})
    assert response.status_code == 200 and response.json()["added"] == ["j"]


async def test_an_upload_needs_an_admin_key_like_the_json_route(tmp_path: Path,
                                                                files: Path) -> None:
    read_key, admin_key = "r" * 32, "a" * 32
    settings = _settings(tmp_path, api_keys=[
        {"name": "widget", "sha256": hash_key(read_key), "scope": "read"},
        {"name": "ops", "sha256": hash_key(admin_key), "scope": "admin"}])
    async with AsyncTestClient(app=create_app(settings)) as client:
        upload = _parts(files, "memo.docx")
        assert (await client.post("/v1/documents", files=upload)).status_code == 401
        refused = await client.post("/v1/documents", files=upload,
                                    headers={"X-API-Key": read_key})
        assert refused.status_code == 403
        admin = {"X-API-Key": admin_key}
        assert (await client.get("/v1/documents", headers=admin)).json()["total"] == 0
        added = await client.post("/v1/documents", files=upload, headers=admin)
        assert added.status_code == 200 and added.json()["added"] == ["memo"]


async def test_the_docx_inflation_limit_is_a_setting(tmp_path: Path) -> None:
    bomb = zip_bomb_docx(tmp_path / "big.docx", 2 * 1024 * 1024)
    settings = _settings(tmp_path)
    settings.index.extract.max_docx_inflated_bytes = 1024 * 1024
    async with AsyncTestClient(app=create_app(settings)) as client:
        response = await client.post("/v1/documents", files=[
            ("file", (bomb.name, bomb.read_bytes(), "application/octet-stream"))])
        assert response.status_code == 400
        assert "more than the limit of 1,048,576" in response.json()["error"]
