"""Answers of several values: the whole enumeration a picked value stands in, the value of
each party a question names, the parties a collective subject stands for, and the sum a
"how much in all" asks.

An extractive answer is one span of one sentence; a question asking for several values
(哪些人, 谁和谁, 分别, 一共) was answered with the first of them (the sixteenth new-user
trial, family F5: 哪些人作为保证人签名？ "沈x3" of 被告金x2、沈x3作为保证人; 刘某一共收受了多少
好处费？ "4000元" of 好处费4000元、6000元; 潘甲和潘乙是什么时候出生的？ one date of two).
Pure functions of a question, a sentence and a pick; offsets are the sentence's
characters (end exclusive).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from index.text import is_chinese
from qa.answering.alignment import enumeration
from qa.answering.intent import Intent
from qa.answering.pick import Pick
from qa.answering.spans import FINDERS, Span, persons
from qa.answering.zh_values import labelled_amounts

if TYPE_CHECKING:
    from qa.answering.candidates import Candidate

#: What joins the items of a Chinese enumeration (not 与, which says "with" as often as
#: "and": 被告赵x2与赵x15登记结婚).
_ZH_JOINS = frozenset(["、", "和", "及", "以及", "、以及"])
_EN_JOIN = re.compile(r"^(?:,\s*(?:and\s+)?|\s+and\s+)$")
#: Kinds whose values are enumerated (names, amounts, dates, places, bodies, laws).
_LISTED_KINDS = frozenset(["who", "amount", "when", "where", "org", "law"])
#: A question asking for a sum: 刘某一共收受了多少好处费？
_TOTAL_ASKED = re.compile(r"一共|总共|合计|共计|总计|累计|\bin (?:all|total)\b|\baltogether\b",
                          re.IGNORECASE)
#: An English "who" asking for several: "Who were the guarantors?", "Which people ...".
_EN_PLURAL_WHO = re.compile(r"^\s*(?:who\s+(?:were|are|have)\b|which\s+(?:people|persons|"
                            r"parties|defendants|plaintiffs)\b)", re.IGNORECASE)
#: A question naming several parties: 潘甲和潘乙, 原告与被告, 甲、乙; or asking 分别.
_ZH_SEVERAL = re.compile(r"和|与|及|、|分别")
#: A collective subject standing for the parties named before it: 三被告均系…, 二人均…
_COLLECTIVE = re.compile(r"(?<![\d〇零一二两三四五六七八九十])([二两三四五六七八九\d])名?"
                         r"(被告人|被告|原告|人)(?:均|都|皆|共同|同)")
_ZH_COUNT = {"二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
#: Party roles, read as what a name is called by, not as a name.
_ROLES = re.compile(r"^(?:被告人?|原告|第三人|上诉人|被上诉人|申请人|被申请人|被害人|男方|女方|"
                    r"原、被告|双方)$")
#: Clause marks of a Chinese or English sentence.
_CLAUSE_MARK = re.compile(r"[,，;；。：:]")
#: A Chinese question for the conditions or requirements a rule sets (应当满足什么条件).
_CONDITIONS_ASKED = re.compile(r"(?:什么|哪些|何种)(?:条件|要求)|满足什么|符合什么")
_MODAL = re.compile(r"应当|必须|应")
#: A clause that closes a coordination of predicates: 并设置显著的提示标识。
_LAST_COORDINATE = re.compile(r"^(?:并且?|且|以及|同时)")


def asks_several(intent: Intent, question: str, sentence: str) -> bool:
    """Whether a question of a typed kind takes all the values of the enumeration its
    value stands in: of a Chinese sentence always (谁 and 多少 are as often several as
    one: 谁给了刘某好处费？ 吴某某、王某某; "How much did Liu receive?" 4000元、6000元), of
    an English one when the question asks in the plural ("Who were the guarantors?",
    "which laws")."""
    if intent.kind not in _LISTED_KINDS:
        return False
    if is_chinese(sentence):
        return True
    return intent.plural or _EN_PLURAL_WHO.match(question) is not None or (
        intent.head.endswith("s") and not intent.head.endswith("ss"))


def _roles_out(sentence: str, spans: list[Span]) -> list[Span]:
    return [sp for sp in spans if not _ROLES.match(sentence[sp[0]:sp[1]])]


def enumerated(kind: str, question: str, sentence: str, span: Span) -> Span:
    """The run of values of ``kind`` that ``span`` is one item of, joined by 、/和/及 (", "
    and "and" in English): 金x2、沈x3 of 被告金x2、沈x3作为保证人 for 沈x3; 4000元、6000元 for
    4000元. Items the question names are left out (it asks of them); ``span`` itself
    when it stands alone."""
    found = sorted(FINDERS[kind](sentence))
    values = _roles_out(sentence, found)
    if span in found and span not in values:
        # A party's role is no item: 被告 of 被告金x2、沈x3 names 金x2 (and the rest).
        span = next((sp for sp in values if sp[0] == span[1]), span)
    if span not in values:
        return span
    at = values.index(span)
    asked = question.lower()

    # (Judgments write "," between clauses, not items: 400元,共计110122元.)
    english = not is_chinese(sentence)

    def joined(left: Span, right: Span) -> bool:
        gap = sentence[left[1]:right[0]]
        return (gap in _ZH_JOINS or (english and _EN_JOIN.match(gap) is not None)) \
            and sentence[left[0]:left[1]].lower() not in asked \
            and sentence[right[0]:right[1]].lower() not in asked
    first = last = at
    while first > 0 and joined(values[first - 1], values[first]):
        first -= 1
    while last + 1 < len(values) and joined(values[last], values[last + 1]):
        last += 1
    return values[first][0], values[last][1]


def each_party(intent: Intent, question: str, sentence: str) -> list[Span]:
    """For a question asking one value of each of several parties (潘甲和潘乙是什么时候出生
    的？), each party's value of the asked kind: the one in the clause of ``sentence``
    naming that party (2001年1月 of "2001年1月生育一女名潘甲", 2007年1月 of
    "2007年1月生育一子名潘乙"), in the question's order; [] unless every party has
    exactly one and they differ."""
    if intent.kind not in _LISTED_KINDS or not intent.chinese \
            or not _ZH_SEVERAL.search(question):
        return []
    parties = list(dict.fromkeys(question[s:e] for s, e in _roles_out(question,
                                                                      persons(question))))
    if len(parties) < 2:
        return []
    clauses = [(m.start(), m.end()) for m in re.finditer(r"[^,，;；。：:]+", sentence)]
    values = FINDERS[intent.kind](sentence)
    out: list[Span] = []
    for party in parties:
        held = {_dated(sentence, a, b, party, values) for a, b in clauses
                if party in sentence[a:b]} - {None}
        if len(held) != 1:
            return []
        out.append(held.pop())  # type: ignore[arg-type]
    return out if len(set(out)) == len(out) else []


def _dated(sentence: str, start: int, end: int, party: str,
           values: list[Span]) -> Span | None:
    """The value of the clause ``[start, end)`` that goes with ``party`` there: the last
    one before its name (a Chinese date or amount leads the act: "2007年1月生育一子名潘乙
    2012年8月经法院判决离婚" dates 潘乙 by 2007年1月), else the first after it; None when
    the clause holds none."""
    at = sentence.index(party, start, end)
    inside = [sp for sp in values if start <= sp[0] and sp[1] <= end]
    before = [sp for sp in inside if sp[1] <= at]
    after = [sp for sp in inside if sp[0] >= at + len(party)]
    return before[-1] if before else after[0] if after else None


def collective(sentence: str, pick: Pick, question: str) -> list[Span]:
    """The parties a collective subject in the pick stands for: "三被告均系赵x15第一顺序
    继承人" names 赵x2, 杨6, 赵x3 as the three 被告 named before it in the sentence (the
    last three names right after 被告 there, none the question names); [] when the pick
    holds no such subject or the sentence names too few."""
    m = _COLLECTIVE.search(sentence, pick.start, pick.end)
    if m is None:
        return []
    count = int(m.group(1)) if m.group(1).isdigit() else _ZH_COUNT[m.group(1)]
    role = m.group(2)
    named: list[Span] = []
    for s, e in _roles_out(sentence[:m.start()], persons(sentence[:m.start()])):
        name = sentence[s:e]
        if name in question or any(sentence[a:b] == name for a, b in named):
            continue
        if role == "人" or sentence[:s].endswith(role):
            named.append((s, e))
    return named[-count:] if len(named) >= count else []


def coordinated(question: str, sentence: str, pick: Pick) -> Pick:
    """For a question asking what conditions a rule sets (应当满足什么条件), the pick from
    the rule's modal to the end of the coordinated predicates it opens: "应当为维护公共安全
    所必需，遵守国家有关规定，并设置显著的提示标识" (was its first clause only). The pick
    itself for other questions, or when the sentence's last clause does not close a
    coordination (并/且/以及/同时)."""
    if not _CONDITIONS_ASKED.search(question):
        return pick
    modal = _MODAL.search(sentence, pick.start, pick.end)
    if modal is None:
        return pick
    end = len(sentence)
    stop = re.search(r"[。；;]", sentence[pick.end:])
    if stop is not None:
        end = pick.end + stop.start()
    rest = [m.group() for m in re.finditer(r"[^,，]+", sentence[pick.end:end])]
    if not rest or not _LAST_COORDINATE.match(rest[-1].strip()):
        return pick
    return replace(pick, start=modal.start(), end=end)


def whole_enumeration(sentence: str, pick: Pick) -> Pick:
    """A phrase pick that ends inside an enumeration of three or more items (``alignment.
    enumeration``) runs on to the enumeration's end: "... through warning education" is
    "... through warning education, public welfare publicity, volunteer services, and
    payment of public interest damage compensation"."""
    listed = enumeration(sentence)
    if listed is None or not (listed[0] < pick.end < listed[1]) or pick.start > listed[0]:
        return pick
    return replace(pick, end=listed[1])


def completed(intent: Intent, question: str, sentence: str, pick: Pick) -> list[Pick]:
    """The pick made whole as a list answer: a typed value widened to its enumeration
    (``enumerated``) or split into each named party's value (``each_party``), a
    collective subject into the parties it stands for (``collective``), a phrase run on
    over its coordinated predicates or the rest of its enumeration. One pick, or several
    of ``sentence`` in reading order."""
    if pick.source in ("typed", "named", "role") and intent.kind in _LISTED_KINDS:
        # Each named party's own value; a date or amount of each whichever of the
        # sentence's values was picked (the holder binding may pick a third: 2012年8月
        # after 潘乙 for 潘甲和潘乙是什么时候出生的？), a name only when it was picked (曾某
        # 与黄某亮第一个大儿子叫什么？ asks one son of both, cjrc-dev-530_4).
        parties = each_party(intent, question, sentence)
        if parties and (intent.kind in ("when", "amount")
                        or any(s <= pick.start and pick.end <= e for s, e in parties)):
            return [replace(pick, start=s, end=e) for s, e in parties]
        if asks_several(intent, question, sentence):
            s, e = enumerated(intent.kind, question, sentence, (pick.start, pick.end))
            return [replace(pick, start=s, end=e)]
        return [pick]
    amounts = labelled_amounts(question, sentence) if intent.kind == "list" \
        and intent.chinese else []
    if amounts:  # (哪些维修费: each amount labelled 维修费, ``zh_values``.)
        return [replace(pick, start=s, end=e, source="typed") for s, e in amounts]
    if intent.kind in ("list", "what", "who", "how"):
        named = collective(sentence, pick, question) if intent.kind in ("list", "who") \
            else []
        if named:
            return [replace(pick, start=s, end=e, source="typed") for s, e in named]
        if pick.source in ("slot", "clause"):
            whole = coordinated(question, sentence, pick) if intent.chinese else pick
            return [whole_enumeration(sentence, whole)]
    return [pick]


_AMOUNT = re.compile(r"^(?:人民币)?(\d+(?:[,，]\d{3})*(?:\.\d+)?)(万?)(元|美元|港元|欧元|克|千克|"
                     r"公斤|吨|米|公里|人|名|次|辆|件|台|部|只|条|张)$")


def total(question: str, values: list[str]) -> str | None:
    """The sum a "how much in all" question asks (一共/总共/合计/"in total") of two or more
    amounts of one unit, written as they are (10000元 of 4000元、6000元), or None: for
    another question, a value that is no plain amount, or amounts of several units."""
    if not _TOTAL_ASKED.search(question):
        return None
    items = [part for value in values for part in re.split(r"、|和|及|以及|,\s*|\s+and\s+", value)
             if part.strip()]
    if len(items) < 2:
        return None
    sums: list[Decimal] = []
    units = set()
    for item in items:
        m = _AMOUNT.match(item.strip())
        if m is None:
            return None
        try:
            number = Decimal(m.group(1).replace(",", "").replace("，", ""))
        except InvalidOperation:
            return None
        sums.append(number * (10000 if m.group(2) else 1))
        units.add(m.group(3))
    if len(units) != 1:
        return None
    whole = sum(sums, Decimal(0))
    text = format(whole.normalize(), "f") if whole != whole.to_integral() \
        else str(int(whole))
    return f"{text}{units.pop()}"


def with_total(question: str, answer: str, values: list[str]) -> str:
    """``answer`` led by the sum its amounts make (``total``) when the question asks one:
    "共10000元：4000元、6000元 [1]" (in English "10000元 in total: ..."); else as it is."""
    summed = total(question, values)
    if summed is None:
        return answer
    return f"共{summed}：{answer}" if is_chinese(question) else f"{summed} in total: {answer}"


#: What ends a clause of a passage (the marks its edges are moved to: ``index.chunking``).
_CLAUSE_EDGE = re.compile(r"[。！？；;，,：:\n]")


#: Characters either side of a cut read for the values of the enumeration it falls in.
_ITEM_REACH = 48


def _values(text: str, low: int, high: int) -> tuple[list[Span], list[Span]]:
    """The names, amounts and dates of ``text[low:high]``, and the party roles there
    (被告, 原告), as spans of ``text``."""
    window = text[low:high]
    found = sorted({sp for kind in ("who", "amount", "when") for sp in FINDERS[kind](window)})
    roles = [sp for sp in found if _ROLES.match(window[sp[0]:sp[1]])]
    return ([(low + a, low + b) for a, b in found if (a, b) not in roles],
            [(low + a, low + b) for a, b in roles])


def list_start(text: str, start: int) -> int:
    """``start`` moved back over the items of the enumeration of values it cuts (names,
    amounts, dates joined by 、: a chunk's cut, 被告金x2、|沈x3作为保证人 starts at 被告), else
    ``start``. The chunker cuts an over-long sentence at clause marks, 、 among them, and
    judgments run whole paragraphs without a 。. Other words joined by 、 (原、|被告,
    躲避、|哭闹) stay cut: a sentence read over them says another thing than the one
    indexed."""
    if not 0 < start < len(text) or text[start - 1] != "、":
        return start
    values, roles = _values(text, max(0, start - _ITEM_REACH), start + _ITEM_REACH)
    if not any(a == start for a, _ in values):
        return start
    at = start
    while at > 0 and text[at - 1] == "、":
        # (The longest item: 2016年5月至6月, not 6月.)
        item = min((a for a, b in values if b == at - 1), default=None)
        if item is None:
            break
        at = item
    return next((a for a, b in roles if b == at), at)


#: Characters of the label an amount of an enumeration of labelled amounts has, at most
#: (路13损失30290元、现场施救费19500元).
_AMOUNT_LABEL = 8
_LABEL = re.compile(r"[\u4e00-\u9fff\w]+")


def list_end(text: str, end: int) -> int:
    """``end`` moved on over the items of the enumeration of values it cuts (``list_start``:
    被告金x2、| ends after 沈x3), else ``end``. Where the item before the cut is a labelled
    amount, so are the items after it: "支出路13损失30290元、|现场施救费19500元" ends after
    19500元 (the seventeenth trial: 原告徐0支出的现场施救费是多少？ was 30290元, the one
    amount the chunk held)."""
    if not 0 < end < len(text) or text[end - 1] != "、":
        return end
    values, _ = _values(text, max(0, end - _ITEM_REACH), end + _ITEM_REACH)
    if not any(b == end - 1 for _, b in values):
        return end
    window = max(0, end - _ITEM_REACH)
    amounts = [(window + a, window + b)
               for a, b in FINDERS["amount"](text[window:end + _ITEM_REACH])]
    labelled = any(b == end - 1 and a > 0 and _LABEL.fullmatch(text[a - 1])
                   for a, b in amounts)

    def item_at(at: int) -> int | None:
        item = max((b for a, b in values if a == at), default=None)
        if item is None and labelled:
            item = min((b for a, b in amounts if at < a <= at + _AMOUNT_LABEL
                        and _LABEL.fullmatch(text[at:a])), default=None)
        return item

    at = end
    while (item := item_at(at)) is not None:
        at = item
        if at >= len(text) or text[at] != "、":
            break
        at += 1
    return at if at != end else end


#: A list answer gathers the lists of other sentences scoring this share of the best.
LIST_ITEMS_SHARE = 0.85


def gathered(found: Sequence[Candidate], picks: Sequence[tuple[float, int, Pick]],
             i: int, pick: Pick, chosen: list[tuple[int, Pick]], *,
             plural: bool) -> list[tuple[int, Pick]]:
    """The answer's spans (``chosen``: sentence index into ``found`` and span, read from
    ``pick`` of ``found[i]``) with the other picks a list answer gathers (``picks``:
    (score, sentence index, span), best first, the first the answer's own): lists scoring
    at least ``LIST_ITEMS_SHARE`` of the best (a list answer is followed by more lists
    only, never by a phrase that happens to score as well), and for a question asking
    ``plural`` values (哪些人, "which laws") every typed value of the answer's own
    document (another judgment's parties are not this case's). Each value once: one a
    given list holds is given (沈x3 of 金x2、沈x3)."""
    score = picks[0][0]
    given = {found[i].text[p.start:p.end] for _, p in chosen}
    out = list(chosen)
    for s, j, p in picks[1:]:
        value = found[j].text[p.start:p.end]
        same_doc = found[j].doc_id == found[i].doc_id
        if not any(value in g for g in given) and (
                pick.source != "list" or p.source == "list") and (
                s >= LIST_ITEMS_SHARE * score
                or (plural and p.source == "typed" and same_doc)):
            out.append((j, p))
            given.add(value)
    return out
