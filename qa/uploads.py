"""File uploads to ``POST /v1/documents``: a multipart/form-data request is turned into
the JSON request the route takes, so both go through one validation and one answer.

Each ``file`` part (a .txt, .md, .html, .pdf or .docx file) becomes one document whose
doc_id is the file name without its suffix (or the form's ``doc_id``, with one file).
Files are read exactly as ``caseqa index`` reads them; one bad file refuses the whole
request (400 naming the file and the reason), so nothing is half-written. The body's
size limit is the route's (the gatekeeper's ``max_document_body_bytes``).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path, PurePosixPath
from typing import Any

import anyio.to_thread
from litestar import Request
from litestar.datastructures import UploadFile
from litestar.types import ASGIApp, Empty, Receive, ReceiveMessage, Scope, Send
from litestar.utils.scope.state import ScopeState

from index.documents import FOLDER_SUFFIXES, Document, read_file
from index.errors import InputError

MAX_FILES = 100


def _documents(files: list[tuple[str, bytes]], doc_id: str | None,
               max_docx_inflated: int) -> list[Document]:
    """Documents of uploaded (file name, bytes); InputError names the file at fault."""
    docs = []
    with tempfile.TemporaryDirectory(prefix="caseqa-upload-") as tmp:
        for n, (name, data) in enumerate(files):
            safe = PurePosixPath(name.replace("\\", "/")).name
            suffix = PurePosixPath(safe).suffix.lower()
            if suffix not in FOLDER_SUFFIXES:
                raise InputError(f"upload {name!r}: unsupported file type; send "
                                 f"{', '.join(FOLDER_SUFFIXES)} files")
            path = Path(tmp) / f"{n}{suffix}"
            path.write_bytes(data)
            wanted = doc_id or PurePosixPath(safe).stem
            try:
                doc = read_file(path, wanted, max_docx_inflated)
            except InputError as exc:
                raise InputError(str(exc).replace(str(path), f"upload {name!r}")) from None
            docs.append(Document(doc.doc_id, doc.title, doc.text,
                                 {**doc.metadata, "source": safe}))
    return docs


async def _as_json(scope: Scope, receive: Receive) -> bytes:
    request: Request[Any, Any, Any] = Request(scope, receive)
    form = await request.form()
    uploads = [v for _, v in form.multi_items() if isinstance(v, UploadFile)]
    if not uploads:
        raise InputError("multipart upload without a file: send the files as 'file' fields")
    if len(uploads) > MAX_FILES:
        raise InputError(f"{len(uploads)} files in one upload; the limit is {MAX_FILES}")
    doc_id = form.get("doc_id")
    if doc_id is not None and (not isinstance(doc_id, str) or len(uploads) > 1):
        raise InputError("doc_id may name one uploaded file only; with several, each "
                         "doc_id is its file name without the suffix")
    files = [(u.filename or "upload", await u.read()) for u in uploads]
    limit = request.app.state.service.settings.index.extract.max_docx_inflated_bytes
    docs = await anyio.to_thread.run_sync(_documents, files, doc_id, limit)
    return json.dumps({"documents": [{"doc_id": d.doc_id, "title": d.title, "text": d.text,
                                      "metadata": d.metadata} for d in docs]},
                      ensure_ascii=False).encode("utf-8")


def upload_middleware(app: ASGIApp) -> ASGIApp:
    """Route middleware: multipart uploads become the JSON documents request."""
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers", []))
        kind = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        if scope["type"] != "http" or kind != b"multipart/form-data":
            await app(scope, receive, send)
            return
        body = await _as_json(scope, receive)
        sent = False

        async def replay() -> ReceiveMessage:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        # Litestar caches what it parsed in the scope: forget the multipart body.
        state = ScopeState.from_scope(scope)
        for name in ("body", "form", "json", "msgpack", "content_type", "headers"):
            setattr(state, name, Empty)
        rest = [(k, v) for k, v in scope["headers"]
                if k not in (b"content-type", b"content-length")]
        json_scope: Any = {**scope, "headers": [*rest, (b"content-type", b"application/json"),
                                                (b"content-length", str(len(body)).encode())]}
        await app(json_scope, replay, send)
    return middleware
