"""Articles of a statute cited by number, in either language: "Article 70" is 第七十条.

A question naming an article asks about that article: its number is searched for in the
other language too (``qa.translation``), and a statute's sentence under another
article's heading does not answer it (``qa.answering.extractive``). Chinese numerals are
read and written by cn2an (https://github.com/Ailln/cn2an).
"""

from __future__ import annotations

import re

import cn2an

from index.text import is_chinese

#: "Article 70", "Art. 70", "article 70(2)": the article's number.
_EN_ARTICLE = re.compile(r"\b(?:Article|Art\.)\s*(\d{1,4})\b", re.IGNORECASE)
#: 第七十条, 第70条, 第一百零二条 (of 第七十条第二款, the article).
_ZH_ARTICLE = re.compile(r"第([一二三四五六七八九十百千零〇两\d]{1,8})条")
#: An article's heading: its number opening a line (or the text), as statutes set it.
_HEADING = re.compile(r"(?:^|\n)[ \t\u3000#*]*(?:第([一二三四五六七八九十百千零〇两\d]{1,8})条|"
                      r"Article\s+(\d{1,4})\b)")


def _number(numeral: str) -> int | None:
    """An article number written in digits or Chinese numerals, or None."""
    if numeral.isdigit():
        return int(numeral)
    try:
        return int(cn2an.cn2an(numeral, "smart"))
    except ValueError:
        return None


def cited(text: str) -> frozenset[int]:
    """The numbers of the articles ``text`` cites ("Which organisations may sue under
    Article 70?": {70}; 第七十条第二款: {70})."""
    numerals = [m.group(1) for m in _EN_ARTICLE.finditer(text)]
    numerals += [m.group(1) for m in _ZH_ARTICLE.finditer(text)]
    return frozenset(n for numeral in numerals if (n := _number(numeral)) is not None)


def chinese_form(number: int) -> str:
    """第七十条 for 70."""
    return f"第{cn2an.an2cn(number)}条"


def english_form(number: int) -> str:
    """Article 70 for 70."""
    return f"Article {number}"


def heading_before(text: str, at: int) -> int | None:
    """The number of the last article heading of ``text`` that starts at or before
    offset ``at`` (the article a sentence starting there belongs to), or None when none
    does."""
    found = heading_span_before(text, at)
    return None if found is None else found[0]


def heading_span_before(text: str, at: int) -> tuple[int, int, int] | None:
    """As ``heading_before``, with the heading's own span: (number, start, end) of the
    article's number as ``text`` writes it (第六十九条, Article 69), or None."""
    found = None
    for m in _HEADING.finditer(text):
        if m.start() > at:
            break
        group = 1 if m.group(1) else 2
        number = _number(m.group(group))
        if number is not None:
            # (第 and 条 around a Chinese numeral; "Article " before a digit.)
            start = m.start(group) - 1 if group == 1 else m.end(0) - len(m.group(0).lstrip(
                " \t\u3000#*\n"))
            found = (number, start, m.end(group) + 1 if group == 1 else m.end(group))
        else:
            found = None
    return found


#: "Which article (of the X Law) provides that", 哪一条(规定), 第几条: a question asking
#: for an article, and the frame to read its support without.
_EN_ARTICLE_ASKED = re.compile(
    r"^\s*(?:in\s+)?(?:which|what)\s+(?:article|provision|section)s?\b"
    r"(?:\s+of\s+(?:the\s+)?[A-Z][\w\s]*?\b(?:Law|Act|Code|Provisions|Regulations?))?"
    r"\s+(?:provides?|says?|states?|stipulates?|prescribes?|specifies|requires?|"
    r"defines?|governs?|regulates?|sets?\s+out|lays?\s+down|is\s+about)\b(?:\s+that\b)?",
    re.IGNORECASE)
_ZH_ARTICLE_ASKED = re.compile(r"(?:是|在)?(?:哪一?条|第几条)(?:规定|定义)(?:了|的)?")


def asks_article(question: str) -> bool:
    """Whether the question asks which article of a statute says something ("Which
    article provides that ...?", 这是哪一条规定的？, 第几条规定了…？); not which article a
    text cites ("Which article of the Contract Law applied?")."""
    return bool(_EN_ARTICLE_ASKED.match(question)) or (
        is_chinese(question) and _ZH_ARTICLE_ASKED.search(question) is not None)


def without_article_frame(question: str) -> str:
    """The question without the words asking for an article ("Which article provides
    that the processor bears liability ...?": "the processor bears liability ...?"):
    what the article says is the rest."""
    m = _EN_ARTICLE_ASKED.match(question)
    if m is not None and m.end() < len(question.rstrip(" ?？")):
        return question[m.end():].strip()
    if is_chinese(question):
        rest = _ZH_ARTICLE_ASKED.sub("", question)
        if rest.strip(" ？?。"):
            return rest
    return question
