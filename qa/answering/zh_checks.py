"""What a Chinese question needs of the sentence that answers it, beyond its words.

Judgments answer many questions their own words do not: "第二次犯罪的地点？" is the second
numbered act of the facts ("2.2016年3月17日19时许，……"), whatever words it shares; a
question about what someone wants or thinks ("黄XX意愿同谁一起生活？", "被告对……的态度
如何？") is answered by a sentence that says a wish or a view, not by one that says what
happened; a phrase that only says again what the question said ("王某某如何归案？":
"被告人王某某归案后") answers nothing. Pure functions over question and sentence text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.answering.alignment import chinese_words
from qa.answering.spans import SET_FORMS

_NUMERALS = "一二三四五六七八九十"
#: "第二次犯罪的地点？": the asked act's number.
_ORDINAL = re.compile(rf"第([{_NUMERALS}]{{1,3}}|\d{{1,2}})次")
#: A numbered act at a sentence's start: "2.2016年3月17日……", "3、2013年12月19日……",
#: "一、2015年8月4日……", or a numbered heading's inner number ("一、盗窃事实1、2014年……"),
#: after a lead-in ("经审理查明，"). (A decimal is no number: "2.5万元".)
_ITEM = re.compile(rf"\s*(?:[\u4e00-\u9fff]{{2,10}}[：:，,]\s*)?"
                   rf"(?:[（(]?([{_NUMERALS}]{{1,3}})[)）、]\s*)?"
                   rf"(?:[\u4e00-\u9fff]{{0,8}}?(?<![\d.])(\d{{1,2}})(?:、|[.．](?=\d{{4}}|\D)))?")

#: Questions about a wish, and the words by which a sentence says one.
_WISH_ASKED = re.compile(r"想|意愿|愿意|希望")
#: (不愿: "视频中沈x7称不愿跟随原告生活" says a wish, for 沈x7是否愿意跟随原告生活？,
#: refused in the seventeenth trial.)
_WISH_SAID = re.compile(r"想|意愿|愿意|不愿|愿望|希望")
#: Questions about a view or an agreement (not 认罪态度, the defendant's contrition).
_VIEW_ASKED = re.compile(r"(?<!认罪)态度|认同|认可")
_VIEW_SAID = re.compile(r"态度|同意|认可|认同|异议|表示|称|认为|主张|意见")

#: "X是否是Y？", "X是不是Y？", "X是Y吗？" (not 但是, 于是, 就是 ...).
_COPULA_ASKED = re.compile(r"(?:是否是|是不是|(?<![但于就还凡总若可只要否])是(?![否不])"
                           r"(?=[^？?]*吗[？?]?\s*$))([^？?吗]+)")

#: "原告王0的收入情况如何？": how an aspect of something stands.
_ASPECT = re.compile(r"([\u4e00-\u9fff\w]+?)的?(?:情况|状况|程度)(?:是|为)?(?:如何|怎样|怎么样)")

#: Words a phrase may hold besides the question's without saying anything new: the
#: parties named by their role, and function characters ("被告人王某某归案后").
_ROLES = re.compile(r"被告人|被害人|被告|原告|双方")
_FUNCTION = frozenset("的后在下了和与及被把将对向之")
#: A phrase adding no more than this many characters of its own restates the question.
_RESTATED_NEW = 2


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    value = 0
    for ch in text:  # 一 .. 九十九
        digit = _NUMERALS.index(ch) + 1
        value = (value or 1) * 10 if digit == 10 else value + digit
    return value


def asked_ordinal(question: str) -> int | None:
    """The number of the act a question asks about ("第三次作案的地点？": 3), or None."""
    m = _ORDINAL.search(question)
    return _number(m.group(1)) if m is not None else None


def item_number(sentence: str) -> int | None:
    """The number a sentence opens with as an item of numbered acts ("2.2016年3月17日
    ……": 2; "一、盗窃事实1、2014年……": 1, the heading's inner number), or None."""
    m = _ITEM.match(sentence)
    if m is None or not (m.group(1) or m.group(2)):
        return None
    return int(m.group(2)) if m.group(2) else _number(m.group(1))


def ordinal_support(question: str, sentences: Sequence[str], documents: Sequence[str],
                    support: Sequence[float], threshold: float) -> list[float]:
    """Support with the asked act's own sentence first: for "第N次……" the sentence that
    opens item N of numbered acts gets the best support (at least ``threshold``), the
    sentences opening other items half theirs, in the document (``documents``: each
    sentence's) of the best-supported sentence only: another judgment's second act is
    not this one's. Unchanged when that document has no item N, or the question asks for
    no numbered act."""
    wanted = asked_ordinal(question)
    if wanted is None or not support:
        return list(support)
    document = documents[max(range(len(support)), key=support.__getitem__)]
    numbers = [item_number(s) if d == document else None
               for s, d in zip(sentences, documents, strict=True)]
    if wanted not in numbers:
        return list(support)
    top = max([threshold, *support])
    return [top if n == wanted else value * 0.5 if n is not None else value
            for n, value in zip(numbers, support, strict=True)]


def asked_category(question: str) -> str:
    """The Y a Chinese yes/no question asks X to be ("史东宾是否是酒驾？": 酒驾; "路面小狗是
    宠物狗吗？": 宠物狗; "是不是", too), or "" for other questions: as "Was the perpetrator
    a company?" needs a source naming a company, it needs one saying Y. (Read whole, the
    predicate 是酒驾 is cut 是酒 / 驾, and 驾 of 驾驶 says it.)"""
    m = _COPULA_ASKED.search(question)
    return m.group(1) if m is not None else ""


def says_stance(question: str, sentence: str) -> bool:
    """Whether a sentence can answer what a question asks someone wants or thinks: one
    asking a wish ("想同谁一起生活") needs a sentence saying one (愿意, 希望), one asking a
    view or agreement (态度, 认同) a sentence saying one (同意, 表示, 称). True for other
    questions."""
    if _WISH_ASKED.search(question) and not _WISH_SAID.search(sentence):
        return False
    return not (_VIEW_ASKED.search(question) and not _VIEW_SAID.search(sentence))


def asked_aspect(question: str) -> str:
    """What a "X情况如何" question asks how it stands: the last word before 情况, 状况 or
    程度 ("蒙42目前的就读情况如何？": 就读), or "" for other questions."""
    m = _ASPECT.search(question)
    if m is None:
        return ""
    words = [m.group(1)[s:e] for s, e in chinese_words(m.group(1)) if e - s > 1]
    return words[-1] if words else ""


def names_aspect(question: str, sentence: str) -> bool:
    """Whether a sentence names the aspect a "X情况如何" question asks about (a sentence
    that never says 就读 cannot say how someone's schooling stands). True for other
    questions."""
    aspect = asked_aspect(question)
    return not aspect or aspect in sentence


def _said(question: str, sentence: str) -> list[bool]:
    """Per character of ``sentence``: whether it lies in a run of two or more characters
    that the question holds too (a name the segmenter splits, "伙同尹某", still counts)."""
    said = [False] * len(sentence)
    i = 0
    while i < len(sentence):
        length = 2
        while i + length <= len(sentence) and sentence[i:i + length] in question:
            length += 1
        if length > 2:
            said[i:i + length - 1] = [True] * (length - 1)
            i += length - 1
        else:
            i += 1
    return said


def restates(question: str, phrase: str) -> bool:
    """Whether a phrase says nothing the question does not: at most a few characters of
    its own besides the question's (in runs of two or more), the parties' roles and
    function characters ("王某某如何归案？": "被告人王某某归案后")."""
    said = _said(question, phrase)
    for m in _ROLES.finditer(phrase):
        said[m.start():m.end()] = [True] * (m.end() - m.start())
    new = [ch for ch, known in zip(phrase, said, strict=True)
           if not known and ch not in _FUNCTION and re.match(r"[\u4e00-\u9fff0-9A-Za-z]", ch)]
    return len(new) <= _RESTATED_NEW


def valued_support(kind: str, named: Sequence[str], sentences: Sequence[str],
                   documents: Sequence[str], support: Sequence[float]) -> list[float]:
    """``support`` with each Chinese sentence that holds a value of ``kind`` (a weapon:
    水果刀, 墩布杆; ``spans.SET_FORMS``) and names one of the question's parties
    (``named``) raised to the best support of its document: a judgment says the weapon
    where it tells the attack, in words the question does not use ("冲突过程中管某掏出
    随身携带的水果刀将谭某2腹部……杀伤" for 被告人管某用什么凶器伤人？, which was answered
    "被害人谭某1、谭某2受伤住院期间", a phrase of the sentence saying 被告人管某, the
    seventeenth trial). Unchanged for other kinds, or a question naming no party."""
    if kind not in _VALUED or not named:
        return list(support)
    find = SET_FORMS[kind]
    best: dict[str, float] = {}
    for doc, value in zip(documents, support, strict=True):
        best[doc] = max(best.get(doc, 0.0), value)
    return [max(value, best[doc]) if any(n in text for n in named) and find.search(text)
            else value
            for value, text, doc in zip(support, sentences, documents, strict=True)]


#: Kinds a judgment names by the value itself (水果刀, never 凶器; 副主任, never 职务).
_VALUED = frozenset(["weapon", "post"])
