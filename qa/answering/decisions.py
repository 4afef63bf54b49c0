"""A court's decision asked about: the sentence that reports one, and its content.

法院判处汪某甲什么刑罚？, 本案法院怎么判的？ ask what a court decided. Only a sentence that
reports a decision answers them: 判决/判处/裁定 and what was decided, in a judgment, about
the person the question names. A statute's rule (人民法院应当判决确认违法), a prosecutor's
charge or recommendation (建议对被告人判处…, 提请本院依法判处) and a party's claim
(请求法院判令…) decide nothing; nor does a note that someone else was sentenced (张某甲、
王某甲（均已判刑）for a question about 陈1某富). The answerer refuses when no retrieved
sentence reports the decision asked about (this session's new-user trial, family 3).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from qa.answering.spans import Span, persons

#: A Chinese question about a court's decision or sentence.
_ASKED = re.compile(r"判决|判处|判了|判的|怎么判|如何判|判刑|裁定|刑罚|判罚|宣判")
#: An English question about a sentence or punishment.
_EN_ASKED = re.compile(r"\bsentenc(?:e|ed|es|ing)\b|\bpunish(?:ment|ed)?\b|\bpenalt(?:y|ies)\b|"
                       r"\bprison term\b|\bimprisonment\b", re.IGNORECASE)
#: The words that report a decision in a Chinese judgment: 判决…, 判处…, 驳回上诉，维持原判.
#: (Not the document, its effect or a note: 判决书, 判决结果, 判决生效, 判决后, 已判决. Nor
#: 判令, the word of a party's claim: 请求判令被告….)
_DECIDED = re.compile(r"(?<!已)(?<!被)(?:判决|判处|裁定|改判)"
                      r"(?!书|结果|生效|后|下达|确定|执行|发生|的|内容|判|[、，,。）)])"
                      r"|(?<!已)被判处|驳回|维持原判")
#: A note that someone has been sentenced: 王某甲（均已判刑）, 尹某（已判决）.
_STATUS = re.compile(r"[（(]((?:均|都|二人|三人|亦|也)?(已(?:被)?(?:判刑|判决)))[）)]")
#: Words before a decision word that make it no court's decision: a claim (请求法院判决),
#: a charge or recommendation (建议…判处, 提请本院依法判处), a rule (应当判决, 可以裁定).
_NOT_DECIDED = re.compile(r"请求|要求|诉请|申请|恳请|请|建议|提请|起诉|指控|诉称|主张|应当|应|"
                          r"可以|可|有权|不得|如何|是否")
#: A court named after such a word, and before the decision, says it decided: "要求朱0给付
#: 子女生活费本院判决朱0…" (judgments run clauses on without commas), "原告诉称：…人民法院以…
#: 判决书判决我与被告离婚"; not the court a claim asks, right after it (请求法院判决).
_COURT = re.compile(r"本院|法院")
#: A statute's condition right before: "被诉行政机关不履行法定职责的，判决在一定期限内履行".
_CONDITION = re.compile(r"的[，,]\s*$")
_ASKED_OF = 4
#: A decision's content ends at a sentence's end (cjrc judgments run clauses on).
_CONTENT_END = re.compile(r"[。；;！!？?]")
#: At most this many characters of a decision are its content.
_CONTENT_MAX = 90
#: A decision's subject named right after the word (判决朱0…, 判处被告人易某…): within this
#: many characters.
_NAMED_AFTER = 4
#: Words that label a name and are part of no one's name.
_LABEL = re.compile(r"^(?:被告人|被告|原告|上诉人|被上诉人)")
#: A role names no one the decision is about: 被告, 原告.
_ROLES = frozenset(["原告", "被告", "男方", "女方"])
#: English sentences report a decision as a court's act.
_EN_DECIDED = re.compile(r"\b(?:court|judge|tribunal)s?\b[^.;]{0,60}?\b(?:ruled|sentenced|"
                         r"ordered|decided|held|awarded|dismissed|upheld|rejected)\b",
                         re.IGNORECASE)


def asks_decision(question: str) -> bool:
    """Whether a Chinese question asks what a court decided or sentenced (法院判决了什么？,
    法院判处汪某甲什么刑罚？, 王某甲的判刑情况为？)."""
    return _ASKED.search(question) is not None


def asks_sentence(question: str) -> bool:
    """Whether an English question asks a person's criminal sentence ("What was Huang's
    sentence?", "What did the court sentence Liu to?", "What punishment did Dong get?")."""
    return _EN_ASKED.search(question) is not None


def _names(text: str) -> set[str]:
    """The people ``text`` names, without a role (原告, 被告) or a label (被告人)."""
    out = set()
    for s, e in persons(text):
        name = _LABEL.sub("", text[s:e])
        if name and name not in _ROLES:
            out.add(name)
    return out


def _chained(sentence: str, at: int) -> set[str]:
    """The names listed right before ``at`` (a note in brackets): 张某甲、王某甲（均已判刑）
    names both."""
    out: set[str] = set()
    end = at
    for s, e in sorted(persons(sentence[:at]), reverse=True):
        if sentence[e:end].strip("、，,和与及 ") and e != end:
            break
        out.add(_LABEL.sub("", sentence[s:e]))
        end = s
    return out


def _subject(sentence: str, word: re.Match[str]) -> set[str]:
    """Whom a decision word of ``sentence`` is about: a name right after it (判决朱0…),
    else the last one named before it (被告人易某犯聚众斗殴罪，判处…)."""
    after = [(s, e) for s, e in persons(sentence) if word.end() <= s <= word.end() + _NAMED_AFTER]
    if after:
        s, e = after[0]
        return {_LABEL.sub("", sentence[s:e])}
    before = [(s, e) for s, e in persons(sentence) if e <= word.start()]
    return {_LABEL.sub("", sentence[s:e]) for s, e in before[-1:]}


def _decided(before: str) -> bool:
    """Whether a decision word after ``before`` (its sentence up to it) is a court's:
    no condition right before it (…的，判决: a rule), no claim, charge or rule before it,
    or a court named after the last of those, not as whom it asks (请求法院)."""
    if _CONDITION.search(before):
        return False
    found = list(_NOT_DECIDED.finditer(before))
    if not found:
        return True
    last = found[-1].end()
    court = _COURT.search(before, last)
    return court is not None and court.start() - last > _ASKED_OF


def _content(sentence: str, start: int) -> Span:
    """What a decision decides: from ``start`` (after its word and a colon) to the
    sentence's end, at most ``_CONTENT_MAX`` characters."""
    start += len(sentence[start:]) - len(sentence[start:].lstrip("：:如下 "))
    stop = _CONTENT_END.search(sentence, start)
    end = min(stop.start() if stop else len(sentence), start + _CONTENT_MAX)
    return start, end


def decision(question: str, sentence: str, names: Iterable[str] = ()) -> Span | None:
    """The span of ``sentence`` reporting the decision a court-outcome question
    (``asks_decision``) asks about, or None when it reports none: 判处有期徒刑二年八个月，
    刑期自… of "被告人易某犯聚众斗殴罪，判处有期徒刑二年八个月，刑期自…" (for 法院判处易某什么
    刑罚？); 已判刑 of "张某甲、王某甲（均已判刑）" for 王某甲的判刑情况为？, never for a question
    naming nobody or somebody else. A decision word after a claim, a charge or a rule
    (请求法院判令, 提请本院依法判处, 应当判决, "…的，判决…") reports none."""
    named = _names(question) | set(names)
    for note in _STATUS.finditer(sentence):
        if named and named & _chained(sentence, note.start()):
            return note.start(2), note.end(2)
    for word in _DECIDED.finditer(sentence):
        if not _decided(sentence[:word.start()]):
            continue
        if named and not named & _subject(sentence, word):
            continue
        start = word.start() if word.group().startswith(("驳回", "维持")) else word.end()
        s, e = _content(sentence, start)
        if e - s >= 2:
            return s, e
    if not named:
        m = _EN_DECIDED.search(sentence)
        if m is not None:
            stop = re.search(r"[.;]|$", sentence[m.end():])
            end = m.end() + (stop.start() if stop else 0)
            if end - m.end() >= 3:
                return m.start(), end
    return None
