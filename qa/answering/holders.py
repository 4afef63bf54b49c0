"""Which of several values of the asked type a Chinese sentence gives is the one asked for:
the value bound to the question's own words by its place in the clause that holds them.

A judgment's sentence often gives one value to each of several parties or events: "代某
承担此次交通事故的主要责任，杨1某承担次要责任", "第三人驾驶辽B轻型货车与周15驾驶的辽B
小型客车碰撞", two bags of tools each seized from one defendant, two causes (因…) of two
events. Nearness to a word the question shares with another clause picked the other
party's value (the new-user trial's family F3: 谁承担事故的主要责任？ was 杨1某,
第三人驾驶的是什么车？ 辽B小型客车). Here each value is read with its own context (the
words around it up to a comma, the sentence's end or the next value) and the value whose
context says most of the question wins: the head it governs (代某 …主要责任, 第三人负全责) or
the head that governs it (所有权人是李x14, 从吕某身上缴获…).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.answering.alignment import enumeration
from qa.answering.spans import Span, persons

#: Where a value's context ends: a comma, a semicolon, the sentence's end.
_BOUNDARY = re.compile(r"[，,。；;！!？?]")
#: Characters of context read on each side of a value, at most.
_WINDOW = 20
#: The question word whose value is asked: the question's words before it are read
#: against the words before a value, those after it against those after (谁负事故全责 /
#: 第三人负全责; 所有权人是谁 / 所有权人是李x14).
_ASKED = re.compile(r"为什么|为何|什么|哪些|哪里|哪儿|哪个|哪位|哪一天|哪天|哪|谁|何人|何处|何时|"
                    r"何地|多少|几")
#: Marks and particles, which no context says.
_NOT_SAID = re.compile(r"是否|吗|呢|[？?，,。！!\s]")
#: What joins values of one group: "张某与李某", "潘某某、吕某", and nothing: a role and
#: its holder's name ("由被告张1抚养").
_JOINED = re.compile(r"^(?:与|和|及|以及|、)?$")
#: Parties named by their role in a judgment that the person finder does not name (it
#: names 原告, 被告, 男方, 女方): "认定第三人负全责".
_ZH_PARTY = re.compile(r"第三人|(?<!被)申请人|被申请人|(?<!被)上诉人|被上诉人|投保人|被保险人")
#: What a context must say of the question, at least, to bind a value (a character
#: counts fully within ``_NEAR`` characters of the question word, half beyond).
_MIN_SAID = 2.0
_NEAR = 6


def parties(sentence: str) -> list[Span]:
    """Parties a judgment names by a role the person finder leaves out (第三人, 申请人,
    上诉人, 投保人 ...), in reading order."""
    return [(m.start(), m.end()) for m in _ZH_PARTY.finditer(sentence)]


def said(words: str, context: str, near_end: bool = False) -> float:
    """How much of ``words`` (a side of a question) ``context`` says: each character inside
    a run of two or more characters that ``context`` holds, 1 within ``_NEAR`` characters
    of the question word (at the end of ``words`` when ``near_end``, else at its start),
    half beyond."""
    words = _NOT_SAID.sub(" ", words)
    names = persons(words)
    covered = [False] * len(words)
    for a in range(len(words) - 1):
        b = a + 2
        if " " in words[a:b] or words[a:b] not in context:
            continue
        while b < len(words) and words[b] != " " and words[a:b + 1] in context:
            b += 1
        # (A name is said whole or not at all: 高某2 says nothing of 高某1.)
        cut = [(s, e) for s, e in names if a < e and s < b and not (a <= s and e <= b)]
        covered[a:b] = [not any(s <= k < e for s, e in cut) for k in range(a, b)]
    n = len(words)
    return sum((1.0 if (n - 1 - i if near_end else i) < _NEAR else 0.5)
               for i, c in enumerate(covered) if c)


def sides(sentence: str, span: Span, others: Sequence[Span],
          reach: int = _WINDOW) -> tuple[str, str]:
    """The words before and after the value at ``span``: up to ``reach`` characters before
    and ``_WINDOW`` after, stopping at a comma, a semicolon or the sentence's end and at
    the other values (``others``)."""
    start, end = span
    left = max([start - reach, 0, *(m.end() for m in _BOUNDARY.finditer(sentence, 0, start)),
                *(e for s, e in others if e <= start)])
    after = _BOUNDARY.search(sentence, end)
    right = min([end + _WINDOW, len(sentence), *([after.start()] if after else []),
                 *(s for s, e in others if s >= end)])
    return sentence[left:start], sentence[end:max(right, end)]


def bound(question: str, sentence: str, spans: Sequence[Span],
          reach: int = _WINDOW) -> list[Span] | None:
    """Of ``spans`` (values of the asked type in ``sentence``, two or more), those whose
    sides say most of ``question`` on the same sides of its question word: "谁承担事故的主要
    责任？" of "代某承担此次交通事故的主要责任，杨1某承担次要责任" is 代某. None when fewer
    than two are given, the question has no question word, or no value's sides say more
    of it than another's (then nothing is ruled out).

    ``reach``: characters read before a value (a date leads the act it dates: what
    precedes it is another clause's, but for a label, 出生于). A value whose sides name a
    person the question does not, when it names one, is that person's (高某2的伤情为轻微伤
    for 高某1的伤情…？): its sides say nothing of the question."""
    asked = _ASKED.search(question)
    if len(spans) < 2 or asked is None:
        return None
    before, after = question[:asked.start()], question[asked.end():]
    ordered = sorted(spans)
    # Values joined by a conjunction share their sides: "张某与李某签订了合同" says both
    # signed.
    groups: list[list[Span]] = []
    for sp in ordered:
        if groups and _JOINED.match(sentence[groups[-1][-1][1]:sp[0]]):
            groups[-1].append(sp)
        else:
            groups.append([sp])
    group_of = {sp: (g[0][0], g[-1][1]) for g in groups for sp in g}
    named = {question[s:e] for s, e in persons(question)}
    scores = []
    for sp in spans:
        left, right = sides(sentence, group_of[sp], ordered, reach)
        others = named and any(side[s:e] not in named and side[s:e] not in question
                               for side in (left, right) for s, e in persons(side))
        scores.append(0.0 if others else
                      said(before, left, near_end=True) + said(after, right))
    top = max(scores)
    if top < _MIN_SAID or all(s == top for s in scores):
        return None
    return [sp for sp, s in zip(spans, scores, strict=True) if s == top]


def holder(question: str, sentence: str, spans: Sequence[Span],
           roles: Sequence[Span] = (), reach: int | None = None) -> list[Span] | None:
    """``bound`` over ``spans`` and the parties named by role (``roles``, those no span
    covers): "谁负事故全责？" of "…认定第三人负全责…" is 第三人, though no person finder
    names it. None as ``bound``; a role wins only when ``bound`` keeps it. ``reach``:
    as ``bound``'s (None: its default)."""
    extra = [r for r in roles if not any(s < r[1] and r[0] < e for s, e in spans)
             and sentence[r[0]:r[1]] not in question]
    return bound(question, sentence, sorted([*spans, *extra]),
                 _WINDOW if reach is None else reach)


def enumerations(sentence: str) -> list[Span]:
    """Every list of ``sentence`` (``alignment.enumeration``), in reading order: "…搜出
    工具1袋（内有液压钳1支、绑绳1条、…），从被告人吕某身上缴获工具1袋（内有钥匙3串、…）" holds
    two."""
    out: list[Span] = []
    at = 0
    while at < len(sentence):
        found = enumeration(sentence[at:])
        if found is None or found[1] <= 0:
            break
        out.append((at + found[0], at + found[1]))
        at += found[1]
    return out


def bound_list(question: str, sentence: str) -> Span | None:
    """Of a Chinese sentence's lists, the one whose context says most of ``question`` (the
    tools seized from 吕某 for 从吕某身上缴获了哪些工具？, not those found in the
    motorcycle); None when it holds fewer than two, or none says more than another."""
    lists = enumerations(sentence)
    kept = bound(question, sentence, lists)
    return kept[0] if kept else None


#: Characters after a cause (因…) read for the effect it leads to: to the next cause or
#: the sentence's end, at most.
_CAUSE_REACH = 30
_SENTENCE_END = re.compile(r"[。；;！!？?]")


def bound_cause(question: str, sentence: str,
                cues: Sequence[re.Match[str]]) -> re.Match[str] | None:
    """Of the causes a Chinese sentence states (``cues``: 因, 由于 …, in reading order), the
    one whose own words, up to the next cause, say most of ``question``: 调解为什么没有成功？
    of "原、被告因探望孩子发生纠纷,双方矛盾加重审理中,因原、被告对孩子的抚养问题各执已见,致调解
    未成" is the second (its effect, 调解未成). None when the first says as much as any."""
    if len(cues) < 2:
        return None
    scores = []
    for k, cue in enumerate(cues):
        ends = _SENTENCE_END.search(sentence, cue.end())
        stop = min([cue.start() + _CAUSE_REACH, len(sentence),
                    *([ends.start()] if ends else []),
                    *([cues[k + 1].start()] if k + 1 < len(cues) else [])])
        scores.append(said(_ASKED.sub(" ", question), sentence[cue.start():stop]))
    best = max(range(len(cues)), key=lambda k: (scores[k], -k))
    return cues[best] if scores[best] >= _MIN_SAID and scores[best] > scores[0] else None


#: What puts an act after an event: "事故发生后,原告…于2015年2月9日…支付".
_LATER = r"(?:之后|以后|后)"
#: Characters of the asked event a sentence must say before 后, at least.
_EVENT_TAIL = 3
#: Characters after a date read for the act it dates (to the next date, at most).
_DATED_ACT = 30


def dated_later(question: str, sentence: str, dates: Sequence[Span]) -> list[Span]:
    """Of a Chinese sentence's ``dates``, those of acts it puts after the event a "when"
    question asks about: 交通事故发生在哪一天？ of "事故发生后,原告对承保受损车辆进行定损,…
    原告于2015年2月9日向李x14支付了152000元" is not answered by the payment's date (the
    new-user trial). A date after "<event>后" whose own act (the words after it, up to the
    next date) does not say the event again dates another act. [] when the sentence does
    not say the event with 后."""
    asked = _ASKED.search(question)
    if asked is None:
        return []
    event = _NOT_SAID.sub("", question[:asked.start()]).rstrip("在于是的")
    later = None
    for k in range(len(event) - _EVENT_TAIL + 1):  # the longest tail it says, first
        later = re.search(re.escape(event[k:]) + _LATER, sentence)
        if later is not None:
            tail = event[k:]
            break
    if later is None:
        return []
    starts = sorted(s for s, _ in dates)
    out = []
    for s, e in dates:
        if s < later.end():
            continue
        stop = min([x for x in starts if x >= e] + [e + _DATED_ACT, len(sentence)])
        if tail not in sentence[e:stop]:
            out.append((s, e))
    return out


#: "X的所有权人是谁", "第一受益人为谁": the head a copula before the question word names.
_COPULAR_HEAD = re.compile(r"([\u4e00-\u9fff]{2,4})(?:是|为)$")
#: Characters after "<head>是" within which its value starts.
_GOVERNED_GAP = 2


def given_to_another(question: str, sentence: str, spans: Sequence[Span]) -> bool:
    """Whether ``sentence`` gives the head a Chinese "…<head>是谁/为谁" question asks about
    to a value other than ``spans`` (the values of the asked type): "辽B轻型货车所有权人是
    顺林公司" for 辽B小型客车的所有权人是谁？, in a sentence whose only persons are the drivers.
    Such a sentence's value of the asked type holds no head asked (the new-user trial
    answered the driver 周15, from the chunk before the one saying 所有权人是李x14)."""
    asked = _ASKED.search(question)
    head = _COPULAR_HEAD.search(question[:asked.start()]) if asked is not None else None
    if head is None:
        return False
    given = [m.end() for m in re.finditer(re.escape(head.group()), sentence)]
    # (A value found with a word before it, 人为定远县…公司, still starts there.)
    return bool(given) and not any(s - at <= _GOVERNED_GAP and e > at for at in given
                                   for s, e in spans)


#: Share of the words before a question's head that the words before the sentence's head
#: must say, for the two to be one head (被告主张…第一受益人为 for 被告主张第一受益人为谁？;
#: not 辽B轻型货车所有权人是 for 辽B小型客车的所有权人是谁？).
_SAME_HEAD = 0.6


def governed(question: str, sentence: str, values: Sequence[Span]) -> Span | None:
    """The value of ``values`` (bodies, places) that the head of a Chinese "…<head>是谁/为谁"
    question governs in ``sentence``: the one starting right after "<head>是|为", where the
    words before that head say what the question says before its own (被告主张本案保险约定的
    第一受益人为工行城西支行 for 被告主张第一受益人为谁？: 工行城西支行). None when the
    sentence says no such head, or none of ``values`` follows it."""
    asked = _ASKED.search(question)
    head = _COPULAR_HEAD.search(question[:asked.start()]) if asked is not None else None
    if head is None:
        return None
    modifier = _NOT_SAID.sub("", question[:head.start()]).rstrip("的")
    for m in re.finditer(re.escape(head.group()), sentence):
        left, _ = sides(sentence, (m.start(), m.start()), ())
        if modifier and said(modifier, left) < _SAME_HEAD * len(modifier):
            continue
        after = [(max(s, m.end()), e) for s, e in values
                 if s - m.end() <= _GOVERNED_GAP and e > m.end()]
        if after:
            return min(after, key=lambda sp: sp[1] - sp[0])
    return None


#: A name written with letters or digits (黄XX, 张x1, 曹0), which ``persons`` may miss.
_LATIN_NAME = re.compile(r"[\u4e00-\u9fff]?[A-Za-z0-9×Ｘ]+")


def dated_act(question: str, sentence: str, dates: Sequence[Span]) -> list[Span] | None:
    """Of a Chinese sentence's ``dates`` (two or more), those whose own clause after them
    says most of the question's words before its question word: a judgment puts the date
    before the act it dates ("案发当日，管某即电话……报警，……次日被威宁自治县公安局刑事拘留"
    for 管某被刑事拘留是在什么时候？: 次日; was 当日, the first, the seventeenth trial). None
    as ``bound``: fewer than two dates, or none says more than another."""
    asked = _ASKED.search(question)
    if len(dates) < 2 or asked is None:
        return None
    # (The act's words, not the party's: 黄XX出生日期是什么时候？ is not 自2014年10月 of
    # "…自2014年10月起至黄XX独立生活时止".)
    words = question[:asked.start()]
    masked = [*persons(words), *((m.start(), m.end()) for m in _LATIN_NAME.finditer(words))]
    for s, e in masked:
        words = words[:s] + " " * (e - s) + words[e:]
    ordered = sorted(dates)
    scores = [said(words, sides(sentence, sp, ordered)[1]) for sp in dates]
    top = max(scores)
    if top < _MIN_SAID or all(s == top for s in scores):
        return None
    return [sp for sp, s in zip(dates, scores, strict=True) if s == top]


#: Kin and other relations a judgment names a party by (谭某4父亲谭某5, 谭某4之叔谭某2).
_KIN = (r"父亲|母亲|儿子|女儿|妻子|丈夫|前妻|前夫|配偶|哥哥|弟弟|姐姐|妹妹|表哥|表弟|表姐|表妹|"
        r"堂兄|堂弟|堂姐|堂妹|叔叔|伯父|姑姑|舅舅|姨妈|侄子|侄女|孙子|孙女|父|母|兄|弟|姐|妹|叔|"
        r"伯|姑|舅|姨|妻|夫")
#: "管某的父亲是谁？", "管某之妻叫什么？": a party's relation asked for.
_KIN_ASKED = re.compile(rf"(?:的|之)({_KIN})(?:是|为|叫)")
#: Characters between a party and its relation: 之, 的.
_KIN_GAP = re.compile(r"^(?:之|的)?$")


def kin_of_another(question: str, sentence: str) -> bool:
    """Whether ``sentence`` names the relation a Chinese "<party>的<relation>是谁" question
    asks (父亲) only as another party's: "谭某4父亲谭某5打管某一耳光" names 谭某4's father,
    not 管某's (管某的父亲是谁？ was 谭某5, the seventeenth trial). False when the question
    asks no relation, or the sentence names it of the asked party or of no one."""
    asked = _KIN_ASKED.search(question)
    if asked is None:
        return False
    owners = {question[s:e] for s, e in persons(question[:asked.start()])}
    if not owners:
        return False
    named = persons(sentence)
    uses = [m.start() for m in re.finditer(re.escape(asked.group(1)), sentence)]
    if not uses:
        return False
    for at in uses:
        before = [sentence[s:e] for s, e in named if e <= at and _KIN_GAP.match(sentence[e:at])]
        if not before or before[-1] in owners:
            return False
    return True
