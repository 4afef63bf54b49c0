"""Documents and the loaders that read them from folders and corpus JSONL files."""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from index.errors import InputError
from index.extract import (
    EXTRACTED_SUFFIXES,
    MAX_DOCX_INFLATED_BYTES,
    ExtractionError,
    extract_path,
    sniff,
)
from index.pages import PAGE_STARTS, check_page_starts

log = logging.getLogger("caseqa.index.documents")
#: The fields of a corpus JSONL object that are read; others are named in a warning.
JSONL_FIELDS = ("doc_id", "title", "text", "metadata")

FOLDER_SUFFIXES = (".txt", ".md", ".html", ".htm", *EXTRACTED_SUFFIXES)
MAX_DOC_ID_LENGTH = 512
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Document:
    """One source document; citations are character spans of ``text``."""

    doc_id: str
    title: str
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)


def validate(doc: Document, where: str) -> Document:
    """Check one document and return it, or raise InputError saying where and what."""
    if not isinstance(doc.doc_id, str) or not doc.doc_id.strip():
        raise InputError(f"{where}: doc_id must be a non-empty string")
    if len(doc.doc_id) > MAX_DOC_ID_LENGTH:
        raise InputError(f"{where}: doc_id is longer than {MAX_DOC_ID_LENGTH} characters")
    if doc.doc_id.startswith("/") or doc.doc_id.endswith("/") or "//" in doc.doc_id:
        # /v1/documents/{doc_id} could not tell such ids apart (a URL path drops the
        # slashes): every accepted id must be readable and deletable.
        raise InputError(f"{where}: doc_id {doc.doc_id!r} starts or ends with '/' or holds "
                         "'//': use '/' only between parts, as in 'court/2021/case-1'")
    if not isinstance(doc.text, str):
        raise InputError(f"{where}: text of {doc.doc_id!r} must be a string")
    if "\x00" in doc.text:
        raise InputError(f"{where}: text of {doc.doc_id!r} contains NUL bytes (binary data?)")
    if not any(ch.isalnum() for ch in doc.text):
        raise InputError(f"{where}: document {doc.doc_id!r} is empty (it has no letters or "
                         "digits, only spaces, punctuation or invisible characters)")
    if not isinstance(doc.title, str):
        raise InputError(f"{where}: title of {doc.doc_id!r} must be a string")
    if not isinstance(doc.metadata, dict):
        raise InputError(f"{where}: metadata of {doc.doc_id!r} must be an object")
    _check_storable(doc, where)
    check_page_starts(doc.metadata, len(doc.text), where)
    return doc


def _check_storable(doc: Document, where: str) -> None:
    """Refuse what SQLite and the tokenizer cannot take: unpaired surrogates (a JSON
    "\\ud800" escape decodes to one) and metadata that is not strict JSON (NaN would be
    stored as invalid JSON and break every metadata filter on the index)."""
    for name, value in (("doc_id", doc.doc_id), ("title", doc.title), ("text", doc.text)):
        bad = _SURROGATE.search(value)
        if bad:
            raise InputError(f"{where}: {name} of document {doc.doc_id!r} has an unpaired "
                             f"surrogate (U+{ord(bad.group()):04X}) at character {bad.start()}: "
                             "it is not valid Unicode text")
    try:
        json.dumps(doc.metadata, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (ValueError, TypeError, RecursionError) as exc:
        reason = str(exc) if not isinstance(exc, RecursionError) else "nested too deeply"
        raise InputError(f"{where}: metadata of {doc.doc_id!r} is not storable as JSON "
                         f"({reason}); use strings, numbers, booleans, lists and objects"
                         ) from None


def from_mapping(obj: Any, where: str) -> Document:
    """Build a Document from a corpus JSONL object."""
    if not isinstance(obj, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(obj).__name__}")
    missing = [key for key in ("doc_id", "text") if key not in obj]
    if missing:
        raise InputError(f"{where}: missing field(s) {', '.join(missing)}")
    doc_id = obj["doc_id"]
    title = obj.get("title")
    doc = Document(
        doc_id=doc_id,
        title=title if title is not None else str(doc_id),
        text=obj["text"],
        metadata=obj.get("metadata") or {},
    )
    return validate(doc, where)


def _no_constant(name: str) -> Any:
    # Python's json reads NaN and Infinity, which are not JSON: refuse them by name.
    raise json.JSONDecodeError(f"{name} is not valid JSON", name, 0)


def read_jsonl(path: Path) -> Iterator[Document]:
    """Documents of a corpus JSONL file; a bad line raises InputError with its number."""
    for _, doc in _jsonl_entries(path):
        yield doc


def _jsonl_entries(path: Path) -> Iterator[tuple[str, Document]]:
    """``("path:line", document)`` for every document of a corpus JSONL file."""
    try:
        handle = path.open(encoding="utf-8-sig")  # a BOM is accepted, as in text files
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    unread: Counter[str] = Counter()
    with handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line, parse_constant=_no_constant)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}:{number}: invalid JSON ({exc.msg})") from exc
                except RecursionError:
                    raise InputError(f"{path}:{number}: JSON nested too deeply") from None
                doc = from_mapping(obj, f"{path}:{number}")
                unread.update(key for key in obj if key not in JSONL_FIELDS)
                yield f"{path}:{number}", doc
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not valid UTF-8 ({exc.reason})") from exc
    if unread:
        # (A field under another name is lost without a word otherwise: the shared
        # datasets' "meta" is no "metadata", and filters on it then match nothing.)
        log.warning("%s: field(s) %s not read (a document's fields: %s)", path,
                    ", ".join(f"{key!r} ({count} line{'s' * (count != 1)})"
                              for key, count in unread.items()),
                    ", ".join(JSONL_FIELDS))


class _TextExtractor(HTMLParser):
    _SKIP = frozenset({"script", "style", "noscript", "template"})
    _BLOCK = frozenset(
        {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self._skipping = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag == "title":
            self._in_title = True
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag == "title":
            self._in_title = False
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> tuple[str, str]:
    """Visible text and title of an HTML page (paragraphs kept as blank lines)."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    # convert_charrefs already decoded entities once; again would turn "&amp;lt;" into "<".
    return text, parser.title.strip()


_MD_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)


def markdown_text(text: str) -> str:
    """A Markdown file's text without its HTML comments (``<!-- INFO END -->``): a reader
    never sees them, so they are no passage and no answer ("INFO END" read as a name).
    An unclosed comment runs to the end, as CommonMark renders it. The blank lines a
    comment leaves collapse to one paragraph break."""
    if "<!--" not in text:
        return text
    return re.sub(r"\n{3,}", "\n\n", _MD_COMMENT.sub("", text)).strip("\n")


def _title_from_text(text: str, fallback: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return fallback


def read_file(path: Path, doc_id: str,
              max_docx_inflated: int = MAX_DOCX_INFLATED_BYTES) -> Document:
    """One .txt, .md, .html, .pdf or .docx file as a Document.

    A PDF or Word file that cannot be read raises ExtractionError (an InputError).
    """
    if path.suffix.lower() in EXTRACTED_SUFFIXES:
        return read_extracted(path, doc_id, max_docx_inflated)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    kind = sniff(raw[:1024])
    if kind is not None:
        raise InputError(f"{path}: its content is a {kind} file, not text: "
                         "give it the suffix of what it is")
    if b"\x00" in raw:
        raise InputError(f"{path}: looks binary (contains NUL bytes)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid UTF-8 ({exc.reason} at byte {exc.start})") from exc
    title = ""
    if path.suffix.lower() in (".html", ".htm"):
        text, title = html_to_text(text)
    text = text.replace("\r\n", "\n")
    if path.suffix.lower() == ".md":
        text = markdown_text(text)
    doc = Document(doc_id=doc_id, title=title or _title_from_text(text, doc_id), text=text,
                   metadata={"source": str(path)})
    return validate(doc, str(path))


def read_extracted(path: Path, doc_id: str,
                   max_docx_inflated: int = MAX_DOCX_INFLATED_BYTES) -> Document:
    """A PDF or Word file as a Document whose metadata holds its page map."""
    try:
        extracted = extract_path(path, max_docx_inflated)
    except ExtractionError as exc:
        raise ExtractionError(f"{path}: {exc}") from None
    metadata: dict[str, Any] = {"source": str(path)}
    if extracted.page_starts is not None:
        metadata[PAGE_STARTS] = extracted.page_starts
    doc = Document(doc_id=doc_id, title=extracted.title or _title_from_text(extracted.text,
                                                                           doc_id),
                   text=extracted.text, metadata=metadata)
    return validate(doc, str(path))


def read_folder(folder: Path) -> Iterator[Document]:
    """Every .txt/.md/.html file below ``folder``; doc_id is the relative path sans suffix."""
    for _, doc in _folder_entries(folder):
        yield doc


def _folder_entries(folder: Path, skipped: list[InputError] | None = None,
                    max_docx_inflated: int = MAX_DOCX_INFLATED_BYTES
                    ) -> Iterator[tuple[str, Document]]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix.lower() in FOLDER_SUFFIXES:
            if any(part.startswith(".") for part in path.relative_to(folder).parts):
                continue
            doc_id = path.relative_to(folder).with_suffix("").as_posix()
            yield from _entry(path, doc_id, skipped, max_docx_inflated, InputError)


def _entry(path: Path, doc_id: str, skipped: list[InputError] | None,
           max_docx_inflated: int, skippable: type[InputError] = ExtractionError
           ) -> Iterator[tuple[str, Document]]:
    """One file's document; with ``skipped``, a ``skippable`` error is appended there
    instead of raised (in a folder: any file that is no document, even a blank one)."""
    try:
        doc = read_file(path, doc_id, max_docx_inflated)
    except skippable as exc:
        if skipped is None:
            raise
        skipped.append(exc)
        return
    yield str(path), doc


def read_paths(paths: Iterable[Path], skipped: list[InputError] | None = None,
               max_docx_inflated: int = MAX_DOCX_INFLATED_BYTES) -> Iterator[Document]:
    """Documents from folders, corpus JSONL files and single files.

    A doc_id given twice raises InputError naming both places. A PDF or Word file that
    cannot be read raises ExtractionError, or with ``skipped`` is left out and its error
    appended there (so the rest of a folder still indexes); so is any file of a folder
    that is no document (empty, only invisible characters, binary, not UTF-8). A bad line
    of a corpus JSONL file always raises.
    """
    seen: dict[str, str] = {}
    for where, doc in _path_entries(paths, skipped, max_docx_inflated):
        if doc.doc_id in seen:
            raise InputError(f"{where}: duplicate doc_id {doc.doc_id!r} "
                             f"(first given in {seen[doc.doc_id]})")
        seen[doc.doc_id] = where
        yield doc


def _path_entries(paths: Iterable[Path], skipped: list[InputError] | None = None,
                  max_docx_inflated: int = MAX_DOCX_INFLATED_BYTES
                  ) -> Iterator[tuple[str, Document]]:
    for path in paths:
        if path.is_dir():
            yield from _folder_entries(path, skipped, max_docx_inflated)
        elif not path.exists():
            raise InputError(f"{path}: no such file or folder")
        elif path.suffix.lower() == ".jsonl":
            yield from _jsonl_entries(path)
        elif path.suffix.lower() in FOLDER_SUFFIXES:
            yield from _entry(path, path.with_suffix("").name, skipped, max_docx_inflated)
        else:
            raise InputError(
                f"{path}: unsupported file type; give a folder, a .jsonl corpus, "
                "or a .txt/.md/.html/.pdf/.docx file"
            )


def unique(docs: Iterable[Document]) -> list[Document]:
    """The documents as a list; a doc_id seen twice in one batch raises InputError."""
    seen: dict[str, Document] = {}
    for doc in docs:
        if doc.doc_id in seen:
            raise InputError(f"duplicate doc_id {doc.doc_id!r} in one batch")
        seen[doc.doc_id] = doc
    return list(seen.values())
