"""Which of a Chinese judgment's values of the asked type the question's own words tie to.

A judgment's sentence often holds several values of one type: dates of a birth and a
divorce, liability limits of two insurances, each party's share. The value answering is
the one the question's words stand beside, not the one nearest any of its words (the
eighteenth new-user trial, family 2). Pure functions of a question and a sentence;
offsets are the sentence's characters (end exclusive).
"""

from __future__ import annotations

import re

from qa.answering.spans import FINDERS, Span, persons

#: Question words and marks: no part of the words a value is tied to.
_ASKED = re.compile(r"是否|什么时[候间]|什么|哪些|哪里|哪天|哪一天|哪个|哪|何时|何地|何处|"
                    r"多少|几|谁|吗|呢|为|是|的|[？?，,。！!\s]")
#: What ends a value's reach: another clause's or sentence's mark.
_STOP = re.compile(r"[。；;！!？?]")
#: ... and for a date, its clause's comma too.
_CLAUSE = re.compile(r"[。；;！!？?,，]")
#: What may stand between a label and the date it labels: 出生于…, 出生日期为…
_LABEL_MARK = frozenset("于为是：:")
#: Characters after a Chinese date read for the act it leads (to the next date, at most).
_ACT = 30
#: A question asking a birth: a judgment writes the birth as 生 after its date
#: (2009年5月4日生一子).
_BIRTH = re.compile(r"出生|生日")


def _bigrams(question: str) -> set[str]:
    """The question's two-character runs, question words, marks and parties left out (a
    party's values are bound by ``holders``; here the words of what is asked tie)."""
    for s, e in persons(question):
        question = question[:s] + " " * (e - s) + question[e:]
    runs = _ASKED.split(question)
    return {run[k:k + 2] for run in runs for k in range(len(run) - 1) if " " not in run[k:k + 2]}


def _occurrences(sentence: str, word: str) -> list[int]:
    out, at = [], sentence.find(word)
    while at >= 0:
        out.append(at)
        at = sentence.find(word, at + 1)
    return out


def _beside(kind: str, question: str, sentence: str, span: Span, words: set[str]) -> int:
    """How many of the question's ``words`` sit right by the value at ``span``: a date's
    act right after it (2012年2月10日出生), a label right before it (责任限额122000元,
    出生于…)."""
    start, end = span
    after = sentence[end:end + 2]
    count = sum(1 for w in words if after == w)
    if kind == "when" and _BIRTH.search(question) and sentence[end:end + 1] == "生":
        count += 1
    before = sentence[max(0, start - 3):start]
    if kind == "when":
        count += sum(1 for w in words if before[-1:] in _LABEL_MARK and before[:2] == w)
    else:
        count += sum(1 for w in words if before[-2:] == w)
    return count


def _scoped(kind: str, sentence: str, span: Span, others: list[Span], words: set[str]) -> int:
    """How many of the question's ``words`` the value at ``span`` is the first value of its
    type after (an amount follows what it measures: 交强险…,责任限额122000元), or, for a
    date, the last value before (a date leads its act: the words after it in its clause,
    within ``_ACT`` characters and before the next date)."""
    start, end = span
    count = 0
    for w in words:
        for at in _occurrences(sentence, w):
            if kind == "when":
                stop = min([s for s, _ in others if s >= end] + [end + _ACT])
                hit = end <= at and at + len(w) <= stop
            else:
                hit = at + len(w) <= start and not any(
                    at + len(w) <= s and e <= start for s, e in others if (s, e) != span)
            # (A date's act is its own clause: 2004年11月12日出生,次女… is not 次女's.)
            marks = _STOP if kind != "when" else _CLAUSE
            if hit and not marks.search(sentence, min(at, end), max(at, start)):
                count += 1
                break
    return count


def tied(kind: str, question: str, sentence: str, spans: list[Span],
         scoped: bool = True) -> list[Span] | None:
    """Of several values of the asked type in a Chinese sentence, those the question's own
    words tie to most: first the words sitting right by a value (``_beside``), then those
    it is the first value after (a date: the last before, ``_scoped``). 交强险的责任限额是多
    少？ of "交强险…,责任限额122000元,…商业第三者责任险…挂车赔偿责任限额500000元" is
    122000元; 婚生子王凯翔出生日期为何时？ of "…于2012年2月10日出生2013年1月14日,经本院主持
    调解…" is 2012年2月10日. None when fewer than two are given or none is tied more than
    another. ``scoped``: read the second tie too (False: only the words right by a date,
    a tie no other reading of the sentence outweighs; None for an amount)."""
    if len(spans) < 2 or kind not in ("when", "amount") or (kind == "amount" and not scoped):
        return None
    words = _bigrams(question)
    values = sorted(spans)
    beside = [_beside(kind, question, sentence, sp, words) for sp in spans]
    after = [_scoped(kind, sentence, sp, values, words) if scoped else 0 for sp in spans]
    # A date's act right after it decides (2012年2月10日出生); an amount's label is one of
    # the words it follows (…交强险财产损失责任限额范围内支付原告方2000元 is tied to more of
    # 被告保险公司在交强险财产损失责任限额范围内支付了原告多少钱？ than 挂车赔偿责任限额83505元).
    scores = (list(zip(beside, after, strict=True)) if kind == "when"
              else [(b + a, 0) for b, a in zip(beside, after, strict=True)])
    top = max(scores)
    if all(s == top for s in scores):
        return None
    return [sp for sp, s in zip(spans, scores, strict=True) if s == top]


#: The X of a Chinese "哪些X" question (梁x0支付了哪些维修费？: 维修费).
_WHICH = re.compile(r"哪些([\u4e00-\u9fff]{2,6}?)(?:[？?，,。]|$)")
#: What may stand between a label and its amount: 维修费6440元, 维修费为6440元.
_LABEL_GAP = re.compile(r"(?:为|是|:|：|共计|合计|计)?")


def labelled_amounts(question: str, sentence: str) -> list[Span]:
    """For a Chinese "哪些X" question, the amounts ``sentence`` labels X, each right after
    a use of X (梁x0支付了哪些维修费？ of "…施救费200元,维修费6440元,…施救费100元,维修费2130元…":
    6440元, 2130元, not the rescue fees); [] when it labels fewer than two."""
    asked = _WHICH.search(question)
    if asked is None:
        return []
    label = asked.group(1)
    starts = {m.end() for at in _occurrences(sentence, label)
              if (m := _LABEL_GAP.match(sentence, at + len(label))) is not None}
    found = [sp for sp in FINDERS["amount"](sentence) if sp[0] in starts]
    return found if len(found) > 1 else []


#: Characters before a value read for the party that holds it (代某驾驶的越野车).
_HOLDER_REACH = 8
_CLAUSE_MARKS = re.compile(r"[，,。；;：:、！!？?]")


def anothers(question: str, sentence: str, spans: list[Span]) -> list[Span]:
    """Of ``spans`` (values of the asked type in a Chinese sentence), those another party
    holds by the question's own words and 的: "<another>驾驶的越野车" for 杨1某驾驶的是什么车辆？,
    and the same value named again in the sentence (造成越野车…受损). [] when the question
    names no party."""
    asked = {question[s:e] for s, e in persons(question)}
    if not asked:
        return []
    held = set()
    for s, e in spans:
        left = sentence[max(0, s - _HOLDER_REACH):s]
        marks = list(_CLAUSE_MARKS.finditer(left))
        left = left[marks[-1].end():] if marks else left
        for a, b in persons(left):
            name, between = left[a:b], left[b:]
            if name not in asked and not any(name in n or n in name for n in asked) \
                    and len(between) > 2 and between.endswith("的") and between in question:
                held.add(sentence[s:e])
    return [sp for sp in spans if any(h in sentence[sp[0]:sp[1]] for h in held)]


#: A name's labels: 曾用名朱XX, 原名…, 绰号…; asked as 黄XX的曾用名是什么？
_ALIAS = re.compile(r"曾用名|原名|曾名|别名|又名|绰号|化名|小名|乳名|现名")
#: Labels of one kind: a former name is 曾用名 or 原名.
_ALIAS_GROUPS = (("曾用名", "原名", "曾名"), ("别名", "又名", "化名"), ("绰号",), ("小名", "乳名"),
                 ("现名",))
#: A name after its label runs to the next mark, at most this many characters.
_ALIAS_LENGTH = 6


def asks_alias(question: str) -> bool:
    """Whether a Chinese question asks for a name by its label (曾用名, 绰号 …)."""
    return _ALIAS.search(question) is not None


def alias(question: str, sentence: str) -> Span | None:
    """The name ``sentence`` gives after the label a Chinese question asks for (黄XX的曾用名
    是什么？ of "名黄XX(曾用名朱XX)": 朱XX; 原名 asked reads 曾用名 too), or None."""
    asked = _ALIAS.search(question)
    if asked is None:
        return None
    found = [(at, w) for group in _ALIAS_GROUPS if asked.group() in group for w in group
             if (at := sentence.find(w)) >= 0]
    if not found:
        return None
    label, word = found[0]
    start = label + len(word)
    start += 1 if sentence[start:start + 1] in ("为", "是", ":", "：") else 0
    stop = _CLAUSE_MARKS.search(sentence, start)
    end = min(stop.start() if stop else len(sentence), start + _ALIAS_LENGTH)
    end = min([end, *(k for k in (sentence.find(")", start), sentence.find("）", start))
                      if k >= 0)])
    return (start, end) if end > start else None


#: A party's reported words: 原告称…, 被告辩称…; they run to the next party's.
_SAYS = re.compile(r"(?:称|述称|辩称|诉称|陈述|表示|主张)")
#: Characters between a party and its verb of saying, at most (被告人张某当庭辩称).
_SAYS_GAP = 4


def spoken_by(question: str, sentence: str, spans: list[Span]) -> list[Span] | None:
    """Of ``spans`` (values in a Chinese sentence), those inside what the party the
    question names says ("原告称…月收入在3700元左右被告称,…月收入6000元左右": 6000元 for
    被告月收入多少？), when values lie in several parties' words: [] when the one party
    asked speaks there but every value is in another's words; None otherwise."""
    asked = {question[s:e] for s, e in persons(question)}
    if not asked:
        return None
    speakers = []  # (where the words start, who says them)
    for s, e in persons(sentence):
        said = _SAYS.search(sentence, e, e + _SAYS_GAP + 2)
        if said is not None and not re.search(r"[，,。；;]", sentence[e:said.start()]):
            speakers.append((said.end(), sentence[s:e]))
    if len({who for _, who in speakers}) < 2:
        return None

    def speaker(span: Span) -> str:
        before = [who for at, who in speakers if at <= span[0]]
        return before[-1] if before else ""

    kept = [sp for sp in spans if speaker(sp) in asked]
    if kept:
        return kept if len(kept) < len(spans) else None
    # (None of them: the sentence's values are all another's words, the one party asked
    # speaking there too.)
    others = len(asked) == 1 and asked <= {w for _, w in speakers} \
        and all(speaker(sp) for sp in spans)
    return [] if others else None
