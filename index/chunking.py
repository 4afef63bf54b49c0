"""Cutting text into chunks under a token budget, keeping exact character offsets.

Pure functions: the token counter is passed in, so the chunker is tested with plain
values. Every chunk is a span ``[start, end)`` of the text and ``text[start:end]`` is
the chunk's text. Cuts fall at paragraph, then line, then sentence, then clause, then
word boundaries, and only when one word alone is over budget inside it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Count = Callable[[str], int]

_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_LINE = re.compile(r"\n\s*")
# English ends need whitespace after them, so "3.5", "example.com/a.b" and "U.S.A" hold.
_LATIN_END = re.compile(r"(?:[.!?…]+)[\"'”’)\]]*\s+")
# ASCII "!?" end a sentence without a following space only right after Chinese text
# ("好!再见"); elsewhere they may be inside a word or a URL's query string.
_CJK_END = re.compile(
    r"[。！？；]+[\"'”’」』）)]*\s*|(?<=[\u3400-\u9fff\uf900-\ufaff])[!?]+[\"'”’」』）)]*\s*"
    r"|…{2}\s*"
)
_CLAUSE = re.compile(r"[,;:]\s+|[，、：]\s*|\s[-–—]\s+")
_WORD = re.compile(r"\s+")
_ABBREVIATIONS = frozenset([
    "art", "arts", "no", "nos", "vol", "p", "pp", "para", "paras", "sec", "secs", "ch", "cl",
    "e.g", "i.e", "etc", "vs", "v", "cf", "al", "mr", "mrs", "ms", "dr", "prof", "inc", "ltd",
    "co", "corp", "jr", "sr", "st", "fig", "eq", "approx", "ca", "dept", "gov", "univ", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k",
    "e.u", "p.r.c"
])


@dataclass(frozen=True)
class Chunk:
    """A span ``[start, end)`` of a document's text, with its token cost."""

    start: int
    end: int
    tokens: int


def _latin_break_ok(text: str, dot: int, after: int) -> bool:
    """Whether the '.' at ``dot`` (followed by whitespace up to ``after``) ends a sentence."""
    if text[dot] != ".":
        return True
    word = re.search(r"([\w.]+)$", text[max(0, dot - 32):dot])
    if word:
        token = word.group(1).lower().rstrip(".")
        if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
            return False
    nxt = text[after] if after < len(text) else ""
    # "Art. 5", "e.g. the": a digit or lowercase word after the dot continues the sentence.
    return not (nxt.isdigit() or nxt.islower())


def _cuts(text: str, start: int, end: int, level: int) -> list[int]:
    """Cut positions strictly inside (start, end) for one boundary level."""
    segment = text[start:end]
    found: list[int] = []
    if level == 0:
        found = [m.end() for m in _PARAGRAPH.finditer(segment)]
    elif level == 1:
        found = [m.end() for m in _LINE.finditer(segment)]
    elif level == 2:
        for m in _LATIN_END.finditer(segment):
            dot = start + m.start() + len(m.group(0).rstrip()) - 1
            while dot > start and text[dot] in "\"'”’)]":
                dot -= 1
            if _latin_break_ok(text, dot, start + m.end()):
                found.append(m.end())
        found += [m.end() for m in _CJK_END.finditer(segment)]
    elif level == 3:
        found = [m.end() for m in _CLAUSE.finditer(segment)]
    elif level == 4:
        found = [m.end() for m in _WORD.finditer(segment)]
    return sorted({start + cut for cut in found if 0 < cut < len(segment)})


_LEVELS = 5


def _longest_prefix(text: str, pos: int, end: int, budget: int, count: Count) -> int:
    """End of the longest prefix of ``text[pos:end]`` within budget (at least one char).

    Only a window a little larger than one piece is ever counted (it grows by doubling
    until it is over budget), so cutting a run of n characters costs O(n log piece), not
    a count of the whole rest of the run for every cut.
    """
    size = max(budget, 16)
    hi = min(end, pos + size)
    while hi < end and count(text[pos:hi]) <= budget:
        size *= 2
        hi = min(end, pos + size)
    lo = pos + 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if count(text[pos:mid]) <= budget:
            lo = mid
        else:
            hi = mid - 1
    return max(lo, pos + 1)


def _hard_split(text: str, start: int, end: int, budget: int, count: Count) -> list[int]:
    """Cut one over-long word into the longest prefixes that fit, in linear time."""
    cuts: list[int] = []
    pos = start
    while pos < end:
        nxt = _longest_prefix(text, pos, end, budget, count)
        if nxt >= end:
            break
        cuts.append(nxt)
        pos = nxt
    return cuts


#: A word this long without spaces and without Chinese is a machine string (an encoded
#: blob, a URL, a hash): it gets chunks of its own, never glued to a real sentence.
MACHINE_CHARS = 64
_MACHINE = re.compile(rf"[^\s\u3400-\u9fff\uf900-\uffef]{{{MACHINE_CHARS},}}")


def atoms(text: str, budget: int, count: Count, start: int = 0, end: int | None = None,
          level: int = 0) -> list[tuple[int, int, int]]:
    """Contiguous pieces ``(start, end, tokens)`` covering the span, each within budget."""
    end = len(text) if end is None else end
    if start >= end:
        return []
    # Chunks are trimmed, so whitespace at a piece's edges costs nothing.
    inner_start, inner_end = _trim(text, start, end)
    tokens = count(text[inner_start:inner_end])
    if tokens <= budget:
        return [(start, end, tokens)]
    if level >= _LEVELS:
        bounds = [start, *_hard_split(text, start, end, budget, count), end]
        return [(a, b, count(text[a:b])) for a, b in itertools.pairwise(bounds)
                if a < b]
    cuts = _cuts(text, start, end, level)
    if not cuts:
        return atoms(text, budget, count, start, end, level + 1)
    bounds = [start, *cuts, end]
    out: list[tuple[int, int, int]] = []
    for a, b in itertools.pairwise(bounds):
        out.extend(atoms(text, budget, count, a, b, level + 1))
    return out


def _machine_runs(text: str) -> list[tuple[int, int]]:
    """Spans of machine strings (see ``MACHINE_CHARS``), in order."""
    return [m.span() for m in _MACHINE.finditer(text)]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _pack(text: str, pieces: Sequence[tuple[int, int, int]], first: int, budget: int,
          count: Count) -> tuple[int, Chunk | None]:
    """Greedily take pieces from ``first`` while they fit; returns (next index, chunk)."""
    total, last = 0, first
    while last < len(pieces) and total + pieces[last][2] <= budget:
        total += pieces[last][2]
        last += 1
    last = max(last, first + 1)
    while True:
        start, end = _trim(text, pieces[first][0], pieces[last - 1][1])
        # Token counts are not quite additive (BPE merges across the seam): check the real one.
        tokens = count(text[start:end]) if start < end else 0
        if tokens <= budget or last == first + 1:
            return last, (Chunk(start, end, tokens) if start < end else None)
        last -= 1


def has_paragraphs(text: str) -> bool:
    """Whether ``text`` holds a paragraph break (a blank line) between two of its words."""
    return any(m.start() > 0 and m.end() < len(text) for m in _PARAGRAPH.finditer(text))


def chunk_text(text: str, budget: int, overlap: int, count: Count) -> list[Chunk]:
    """Chunks of ``text`` of at most ``budget`` tokens with about ``overlap`` tokens repeated.

    ``count`` measures a string in tokens; it should be the strictest of the limits the
    chunks must honour (see ``index.tokens.ChunkCounter``). Machine strings (encoded
    blobs, long URLs: ``MACHINE_CHARS``) are chunked on their own, so the text around them
    is chunked as if they were paragraph breaks. Time is linear in the text's length.
    """
    if budget < 1:
        raise ValueError("budget must be positive")
    if not 0 <= overlap < budget:
        raise ValueError("overlap must be at least 0 and smaller than the budget")
    chunks: list[Chunk] = []
    pos = 0
    for run_start, run_end in [*_machine_runs(text), (len(text), len(text))]:
        chunks.extend(_chunk_span(text, pos, run_start, budget, overlap, count))
        if run_start < run_end:
            bounds = [run_start, *_hard_split(text, run_start, run_end, budget, count), run_end]
            chunks.extend(Chunk(a, b, count(text[a:b])) for a, b in itertools.pairwise(bounds))
        pos = run_end
    return chunks


def _chunk_span(text: str, start: int, end: int, budget: int, overlap: int,
                count: Count) -> list[Chunk]:
    """Chunks of the natural text in ``[start, end)``."""
    pieces = atoms(text, budget, count, start, end)
    chunks: list[Chunk] = []
    first = done = 0
    while done < len(pieces):
        nxt, chunk = _pack(text, pieces, first, budget, count)
        if nxt <= done:
            # The overlap left no room for new text (token counts are not additive):
            # carry one piece less rather than dropping the overlap altogether.
            first += 1
            continue
        if chunk is not None:
            chunks.append(chunk)
        done = nxt
        if done >= len(pieces):
            break
        first = _overlap_start(pieces, first, nxt, overlap, budget)
    return chunks


def _overlap_start(pieces: Sequence[tuple[int, int, int]], first: int, nxt: int,
                   overlap: int, budget: int) -> int:
    """Index where the next chunk starts: the last pieces of this one worth <= overlap."""
    start, carried = nxt, 0
    following = pieces[nxt][2]
    while (
        start - 1 > first
        and carried + pieces[start - 1][2] <= overlap
        and carried + pieces[start - 1][2] + following <= budget
    ):
        start -= 1
        carried += pieces[start][2]
    return start


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans inside ``[start, end)``, trimmed of surrounding whitespace."""
    end = len(text) if end is None else end
    bounds = [start]
    for cut in _cuts(text, start, end, 1):
        bounds.append(cut)
    spans: list[tuple[int, int]] = []
    edges = [*bounds, end]
    for a, b in itertools.pairwise(edges):
        inner = [a, *_cuts(text, a, b, 2), b]
        for s, e in itertools.pairwise(inner):
            s, e = _trim(text, s, e)
            if s < e:
                spans.append((s, e))
    return spans


#: Characters after which a passage may end or its next one begin: a sentence's or a
#: clause's end (not "、", which lists items inside one clause), or a line break.
_EDGE_MARKS = frozenset("。！？；;，,：:!?\n")
#: How far (characters) a passage edge is moved to reach a clause edge.
EDGE_REACH = 96


def _at_edge(text: str, pos: int) -> bool:
    """Whether a passage edge at ``pos`` falls between words (or clauses) of ``text``."""
    if pos <= 0 or pos >= len(text):
        return True
    before, after = text[pos - 1], text[pos]
    return (before in _EDGE_MARKS or after in _EDGE_MARKS or before.isspace()
            or after.isspace())


def _alnum_run(text: str, pos: int, step: int, reach: int) -> int:
    """``pos`` moved by ``step`` (-1 or 1) over the ASCII letters and digits it splits
    (``B|2``, ``x|28``, ``1750|``), at most ``reach`` characters."""
    limit = max(0, pos - reach) if step < 0 else min(len(text), pos + reach)
    while pos != limit:
        ch = text[pos - 1] if step < 0 else text[pos]
        if not (ch.isascii() and ch.isalnum()):
            break
        pos += step
    return pos


def edge_window(start: int, end: int, length: int, reach: int = EDGE_REACH
                ) -> tuple[int, int]:
    """The part ``[lo, hi)`` of a text of ``length`` characters that ``whole_edges`` reads
    for the span ``[start, end)``: one character more than ``reach`` on each side.
    ``whole_edges(text[lo:hi], start - lo, end - lo, reach)``, shifted by ``lo``, equals
    ``whole_edges(text, start, end, reach)``: a store keeping a document's text in pieces
    (the Milvus backend) widens a chunk from the pieces around it alone."""
    return max(0, start - reach - 1), min(length, end + reach + 1)


def whole_edges(text: str, start: int, end: int, reach: int = EDGE_REACH) -> tuple[int, int]:
    """The span ``[start, end)`` of ``text`` with each edge that falls inside a clause
    moved outwards to the clause's edge: back to just after the nearest clause or
    sentence mark (``_EDGE_MARKS``) or the text's start, forward to the next one (left
    out) or the text's end, when one lies within ``reach`` characters; otherwise over
    the ASCII letters and digits the edge splits. Chunks of unpunctuated text (the cjrc
    judgments) are cut by their token budget alone, mid-word ("准驾车型为B|2的",
    "鉴定费1750|元"), and a passage read as cut quotes and answers half a value. Edges
    already between words or clauses stay. Pure; offsets are characters of ``text``."""
    if not _at_edge(text, start):
        back = next((i for i in range(start - 1, max(0, start - reach) - 1, -1)
                     if text[i] in _EDGE_MARKS), None)
        if back is not None:
            start = back + 1
        elif start <= reach:
            start = 0
        else:
            start = _alnum_run(text, start, -1, reach)
    if not _at_edge(text, end):
        ahead = next((i for i in range(end, min(len(text), end + reach))
                      if text[i] in _EDGE_MARKS), None)
        if ahead is not None:
            end = ahead
        elif len(text) - end <= reach:
            end = len(text)
        else:
            end = _alnum_run(text, end, 1, reach)
    return start, end
