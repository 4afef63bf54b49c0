"""What a doer did next: the act after the one an earlier answer cited, without an LLM.

"What did they do next?" (他们随后做了什么？) after "What did the procuratorial organs
discover?" answered "threat of infringement involving ..." asks for the act the sources
tell after that one, by the same doer: the next clause or sentence whose subject is that
doer ("They promptly filed civil public interest litigation, ..."), or, in Chinese, one
with no subject of its own (a judgment chains one defendant's acts with commas: "…驾驶…
方向。21时05分许，途经…路段被交警当场查获。"). Answered as a question of its own, it was
the earlier answer again (the fifteenth new-user trial). A clause of another doer
(行政机关仍不依法履行职责…) tells no act of this one; a new article or list item of a
statute is no sequel.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.answering.base import Draft, refusal
from qa.answering.candidates import Candidate, candidates
from qa.models import Citation, Hit

#: "What did they do next?", "what did the procuratorial organs do then?", "And then what
#: did he do?"; 他们随后做了什么？, 汪某甲之后干了什么？, 接下来他们做了什么？
_EN_NEXT = re.compile(
    r"^\s*(?:and\s+)?(?:then\s+)?what\s+(?:did|does|do|will|would)\s+(?P<doer>.+?)\s+do\s*"
    r"(?P<when>next|then|afterwards|after\s+that|later|after\s+this)?\s*[?.!]*\s*$",
    re.IGNORECASE)
_EN_AFTER = re.compile(r"^\s*(?:and\s+)?then\b", re.IGNORECASE)
_ZH_NEXT = re.compile(r"^\s*(?:那么?|接下来|随后|然后|之后|后来)?\s*[，,]?\s*"
                      r"(?P<doer>[^，,？?]{1,20}?)"
                      r"(?:又|再)?(?:随后|然后|接着|之后|后来|接下来|此后|事后|紧接着)(?:又|还)?"
                      r"(?:做了|干了|采取了|实施了)(?:什么|哪些)(?:事|行为|措施|行动)?[？?。]?\s*$")
_ZH_LEAD = re.compile(r"^\s*(?:接下来|随后|然后|之后|后来)\s*[，,]?\s*(?P<doer>[^，,？?]{1,20}?)"
                      r"(?:又|还)?(?:做了|干了|采取了|实施了)(?:什么|哪些)(?:事|行为|措施|行动)?"
                      r"[？?。]?\s*$")


def next_doer(question: str) -> str | None:
    """The doer a question asks the next act of ("What did they do next?": they,
    他们随后做了什么？: 他们), or None when it asks something else ("What did they
    discover?", 他们做了什么？: no "next")."""
    en = _EN_NEXT.match(question)
    if en is not None and (en.group("when") or _EN_AFTER.match(question)):
        return en.group("doer").strip()
    zh = _ZH_NEXT.match(question) or _ZH_LEAD.match(question)
    return zh.group("doer").strip() if zh is not None else None


#: A pronoun subject, which speaks of the doer of the sentence before.
_EN_PRONOUN_SUBJECT = re.compile(r"^(?:they|he|she|it)\b", re.IGNORECASE)
_ZH_PRONOUN_SUBJECT = re.compile(r"^(?:他们|她们|他|她|其|该[人院机]|上述)")
#: What opens a sentence before its subject: "In this case,", "Then,", a date or time.
_EN_OPENER = re.compile(r"^(?:(?:in this case|then|subsequently|afterwards|later|next|"
                        r"after that|soon after|immediately)\s*,?\s*)+", re.IGNORECASE)
_ZH_OPENER = re.compile(r"^(?:(?:同年|当日|次日|当晚|随后|然后|之后|后|接着|并|又|还|即|遂|"
                        r"\d{1,4}年|\d{1,2}月|\d{1,2}日|\d{1,2}时|\d{1,2}分|许|左右|晚上?|早上|"
                        r"上午|下午|中午|凌晨|[一二三四五六七八九十]+时)\s*)+")
#: A new article or list item of a statute: no sequel of the one before.
_NEW_PROVISION = re.compile(r"^\s*(?:第[一二三四五六七八九十百千\d]+条|"
                            r"[（(][一二三四五六七八九十\d]+[)）]|\d+[.、])")
_CLAUSE_END = re.compile(r"[,;:，；：。.!?！？]")
#: Sentences after the cited one that may hold the next act.
_REACH = 2


def next_act(question: str, previous: str, passages: Sequence[Hit]) -> Draft:
    """The answer to ``question`` (asking what a doer did next, :func:`next_doer`) given
    the ``previous`` answer's text (without its markers): the act of the clause after
    the one holding ``previous`` whose subject is the doer or unsaid, cited in its
    sentence; a refusal when no passage holds ``previous`` or no such clause follows it
    within two sentences."""
    # (A follow-up asked together with the question before it ends the question.)
    doer = next_doer(re.split(r"(?<=[？?])\s+", question.strip())[-1])
    if doer is None:
        return refusal()
    found = candidates(passages)
    at = next((i for i, c in enumerate(found) if _find(c.text, previous) >= 0), None)
    if at is None:
        return refusal()
    held = found[at]
    begin = _find(held.text, previous) + len(previous)
    for sentence, offset in _following(found, at, begin):
        if offset == 0 and _NEW_PROVISION.match(sentence.text):
            break
        span = _act(sentence.text, offset, doer)
        if span is not None:
            s, e = span
            citation = Citation(1, sentence.doc_id, sentence.title, sentence.start,
                                sentence.end, sentence.text, sentence.start + s,
                                sentence.start + e)
            return Draft(f"{sentence.text[s:e]} [1]", False, [citation], support=1.0)
    return refusal()


def _following(found: Sequence[Candidate], at: int, begin: int
               ) -> list[tuple[Candidate, int]]:
    """The sentence holding the earlier answer (read from the clause after it) and up to
    ``_REACH`` sentences right after it in the same passage, each with where to read from."""
    held = found[at]
    out = [(held, begin)]
    for c in found[at + 1:at + 1 + _REACH]:
        if c.passage != held.passage or c.doc_id != held.doc_id:
            break
        out.append((c, 0))
    return out


def _act(text: str, offset: int, doer: str) -> tuple[int, int] | None:
    """In ``text`` from ``offset``: the first clause (a Chinese sentence's clauses after
    the cited one; an English sentence whole) whose subject is ``doer``, a pronoun or,
    in Chinese, unsaid, as the span of what it says was done; None when there is none
    (a clause of another doer is passed over)."""
    chinese = re.search(r"[\u4e00-\u9fff]", text) is not None
    if offset > 0:
        # The rest of the cited clause says more of the act already cited.
        end = _CLAUSE_END.search(text, offset)
        if end is None or not chinese:
            return None
        offset = end.end()
    starts = [offset] + ([m.end() for m in _CLAUSE_END.finditer(text, offset)] if chinese
                         else [])
    for start in starts:
        end = _CLAUSE_END.search(text, start)
        stop = end.start() if end is not None else len(text)
        clause = text[start:stop]
        lead = len(clause) - len(clause.lstrip())
        opener = (_ZH_OPENER if chinese else _EN_OPENER).match(clause[lead:])
        subject_at = start + lead + (opener.end() if opener else 0)
        rest = text[subject_at:stop]
        said = _subject(rest, doer, chinese)
        if said is None:
            continue  # another doer's clause
        s = subject_at + said
        s += len(text[s:stop]) - len(text[s:stop].lstrip())
        e = stop
        while e > s and text[e - 1] in " \t":
            e -= 1
        if e - s >= 2 and (not chinese or re.search(r"[\u4e00-\u9fff]{2}", text[s:e])):
            return s, e
    return None


def _subject(clause: str, doer: str, chinese: bool) -> int | None:
    """Where what is done starts in ``clause``: after its subject when that is ``doer``
    (or its last word: "the procuratorial organs" for "procuratorial organs") or a
    pronoun; 0 for a Chinese clause with no subject of its own; None for a clause whose
    subject is someone else."""
    pronoun = (_ZH_PRONOUN_SUBJECT if chinese else _EN_PRONOUN_SUBJECT).match(clause)
    if pronoun is not None:
        return pronoun.end()
    named = _names_doer(clause, doer, chinese)
    if named is not None:
        return named
    if chinese:
        return None if _zh_agent_first(clause) else 0
    return None


def _names_doer(clause: str, doer: str, chinese: bool) -> int | None:
    """The end of ``doer`` when ``clause`` opens with it (its article aside)."""
    if not doer or _ZH_PRONOUN_SUBJECT.fullmatch(doer) or _EN_PRONOUN_SUBJECT.fullmatch(doer):
        return None
    if chinese:
        m = re.match(rf"(?:被告人?|原告|上诉人|被上诉人)?{re.escape(doer)}", clause)
        return m.end() if m is not None else None
    bare = re.sub(r"^(?:the|a|an)\s+", "", doer.strip(), flags=re.IGNORECASE)
    m = re.match(rf"(?:(?:the|a|an)\s+)?{re.escape(bare)}\b", clause, re.IGNORECASE)
    return m.end() if m is not None else None


def _zh_agent_first(clause: str) -> bool:
    """Whether a Chinese clause opens with someone who acts: a name (谭某1, 李文跃), a
    party by role (被告人, 行政机关) or a body (人民检察院)."""
    import jieba

    from qa.answering.antecedent import is_person
    from qa.answering.intent import head_kind
    from qa.translation import english_senses

    if _ZH_BODY.match(clause):
        return True
    words = jieba.lcut(clause[:12])
    first = words[0] if words else ""
    if len(first) < 2 or not re.fullmatch(r"[\u4e00-\u9fff\w]+", first):
        return False
    if is_person(first):
        return True
    return any(head_kind(sense.removesuffix("s")) in ("who", "org")
               for sense in english_senses(first))


#: A body by the noun it ends in (jieba reads 行政机关 as 行政 + 机关).
_ZH_BODY = re.compile(r"^(?![到在向从至往被对与经途])[\u4e00-\u9fff]{0,4}?"
                      r"(?:机关|法院|检察院|公安局|政府|公司|部门|单位|机构|委员会)")


def _find(text: str, item: str) -> int:
    return text.casefold().find(item.casefold()) if item else -1


def continues_subject(text: str) -> bool:
    """Whether a Chinese sentence goes on with the subject of the one before: it opens
    (after a time or a connective: 21时05分许，) with a pronoun or with no subject of its own
    (途经…路段被交警当场查获), not with a name, a party or a body."""
    opener = _ZH_OPENER.match(text)
    rest = text[opener.end() if opener else 0:].lstrip("，, ")
    opener = _ZH_OPENER.match(rest)  # "22时10分许，途经…": the time, then its comma
    rest = rest[opener.end() if opener else 0:]
    return _ZH_PRONOUN_SUBJECT.match(rest) is not None or not _zh_agent_first(rest)
