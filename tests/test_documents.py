"""Loading documents from folders and corpus JSONL, and refusing bad input before any
write: every error names the file and the problem, and the index is left as it was."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import WriteFiles, write_file

from index.documents import Document, html_to_text, read_paths, unique
from index.errors import InputError
from index.manifest import read_manifest
from index.settings import IndexSettings
from index.store import Store
from qa.cli import main


def _jsonl(*objs: object) -> str:
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs)


def _unreadable(path: Path) -> None:
    """Make ``path`` a regular file whose read fails, even for root."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        # Root reads any mode bits; reading /proc/self/mem at offset 0 fails with EIO.
        path.symlink_to("/proc/self/mem")
    else:
        path.write_text("secret", encoding="utf-8")
        path.chmod(0)


# -- loading ----------------------------------------------------------------------------


def test_markdown_comments_are_no_document_text(write_files: WriteFiles) -> None:
    # The shape of ../shared/corpus/zh-law: a header, a comment marking its end, the body.
    root = write_files({
        "law.md": "# 个人信息保护法\n\n2021年8月20日通过\n\n<!-- INFO END -->\n\n## 第一章\n\n"
                  "第一条 为了保护个人信息权益。<!-- a note\nover two lines -->\n",
        "open.md": "Body.\n\n<!-- never closed\n\nhidden",
        "plain.txt": "kept <!-- as typed -->",
    })
    docs = {d.doc_id: d for d in read_paths([root])}
    assert docs["law"].text == ("# 个人信息保护法\n\n2021年8月20日通过\n\n## 第一章\n\n"
                                "第一条 为了保护个人信息权益。")
    assert docs["open"].text == "Body."
    assert docs["plain"].text == "kept <!-- as typed -->"


def test_folder_loading_reads_txt_md_html_with_relative_doc_ids(write_files: WriteFiles) -> None:
    root = write_files({
        "a.txt": "Plain text.\r\nSecond line.",
        "sub/b.md": "# Heading of B\n\nBody of **b**.",
        "sub/deeper/c.html": "<html><head><title>Page C</title><style>p {color: red}</style>"
                             "<script>var secret = 1;</script></head><body><h1>C</h1>"
                             "<p>First &amp; only paragraph.</p><p>Second one.</p></body></html>",
        "d.htm": "<p>Old suffix.</p>",
        "notes.json": "{}",
        "image.png": b"\x89PNG\r\n\x1a\n\x00\x00",
        ".hidden/e.txt": "hidden",
    })
    docs = {d.doc_id: d for d in read_paths([root])}
    assert sorted(docs) == ["a", "d", "sub/b", "sub/deeper/c"]
    assert docs["a"].text == "Plain text.\nSecond line."
    assert docs["a"].title == "Plain text."
    assert docs["sub/b"].title == "Heading of B"
    assert docs["sub/b"].text.startswith("# Heading of B")
    page = docs["sub/deeper/c"]
    assert page.title == "Page C"
    assert "secret" not in page.text and "color" not in page.text
    assert page.text == "C\n\nFirst & only paragraph.\n\nSecond one."
    assert docs["a"].metadata == {"source": str(root / "a.txt")}


def test_html_text_is_unescaped_once() -> None:
    text, title = html_to_text("<title>T &amp; U</title><p>Write &amp;lt;b&amp;gt; for bold "
                               "&lt;here&gt;.</p><noscript>no</noscript>")
    assert title == "T & U"
    assert text == "Write &lt;b&gt; for bold <here>."


def test_jsonl_loading(write_files: WriteFiles) -> None:
    root = write_files({"corpus.jsonl": _jsonl(
        {"doc_id": "x1", "title": "First", "text": "Text one.", "metadata": {"year": 2021}},
        {"doc_id": "x2", "text": "Text two, no title.", "metadata": None},
    ) + "\n   \n"})
    docs = list(read_paths([root / "corpus.jsonl"]))
    assert docs == [
        Document("x1", "First", "Text one.", {"year": 2021}),
        Document("x2", "x2", "Text two, no title.", {}),
    ]


def test_jsonl_fields_not_read_are_named_once(write_files: WriteFiles,
                                             caplog: pytest.LogCaptureFixture) -> None:
    # The shared datasets carry "meta", not "metadata": it was dropped without a word
    # (the seventeenth new-user trial: filters on it matched nothing).
    root = write_files({"corpus.jsonl": _jsonl(
        {"doc_id": "x1", "text": "One.", "meta": {"domain": "civil"}},
        {"doc_id": "x2", "text": "Two.", "meta": {"domain": "criminal"}, "court": "A"},
        {"doc_id": "x3", "text": "Three.", "metadata": {"domain": "civil"}},
    )})
    with caplog.at_level("WARNING", logger="caseqa.index.documents"):
        docs = list(read_paths([root / "corpus.jsonl"]))
    assert [d.metadata for d in docs] == [{}, {}, {"domain": "civil"}]
    [record] = caplog.records
    assert "'meta' (2 lines)" in record.message and "'court' (1 line)" in record.message
    assert "metadata" in record.message
    caplog.clear()
    with caplog.at_level("WARNING", logger="caseqa.index.documents"):
        list(read_paths([write_files({"ok.jsonl": _jsonl(
            {"doc_id": "y", "title": "T", "text": "Fine.", "metadata": {}})}) / "ok.jsonl"]))
    assert caplog.records == []


def test_folders_jsonl_and_single_files_mix(write_files: WriteFiles) -> None:
    root = write_files({"f/a.txt": "A.", "c.jsonl": _jsonl({"doc_id": "b", "text": "B."}),
                        "single.md": "S."})
    docs = list(read_paths([root / "f", root / "c.jsonl", root / "single.md"]))
    assert [d.doc_id for d in docs] == ["a", "b", "single"]


# -- errors -----------------------------------------------------------------------------

def _bad_jsonl_line(root: Path) -> Path:
    path = root / "corpus.jsonl"
    path.write_text(_jsonl({"doc_id": "j1", "text": "ok"}, {"doc_id": "j2", "text": "ok"})
                    + '{"doc_id": "j3", "text": "unterminated\n', encoding="utf-8")
    return path


def _write(name: str, content: str | bytes) -> Callable[[Path], Path]:
    def make(root: Path) -> Path:
        return write_file(root / name, content)
    return make


def _locked(root: Path) -> Path:
    _unreadable(root / "locked.txt")
    return root / "locked.txt"


def _duplicate_in_folder(root: Path) -> Path:
    (root / "dup").mkdir()
    (root / "dup" / "same.txt").write_text("one", encoding="utf-8")
    (root / "dup" / "same.md").write_text("two", encoding="utf-8")
    return root / "dup"


BAD_INPUTS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "unreadable file": (_locked, r"locked\.txt: cannot read"),
    "invalid JSON line": (_bad_jsonl_line, r"corpus\.jsonl:3: invalid JSON"),
    "empty text file": (_write("empty.txt", "  \n\n "), r"empty\.txt: document 'empty' is empty"),
    "empty JSONL text": (_write("e.jsonl", _jsonl({"doc_id": "e", "text": ""})),
                         r"e\.jsonl:1: document 'e' is empty"),
    "HTML with only a script": (_write("s.html", "<script>alert(1)</script>"),
                                r"s\.html: document 's' is empty"),
    "duplicate doc_id in JSONL": (
        _write("d.jsonl", _jsonl({"doc_id": "d", "text": "a"}, {"doc_id": "d", "text": "b"})),
        r"d\.jsonl:2: duplicate doc_id 'd' .*d\.jsonl:1"),
    "duplicate doc_id in a folder": (_duplicate_in_folder,
                                     r"same\.txt: duplicate doc_id 'same' .*same\.md"),
    "binary file": (_write("blob.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
                    r"blob\.txt: looks binary"),
    "invalid UTF-8 text file": (_write("latin.txt", "Caf\xe9 cr\xe8me".encode("latin-1")),
                                r"latin\.txt: not valid UTF-8"),
    "invalid UTF-8 JSONL": (_write("latin.jsonl", b'{"doc_id": "l", "text": "caf\xe9"}\n'),
                            r"latin\.jsonl: not valid UTF-8"),
    "missing text field": (_write("m.jsonl", _jsonl({"doc_id": "m"})),
                           r"m\.jsonl:1: missing field\(s\) text"),
    "line not an object": (_write("arr.jsonl", "[1, 2]\n"),
                           r"arr\.jsonl:1: expected a JSON object"),
    "metadata not an object": (
        _write("meta.jsonl", _jsonl({"doc_id": "m", "text": "t", "metadata": [1]})),
        r"meta\.jsonl:1: metadata of 'm' must be an object"),
    "doc_id not a string": (_write("id.jsonl", _jsonl({"doc_id": 7, "text": "t"})),
                            r"id\.jsonl:1: doc_id must be a non-empty string"),
    "unsupported suffix": (_write("paper.rtf", "{\\rtf1 x}"), r"paper\.rtf: unsupported file type"),
    "missing path": (lambda root: root / "nowhere", r"nowhere: no such file or folder"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_raises_input_error_naming_file_and_problem(tmp_path: Path, case: str) -> None:
    make, message = BAD_INPUTS[case]
    root = tmp_path / "bad"
    root.mkdir()
    path = make(root)
    with pytest.raises(InputError, match=message):
        unique(read_paths([path]))


def test_duplicate_doc_id_across_two_inputs_names_both(write_files: WriteFiles) -> None:
    root = write_files({"one/x.txt": "from a folder",
                        "two.jsonl": _jsonl({"doc_id": "x", "text": "from JSONL"})})
    with pytest.raises(InputError, match=r"two\.jsonl:1: duplicate doc_id 'x' .*x\.txt"):
        list(read_paths([root / "one", root / "two.jsonl"]))


def test_duplicate_doc_id_in_an_api_batch() -> None:
    docs = [Document("a", "A", "one"), Document("a", "A", "two")]
    with pytest.raises(InputError, match="duplicate doc_id 'a'"):
        unique(docs)


# -- nothing is written -----------------------------------------------------------------


@pytest.fixture
def built(tmp_path: Path, index_settings: IndexSettings, write_files: WriteFiles) -> Path:
    """An index of two good documents, built through the CLI."""
    good = write_files({"good/g1.txt": "The court ordered the data deleted.",
                        "good/g2.txt": "Consent must be informed."})
    assert main(["index", str(good), "--index-dir", str(index_settings.dir), "-q"]) == 0
    return good


def _snapshot(settings: IndexSettings) -> tuple[int, dict[str, str], list[str]]:
    store = Store.open(settings)
    try:
        files = sorted(p.name for p in settings.dir.iterdir())
        return store.generation, store.content_hashes(), files
    finally:
        store.close()


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_through_the_cli_leaves_the_index_unchanged(
        tmp_path: Path, index_settings: IndexSettings, built: Path, case: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    before = _snapshot(index_settings)
    make, message = BAD_INPUTS[case]
    root = tmp_path / "bad"
    root.mkdir()
    # A new good document comes first: it must not be written either.
    (root / "fresh.txt").write_text("A new good document.", encoding="utf-8")
    path = make(root)
    capsys.readouterr()
    code = main(["index", str(built), str(root / "fresh.txt"), str(path),
                 "--index-dir", str(index_settings.dir), "-q", "--prune"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("caseqa: error: ")
    assert len(err.strip().splitlines()) == 1, "one clear line, no traceback"
    assert re.search(message, err), err
    assert _snapshot(index_settings) == before


def test_bad_input_creates_no_index(tmp_path: Path, index_settings: IndexSettings,
                                    write_files: WriteFiles) -> None:
    root = write_files({"docs/a.txt": "fine", "b.jsonl": '{"doc_id": "b", "text": ""}\n'})
    assert main(["index", str(root / "docs"), str(root / "b.jsonl"),
                 "--index-dir", str(index_settings.dir), "-q"]) == 2
    assert read_manifest(index_settings.dir) is None
