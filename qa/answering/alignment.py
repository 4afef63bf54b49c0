"""Where a question's own words lie in a sentence, and the spans they leave for the answer.

A question is mostly its answer's sentence with the answer replaced by a question word
("双方约定被告每月支付多少生活费？" against "双方约定被告每月支付生活费800元"): the
sentence's characters (Chinese) or words (English) that the question shares are marked,
and the answer is an unmarked run beside them, inside one clause. Pure functions.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from index.keyword import is_cjk_run
from index.text import cjk_count

Span = tuple[int, int]

#: Question words never part of an answer; removed before matching.
_ZH_QUESTION_WORDS = re.compile(
    r"是否|是不是|有没有|什么时[候间]|什么地方|什么原因|什么理由|什么|哪些|哪里|哪儿|哪个|哪位|哪部|"
    r"哪所|哪家|哪一|哪|何时|何地|何处|何种|何人|为什么|为何|因何|如何|怎么样|怎么|怎样|多少|多久|"
    r"多长|几|谁|吗|呢|请问|本案中|本案|是")
EN_STOP = frozenset("""a an and are as at be been being but by can could did do does for
    from had has have how i if in into is it its may me might must my of on or our shall
    should so than that the their them then there these they this those to was we were what
    when where which who whom whose why will with would you your about any some yes no not
    also such other please""".split())
# (A comma between a digit and three more is a thousands separator: "40,000 pounds".)
_CLAUSE = re.compile(r"[，；;：:。！？!?（）()“”\"]|(?<!\d),|,(?!\d{3}(?!\d))|\s[-–—]\s")
_EDGE = "，,；;：:。、.!?！？ \t\n\"'“”‘’()（）"


@dataclass(frozen=True)
class Slot:
    """An unmarked run of a sentence: a candidate answer span and how it sits."""

    start: int
    end: int
    #: Whether the run starts right after a marked (question) word.
    after: bool
    #: Whether the run ends right before a marked (question) word.
    before: bool
    #: Words (English) or characters (Chinese) of the run that are not stop words.
    content: int
    #: Marked characters in the run's clause, as a share of the sentence's marked ones.
    clause_share: float


_ZH_NAME = re.compile(r"[\u4e00-\u9fff]{1,2}(?:某某|某[\d一二三甲乙丙丁]*|[xX×ｘＸ]\d+|\d{1,3}某?)")


#: Texts (questions, sentences) whose words stay cached: their Chinese word spans, their
#: English words' stems.
WORD_TEXTS = 8192


@lru_cache(maxsize=1)
def _segmenter() -> Callable[[str], list[tuple[str, int, int]]]:
    import jieba

    jieba.setLogLevel(logging.WARNING)

    def tokenize(text: str) -> list[tuple[str, int, int]]:
        return [(w, s, e) for w, s, e in jieba.tokenize(text)]
    return tokenize


@lru_cache(maxsize=WORD_TEXTS)
def chinese_words(text: str) -> tuple[Span, ...]:
    """Word spans of Chinese text (jieba's precise mode), anonymised names (张某, 李x1,
    谭某4) kept whole. Cached by text (the last ``WORD_TEXTS``): a passage's sentences are
    cut again for each question it is retrieved for."""
    names = [(m.start(), m.end()) for m in _ZH_NAME.finditer(text)]
    out: list[Span] = []
    taken = 0
    for _, s, e in _segmenter()(text):
        if s < taken:
            continue
        name = next(((a, b) for a, b in names if a <= s < b), None)
        if name is not None:
            out.append(name)
            taken = name[1]
        else:
            out.append((s, e))
            taken = e
    return tuple(out)


def _mark_chinese(question: str, sentence: str) -> list[bool]:
    q = _ZH_QUESTION_WORDS.sub("\0", question)
    words = chinese_words(sentence)
    marked = [e - s >= 2 and sentence[s:e] in q for s, e in words]
    for i, (s, e) in enumerate(words):  # a one-character word inside a shared phrase
        if marked[i] or e - s != 1 or not sentence[s:e].strip():
            continue
        before = i > 0 and marked[i - 1] and sentence[words[i - 1][0]:e] in q
        after = i + 1 < len(words) and marked[i + 1] and sentence[s:words[i + 1][1]] in q
        marked[i] = before or after
    mask = [False] * len(sentence)
    for (s, e), m in zip(words, marked, strict=True):
        if m:
            for j in range(s, e):
                mask[j] = True
    return mask


def chinese_coverage(question: str, sentence: str) -> float:
    """Share of a Chinese question's own characters (question words left out) that the
    sentence holds in runs of two or more: word boundaries need no segmenter, and a
    lone shared character ("在", "告") counts for nothing."""
    q = _ZH_QUESTION_WORDS.sub("\0", question)
    wanted = [i for i, ch in enumerate(q) if ch.isalnum()]
    if not wanted:
        return 0.0
    covered = [False] * len(q)
    i = 0
    while i < len(q):
        best = 0
        length = 2
        while i + length <= len(q) and "\0" not in q[i:i + length] \
                and q[i:i + length] in sentence:
            best = length
            length += 1
        for j in range(i, i + best):
            covered[j] = True
        i += max(best, 1)
    return sum(covered[i] for i in wanted) / len(wanted)


@lru_cache(maxsize=WORD_TEXTS)
def _question_stems(question: str, stem: Callable[[str], str]) -> frozenset[str]:
    """The stems of a question's English words other than stop words."""
    return frozenset(stem(w) for w in re.findall(r"[a-z0-9]+", question.lower())
                     if w not in EN_STOP)


@lru_cache(maxsize=WORD_TEXTS)
def english_words(sentence: str, stem: Callable[[str], str]) -> tuple[tuple[int, int, str], ...]:
    """``(start, end, stem)`` of each English word (letters and digits) of ``sentence``
    other than stop words, in order. Cached by text: a passage's sentences are read again
    for each question it is retrieved for."""
    out = []
    for m in re.finditer(r"[A-Za-z0-9]+", sentence):
        word = m.group().lower()
        if word not in EN_STOP:
            out.append((m.start(), m.end(), stem(word)))
    return tuple(out)


def _mark_english(question: str, sentence: str, stem: Callable[[str], str]) -> list[bool]:
    wanted = _question_stems(question, stem)
    mask = [False] * len(sentence)
    for start, end, stemmed in english_words(sentence, stem):
        if stemmed in wanted:
            mask[start:end] = [True] * (end - start)
    return mask


def marked_counts(text: str, mask: Sequence[bool]) -> tuple[list[int], list[int]]:
    """Running counts over ``text``, for the share of any span the question says in O(1):
    ``letters[k]``, the characters of ``text[:k]`` other than spaces, and ``marked[k]``,
    those of them ``mask`` marks. Of ``[s, e)``: ``(marked[e] - marked[s]) /
    max(letters[e] - letters[s], 1)``."""
    letters = [0] * (len(text) + 1)
    marked = [0] * (len(text) + 1)
    n = m = 0
    for k, (ch, on) in enumerate(zip(text, mask, strict=True), start=1):
        if not ch.isspace():
            n += 1
            m += on
        letters[k] = n
        marked[k] = m
    return letters, marked


def question_mask(question: str, sentence: str, stem: Callable[[str], str]) -> list[bool]:
    """Per character of ``sentence``: whether it belongs to a word the question shares."""
    if cjk_count(question) and cjk_count(sentence):
        mask = _mark_chinese(question, sentence)
        english = _mark_english(question, sentence, stem)
        return [a or b for a, b in zip(mask, english, strict=True)]
    return _mark_english(question, sentence, stem)


# A short quoted Chinese term ("发牌和“抽水”", "经营“冬升商贸”店"): its quote marks are no
# clause edges; a quotation's are.
_QUOTED_TERM = re.compile(r"[“\"][^“”\"，,；;：:。！？!?]{1,12}[”\"]")


def _term_quotes(text: str) -> set[int]:
    """Offsets of the quote marks around short quoted Chinese terms of ``text``."""
    out: set[int] = set()
    for m in _QUOTED_TERM.finditer(text):
        if any(is_cjk_run(ch) for ch in m.group()):
            out |= {m.start(), m.end() - 1}
    return out


#: Sentences whose clauses stay cached: a passage's sentences are read again by each
#: question it is retrieved for.
CLAUSE_TEXTS = 8192


@lru_cache(maxsize=CLAUSE_TEXTS)
def clauses(text: str) -> tuple[Span, ...]:
    """Clause spans of a sentence, cut at commas, semicolons, colons, brackets and quote
    marks, except the quote marks around a short Chinese term (发牌和“抽水”). Cached by
    text (the last ``CLAUSE_TEXTS``)."""
    out = []
    last = 0
    terms = _term_quotes(text)
    for m in _CLAUSE.finditer(text):
        if m.start() in terms:
            continue
        if m.start() > last:
            out.append((last, m.start()))
        last = m.end()
    if last < len(text):
        out.append((last, len(text)))
    return tuple(span for s, e in out if (span := trim(text, s, e))[0] < span[1])


def trim(text: str, start: int, end: int) -> Span:
    """The span without punctuation, spaces and English stop words at its edges."""
    while True:
        while start < end and text[start] in _EDGE:
            start += 1
        while end > start and text[end - 1] in _EDGE:
            end -= 1
        first = re.match(r"[A-Za-z']+", text[start:end])
        if first and first.group().lower() in EN_STOP and first.end() < end - start:
            start += first.end()
            continue
        last = re.search(r"[A-Za-z']+$", text[start:end])
        if last and last.group().lower() in EN_STOP and last.start() > 0:
            end = start + last.start()
            continue
        return start, end


#: Marks that come in pairs: a span that opens one closes it too.
_PAIRS = (("(", ")"), ("（", "）"), ("“", "”"), ("「", "」"), ("『", "』"), ("《", "》"),
          ("[", "]"), ("【", "】"))


def balance(text: str, start: int, end: int) -> Span:
    """``[start, end)`` widened by the quote or bracket that closes (or opens) one it
    holds alone, when that mark is the very next (or previous) character of ``text``:
    '(... Procuratorate' becomes '(... Procuratorate)', 'involving "facial recognition'
    gets its closing quote. A span whose mark is not adjacent is left as it is."""
    for _ in range(4):  # a span may open more than one pair
        piece = text[start:end]
        wider = (start, end)
        if piece.count('"') % 2:
            if end < len(text) and text[end] == '"':
                wider = (start, end + 1)
            elif start > 0 and text[start - 1] == '"':
                wider = (start - 1, end)
        for opener, closer in _PAIRS:
            opens, closes = piece.count(opener), piece.count(closer)
            if opens > closes and end < len(text) and text[end] == closer:
                wider = (wider[0], max(wider[1], end + 1))
            elif closes > opens and start > 0 and text[start - 1] == opener:
                wider = (min(wider[0], start - 1), wider[1])
        if wider == (start, end):
            return start, end
        start, end = wider
    return start, end


def slots(sentence: str, mask: Sequence[bool]) -> list[Slot]:
    """The unmarked runs of each clause that holds marked words, or of every clause when
    nothing is marked."""
    total = sum(mask) or 1
    out: list[Slot] = []
    for cs, ce in clauses(sentence):
        marked = sum(mask[cs:ce])
        i = cs
        while i < ce:
            if mask[i]:
                i += 1
                continue
            j = i
            while j < ce and not mask[j]:
                j += 1
            s, e = trim(sentence, i, j)
            content = content_words(sentence[s:e])
            if s < e and content:
                after = i > cs and mask[i - 1]
                before = j < ce and mask[j]
                out.append(Slot(s, e, after, before, content, marked / total))
            i = j
    return out


def content_words(text: str) -> int:
    """How many words of ``text`` carry content: English words other than stop words,
    and Chinese characters."""
    words = re.findall(r"[A-Za-z0-9']+", text)
    cjk = cjk_count(text)
    return cjk + sum(w.lower() not in EN_STOP for w in words)


_LIST_CUE = re.compile(r"\b(?:through|including|includes?|include|such as|like|namely|"
                       r"of|by|with|as|are|is|were|was|to|for|on|its|their)\s+", re.IGNORECASE)


def enumeration(sentence: str) -> Span | None:
    """The span of a list of three or more items ("A, B, C, and D", 甲、乙、丙), or None."""
    # Items whole, up to 20 characters each; the last runs to the end of its clause and
    # is cut to an item's length at a word boundary, never mid-word ("进行人脸验").
    zh = re.search(r"[^，。；、,;]{1,20}(?:、[^，。；、,;]{1,20}(?=、))+、[^，。；、,;]{1,80}",
                   sentence)
    if zh:
        return _chinese_items(sentence, zh.start(), zh.end())
    parts = [(m.start(), m.end()) for m in re.finditer(r"[^,;]+", sentence)]
    best: Span | None = None
    for i in range(len(parts)):
        for j in range(i + 2, len(parts)):
            last = sentence[parts[j][0]:parts[j][1]].strip()
            if not re.match(r"(?:and|or)\s", last):
                continue
            middle = [sentence[a:b].split() for a, b in parts[i + 1:j]]
            if not middle or any(len(words) > 6 for words in middle):
                continue
            last_words = re.split(r"\s+", last)
            cut = _end_of_item(last_words, max(len(w) for w in middle) + 6)
            first_start = _start_of_item(sentence, parts[i], max(len(w) for w in middle))
            end = parts[j][0] + len(sentence[parts[j][0]:parts[j][1]]) - len(
                sentence[parts[j][0]:parts[j][1]].lstrip()) + cut
            span = trim(sentence, first_start, end)
            if best is None or span[1] - span[0] > best[1] - best[0]:
                best = span
            break
    return best


# Parts of speech (jieba's ICTCLAS tags) that end a list's last item: prepositions,
# conjunctions, particles, verbs, adverbs, pronouns, localisers, marks.
_NOT_ITEM = ("p", "c", "u", "v", "d", "r", "f", "x")
# ... and what comes before the first: those without verbs, adverbs and conjunctions
# (警示/v 教育 and 原告及蒙42身份证 are items), and the verbs that introduce a list.
_BEFORE_ITEMS = ("p", "u", "r", "x")
_LIST_VERBS = frozenset("包括 包含 含 有 为 是 如 即 例如 比如 涉及".split())


def _chinese_items(sentence: str, start: int, end: int) -> Span:
    """A Chinese list (甲、乙、丙) without what its first and last items carry beyond a
    noun phrase: the words before the first item ("（一）在宾馆", "包括警示教育") and after
    the last ("医疗费由原告承担后…", "志愿服务和支付…") are left out, by their part of speech
    (jieba.posseg); a noun verb (服务/vn) stays in."""
    import jieba.posseg

    def cut(text: str, last: bool) -> list[tuple[int, int, bool]]:  # (start, end, in item)
        out, at, flag = [], 0, ""
        for pair in jieba.posseg.cut(text):
            # After a number any word is its measure word (剪刀1把: 把 is no preposition).
            inside = (pair.flag == "vn" or flag == "m" or not pair.flag.startswith(_NOT_ITEM)
                      if last else
                      not pair.flag.startswith(_BEFORE_ITEMS) and pair.word not in _LIST_VERBS)
            out.append((at, at + len(pair.word), inside))
            at, flag = at + len(pair.word), pair.flag
        return out

    first_end = sentence.index("、", start)
    words = cut(sentence[start:first_end], last=False)
    stops = [e for _, e, ok in words if not ok]
    new_start = start + (stops[-1] if stops and stops[-1] < first_end - start else 0)
    last_start = sentence.rindex("、", start, end) + 1
    new_end = end
    for s, _, ok in cut(sentence[last_start:end], last=True):
        if not ok and s > 0:
            new_end = last_start + s
            break
    return trim(sentence, new_start, new_end)


def _end_of_item(words: list[str], limit: int) -> int:
    """Characters of the last item ("and payment of ... compensation") to keep."""
    kept = words[:limit + 1]
    text = " ".join(kept)
    stop = re.search(r"\s(?:which|that|to|in order|so that|as well|because|for|in|by|"
                     r"with|from|under)\b|[.!?]$", text)
    return stop.start() if stop else len(text)


def _start_of_item(sentence: str, part: Span, limit: int) -> int:
    """Where the first item starts: after the last list cue, or its last few words."""
    s, e = part
    text = sentence[s:e]
    cue = None
    for m in _LIST_CUE.finditer(text):
        cue = m
    if cue is not None and len(text[cue.end():].split()) <= limit + 1:
        return s + cue.end()
    words = list(re.finditer(r"\S+", text))
    keep = words[-min(len(words), limit):]
    return s + keep[0].start() if keep else s
