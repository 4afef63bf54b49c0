"""分别: the value a Chinese sentence gives each of several parties, in their order.

Judgments state several parties' values in one clause: "被告人范某某、丁某分别分得赃款人民币
20.55万某、18.39万某" (范某某 20.55万某, 丁某 18.39万某), "被告人程某某、姜某某分别于2015年1
月18日、3月6日主动到公安机关投案", "杨1某成、沈某分别担任…副主任、主任". Asked of the second
party, the answerer took the first value of the clause, the one nearest its words: "那么
丁某呢？" after 范某某分得赃款多少？ was 20.55万 again (the eighteenth new-user trial). The
value of the k-th party named before 分别 is the k-th of the values after it.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from qa.answering.pick import Pick

# A run of two or more names joined by 、 (a role before the first: 被告人), then 分别.
_PARTIES = re.compile(r"(?P<names>[^，。；：、\s]{1,12}(?:、[^，。；：、\s]{1,12})+)"
                      r"(?:二人|两人|等人)?分别(?P<rest>[^，。；]*)")
# Role words before a party's name.
_ROLE = re.compile(r"(?:被告人|被告|原告|第三人|被害人|上诉人|被上诉人|申请人|被申请人|罪犯|证人)")
# A currency written before an amount.
_CURRENCY = re.compile(r"(?:人民币|￥|¥)$")
# What a value clause may start with before its first value (分别于…, 分别为…, 分别被…).
_LEAD = re.compile(r"^(?:于|为|是|被|向|以|在|系|从|对|给|由)")


def _names(run: str) -> list[str]:
    """The names of a run, each without the words before it up to its role (发现被告人吕某:
    吕某)."""
    return [_ROLE.split(name)[-1] for name in run.split("、")]


def respective(question: str, sentence: str,
               names: Collection[str] = ()) -> tuple[int, int, int, int] | None:
    """``(start, end)`` in ``sentence`` of the value it gives the party ``question`` names,
    in a "A、B分别<verb>X、Y" clause, with the ``(start, end)`` of the whole run of values
    (the ``X、Y`` the answerer may have picked from); None when the sentence has no such
    clause naming one (and only one) of its parties in the question, or its values do not
    pair with the parties one to one. ``names``: Chinese forms of the names an English
    question gives in pinyin ("Ding": 丁某, 丁某某 …), matched whole."""
    for m in _PARTIES.finditer(sentence):
        parties = _names(m.group("names"))
        asked = [k for k, name in enumerate(parties) if len(name) >= 2
                 and (name in question or name in names)]
        if len(asked) != 1:
            continue
        rest_start = m.start("rest")
        parts = m.group("rest").split("、")
        if len(parts) != len(parties):
            continue
        # The first value comes after the verb the values share: 分得赃款人民币20.55万某 and
        # 18.39万某 share 分得赃款人民币 (cut where the last value's shape starts: its first
        # character's kind, a digit or not); 担任邵1某村委会副主任 and 主任 share 担任.
        first = parts[0]
        lead = _shared_lead(first, parts[-1], question)
        if lead is None:
            continue
        starts = [rest_start + lead]
        at = rest_start + len(first) + 1
        for part in parts[1:]:
            starts.append(at)
            at += len(part) + 1
        k = asked[0]
        start = starts[k]
        end = _value_end(sentence, start,
                         start + (len(first) - lead if k == 0 else len(parts[k])))
        # (A currency before the first amount is its own: 人民币20.55万某, as the
        # amounts finder reads it.)
        currency = _CURRENCY.search(sentence, rest_start, start)
        start = currency.start() if k == 0 and currency is not None else start
        return start, end, starts[0], rest_start + len(m.group("rest"))
    return None


def _shared_lead(first: str, last: str, question: str) -> int | None:
    """Where the first value starts in the first part: after the question's own words at
    its start (担任 of 担任什么职务), after a leading preposition (于, 为), or where the
    last value's kind of character (a digit or not) starts; None when the first part
    holds no value after its lead."""
    at = 0
    while at < len(first) and first[at] in question and first[at] not in "0123456789":
        at += 1
    lead = _LEAD.match(first, at)
    at = lead.end() if lead else at
    if last[:1].isdigit():
        digit = re.search(r"\d", first[at:])
        if digit is None:
            return None
        at += digit.start()
    return at if at < len(first) else None


def _value_end(sentence: str, start: int, end: int) -> int:
    """The value without a trailing act the clause goes on with (主动到公安机关投案 after
    the last date): a date or amount ends where its number and unit end."""
    value = sentence[start:end]
    number = re.match(r"(?:\d+年)?\d+月\d+日|[\d.,]+(?:万|亿)?[某元]?(?:元)?", value)
    return start + number.end() if number and number.end() > 0 else end


def respective_pick(question: str, sentence: str, pick: Pick,
                    names: Collection[str] = ()) -> Pick | None:
    """The pick of the asked party's own value when ``pick`` lies in the values of a 分别
    clause of ``sentence`` (``respective``); None otherwise."""
    found = respective(question, sentence, names)
    if found is None:
        return None
    start, end, values_start, values_end = found
    if pick.end <= values_start or pick.start >= values_end or (pick.start, pick.end) == (
            start, end):
        return None
    return Pick(start, end, pick.quality, pick.source)
