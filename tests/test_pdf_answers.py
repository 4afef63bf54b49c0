"""PDF, Word and text files indexed together through the CLI; the seed commentary as a
PDF answers its gold questions as the .txt does, with page numbers in every citation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pypdf
import pytest
from docfiles import encrypted_pdf, make_docx, seed_pdf, zip_bomb_docx

from index.pages import PAGE_STARTS
from index.store import Store
from qa.cli import main
from qa.models import Answer, Question
from qa.service import QAService
from qa.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEED_ID = "000_90df5011d1b6acdd"
GOLD = ROOT / "eval" / "gold" / "seeds.jsonl"
#: The seed's headline questions: who, which university, which organs, what remedies...
HEADLINE = [f"seed-{n:02d}" for n in range(1, 13)]


def _gold() -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return [row for row in rows if row["qid"] in HEADLINE]


@pytest.fixture(scope="module")
def indexes(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(the seed .txt's index, the mixed folder's index, the mixed folder)."""
    root = tmp_path_factory.mktemp("pdfqa")
    folder = root / "mixed"
    folder.mkdir()
    seed_pdf(folder / f"{SEED_ID}.pdf")
    make_docx(folder / "memo.docx", ["The memo says the hearing is on Monday."])
    (folder / "note.txt").write_text("A plain note about consent.", encoding="utf-8")
    encrypted_pdf(folder / "locked.pdf")
    txt_index, pdf_index = root / "txt", root / "pdf"
    assert main(["index", str(ROOT / "seeds"), "--index-dir", str(txt_index), "-q"]) == 0
    assert main(["index", str(folder), "--index-dir", str(pdf_index), "-q"]) == 1
    return txt_index, pdf_index, folder


def test_mixed_folder_indexes_all_but_the_bad_file(
        indexes: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    _, pdf_index, folder = indexes
    store = Store.open(Settings().with_index_dir(pdf_index).index)
    try:
        assert sorted(store.content_hashes()) == [SEED_ID, "memo", "note"]
        seed = store.get_document(SEED_ID)
        assert seed is not None and len(seed.metadata[PAGE_STARTS]) == 3
    finally:
        store.close()
    # The run said which file it skipped and why (the fixture's output is gone: rerun).
    assert main(["index", str(folder), "--index-dir", str(pdf_index), "-q"]) == 1
    err = capsys.readouterr().err
    assert f"caseqa: skipped {folder / 'locked.pdf'}: encrypted PDF" in err


async def _answers(index: Path, questions: list[str]) -> list[Answer]:
    service = QAService.load(Settings().with_index_dir(index), create=False)
    try:
        return [await service.ask(Question(q)) for q in questions]
    finally:
        service.store.close()


async def test_seed_pdf_answers_like_the_txt_with_pages(
        indexes: tuple[Path, Path, Path]) -> None:
    txt_index, pdf_index, folder = indexes
    rows = _gold()
    questions = [row["question"] for row in rows]
    from_txt = await _answers(txt_index, questions)
    from_pdf = await _answers(pdf_index, questions)
    pages = [" ".join(p.extract_text().split())
             for p in pypdf.PdfReader(folder / f"{SEED_ID}.pdf").pages]
    for row, txt, pdf in zip(rows, from_txt, from_pdf, strict=True):
        assert pdf.answer == txt.answer, row["qid"]
        assert pdf.refused == txt.refused
        for citation in pdf.citations:
            assert citation.doc_id == SEED_ID and citation.pages, row["qid"]
            # The quote's first and last words are on the first and last page it names,
            # as pypdf reads those pages by itself.
            words = citation.quote.split()
            assert " ".join(words[:3]) in pages[citation.pages[0] - 1], row["qid"]
            assert " ".join(words[-3:]) in pages[citation.pages[-1] - 1], row["qid"]
        for hit in pdf.passages:  # the PDF's passages have pages; the .txt note has none
            assert bool(hit.pages) == (hit.doc_id == SEED_ID), hit
            assert not hit.pages or hit.pages == list(range(hit.pages[0], hit.pages[-1] + 1))
        assert all(not c.pages for c in txt.citations), "a .txt has no pages"
    who = from_pdf[0]  # "Who interpreted the case?": the answer is on the first page
    assert who.citations and who.citations[0].pages == [1]


def test_caseqa_ask_prints_the_page(indexes: tuple[Path, Path, Path],
                                    capsys: pytest.CaptureFixture[str]) -> None:
    _, pdf_index, _ = indexes
    capsys.readouterr()
    assert main(["ask", "Who interpreted the case?", "--doc-id", SEED_ID,
                 "--index-dir", str(pdf_index)]) == 0
    assert f"({SEED_ID}, p. 1, characters " in capsys.readouterr().out


def test_the_docx_inflation_limit_is_read_from_the_environment(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    zip_bomb_docx(folder / "big.docx", 2 * 1024 * 1024)
    (folder / "note.txt").write_text("A plain note.", encoding="utf-8")
    monkeypatch.setenv("CASEQA_INDEX__EXTRACT__MAX_DOCX_INFLATED_BYTES", str(1024 * 1024))
    code = main(["index", str(folder), "--index-dir", str(tmp_path / "index"), "-q"])
    assert code == 1
    assert "big.docx: refused: it would inflate to" in capsys.readouterr().err
