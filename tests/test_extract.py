"""PDF and Word extraction on files made here: text against its source (character error
rate), reading order, page maps, and a clear error for each kind of bad file."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from docfiles import (
    HEADER,
    cer,
    empty_docx,
    encrypted_pdf,
    hyphenated_pdf,
    make_docx,
    make_pdf,
    scanned_pdf,
    seed_docx,
    seed_paragraphs,
    seed_pdf,
    seed_text,
    two_column_pdf,
    zh_pdf,
    zh_statute_paragraphs,
    zip_bomb_docx,
)

from index.documents import read_file, read_paths
from index.extract import ExtractionError, extract, extract_path
from index.pages import PAGE_STARTS

MAX_CER = 0.01


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("docfiles")
    seed_pdf(root / "seed.pdf")
    seed_docx(root / "seed.docx")
    zh_pdf(root / "zh.pdf")
    return root


def _page_texts(path: Path) -> list[str]:
    """Each page's text as pypdf gives it, whitespace runs as one space."""
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages]


def test_seed_pdf_text_matches_its_source_on_three_pages(files: Path) -> None:
    got = extract_path(files / "seed.pdf")
    assert cer(seed_text(), got.text) <= MAX_CER
    assert got.page_starts is not None and len(got.page_starts) == 3
    # Running header and page numbers are not mixed into the text.
    assert HEADER not in got.text
    assert not re.search(r"- \d -", got.text)
    # Each page of the map starts with the words that open that page in the PDF itself.
    pages = _page_texts(files / "seed.pdf")
    for number, start in enumerate(got.page_starts):
        opening = " ".join(got.text[start:start + 40].split()[:4])
        assert opening in pages[number], (number + 1, opening)
    assert got.title == seed_paragraphs()[0]


def test_seed_pdf_keeps_paragraphs_and_joins_lines_and_pages(files: Path) -> None:
    got = extract_path(files / "seed.pdf").text
    # One blank line between paragraphs, none inside the long paragraph that runs over
    # two page breaks: its sentences stay whole.
    assert len(got.split("\n\n")) == len(seed_paragraphs())
    assert got.split("\n\n")[1] == seed_paragraphs()[1]


def test_seed_docx_text_matches_its_source_without_the_header(files: Path) -> None:
    got = extract_path(files / "seed.docx")
    assert cer(seed_text(), got.text) <= MAX_CER
    assert HEADER not in got.text
    assert got.page_starts is None, "no page breaks: a .docx has no page map then"
    assert got.title == seed_paragraphs()[0]


def test_docx_page_breaks_make_its_page_map(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("First page text.")
    document.add_page_break()
    document.add_paragraph("Second page text.")
    document.add_page_break()
    document.add_page_break()  # a blank page: still counted
    document.add_paragraph("Fourth page text.")
    document.save(str(tmp_path / "breaks.docx"))
    got = extract_path(tmp_path / "breaks.docx")
    assert got.text == "First page text.\n\nSecond page text.\n\nFourth page text."
    assert got.page_starts is not None
    assert [got.text[s:s + 6] for s in got.page_starts] == ["First ", "Second", "Fourth",
                                                             "Fourth"]


def test_docx_tables_are_read_in_document_order(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Before the table.")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"cell {r}{c}"
    document.add_paragraph("After the table.")
    document.save(str(tmp_path / "table.docx"))
    got = extract_path(tmp_path / "table.docx").text
    assert got == "Before the table.\n\ncell 00\tcell 01\n\ncell 10\tcell 11\n\nAfter the table."


def test_chinese_statute_pdf(files: Path) -> None:
    got = extract_path(files / "zh.pdf")
    source = "\n\n".join(zh_statute_paragraphs())
    assert cer(source, got.text) <= MAX_CER
    assert "第一条 为了保护个人信息权益，规范个人信息处理活动" in got.text
    assert got.page_starts is not None and len(got.page_starts) == 2
    # The running header (the statute's name) is gone; the title line stays once.
    assert got.text.count("中华人民共和国个人信息保护法") == 1
    # Lines wrapped inside a Chinese sentence are joined without a space.
    assert "个人信息权益。" in got.text and "个人信息 权益" not in got.text


def test_two_columns_are_read_column_by_column(tmp_path: Path) -> None:
    left = ["Left column on consent and notice, first of all. " * 6,
            "Left column on the burden of proof, second. " * 5]
    right = ["Right column on remedies and a public apology, last. " * 6]
    got = extract_path(two_column_pdf(tmp_path / "two.pdf", left, right)).text
    assert cer("\n\n".join([*left, *right]), got) <= MAX_CER
    assert got.index("burden of proof") < got.index("Right column")


def test_hyphenated_line_ends_are_joined(tmp_path: Path) -> None:
    path = hyphenated_pdf(tmp_path / "h.pdf", ["The procuratorate filed the civil public",
                                               "interest lawsuit after a careful inter-",
                                               "pretation of the personal infor-",
                                               "mation protection law."])
    got = extract_path(path).text
    assert got == ("The procuratorate filed the civil public interest lawsuit after a "
                   "careful interpretation of the personal information protection law.")


def test_running_footer_text_is_dropped_but_body_repeats_are_kept(tmp_path: Path) -> None:
    body = [f"Paragraph {n}: the court ordered the data deleted." for n in range(6)]
    path = make_pdf(tmp_path / "f.pdf", body, header="Confidential draft", footer=True,
                    page_breaks=(2, 4))
    got = extract_path(path)
    assert "Confidential draft" not in got.text
    assert got.text.count("the court ordered the data deleted") == 6
    assert got.page_starts is not None and len(got.page_starts) == 3


# -- bad files --------------------------------------------------------------------------


def _truncated(path: Path) -> Path:
    data = make_pdf(path.with_suffix(".full.pdf"), ["Some text."]).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _corrupt(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\n"
                     b"trailer << /Root 1 0 R >>\n%%EOF\n")
    return path


BAD_FILES = {
    "encrypted PDF": ("secret.pdf", encrypted_pdf, r"encrypted PDF.*password"),
    "scanned PDF": ("scan.pdf", scanned_pdf, r"no text layer.*OCR it first"),
    "truncated PDF": ("half.pdf", _truncated, r"truncated PDF"),
    "corrupt PDF": ("broken.pdf", _corrupt, r"corrupt PDF|the PDF has no pages"),
    "zip bomb DOCX": ("bomb.docx", lambda p: zip_bomb_docx(p, 100 * 1024 * 1024),
                      r"inflate to [\d,]{11} bytes, more than the limit of 67,108,864 .*zip bomb"),
    "DOCX without text": ("empty.docx", empty_docx, r"no text in the Word file"),
    "PDF suffix on a text file": ("notes.pdf", lambda p: (p.write_text("just text"), p)[1],
                                  r"not a PDF: its content is text"),
    "DOCX suffix on a PDF": ("paper.docx", lambda p: (p.write_bytes(
        make_pdf(p.with_suffix(".real.pdf"), ["x"]).read_bytes()), p)[1],
        r"not a Word \.docx file: its content is a PDF"),
    "DOCX suffix on an old .doc": ("old.docx", lambda p: (p.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600), p)[1],
        r"old Office file.*save it as \.docx"),
    "text suffix on a PDF": ("report.txt", lambda p: (p.write_bytes(
        make_pdf(p.with_suffix(".real.pdf"), ["x"]).read_bytes()), p)[1],
        r"content is a PDF file, not text"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_error_names_the_file_and_the_reason(tmp_path: Path, case: str) -> None:
    name, make, reason = BAD_FILES[case]
    path = make(tmp_path / name)
    with pytest.raises(Exception, match=re.escape(str(path)) + ": .*(" + reason + ")"):
        read_file(path, "x")


def test_a_folder_still_indexes_around_bad_files(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    seed_pdf(folder / "seed.pdf")
    make_docx(folder / "memo.docx", ["The memo is short."])
    (folder / "note.txt").write_text("A plain note.", encoding="utf-8")
    bad = folder / "bad"
    bad.mkdir()
    for name, make, _ in BAD_FILES.values():
        if not name.endswith(".txt"):  # a lying .txt is an error of its own kind
            make(bad / name)
    for helper in [*bad.glob("*.real.pdf"), *bad.glob("*.full.pdf")]:
        helper.unlink()  # the good PDFs the makers wrote on the way
    skipped: list[ExtractionError] = []
    docs = {d.doc_id: d for d in read_paths([folder], skipped)}
    assert sorted(docs) == ["memo", "note", "seed"]
    assert len(docs["seed"].metadata[PAGE_STARTS]) == 3
    assert PAGE_STARTS not in docs["note"].metadata
    assert len(skipped) == len(BAD_FILES) - 1
    assert all(str(bad) in str(e) for e in skipped)
    with pytest.raises(ExtractionError):  # without a list to collect them: an error
        list(read_paths([folder]))


def test_extract_refuses_unknown_suffix_and_empty_bytes() -> None:
    with pytest.raises(ExtractionError, match="empty file"):
        extract(b"", ".pdf")
    with pytest.raises(ExtractionError, match=r"cannot extract text from '\.odt'"):
        extract(b"PK\x03\x04", ".odt")


def test_text_that_mentions_a_pdf_header_is_still_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("A PDF file starts with %PDF-1.7; this note is text.", encoding="utf-8")
    assert read_file(path, "notes").text.startswith("A PDF file starts")


def test_docx_pages_follow_words_rendered_breaks_over_hard_ones(tmp_path: Path) -> None:
    """Word writes where it broke the pages (w:lastRenderedPageBreak) when it saves; those
    include the hard breaks, which must not be counted twice."""
    import docx
    from docx.oxml import OxmlElement

    document = docx.Document()
    document.add_paragraph("Page one, and the start of a paragraph that Word")
    run = document.add_paragraph().add_run("continued on page two.")
    run._r.insert(0, OxmlElement("w:lastRenderedPageBreak"))
    document.add_page_break()
    third = document.add_paragraph().add_run("Page three.")
    third._r.insert(0, OxmlElement("w:lastRenderedPageBreak"))
    document.save(str(tmp_path / "word.docx"))
    got = extract_path(tmp_path / "word.docx")
    assert got.page_starts is not None
    assert [got.text[s:s + 9] for s in got.page_starts] == ["Page one,", "continued",
                                                             "Page thre"]
