"""PDF and Word test files, made here with reportlab and python-docx (nothing checked in).

Each maker writes one file and returns what the extracted text should be. reportlab's
built-in CID font STSong-Light writes Chinese without any font file.
"""

from __future__ import annotations

import difflib
import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_90df5011d1b6acdd.txt"
_ZH_LAW = Path("shared", "corpus", "zh-law", "个人信息保护法(2021-08-20).md")
HEADER = "Typical cases: personal information protection"


def seed_text() -> str:
    """The seed commentary as indexed from seeds/ (title, blank lines, one paragraph)."""
    return SEED.read_text(encoding="utf-8")


def seed_paragraphs() -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", seed_text()) if p.strip()]


def zh_statute_paragraphs(count: int = 14) -> list[str]:
    """The first articles of the Personal Information Protection Law (Markdown stripped)."""
    # shared/ lies beside the clone (CI) or some folders above a worktree.
    found = [p / _ZH_LAW for p in SEED.parents if (p / _ZH_LAW).is_file()]
    assert found, f"{_ZH_LAW} not found beside the project or above it"
    lines = [line.strip().lstrip("#").strip() for line in
             found[0].read_text(encoding="utf-8").splitlines()]
    kept = [line for line in lines if line and not line.startswith("<!--")]
    return kept[:count]


def _styles(chinese: bool = False, size: float = 11) -> tuple[object, object]:
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet

    sheet = getSampleStyleSheet()
    font = "STSong-Light" if chinese else "Times-Roman"
    if chinese:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", parent=sheet["BodyText"], fontName=font, fontSize=size,
                          leading=size * 1.4, alignment=TA_JUSTIFY, spaceAfter=size * 0.8,
                          wordWrap="CJK" if chinese else None)
    title = ParagraphStyle("title", parent=body, fontSize=size * 1.5, leading=size * 2,
                           alignment=0)
    return body, title


def _running(header: str | None, footer: bool, chinese: bool = False) -> object:
    def draw(canvas: object, doc: object) -> None:
        from reportlab.lib.pagesizes import A4

        width, height = A4
        canvas.saveState()  # type: ignore[attr-defined]
        canvas.setFont("STSong-Light" if chinese else "Helvetica", 9)  # type: ignore[attr-defined]
        if header:
            canvas.drawString(72, height - 40, header)  # type: ignore[attr-defined]
        if footer:
            page = canvas.getPageNumber()  # type: ignore[attr-defined]
            canvas.drawCentredString(width / 2, 30, f"- {page} -")  # type: ignore[attr-defined]
        canvas.restoreState()  # type: ignore[attr-defined]
    return draw


def make_pdf(path: Path, paragraphs: Sequence[str], *, title: str | None = None,
             chinese: bool = False, size: float = 11, header: str | None = HEADER,
             footer: bool = True, page_breaks: Sequence[int] = ()) -> Path:
    """A flowing PDF of paragraphs; a page break before each index in ``page_breaks``."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    body, title_style = _styles(chinese, size)
    flow: list[object] = []
    if title:
        flow.append(Paragraph(escape(title), title_style))
    for i, text in enumerate(paragraphs):
        if i in page_breaks:
            flow.append(PageBreak())
        flow.append(Paragraph(escape(text), body))
    doc = SimpleDocTemplate(str(path), pagesize=A4, topMargin=72, bottomMargin=72,
                            title=title or "", author="caseqa tests")
    running = _running(header, footer, chinese)
    doc.build(flow, onFirstPage=running, onLaterPages=running)
    return path


def seed_pdf(path: Path) -> Path:
    """The seed commentary as a 3-page PDF with a running header and page numbers."""
    paragraphs = seed_paragraphs()
    return make_pdf(path, paragraphs[1:], title=paragraphs[0], size=15.5)


def zh_pdf(path: Path) -> Path:
    """A Chinese statute excerpt as a 2-page PDF (STSong-Light) with page numbers."""
    paragraphs = zh_statute_paragraphs()
    return make_pdf(path, paragraphs[1:], title=paragraphs[0], chinese=True, size=12,
                    header="中华人民共和国个人信息保护法", page_breaks=(len(paragraphs) // 2,))


def two_column_pdf(path: Path, left: Sequence[str], right: Sequence[str]) -> Path:
    """One page, two columns: all of ``left`` is to be read before ``right``."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph
    from reportlab.platypus.doctemplate import FrameBreak

    width, height = A4
    body, _ = _styles(size=10)
    gap = 24
    column = (width - 144 - gap) / 2
    frames = [Frame(72, 72, column, height - 144, id="left"),
              Frame(72 + column + gap, 72, column, height - 144, id="right")]
    doc = BaseDocTemplate(str(path), pagesize=A4)
    doc.addPageTemplates([PageTemplate(id="two", frames=frames)])
    flow: list[object] = [Paragraph(escape(t), body) for t in left]
    flow.append(FrameBreak())
    flow.extend(Paragraph(escape(t), body) for t in right)
    doc.build(flow)
    return path


def hyphenated_pdf(path: Path, lines: Sequence[str]) -> Path:
    """One page of lines drawn as given (so a line may end in a hyphen)."""
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path))
    text = canvas.beginText(72, 760)
    text.setFont("Times-Roman", 12)
    for line in lines:
        text.textLine(line)
    canvas.drawText(text)
    canvas.showPage()
    canvas.save()
    return path


def scanned_pdf(path: Path) -> Path:
    """Two pages with only drawings on them: what a scan without OCR looks like."""
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path))
    for _ in range(2):
        canvas.rect(72, 400, 300, 200, fill=1)
        canvas.showPage()
    canvas.save()
    return path


def encrypted_pdf(path: Path) -> Path:
    """A PDF that needs a password to open."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("secret", "owner"))
    canvas.drawString(72, 720, "Confidential settlement terms.")
    canvas.showPage()
    canvas.save()
    return path


def make_docx(path: Path, paragraphs: Sequence[str], *, title: str | None = None,
              header: str | None = HEADER) -> Path:
    """A Word file of paragraphs, with a running header and a heading."""
    import docx

    document = docx.Document()
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if title:
        document.add_heading(title, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    document.core_properties.title = title or ""
    document.save(str(path))
    return path


def seed_docx(path: Path) -> Path:
    """The seed commentary as a Word file."""
    paragraphs = seed_paragraphs()
    return make_docx(path, paragraphs[1:], title=paragraphs[0])


def zip_bomb_docx(path: Path, inflated: int = 100 * 1024 * 1024) -> Path:
    """A DOCX whose document.xml inflates to ``inflated`` bytes from a few hundred KB."""
    import docx

    good = io.BytesIO()

    docx.Document().save(good)
    good.seek(0)
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            if item.filename == "word/document.xml":
                with out.open(item.filename, "w", force_zip64=True) as handle:
                    block = b" " * (1024 * 1024)
                    for _ in range(inflated // len(block)):
                        handle.write(block)
            else:
                out.writestr(item, src.read(item.filename))
    return path


def empty_docx(path: Path) -> Path:
    """A Word file with no text at all."""
    return make_docx(path, [], header=None)


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate, whitespace runs counted as one space.

    The edits are those of difflib's alignment (each replaced block counts its longer
    side), an upper bound of the edit distance: a bound below 1% is a CER below 1%.
    """
    ref = re.sub(r"\s+", " ", reference).strip()
    hyp = re.sub(r"\s+", " ", hypothesis).strip()
    matcher = difflib.SequenceMatcher(None, ref, hyp, autojunk=False)
    edits = sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in matcher.get_opcodes()
                if op != "equal")
    return edits / max(len(ref), 1)
