"""From positioned lines to text: running headers and footers out, lines joined into
paragraphs (hyphenated line ends mended, no space between CJK characters), pages joined
with a page map. Pure functions over plain values, so they are tested without files.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

#: A line in the top or bottom this fraction of the page is a header or footer candidate.
MARGIN_BAND = 0.09
_PAGE_NUMBER = re.compile(
    r"^\W*(?:(?:page|p\.)\s*)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?\W*$"
    r"|^\W*第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?\W*$"
    r"|^\W*(?=[ivxlcdm])m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})\W*$",
    re.IGNORECASE)
_CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uf900-\ufaff\uff00-\uffef]")
_SENTENCE_END = re.compile(r"[.!?:;。！？：；”’\"')）\]】」』]$")
_HYPHENATED = re.compile(r"[^\W\d_]-$")


@dataclass(frozen=True)
class Line:
    """One text line of a page; ``y`` is its baseline, from the page's bottom, and
    ``size`` its font size (0: unknown), in points."""

    text: str
    y: float
    size: float = 0.0


@dataclass(frozen=True)
class Page:
    """The lines of one page in reading order, and the page's height in points."""

    lines: list[Line]
    height: float


def _shape(text: str) -> str:
    """A line's text with its numbers blanked: "Page 3" and "Page 4" look alike."""
    return re.sub(r"\d+", "#", " ".join(text.split())).lower()


def _in_band(line: Line, height: float) -> bool:
    return line.y > height * (1 - MARGIN_BAND) or line.y < height * MARGIN_BAND


def drop_running_lines(pages: Sequence[Page]) -> list[list[Line]]:
    """Each page's lines without running headers, footers and page numbers.

    A line is dropped when it lies in the top or bottom margin band and is a page number
    ("3", "- 3 -", "Page 3 of 9", "第 3 页") or repeats, numbers aside, in the band of
    other pages (at least two, and half of them).
    """
    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({_shape(ln.text) for ln in page.lines if _in_band(ln, page.height)})
    needed = max(2, (len(pages) + 1) // 2)
    kept = []
    for page in pages:
        kept.append([ln for ln in page.lines
                     if not (_in_band(ln, page.height)
                             and (_PAGE_NUMBER.match(ln.text.strip())
                                  or seen[_shape(ln.text)] >= needed))])
    return kept


def continues(before: str, after: str) -> str:
    """What goes between two pieces of one paragraph split at a line end.

    "" when the first ends in a hyphenated word part (the hyphen is dropped by
    :func:`join_pieces`) or either side is CJK; else one space.
    """
    if not before or not after:
        return ""
    if _HYPHENATED.search(before) and after[0].islower():
        return ""
    if _CJK.match(before[-1]) or _CJK.match(after[0]):
        return ""
    return " "


def join_pieces(before: str, after: str) -> str:
    """``before`` and ``after`` as one paragraph: hyphen mended, CJK unspaced."""
    if before.endswith("\u00ad"):
        return before[:-1] + after
    glue = continues(before, after)
    if glue == "" and _HYPHENATED.search(before) and after[:1].islower():
        return before[:-1] + after
    return before + glue + after


def _gap(step: float, size: float, leading: float) -> bool:
    """Whether a step down the page between two lines is wider than line spacing: more
    than 1.6 font sizes (line spacing is 1.0-1.5), or than 1.35 usual steps when the
    font size is unknown."""
    return step > size * 1.6 if size > 0 else step > leading * 1.35 + 0.5


def _smaller(a: float, b: float) -> float:
    """The smaller of two font sizes, an unknown (0) one left out."""
    return min(a, b) if a > 0 and b > 0 else max(a, b)


def paragraphs(lines: Sequence[Line]) -> list[str]:
    """The lines of one page as paragraphs: a gap wider than line spacing, or a move up
    the page (the next column) after a finished sentence, starts a new one."""
    texts = [(" ".join(ln.text.split()), ln.y, ln.size) for ln in lines]
    texts = [t for t in texts if t[0]]
    steps = [a[1] - b[1] for a, b in itertools.pairwise(texts) if a[1] > b[1]]
    leading = statistics.median(steps) if steps else 0.0
    out: list[str] = []
    for i, (text, y, size) in enumerate(texts):
        if i == 0:
            out.append(text)
            continue
        step = texts[i - 1][1] - y
        new_paragraph = (_gap(step, _smaller(size, texts[i - 1][2]), leading) if step > 0
                         else _SENTENCE_END.search(out[-1]) is not None)
        if new_paragraph:
            out.append(text)
        else:
            out[-1] = join_pieces(out[-1], text)
    return out


def join_pages(pages: Sequence[Sequence[str]]) -> tuple[str, list[int]]:
    """The text of all pages and the character offset where each page starts.

    Paragraphs are separated by a blank line; a paragraph that runs over a page break
    (no sentence end before it) is joined as one. An empty page starts where the next
    one does.
    """
    text = ""
    starts: list[int] = []
    for page in pages:
        start = len(text)
        for n, para in enumerate(page):
            if not text:
                text = para
            elif n == 0 and _SENTENCE_END.search(text) is None:
                text = join_pieces(text, para)
                start = len(text) - len(para)  # after the glue, at the page's first char
            else:
                if n == 0:
                    start = len(text) + 2
                text += "\n\n" + para
        starts.append(start)
    following = len(text)
    for i in range(len(pages) - 1, -1, -1):
        if not pages[i]:
            starts[i] = following
        following = starts[i]
    return text, starts
