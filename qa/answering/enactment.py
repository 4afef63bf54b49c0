"""When a statute was adopted or took effect, read off its own text.

A Chinese statute states its dates in its header, before its first article (the lines
before ``<!-- INFO END -->`` in the zh-law corpus: "2021年6月8日 最高人民法院审判委员会第
1841次会议通过", "2021年8月1日 施行"), and often again in its last article (本规定自2021年8
月1日起施行). Neither line shares more than one word with "人脸识别规定是什么时候施行的？", so
support ranks them below any sentence saying 施行 without a date (…发生在本规定施行前的，不适用
本规定); the date of the asked event in the named statute answers instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.text import is_chinese
from qa.answering.candidates import Candidate
from qa.answering.spans import Span

#: The events a statute dates, each with the words that say it: adopted (通过), published
#: (公布), in force (施行).
_EVENTS = {"通过": ("通过",), "公布": ("公布", "发布", "颁布"), "施行": ("施行", "实施", "生效")}
#: A Chinese question asking when: 什么时候, 何时, 哪一年, 哪天, 几月几日.
_WHEN = re.compile(r"什么时[候间]|何时|哪一?[年天日]|几月几[日号]|哪个日期|什么日期")
#: A full date, 2021年8月1日 (or a year and month).
_DATE = re.compile(r"\d{4}年\d{1,2}月(?:\d{1,2}日)?")
#: A statute's title: 中华人民共和国个人信息保护法, …若干问题的规定, …的解释.
_STATUTE_TITLE = re.compile(r"(?:法|规定|解释|条例|办法|决定|规则)(?:[(（][^)）]*[)）])?\s*$")
#: Words naming no statute: the question's frame.
_FRAME = re.compile(r"是|在|于|的|了|什么时[候间]|何时|哪一?[年天日]|几月几[日号]|[？?。，]|"
                    r"通过|公布|发布|颁布|施行|实施|生效|起|开始")


def asked_event(question: str) -> str | None:
    """The dated event a Chinese question asks about (施行, 通过 or 公布: 人脸识别规定是什么时候
    施行的？ 施行), or None when it asks no date of adoption, publication or entry into
    force."""
    if not is_chinese(question) or _WHEN.search(question) is None:
        return None
    said = [(question.find(w), event) for event, words in _EVENTS.items() for w in words
            if w in question]
    return min(said)[1] if said else None


def _named(question: str, title: str) -> float:
    """The share of the question's words (outside its frame, two characters or more) the
    statute's title holds: 人脸识别规定 of 最高人民法院关于审理使用人脸识别技术…的规定, 1.0."""
    import jieba

    words = [w for w in jieba.cut(_FRAME.sub(" ", question)) if len(w.strip()) > 1]
    if not words:
        return 0.0
    return sum(w in title for w in words) / len(words)


def event_date(question: str, found: Sequence[Candidate]) -> tuple[int, Span] | None:
    """The date of the event ``asked_event`` reads in ``question``, as (index of its
    sentence in ``found``, span of the date in it), from the statute the question names
    most (its title holding the question's words, ``_named``): a
    sentence saying a date and that event and no other (2021年8月1日 施行; 本规定自2021年8月
    1日起施行), the header's first; None when no such sentence was retrieved."""
    event = asked_event(question)
    if event is None:
        return None
    others = [w for e, words in _EVENTS.items() if e != event for w in words]
    dated: list[tuple[float, int, int, Span]] = []
    for i, c in enumerate(found):
        date = _DATE.search(c.text)
        if date is None or not any(w in c.text for w in _EVENTS[event]) \
                or any(w in c.text for w in others) or len(c.text) > 80 \
                or _STATUTE_TITLE.search(c.title) is None:
            continue
        dated.append((_named(question, c.title), -c.start, i, (date.start(), date.end())))
    best = max(dated, default=None)
    if best is None or best[0] == 0.0:
        return None  # none retrieved, or no title of them names the statute asked about
    return best[2], best[3]
