"""The answer inside a supporting sentence: the span of the asked type, and yes or no.

``answer_span`` returns the best span of a sentence for an intent with a quality in
(0, 1] (1: a value of the asked type right beside the question's words), or None when
the sentence holds no value of the asked type: such a sentence does not answer.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from index.keyword import is_cjk_run
from index.text import is_chinese
from qa.answering.alignment import (
    EN_STOP,
    Slot,
    clauses,
    content_words,
    enumeration,
    question_mask,
    slots,
    trim,
)
from qa.answering.asked_object import chinese_object_verb, names_asked, without_head
from qa.answering.holders import (
    bound_cause,
    bound_list,
    dated_act,
    dated_later,
    given_to_another,
    governed,
    holder,
    kin_of_another,
    parties,
)
from qa.answering.intent import (
    AUXILIARIES,
    EMPTY_HEADS,
    HAPPENED,
    ZH_YESNO_MARK,
    Intent,
    which_noun,
)
from qa.answering.spans import (
    FINDERS,
    SET_FORMS,
    Span,
    agents,
    counted,
    is_province,
    organisations,
    periods,
    places,
)
from qa.answering.zh_acts import acted_on, asked_act
from qa.answering.zh_headed import chinese_headed
from qa.answering.zh_values import alias, anothers, asks_alias, spoken_by, tied
from qa.translation import translate_query, written_name

#: Typed answers take the value itself; these kinds take a phrase of the sentence.
_PHRASE_KINDS = ("what", "why", "how", "list", "yesno")
_REASON_CUE = re.compile(r"因为|由于|因|为了|以[^，。]{1,30}为由|\b(?:because|due to|since|"
                         r"as a result of|in order to|so that|owing to|given that)\b",
                         re.IGNORECASE)
_NEGATION = re.compile(r"不|未|没有|没|无|非|否|拒绝|\b(?:not|never|no|none|cannot|can't|don't|"
                       r"doesn't|didn't|won't|isn't|aren't|wasn't|weren't|neither|nor|without)\b",
                       re.IGNORECASE)
# (不同意 refuses: "不同意由其抚养小女儿" says no to 是否同意抚养.)
_NOT_NEGATION = re.compile(r"不同(?!意)|不断|不久|不仅|不但|不少|不良|并不影响|无论|无证|"
                           r"非法|未成年|"
                           r"\bnot only\b|\bno doubt\b|"
                           # (A question's "... or not?", "If not, ...?" asks no negation.)
                           r"\bor not\b|\bif not\b", re.IGNORECASE)


_CJK = re.compile(r"[一-鿿]")
_GENERIC_HEADS = frozenset(["body", "entity", "organization", "organisation", "institution",
                            "authority", "authorities", "organ", "organs", "law", "laws",
                            "provision", "provisions", "regulation", "regulations", "rule"])


# What an amount question asks for. A calendar year or day (2011年, 7月, 12日) is a date,
# never an amount or a count; a question naming its unit (多少名员工, 几次, 几个月) is
# answered by a number of that unit; a question for a rate (年利率是多少) by a share; a
# question for money (多少抚养费, 价值多少, how much compensation) by a sum of money.
# cjrc-dev gave "2011年" for 每月需负担多少抚养费, "12日" for 有多少名员工.
_CALENDAR = re.compile(r"^(?:1[6-9]|20)\d\d年$|^\d{1,2}月(?:\d{1,2}[日号])?$|^\d{1,2}[日号]$")
_ZH_UNIT_ASKED = re.compile(r"(?:多少|几)(个月|星期|小时|分钟|"
                            r"[名人次辆件个天日年月周岁条项处只头套张台部份倍起期])")
_SAME_UNIT: dict[str, tuple[str, ...]] = {
    "名": ("名", "人"), "人": ("名", "人"), "天": ("天", "日"), "日": ("天", "日"), "月": ("月",),
    "个月": ("月",), "周": ("周", "星期"), "星期": ("周", "星期")}
# "How many days before the hearing ...?" names its unit too; a Chinese source gives it
# in Chinese (三日前).
_EN_UNIT_ASKED = re.compile(r"\bhow many\s+(?:more\s+|working\s+|business\s+|calendar\s+)?"
                            r"(days|weeks|months|years|hours|minutes|people|persons|times)\b",
                            re.IGNORECASE)
_EN_UNITS: dict[str, tuple[str, ...]] = {
    "days": ("天", "日", "day"), "weeks": ("周", "星期", "week"), "months": ("月", "month"),
    "years": ("年", "year"), "hours": ("小时", "hour"), "minutes": ("分钟", "minute"),
    "people": ("人", "名", "people", "person"), "persons": ("人", "名", "people", "person"),
    "times": ("次", "time")}
# A length of time is asked (公告期间为多长？, 多久, how long): a period answers it (三十日),
# not a date, a sum or an article's number.
_PERIOD_ASKED = re.compile(r"多久|多长时间|多少时间|"
                           r"(?:期间|期限|时间|时长|工期|刑期)[^，。？?]{0,4}?多长|"
                           r"\bhow long\b", re.IGNORECASE)
# Words a value may carry after its unit: 三日前, 五日内, 3年以上.
_QUALIFIER = re.compile(r"(?:以内|之内|内|以前|之前|前|以后|之后|后|左右|以上|以下)$")
_MONEY_ASKED = re.compile(r"多少钱|(?:费|款|金|钱|价|额|赔偿|罚款|价值|损失|工资|报酬|借|收入|获利|"
                          r"利润|所得|渔利)[^，。？?]{0,6}(?:多少|(?:是|为)?[？?/]?\s*$)|"
                          r"多少[^，。？?，]{0,6}(?:费|款|金|钱|价|额|工资|报酬|收入|利润)|"
                          r"\bhow much (?:money|compensation|damages|did|does|do|is|was|will|"
                          r"must|should)\b|\b(?:price|fine|fee|cost|compensation|damages)\b|"
                          # ("How much monthly child support did the man agree to pay?")
                          r"\bhow much\b(?!\s+(?:time|longer)\b)[^?]*\b(?:pay|pays|paid|support|"
                          r"alimony|maintenance|"
                          r"expenses?|costs?|salary|wages?|income|rent|loan|debt|owed?|"
                          r"advanced?|spen[dt]|earn(?:s|ed)?|lend|lent|borrow(?:ed)?)\b",
                          re.IGNORECASE)
_RATE_ASKED = re.compile(r"利率|比例|百分比|比率|\b(?:rate|percentage|proportion)\b",
                         re.IGNORECASE)
_RATE = re.compile(r"%|％|百分之|percent|per cent|[一二三四五六七八九十\d]成", re.IGNORECASE)
# An area is given in its units ("赌场面积为？" is not answered by "2").
_AREA_ASKED = re.compile(r"面积|\b(?:area|floor space)\b", re.IGNORECASE)
_AREA = re.compile(r"平方|平米|㎡|m2|亩|公顷|square|hectares?|acres?", re.IGNORECASE)
# (A statute gives a sum as a multiple of another: 价款的三倍.)
# (40万某: a judgment anonymising 元 as it does names.)
_MONEY = re.compile(r"元|万某|人民币|美元|港元|欧元|英镑|倍|yuan|dollars?|euros?|pounds?|rmb|"
                    r"cny|usd|[$¥€£]", re.IGNORECASE)


def fits_amount(question: str, value: str) -> bool:
    """Whether ``value`` (an amount or count span) is of the kind ``question`` asks for."""
    value = value.strip(" ,，.、")
    if _CALENDAR.match(value):
        return False
    if _AREA_ASKED.search(question):
        return bool(_AREA.search(value))
    if _RATE_ASKED.search(question):
        return bool(_RATE.search(value))
    units = asked_units(question)
    if units:
        return _carries(value, units)
    if asks_period(question):
        return is_period(value)
    if _MONEY_ASKED.search(question):
        return bool(_MONEY.search(value))
    return True


# What a sum is of, by the word right before it (借款20万元, 借款利息48000元, 工程款763.092万
# 元): a question for one kind of sum (借款多少, 借款本金是多少) is not answered by a sum
# of another (the new-user trial: 权x28向吴x0借款多少？ was the interest, 48000元; 权x28
# 借款本金是多少？ 工程款763.092万元). A compound's kind is its last word's: 借款利息 is
# interest. 本息 is both: no kind.
_MONEY_KINDS = re.compile(r"(?P<both>本息)|(?P<interest>利息|罚息)|(?P<penalty>违约金|滞纳金)|"
                          r"(?P<works>工程款|工程价款)|(?P<premium>保费|保险费)|"
                          r"(?P<principal>本金|借款|贷款|欠款|借)")
_SUM_OF = re.compile(f"(?:{_MONEY_KINDS.pattern})$")
_BEFORE_SUM = re.compile(r"(?:为|是|共计|合计|计|达|约|共|各|的|人民币|[:：\s])*$")


def money_kind(text: str) -> str:
    """The kind of sum the last money word of ``text`` names (interest, principal, penalty,
    works, premium), or "" (none, or 本息, both principal and interest)."""
    found = list(_MONEY_KINDS.finditer(text))
    return "" if not found or found[-1].lastgroup == "both" else str(found[-1].lastgroup)


def sum_of_other_kind(question: str, sentence: str, span: Span) -> bool:
    """Whether the sum at ``span`` of ``sentence`` is, by the word right before it, of
    another kind than the one ``question`` asks for: 借款利息48000元 for 借款多少."""
    asked = money_kind(question)
    if not asked:
        return False
    before = sentence[max(0, span[0] - 8):span[0]]
    before = _BEFORE_SUM.sub("", before)
    said = _SUM_OF.search(before)
    kind = "" if said is None else money_kind(said.group())
    return bool(kind) and kind != asked


def asks_period(question: str) -> bool:
    """Whether ``question`` asks a length of time (公告期间为多长？, 贷款期限为多长时间？, "how
    long ...?"), not when something happened (本事故发生的时间为多久？ asks a date)."""
    return _PERIOD_ASKED.search(question) is not None and not HAPPENED.search(question)


def asked_units(question: str) -> tuple[str, ...]:
    """The units a count question names, in which its answer is given: 几日前 or "how
    many days": 天, 日 (and "day"); 多少名员工: 名, 人; () when it names none."""
    zh = _ZH_UNIT_ASKED.search(question)
    if zh is not None:
        return _SAME_UNIT.get(zh.group(1), (zh.group(1),))
    en = _EN_UNIT_ASKED.search(question)
    return _EN_UNITS[en.group(1).lower()] if en is not None else ()


def _carries(value: str, units: tuple[str, ...]) -> bool:
    """Whether ``value`` is a number of one of ``units`` (after the words that may follow
    a unit: 三日前)."""
    bare = _QUALIFIER.sub("", value)
    return any(bare.endswith(u) if _CJK.match(u) else
               re.search(rf"\b{u}s?\b", bare, re.IGNORECASE) is not None for u in units)


def is_period(value: str) -> bool:
    """Whether ``value`` is a length of time and only that: 三十日, 五日内, 36个月, "within
    15 days"; not a date (2018年3月2日) nor a sum."""
    bare = re.sub(r"^(?:自|从|within|for|after|before|in)\s*", "",
                  _QUALIFIER.sub("", value.strip()), flags=re.IGNORECASE)
    return any(s == 0 and e == len(bare) for s, e in periods(bare))


# The qualifier a count question puts after its unit (几日前, 几日内, "how many days
# before"), which the answer keeps from its sentence: 三日前, 五日内.
_ZH_QUALIFIED = re.compile(r"(?:多少|几)(?:个月|星期|小时|[天日年月周])"
                           r"(以内|之内|内|以前|之前|前|以后|之后|后)")
_EN_QUALIFIED = re.compile(r"\bhow many\s+(?:days|weeks|months|years|hours)\s+"
                           r"(before|within|after)\b|\b(before|within|after)\s+how many\s+"
                           r"(?:days|weeks|months|years|hours)\b", re.IGNORECASE)
_ANY_QUALIFIER = re.compile(r"以内|之内|内|以前|之前|前|以后|之后|后")
_QUALIFIED_AS = {"内": "以内|之内|内", "以内": "以内|之内|内", "之内": "以内|之内|内",
                 "within": "以内|之内|内", "前": "以前|之前|前", "以前": "以前|之前|前",
                 "之前": "以前|之前|前", "before": "以前|之前|前", "后": "以后|之后|后",
                 "以后": "以后|之后|后", "之后": "以后|之后|后", "after": "以后|之后|后"}


def with_qualifier(question: str, sentence: str, span: Span) -> Span | None:
    """``span`` with the qualifier after it in ``sentence`` that the question puts after
    its unit: 人民法院应当在开庭几日前…？ of "应当在开庭三日前送达" is 三日前. None when
    another qualifier follows it: "三日内" answers no "how many days before"."""
    asked = _ZH_QUALIFIED.search(question) or _EN_QUALIFIED.search(question)
    if asked is None:
        return span
    said = next(g for g in asked.groups() if g)
    follows = re.match(_QUALIFIED_AS[said.lower()], sentence[span[1]:])
    if follows is not None:
        return span[0], span[1] + follows.end()
    return None if _ANY_QUALIFIER.match(sentence[span[1]:]) else span


# The quality of a phrase standing in for a value of the asked type (below): half, so a
# sentence holding the value itself comes first (cjrc-dev --scope doc token F1 0.572 ->
# 0.581: 管某运用什么工具 is 水果刀, not the clause of the best-supported sentence).
_FALLBACK = 0.5


@dataclass(frozen=True)
class Pick:
    """An answer span of a sentence, in the sentence's offsets, and its quality."""

    start: int
    end: int
    quality: float
    #: "typed", "list", "reason", "slot" (an unmarked run beside the question's words),
    #: "headed" (the modified noun of "what X"), "role" (a body or party for "who"),
    #: "subject" (the Y of "Y is the X" for "what is the X?"), "named" (a place of the
    #: kind the question names: a province for "which province").
    source: str = "typed"
    #: For "who <verb>": the span is a doer of the verb in a sentence that uses it.
    doer: bool = False


def first_found(texts: Sequence[str], support: Sequence[float], ranked: Sequence[int],
                floor: float, limit: int,
                find: Callable[[str], tuple[int, int] | None]) -> tuple[int, Pick] | None:
    """``(index, typed Pick)`` of the first of the best ``limit`` sentences (``ranked``:
    indices into ``texts``, best first) whose support reaches ``floor`` and in which
    ``find`` finds a span; None when none does. The answer types that name their value
    by a set form (a recipient, a body a person works at, a means) read it so."""
    for i in ranked[:limit]:
        if support[i] < floor:
            break
        span = find(texts[i])
        if span is not None:
            return i, Pick(*span, 1.0, "typed")
    return None

def _distance(span: Span, mask: list[bool]) -> int:
    """Characters from the span to the nearest character the question shares."""
    marked = [i for i, m in enumerate(mask) if m]
    if not marked:
        return 10_000
    s, e = span
    # A value after the question's words ("editor: Shen Chen") beats one just before them.
    return min(min(abs(i - s), abs(i - (e - 1)) + 2) for i in marked)


# "Who <verb> ...": the verb whose doer is asked (not "who is", nor "who did the court
# support", which asks for the object).
_WHO_VERB = re.compile(r"^\s*who\s+(?:(?:has|have|had|will|would|should|could|can|may|might|"
                       r"must)\s+)?([a-z]+)\b", re.IGNORECASE)
_NOT_DOING = frozenset("is was are were be been being did does do else".split())
# Words of a verb's stem that are nouns or adjectives, not the verb ("interpretation",
# "proposal", "supporter", "analysis": a sense of 解读).
_NOUN_FORM = re.compile(r"(?:ion|ions|ment|ments|al|als|er|ers|or|ors|ance|ence|ure|ive|"
                        r"sis|ist|ary|ory|ial)$", re.IGNORECASE)
_BY = re.compile(r"\bby\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$", re.IGNORECASE)


_ZH_WHO_VERB = re.compile(r"谁(?:来|去)?([\u4e00-\u9fff]{2})")


def asked_verbs(question: str, stem: Callable[[str], str]) -> frozenset[str]:
    """The stems of the verb whose doer a "who" question asks: "Who proposed ...":
    propos; "谁提起了民事公益诉讼？" / "公益诉讼由谁提起？": the English senses of 提起 (file,
    initiate, raise ...). Empty when it asks none ("who is", "谁对本案进行了解读")."""
    if is_chinese(question):
        after = _ZH_WHO_VERB.search(question)
        translation = translate_query(question) if after is not None else None
        if after is None or translation is None:
            return frozenset()
        return frozenset(stem(sense.lower()) for word, senses in translation.groups
                         if word == after.group(1) for sense in senses)
    asked = _WHO_VERB.match(question)
    if asked is None or asked.group(1).lower() in _NOT_DOING | EN_STOP:
        return frozenset()
    return frozenset([stem(asked.group(1).lower())])


def doers(question: str, sentence: str, spans: Sequence[Span],
          stem: Callable[[str], str]) -> list[Span] | None:
    """For a "who <verb> ..." question (English, or Chinese of an English sentence), the
    spans of ``spans`` that can be the doer of that verb in ``sentence``: those before its
    first use as a verb, or right after "by" ("proposed by the procuratorate"). "Who
    proposed the compensation lawsuit?" of "Guangdong procuratorial organs ... creatively
    propose a compensation lawsuit with court support" asks for the organs, not the court.
    None when the question asks no such verb or the sentence does not use it as one (then
    nothing is ruled out)."""
    verb = _verb_used(question, sentence, stem)
    if verb is None:
        return None
    # "with court support": the verb used as a noun, its doer the noun before it.
    beside = [sp for sp in spans if sp[1] <= verb.start()
              and not sentence[sp[1]:verb.start()].strip() and _WITH.search(sentence[:sp[0]])]
    if beside:
        return beside
    if _LEADING.search(sentence[:verb.start()]) and verb.group().lower().endswith("ing"):
        # "By initiating civil public interest litigation, the procuratorial organs ...":
        # the doer is the main clause's subject, after the lead-in.
        comma = sentence.find(",", verb.end())
        return [sp for sp in spans if comma >= 0 and sp[0] > comma]
    return [sp for sp in spans if sp[1] <= verb.start()
            or (sp[0] >= verb.end() and _BY.search(sentence[verb.end():sp[0]]))]


#: "谁负责望风？", "谁盗窃了电动车？": the act whose doer a Chinese 谁 asks for.
_ZH_WHO_ACT = re.compile(r"谁(?!被)([\u4e00-\u9fff]{2,6}?)(?:了|过|的|[？?，,]|$)")
#: A name so labelled is the one the act befell: "盗窃被害人刘某1".
_ZH_VICTIM = re.compile(r"(?:被害人|受害人|被害单位)$")
#: Characters between a doer and its act: a role label and a 由/将 ("由被告人王1某帅负责望风").
_ZH_DOER_GAP = 4


def _zh_doers(question: str, sentence: str, spans: Sequence[Span]) -> list[Span]:
    """Of the people a Chinese sentence names, those a Chinese "谁<act>" asks for: the
    name right before the act ("被告人朱1某强盗窃被害人刘某1...电动车": 朱1某强 stole it,
    刘某1 is its victim; was 刘某1, this session's trial), never one labelled the victim.
    ``spans`` as they are when the sentence does not say the act."""
    asked = _ZH_WHO_ACT.search(question)
    if asked is None or asked_act(question):
        # (朱1某强盗窃了谁的电动车？ asks whose: the one the act befell, not its doer.)
        # (管某踢了谁？: whom the act befell, ``qa.answering.zh_acts``.)
        return acted_on(question, sentence, spans)
    if "被害" in question or "受害" in question:
        return list(spans)
    act = asked.group(1)
    kept = [sp for sp in spans if not _ZH_VICTIM.search(sentence[:sp[0]])]
    before = [sp for sp in kept
              if any(0 <= at - sp[1] <= _ZH_DOER_GAP and "，" not in sentence[sp[1]:at]
                     for at in _occurrences(sentence, act[:2]))]
    return before or kept or list(spans)


def _occurrences(text: str, word: str) -> list[int]:
    """Where ``word`` starts in ``text``, each place."""
    return [m.start() for m in re.finditer(re.escape(word), text)]


_WITH = re.compile(r"\b(?:with|without|under)\s+(?:the\s+)?$", re.IGNORECASE)
# A participle leading its sentence or clause: "By initiating ...", "After filing ...".
_LEADING = re.compile(r"(?:^|[,;:]\s*)(?:by|after|when|while|on|upon|through|in)\s+$",
                      re.IGNORECASE)


def _first_use(sentence: str, wanted: frozenset[str],
               stem: Callable[[str], str]) -> re.Match[str] | None:
    """The first word of ``sentence`` whose stem is in ``wanted``, used as a verb (not
    "interpretation", not the label "Edit:"), or None."""
    return next((m for m in re.finditer(r"\b[A-Za-z]+\b(?!\s*[:：])", sentence)
                 if stem(m.group().lower()) in wanted and not _NOUN_FORM.search(m.group())),
                None)


def _verb_used(question: str, sentence: str, stem: Callable[[str], str]) -> re.Match[str] | None:
    """The first use in ``sentence`` of the verb a "who <verb>" question asks about."""
    wanted = asked_verbs(question, stem)
    return _first_use(sentence, wanted, stem) if wanted else None


def done_by_another(sentence: str, verb: str, doer: frozenset[str],
                    stem: Callable[[str], str]) -> bool:
    """Whether ``sentence`` uses ``verb`` with another party before it as its doer than
    the one a passive question names (``doer``: its words' stems). "Was the compensation
    lawsuit proposed by the court?" of "Guangdong procuratorial organs ... creatively
    propose a compensation lawsuit with court support": the organs proposed it. False
    when the sentence does not use the verb, names the doer before it or after "by", or
    names no one before it ("They promptly filed ...")."""
    used = _first_use(sentence, frozenset([stem(verb)]), stem)
    if used is None:
        return False
    before = {stem(w.lower()) for w in re.findall(r"[A-Za-z]+", sentence[:used.start()])}
    rest = sentence[used.end():]
    by = re.match(r"[^,;.]*?\bby\b", rest)  # "proposed by the court"
    after = {stem(w.lower()) for w in re.findall(r"[A-Za-z]+", rest[by.end():by.end() + 60])
             } if by is not None else set()
    if doer & (before | after):
        return False
    parties = FINDERS["who"](sentence) + organisations(sentence) + agents(sentence)
    return any(e <= used.start() for _, e in parties)


def uses_verb(question: str, sentence: str, stem: Callable[[str], str]) -> bool:
    """Whether ``sentence`` uses, as a verb, the verb a "who <verb>" question asks about
    ("They promptly filed ..." for "Who filed the lawsuit?")."""
    return _verb_used(question, sentence, stem) is not None


# What else names a kind of body a "which X" question asks for: 哪所学校 is answered by
# a 小学, 哪家银行 by a 支行.
_NAMED_AS: dict[str, tuple[str, ...]] = {
    "学校": ("学校", "小学", "中学", "大学", "学院", "幼儿园"), "医院": ("医院", "卫生院"),
    "法院": ("法院", "法庭"), "银行": ("银行", "支行", "分行", "信用社")}


def _naming(noun: str, sentence: str, spans: list[Span]) -> list[Span]:
    """Of ``spans`` (bodies and places), those that name a ``noun`` (end with it), each
    the shortest of those ending at one place (a lead-in the place finder cut:
    定远县金穗汽车运输有限公司, not 4向定远县…)."""
    ends = _NAMED_AS.get(noun, (noun,))
    named = [sp for sp in set(spans) if sentence[sp[0]:sp[1]].endswith(ends)]
    return sorted(min((sp for sp in named if sp[1] == end), key=lambda sp: sp[1] - sp[0])
                  for end in {sp[1] for sp in named})


#: "哪条国道", "哪条路": a "which X" of a line (a road, a river) names its X; its answer is
#: a name ending in X (205国道), not the place the best sentence names first.
_ZH_WHICH_LINE = re.compile(r"[哪那]一?条([\u4e00-\u9fff]{1,3}?)(?:上|中|里|内|的|[？?，,]|$)")
#: A line named by its number: 205国道, S318省道, 1号线.
_NUMBERED = r"[A-Za-z]?\d+号?"


def which_line(question: str) -> str:
    """The X of a Chinese "哪条X" question (李文跃驾驶的车辆在哪条国道上行驶？: 国道), or ""."""
    m = _ZH_WHICH_LINE.search(question)
    return m.group(1) if m else ""


def numbered(sentence: str, noun: str) -> list[Span]:
    """The ``noun``s of ``sentence`` named by a number: 205国道 of "尚205国道由南向北"."""
    return [(m.start(), m.end())
            for m in re.finditer(_NUMBERED + re.escape(noun), sentence)]


def _counts(question: str, sentence: str, found: list[Span]) -> list[Span]:
    """Of an amount's or a period's spans (and the counts of the unit the question names,
    and the periods of a question for one: 七起, 三十日), those of the asked kind
    (``fits_amount``), each with the qualifier the question asks (``with_qualifier``)."""
    units = asked_units(question)
    more = [sp for u in units if _CJK.match(u) for sp in counted(sentence, u)]
    if asks_period(question) or set(units) & {"天", "日", "月", "年", "周", "小时"}:
        more += periods(sentence)
    # (The longest of overlapping spans: 3万余元, not 3万.)
    spans: list[Span] = []
    for sp in sorted(set(found + more), key=lambda x: (x[0], -(x[1] - x[0]))):
        if spans and sp[0] < spans[-1][1]:
            continue
        spans.append(sp)
    qualified = [with_qualifier(question, sentence, sp) for sp in spans
                 if fits_amount(question, sentence[sp[0]:sp[1]])
                 and not sum_of_other_kind(question, sentence, sp)]
    return [sp for sp in qualified if sp is not None]


def _typed(intent: Intent, question: str, sentence: str, mask: list[bool],
           stem: Callable[[str], str], original: str) -> Pick | None:
    # (``question`` may carry the dictionary translation of ``original`` after it.)
    def unasked(spans: list[Span]) -> list[Span]:
        return [sp for sp in spans if not all(mask[sp[0]:sp[1]])
                and sentence[sp[0]:sp[1]].strip().lower() not in question.lower()]

    # A "who" read in an English sentence (a Chinese question's too, through its
    # dictionary translation), or an English "who" of any sentence.
    english = not is_chinese(sentence)
    english_who = intent.kind == "who" and (english or not intent.chinese)

    acting = False  # the sentence uses the verb whose doer is asked

    def doing(spans: list[Span]) -> list[Span]:
        # Of a "who <verb>" question, the doers of the verb (when the sentence uses it).
        nonlocal acting
        kept = doers(original, sentence, spans, stem) if english_who and english and spans \
            else None
        acting = kept is not None
        return spans if kept is None else kept

    found = doing(unasked(FINDERS[intent.kind](sentence)))
    if intent.kind == "who" and intent.chinese and not english:
        found = _zh_doers(original, sentence, found)
    fallback = False
    if not found and english_who and not intent.head:
        # A bare "who" is answered by a body or a party named by its role when the
        # sentence names no person ("who filed the lawsuit": the procuratorial organs).
        found = doing(unasked(organisations(sentence) + agents(sentence)))
        fallback = True
    if intent.kind == "who" and len(found) > 1:
        found = _labelled(found, sentence, question, original, stem) or found
    if intent.head and intent.kind in ("org", "law") and not _CJK.search(sentence):
        headed = [_up_to_head(sentence, sp, intent.head) for sp in found]
        # "which court": a procuratorate is no answer; generic heads take any body.
        found = [sp for sp in headed if sp is not None] or (
            found if intent.head in _GENERIC_HEADS else [])
    noun = which_noun(original) or which_line(original) if intent.chinese \
        and intent.kind in ("org", "where") and _CJK.search(sentence) else ""
    if noun:
        # "哪所小学": the answer names a 小学, not the employer named in the next clause;
        # "哪条国道" a 国道 (205国道), not the insurer's office of the clause before.
        found = _naming(noun, sentence, found + unasked(places(sentence))
                        + numbered(sentence, noun))
    if intent.kind == "amount" or (intent.kind == "when" and asks_period(original)):
        found = _counts(question, sentence, found)
    if intent.chinese and not english:
        # (Not another party's words: 被告称…6000元 for 被告月收入多少？ ``zh_values``.)
        spoken = spoken_by(original, sentence, found) if intent.kind != "who" else None
        found = found if spoken is None else spoken
        # (A value the question's words sit right by is theirs.)
        found = tied(intent.kind, original, sentence, found, scoped=False) or found
        # Of several values, the one whose own clause says the question's head (代某承担…
        # 主要责任, not 杨1某承担次要责任): ``holders``.
        found = holder(original, sentence, found,
                       parties(sentence) if intent.kind == "who" else (),
                       _LABEL_GAP + 2 if intent.kind == "when" else None) or (
            dated_act(original, sentence, found) if intent.kind == "when" else None) or found
        # (Of those, the first after the question's words, a date the last before them.)
        found = tied(intent.kind, original, sentence, found) or found
        if intent.kind != "who":  # (Not another's: 代某驾驶的越野车 for 杨1某驾驶的….)
            found = [sp for sp in found if sp not in anothers(original, sentence, found)]
        if intent.kind == "when":
            # (Not the date of an act the sentence puts after the asked event.)
            later = dated_later(original, sentence, found)
            found = [sp for sp in found if sp not in later]
    named: list[Span] = []
    if intent.kind == "where" and intent.head:
        # "which city": "Hangzhou City" before "the West Lake"; "which province":
        # Guangdong.
        named = [sp for sp in found if sentence[sp[0]:sp[1]].lower().endswith(intent.head)
                 or (intent.head == "province" and is_province(sentence[sp[0]:sp[1]]))]
        found = named or found
    if not found:
        return None

    def asked(sp: Span) -> float:  # share of the span the question already says
        return sum(mask[sp[0]:sp[1]]) / max(sp[1] - sp[0], 1)

    # Nearest the question's words; a party named by its role, when the question's words
    # are not there, is the first one named: the subject ("if the victim wants to hold
    # the infringer liable, they need to provide evidence": the victim).
    def led(sp: Span) -> int:  # the question's words just before it ("editor:Shen Chen")
        return -sum(mask[max(0, sp[0] - 24):sp[0]])

    # A Chinese date leads the act it dates: of "自2016年1月起,金怡彤、闻7乙一直跟随父亲金0
    # 共同生活并且于2016年2月起在上海市金山区就读小学", 跟随父亲生活 is dated 2016年1月
    # (was 2016年2月, the school's, nearest the question's words: the new-user trial).
    dated = [_acts_asked(sentence, sp, found, mask) for sp in found] \
        if intent.kind == "when" and intent.chinese and not english else []
    undated = {sp for sp, act in zip(found, dated, strict=True) if not act} \
        if any(dated) else set()
    best = min(found, key=lambda sp: (round(asked(sp), 1), sp in undated, _distance(sp, mask),
                                      led(sp), sp[0] if fallback else -(sp[1] - sp[0])))
    distance = _distance(best, mask)
    # A body or party standing in for a person is marked "role": the answerer prefers a
    # sentence naming a person ("who interpreted the case": Shan Pingji).
    if intent.chinese and not english and kin_of_another(original, sentence):
        return None  # (another party's 父亲: ``holders``)
    if intent.chinese and not english and given_to_another(original, sentence, found):
        # The sentence gives the asked head (所有权人是…) to another value: its values of
        # the asked type hold something else. A body the asked head governs answers 谁
        # (第一受益人为工行城西支行); otherwise the sentence does not answer (``holders``).
        body = governed(original, sentence, organisations(sentence) + places(sentence)) \
            if intent.kind == "who" else None
        return None if body is None else Pick(body[0], body[1], 1.0, "typed")
    return Pick(best[0], best[1], 1.0 if distance <= 12 else 0.85,
                "role" if fallback else "named" if best in named else "typed", acting)


#: Characters after a date read for the act it dates (to the next date, at most), and
#: before it for the question's words that label it.
_ACT = 30
_LABEL_GAP = 2


def _acts_asked(sentence: str, span: Span, dates: Sequence[Span], mask: list[bool]) -> bool:
    """Whether the act a Chinese date leads (the text after it, up to the next date or the
    sentence's end, at most ``_ACT`` characters) holds a word of the question, or one ends
    at most ``_LABEL_GAP`` characters before it (its label)."""
    end = min([s for s, _ in dates if s >= span[1]] + [len(sentence), span[1] + _ACT])
    # (A date the question's words label dates them: "保险期限自2014年9月6日0时起至…止",
    # "保险期限增自…", "出生于…".)
    return any(mask[span[1]:end]) or any(mask[max(0, span[0] - _LABEL_GAP):span[0]])


def _same_noun(word: str, head: str) -> bool:
    """Whether ``word`` is the noun ``head`` (or its plural), or the adjective made from it
    ("procuratorial" of "procuratorate": "Which procuratorate handled the case?" of
    "Guangdong procuratorial organs handle ..."): the two share all but their endings, at
    least eight letters."""
    word, head = word.rstrip("s"), head.rstrip("s")
    if word == head:
        return True
    shared = sum(1 for _ in itertools.takewhile(lambda pair: pair[0] == pair[1],
                                                zip(word, head, strict=False)))
    return shared >= 8 and shared >= 0.75 * min(len(word), len(head))


# A label before a name says who holds that role: in "Edit:Ying Ying Responsible
# editor:Shen Chen" the editor is Ying Ying and the responsible editor Shen Chen (编辑：
# 张三 likewise). Of names so labelled, those whose label the question asks, every word
# of it, answer; the label saying most of it wins ("the responsible editor": Shen
# Chen). Nearness alone answered "Who is the editor?" with Shen Chen: "editor" is a word
# of the other label. A label that is the role's verb names its doer: "Edit:" an
# editor, "Write:" a writer.
_AGENT_ENDINGS = ("or", "er", "r", "ist")
_LABEL_WORDS = 4


def _labelled(found: list[Span], sentence: str, question: str, original: str,
              stem: Callable[[str], str]) -> list[Span]:
    """The spans of ``found`` whose label (the words between the name before it and the
    colon before it) says most of the role the question asks; [] when none says it."""
    asked = {stem(w.lower()) for w in re.findall(r"[A-Za-z]+", question)}
    chinese = is_chinese(original)

    def says(word: str) -> bool:
        w = stem(word.lower())
        if w in asked or any((a.startswith(w) and a[len(w):] in _AGENT_ENDINGS)
                             or (w.startswith(a) and w[len(a):] in _AGENT_ENDINGS)
                             for a in asked):
            return True
        # Of a Chinese question, an English label word it says in Chinese (责任编辑是谁？
        # says "Responsible": 责任).
        translation = translate_query(word) if chinese else None
        return translation is not None and any(
            t in original for _, senses in translation.groups for t in senses)

    def score(span: Span, before: int) -> int:
        colon = re.search(r"[:：]\s*$", sentence[before:span[0]])
        if colon is None:
            return 0
        label = re.split(r"[.;,，。；、!?！？]",
                         sentence[before:before + colon.start()])[-1].strip()
        if _CJK.search(label):
            return len(label) if label and label in original else 0
        words = [w for w in re.findall(r"[A-Za-z][\w-]*", label) if w.lower() not in EN_STOP]
        if not words or len(words) > _LABEL_WORDS or not all(says(w) for w in words):
            return 0
        return len(words)

    ordered = sorted(found)
    scores = [score(sp, ordered[i - 1][1] if i else 0) for i, sp in enumerate(ordered)]
    top = max(scores, default=0)
    return [sp for sp, sc in zip(ordered, scores, strict=True) if top and sc == top]


def _up_to_head(sentence: str, span: Span, head: str) -> Span | None:
    """The part of a name up to its head noun: "Law School of Southeast University" asked
    as "which university" is "Southeast University"."""
    text = sentence[span[0]:span[1]]
    found = None
    for m in re.finditer(r"[\w'’-]+", text):
        if _same_noun(m.group().lower(), head):
            found = m
    if found is None:
        return None
    start = 0
    for m in re.finditer(r"\b(?:of|the|for|and|on|in)\s+", text[:found.start()]):
        start = m.end()
    return span[0] + start, span[1]


# Words a noun's modifiers never run across: a verb's object starts after them.
_NOT_MODIFIER = EN_STOP | frozenset("""against among between during over under upon via
    without within involving including""".split())
_MODIFIERS = 4


def modified_head(sentence: str, head: str, mask: list[bool]) -> Span | None:
    """For "what (kind of) X": the X of the sentence with the words that modify it, the
    occurrence nearest the question's other words: "what kind of lawsuit ... creatively
    propose" in "... and creatively propose a compensation lawsuit" is "compensation
    lawsuit"; "what technology" in 'the analysis of "facial recognition" technology' is
    '"facial recognition" technology'. Modifiers are up to four words before X, stopping
    at punctuation, a stop word, or a word of the question; at least one is needed (a bare
    "lawsuit" answers nothing). None when X is absent, unmodified or an empty head
    ("what type")."""
    base = head.lower().removesuffix("'s")
    if not base or base in EMPTY_HEADS:
        return None
    stem_form = base[:-1] if base.endswith("s") and not base.endswith("ss") else base
    best: tuple[bool, int, Span] | None = None
    for m in re.finditer(rf"\b{re.escape(stem_form)}(?:s|es)?\b", sentence, re.IGNORECASE):
        start, words = m.start(), 0
        left = start
        cut = False  # the modifiers run into a word of the question
        while words < _MODIFIERS:
            prev = re.search(r"([\"“”'‘’]?[A-Za-z][\w'’-]*[\"“”'’]?)\s+$", sentence[:left])
            if prev is None:
                break
            word = prev.group(1).strip("\"“”'‘’").lower()
            asked = any(mask[prev.start(1):prev.end(1)])
            if asked:
                # Cut short only inside a longer name: a modifier before the question's
                # word ("civil procuratorial ..."), not a verb's subject ("we collect").
                before = re.search(r"([A-Za-z][\w'’-]*)\s+$", sentence[:prev.start(1)])
                cut = before is not None and before.group(1).lower() not in _NOT_MODIFIER
            if word in _NOT_MODIFIER or asked or (word.endswith("ed") and words > 0):
                # A verb's past form before the modifiers ("filed civil public interest
                # litigation") is no modifier; "unauthorised use" is one.
                break
            left, words = prev.start(1), words + 1
        if words == 0:
            continue
        span = (left, m.end())
        # Nearness to the question's words outside the phrase (its X is one of them); an
        # occurrence whose modifiers a question word cuts short comes after those read
        # whole ("What kind of litigation did the procuratorial organs initiate?": "civil
        # public interest litigation", not the "public interest litigation" of "civil
        # procuratorial public interest litigation").
        distance = _distance(span, [v and not span[0] <= i < span[1]
                                    for i, v in enumerate(mask)])
        if best is None or (cut, distance) < best[:2]:
            best = (cut, distance, span)
    return None if best is None else best[2]


_WHAT_IS = re.compile(r"^\s*what\s+(?:is|was|are|were)\s+(?:the|a|an)\s+\w|^\s*什么是|"
                      r"是什么[？?]?\s*$", re.IGNORECASE)
_COPULA = re.compile(r"\s(?:is|was|are|were)\s")


def copula_subject(sentence: str, mask: list[bool]) -> Span | None:
    """For "what is the X?": the Y of a sentence saying "Y is the X" ("The rule of law
    is the fundamental way of governing a country" answers "what is the fundamental way
    of governing a country?" with "rule of law"): the words before a copula whose next
    words are mostly the question's, when they are not the question's themselves."""
    for m in _COPULA.finditer(sentence):
        after = sentence[m.end():m.end() + 40]
        letters = [k for k, ch in enumerate(after) if ch.isalnum()]
        if len(letters) < 10 or sum(mask[m.end() + k] for k in letters) < 0.6 * len(letters):
            continue
        start = max((c.end() for c in re.finditer(r"[,;:，；：]", sentence[:m.start()])),
                    default=0)
        s, e = trim(sentence, start, m.start())
        if e - s >= 3 and sum(mask[s:e]) < 0.5 * (e - s):
            return s, e
    return None


# "What did X <verb>?" (what asks for the object itself: not "what information do you
# collect?", whose head says what kind of thing is asked; policyqa-dev --scope doc token
# F1 0.212 -> 0.208 with those too).
_WHAT_DOES = re.compile(r"^\s*what\s+(?:do|does|did|will|would|can|could|may|might|should|"
                        r"must|shall)\s+([^?]+)", re.IGNORECASE)


def object_verb(question: str) -> str:
    """The verb of an English "what does X <verb>?" question, whose object it asks for:
    "What did the procuratorial organs discover?": discover. The verb ends the question:
    "" when a phrase follows the subject or the last word cannot be a verb's base form
    ("... require of procuratorial organs?")."""
    return subject_and_verb(question)[1]


def subject_and_verb(question: str) -> tuple[tuple[str, ...], str]:
    """``object_verb``'s verb, with the lower-cased words of the subject before it
    ("What did the court decide?": ("the", "court"), "decide"); ((), "") when there is no
    such verb."""
    # (What only places or counts the question is no part of it: "What two things does
    # it achieve besides ...?", "What does the case demonstrate first, according to the
    # interpretation?".)
    question = _ASIDE.sub("", _ACCORDING.sub("", question))
    question = _THINGS.sub("what ", _ORDINAL_END.sub("?", question))
    asked = _WHAT_DOES.match(question)
    if asked is None or "," in question or is_chinese(question):
        return (), ""
    words = [w.lower() for w in re.findall(r"[A-Za-z][\w'’-]*", asked.group(1))]
    verb = words[-1] if len(words) >= 2 and not _LINKS & set(words) else ""
    if verb in _NOT_DOING | AUXILIARIES | EN_STOP or (verb.endswith("s")
                                                     and not verb.endswith("ss")):
        return (), ""
    return tuple(words[:-1]), verb


_ACCORDING = re.compile(r",?\s*according to [^,?]*", re.IGNORECASE)
_ORDINAL_END = re.compile(r"\s+(?:first|firstly|second|secondly|third|thirdly|finally|"
                          r"mainly|primarily|last|lastly)\s*[?.]*\s*$", re.IGNORECASE)
_THINGS = re.compile(r"^\s*what\s+(?:(?:two|three|four|five|several)\s+)?things\s+",
                     re.IGNORECASE)
# A question whose subject is followed by one of these ends on no verb ("What does the
# law say about cryptocurrency mining?", "What will the company do if ...?"). ("of" may
# be inside the subject: "the legislation of procuratorial public interest litigation".)
_LINKS = frozenset("""about to for from with in on at by into onto after before under over
    through during against among if when whether because""".split())


# Where an English clause ends: a comma or stop, not one inside a number (40,000; 3.5).
_CLAUSE_END = re.compile(r"[;:!?()]|(?<!\d)[.,]|[.,](?!\d)|$")


def verb_object(question: str, sentence: str, stem: Callable[[str], str]) -> Span | None:
    """For "what does X <verb>?", what follows the verb in a sentence that uses it, to its
    clause's end: "the procuratorial organs keenly discovered the threat of infringement
    involving ..." answers "What did the procuratorial organs discover?" with "the threat
    of infringement involving ...". None when the sentence does not use the verb."""
    # (The head asked names the object: "What threat did ... discover?" is answered by
    # what was discovered when it is a threat; so is 检察机关发现了什么威胁？ of an English
    # sentence, through the senses of 发现 and 威胁.)
    if is_chinese(question):
        verbs, heads = chinese_object_verb(question)
    else:
        bare, head = without_head(question)
        verb = object_verb(bare)
        verbs, heads = (frozenset([verb]) if verb else frozenset()), frozenset({head} - {""})
    if not verbs:
        return None
    used = _first_use(sentence, frozenset(stem(v) for v in verbs), stem)
    if used is None:
        return None
    # To the clause's end (a comma ends it), unless a list starts there ("collect your
    # name, email address and phone number").
    end = _CLAUSE_END.search(sentence, used.end())
    stop = end.start() if end else len(sentence)
    listed = enumeration(sentence)
    if listed is not None and listed[0] <= stop < listed[1]:
        stop = listed[1]
    s, e = trim(sentence, used.end(), stop)
    return (s, e) if content_words(sentence[s:e]) >= 1 and names_asked(
        sentence[s:e], heads, stem) else None


# "what must a victim generally do to ...?": the question asks for an action; so does
# "what does the Civil Procedure Law require of the victim?" (it was answered with the
# condition, "wants to hold the infringer liable for civil liability", not the duty).
_ASKS_DUTY = re.compile(r"\bwhat\s+(?:must|should|shall|do|does|did|will|would)\s+"
                        r"(?:[\w'’-]+\s+){1,6}?(?:do|require|demand|expect)\b|"
                        r"\bwhat\s+(?:is|are|was|were)\s+(?:\w+\s+)?(?:required|demanded|"
                        r"expected)\s+of\b|(?:必须|需要|须|应当|应该|要求[^，。？?]{0,12}?)做什么",
                        re.IGNORECASE)
# "they generally need to provide evidence ...": the action follows.
_DUTY = re.compile(r"\b(?:(?:need|needs|needed|have|has|had|required|obliged|obligated|ought)"
                   r"\s+to|must|shall|should)\s+(?=[a-z])", re.IGNORECASE)


def duty(question: str, sentence: str) -> Span | None:
    """For "what must X do ...?", the action a sentence says X must take, to its clause's
    end: "if the victim wants to hold the infringer liable ..., they generally need to
    provide evidence to prove the facts of the infringement, involving ..." answers
    "What must a victim generally do to hold the infringer civilly liable?" with
    "provide evidence to prove the facts of the infringement". None for other questions
    and for a sentence that says nothing must be done."""
    if not _ASKS_DUTY.search(question):
        return None
    must = _DUTY.search(sentence)
    if must is None:
        return None
    end = _CLAUSE_END.search(sentence, must.end())
    s, e = trim(sentence, must.end(), end.start() if end else len(sentence))
    return (s, e) if content_words(sentence[s:e]) >= 1 else None


def without_excluded(question: str, sentence: str, items: Span,
                     stem: Callable[[str], str]) -> Span:
    """A list without the item the question sets aside at its start or end: "Besides
    paying compensation, what measures ...?" of "warning education, public welfare
    publicity, volunteer services, and payment of public interest damage compensation"
    is the first three."""
    aside = _ASIDE.search(question)
    if aside is None:
        return items
    excluded = {stem(w.lower()) for w in re.findall(r"[A-Za-z]+", aside.group(1))} - {
        stem(w) for w in EN_STOP}
    parts = [m for m in re.finditer(r"[^,;]+", sentence[items[0]:items[1]])]
    if len(parts) < 3:
        return items

    def set_aside(part: re.Match[str]) -> bool:
        words = {stem(w.lower()) for w in re.findall(r"[A-Za-z]+", part.group())}
        return bool(excluded & words)

    start, end = items
    if set_aside(parts[-1]):
        end = items[0] + parts[-2].end()
    elif set_aside(parts[0]):
        start = items[0] + parts[1].start()
    return trim(sentence, start, end)


_ASIDE = re.compile(r"\b(?:besides|apart from|aside from|other than|except(?: for)?|"
                    r"in addition to)\s+([^,?]+)", re.IGNORECASE)


_LIST_LEAD_WORDS = 3


def _phrase(intent: Intent, sentence: str, mask: list[bool],
            heads: Sequence[str] = (), question: str = "",
            stem: Callable[[str], str] = str.lower) -> Pick | None:
    if intent.kind == "what" and _WHAT_IS.search(question):
        subject = copula_subject(sentence, mask)
        if subject is not None:
            return Pick(subject[0], subject[1], 1.0, "subject")
    # (An English head asked of a Chinese sentence is read through its translation.)
    headed = (chinese_headed if is_chinese(sentence) and not is_chinese(question)
              else lambda text, head: modified_head(text, head, mask))
    for head in heads if intent.kind == "what" else ():
        found = headed(sentence, head)
        if found is not None:
            return Pick(found[0], found[1], 1.0, "headed")
    # "What did the procuratorial organs discover?": what the sentence says follows the
    # verb; "what must a victim do ...?", what it says must be done.
    done = (duty(question, sentence) or verb_object(question, sentence, stem)
            if intent.kind in ("what", "list") and not is_chinese(sentence) else None)
    if intent.kind == "list":
        found = (bound_list(question, sentence) if is_chinese(sentence) else None) \
            or enumeration(sentence)
        # (A list after the verb's clause is not what was done: "achieve comprehensive
        # maintenance of public interests ... through warning education, ...".)
        # Nor one that starts deep in the clause of what was done: "need to provide
        # evidence to prove the facts of the infringement, involving evidence from A, B,
        # and other links" does not list what is required ("need to provide A, B and C"
        # does).
        if found is not None and (done is None or (found[0] < done[1] and len(
                sentence[done[0]:found[0]].split()) <= _LIST_LEAD_WORDS)):
            found = without_excluded(question, sentence, found, stem)
            return Pick(found[0], found[1], 1.0, "list")
    if done is not None:
        return Pick(done[0], done[1], 1.0, "object")
    if intent.kind == "why":
        cue = _REASON_CUE.search(sentence)
        if is_chinese(sentence):
            # (Of several causes, the one leading to what is asked: ``holders``.)
            cue = bound_cause(question, sentence, list(_REASON_CUE.finditer(sentence))) or cue
        effect = _effect(question) if is_chinese(sentence) else ""
        named = _CAUSE_NAMED.search(sentence) if is_chinese(sentence) else None
        if named is not None:
            # "交通事故成因分析:当事人邹x0…忽视安全,是造成此事故的主要原因": the cause follows
            # the word naming it (was "因分析:当事人…", read from the 因 of 成因).
            ends = _CAUSE_ENDS.search(sentence, named.end())
            s, e = trim(sentence, named.end(), ends.start() if ends else len(sentence))
            if e - s >= _CAUSE_MIN:
                return Pick(s, e, 1.0, "reason")
        at = sentence.find(effect, cue.end(), cue.end() + _EFFECT_REACH) \
            if effect and cue is not None else -1
        if effect and cue is not None and at - cue.end() <= _CAUSE_MIN:
            # 被害人刘某的死亡原因是什么？: "因琐事与被害人刘某发生矛盾而心生不快，电话纠集…"
            # gives the reason for a quarrel, not for the death its sentence ends on (was
            # "因琐事与", the new-user trial); "因交通事故受伤" for 事故的原因 one whose cause
            # is the effect asked.
            cue = None
        caused = _caused_by(sentence, effect) if effect and cue is None else None
        if caused is not None:
            return Pick(caused[0], caused[1], 1.0, "reason")
        if cue is not None:
            tail = re.search(r"[，,；;。.!?！？]|$", sentence[cue.end():])
            stop = cue.end() + (tail.start() if tail else 0)
            # The reason ends where the question's own words or a date resume:
            # 因[夫妻感情破裂]于2016年1月20日经法院调解离婚.
            # (Chinese only: an English reason's noun phrase runs on through the
            # question's words, "due to the non-specific nature of the infringing object".)
            asked = (next((i for i in range(cue.end() + 1, stop) if mask[i]), stop)
                     if is_cjk_run(sentence[cue.start()]) else stop)
            dated = next((d[0] for d in FINDERS["when"](sentence) if cue.end() < d[0] < stop),
                         stop)
            stop = min(asked, dated)
            if stop > cue.end() and sentence[stop - 1] in "于在经":
                stop -= 1
            s, e = trim(sentence, cue.start(), stop)
            if e - s >= 2:
                return Pick(s, e, 1.0, "reason")
        if is_chinese(sentence):
            # A Chinese reason is stated with its cue (因, 由于, 以…为由); a clause
            # without one ("双方在新民市民政局协议离婚" for 为何离婚) is no reason. (English
            # reasons also come without a cue: "to protect ...", the sentence before.)
            return None
    runs = slots(sentence, mask)
    if not runs:
        return None
    best = max(runs, key=_slot_quality)
    end = best.end
    if intent.head:  # "what kind of lawsuit": "compensation" + "lawsuit"
        follows = re.match(rf"\s*({re.escape(intent.head.rstrip('s'))}\w*)", sentence[end:],
                           re.IGNORECASE)
        if follows:
            return Pick(best.start, end + follows.end(), _slot_quality(best), "headed")
    return Pick(best.start, end, _slot_quality(best), "slot")


def _slot_quality(run: Slot) -> float:
    """How much an unmarked run looks like the answer: right after the question's words,
    in the clause that holds most of them, a phrase rather than one word or a paragraph."""
    position = 1.0 if run.after else 0.8 if run.before else 0.55
    content = run.content
    size = (0.45 if content == 1 else 0.8 if content == 2 else 1.0) if content < 3 else (
        1.0 if content <= 14 else 14 / content)
    return (0.5 + 0.5 * run.clause_share) * position * size


#: "死亡原因", "事故发生的主要原因": the effect whose cause a Chinese question asks (死亡,
#: 事故).
_ZH_EFFECT = re.compile(r"([\u4e00-\u9fff]{2})(?:发生|出现|造成|产生|形成)?的?(?:主要|直接|根本)?"
                        r"原因")
#: Characters after a cause (因…) within which it names the effect it causes.
_EFFECT_REACH = 30
#: Characters a cause before 致 has at least.
_CAUSE_MIN = 2
#: "…劈划致多脏器损伤合并失血性休克，血气胸死亡": a cause that 致 (致使, 导致) leads to the
#: effect.
_LEADS_TO = re.compile(r"致使|导致|致")


def _effect(question: str) -> str:
    """The effect a Chinese "X原因" question asks the cause of (死亡原因: 死亡), or ""."""
    m = _ZH_EFFECT.search(question)
    return m.group(1) if m else ""


def _caused_by(sentence: str, effect: str) -> Span | None:
    """The cause and the ``effect`` it leads to, when ``sentence`` says "<cause>致…<effect>":
    "刘某系被他人用单面刃锐器劈划致多脏器损伤合并失血性休克，血气胸死亡" is "被他人用…死亡"
    (from the clause's start, after its subject's 系 or 是); None otherwise."""
    leads = _LEADS_TO.search(sentence)
    if leads is None:
        return None
    at = sentence.find(effect, leads.end())
    if at < 0 or _CONTENT_STOP.search(sentence, leads.end(), at):
        return None
    start = max((m.end() for m in re.finditer(r"[，,；;：:。]", sentence[:leads.start()])),
                default=0)
    copula = re.search(r"[系是]", sentence[start:leads.start()])
    if copula is not None:
        start += copula.end()
    if leads.start() - start < _CAUSE_MIN:
        # ("致被告不能确定事故原因": nothing before 致 is a cause.)
        return None
    s, e = trim(sentence, start, at + len(effect))
    return (s, e) if e - s >= 4 else None


_CONTENT_STOP = re.compile(r"[。；;！!？?]")
#: A word naming a cause, then the cause: "成因分析:…", "原因是…".
_CAUSE_NAMED = re.compile(r"(?:原因|成因|起因|主因)(?:分析)?(?:是|为|[:：])")
#: Where a named cause ends: the sentence's end, or its effect said again ("…,是造成此事故的
#: 主要原因").
_CAUSE_ENDS = re.compile(r"[,，]?是(?:造成|导致|引起|引发)|[。；;！!？?]")


_COPULA_AFTER = re.compile(r"\s+(?:is|are|was|were|has been|have been|serves as|served as)"
                           r"(?:\s+(?:usually|generally|often|typically|normally|mostly))?\s+")


def describe(sentence: str, name: str) -> Pick | None:
    """What a sentence says a named person is: the words after "<name> is", the label
    before it ("Responsible editor:Shen Chen"), or the description the name closes
    ("Interpretation expert: Vice Dean, Professor ..., Shan Pingji." is "Vice Dean,
    Professor ..."); None when it says none of these.

    A thing asked about in lower case ("what is the target of infringement usually
    like?") is what its clause says it is after the copula: "widespread"."""
    thing = name[:1].islower()
    found = (re.search(rf"\b{re.escape(name)}\b", sentence, re.IGNORECASE) if thing
             else None)
    at = (found.start() if found else -1) if thing else sentence.find(name) if name else -1
    if at < 0:
        return None
    copula = _COPULA_AFTER.match(sentence, at + len(name))
    if copula is not None:
        tail = re.search(r"[.;!?]|$", sentence[copula.end():])
        end = copula.end() + (tail.start() if tail else 0)
        if thing:  # (its own clause: "..., and individual natural persons may not ...")
            end = min([e for s, e in clauses(sentence) if s < copula.end() <= e] or [end])
        s, e = trim(sentence, copula.end(), end)
        return Pick(s, e, 1.0, "typed") if e - s >= 3 else None
    if thing:
        return None
    before = sentence[:at].rstrip()
    label = re.search(r"((?:[A-Za-z][\w-]*\s+)?[A-Za-z][\w-]*)\s*[:：]$", before)
    if label is not None:  # "Responsible editor:Shen Chen"
        return Pick(label.start(1), label.end(1), 1.0, "typed")
    if not before.endswith(","):
        return None
    colon = max(before.rfind(":"), before.rfind("："))
    s, e = trim(sentence, colon + 1, len(before))
    return Pick(s, e, 1.0, "typed") if e - s >= 3 else None


def answer_span(intent: Intent, question: str, sentence: str,
                stem: Callable[[str], str], heads: Sequence[str] = (),
                bridge: str = "") -> Pick | None:
    """The best answer span of ``sentence`` for ``intent``, or None if it holds none.

    ``heads``: English words for the X of a "what X" question, tried in order as "the
    modifiers + X" of an English sentence: the question's own head ("what kind of
    lawsuit": lawsuit; not when the question names the kind, "what contact
    information"), or a Chinese "什么X" question's dictionary translations. The
    answerer reads them once per question (``intent.asked_head``). ``bridge``: the
    question's words in the sentence's language (its dictionary translation), read as
    the question's own words, never as part of its form ("X是什么？" ends the question)."""
    said = f"{question} {bridge}" if bridge else question
    if intent.chinese and asks_alias(question):
        # (曾用名朱XX: ``zh_values``; a sentence not giving the label gives no such name.)
        named = alias(question, sentence)
        return None if named is None else Pick(named[0], named[1], 1.0, "typed")
    mask = question_mask(said, sentence, stem)
    if intent.kind in FINDERS:
        typed = _typed(intent, said, sentence, mask, stem, question)
        if typed is None and (intent.kind in SET_FORMS or (
                intent.kind == "where" and not intent.head and not intent.chinese)):
            # A value judgments usually state in a set form (轻伤二级, 由南向北) may be
            # described instead ("鼻骨粉碎性骨折", "驶往…方向"): the phrase answers then.
            # So does a bare English "where" that asks for a setting, not a place ("Where
            # do you collect my information?": "when you register on the Site";
            # policyqa-dev token F1 0.182 -> 0.190). "In which city" names a place: no.
            # A sentence holding the value itself still comes first: the phrase counts
            # at half its quality.
            phrase = _phrase(Intent("what", intent.chinese), sentence, mask)
            return None if phrase is None else Pick(phrase.start, phrase.end,
                                                    phrase.quality * _FALLBACK, phrase.source)
        return typed
    if intent.kind == "describe" and intent.chinese and is_chinese(sentence):
        # A Chinese sentence says what a person is in its own forms: its phrase answers,
        # as before the question was read as a description.
        return _phrase(Intent("what", True), sentence, mask, heads, question, stem)
    if intent.kind == "describe":
        # (A Chinese name in an English sentence is spelled in pinyin: 单平基, Shan Pingji.)
        return describe(sentence, written_name(intent.head, sentence)
                        if intent.chinese else intent.head)
    if intent.kind in _PHRASE_KINDS:
        return _phrase(intent, sentence, mask, heads, question, stem)
    return None


# A court's or a party's decision and its opposite: a question asking one of a sentence
# that says the other is answered no ("Did the court reject the lawsuit?" of "... with
# court support"; 法院是否支持原告的诉讼请求？ of "驳回原告的诉讼请求").
_GRANTS = re.compile(r"支持|准予|准许|采纳|认可|\b(?:support(?:s|ed)?|uph[oe]ld|uphold(?:s)?|"
                     r"grant(?:s|ed)?|approv(?:e|es|ed)|accept(?:s|ed)?|allow(?:s|ed)?)\b",
                     re.IGNORECASE)
_DENIES = re.compile(r"驳回|不予支持|不予准许|不予采纳|\b(?:reject(?:s|ed)?|dismiss(?:es|ed)?|"
                     r"den(?:y|ies|ied)|overrul(?:e|es|ed)|oppos(?:e|es|ed))\b", re.IGNORECASE)


def _decision(text: str) -> int:
    """+1 when ``text`` only grants, -1 when it only denies, 0 otherwise."""
    denies = bool(_DENIES.search(text))
    grants = bool(_GRANTS.search(_DENIES.sub("", text)))
    return (grants and not denies) - (denies and not grants)


# A clause that only suspects ("怀疑系黄某某所为", "allegedly") or supposes ("如男方三年内不
# 再婚", "if the user opts out") decides no yes/no question. ("may" alone is how policies
# say what they do: "we may collect".)
_HEDGE = re.compile(r"怀疑|疑似|或许|可能|据称|\b(?:suspect(?:s|ed)?|allegedly|(?:may|might) "
                    r"have|possibly|perhaps)\b", re.IGNORECASE)
_SUPPOSING = re.compile(r"^\s*(?:如果|假如|倘若|若|如(?![实下此何同今期约数果])|(?:if|unless)\b)",
                        re.IGNORECASE)


def decides(clause: str) -> bool:
    """Whether a clause can decide a yes/no question: it states, not suspects or
    supposes (cjrc-dev: 黄某某是否参与砍伤王某某的案情？ was "是" from "怀疑系黄某某所为")."""
    return not (_HEDGE.search(clause) or _SUPPOSING.match(clause))


#: Kinds of proceeding that exclude each other: a civil lawsuit is no criminal one.
_EN_PROCEEDING = re.compile(
    r"\b(civil|criminal|administrative)(?:ly)?\s+(?:[a-z-]+\s+){0,3}?(?:lawsuits?|litigations?|"
    r"suits?|cases?|proceedings?|actions?|prosecutions?|charges?)\b", re.IGNORECASE)
_ZH_PROCEEDING = re.compile(r"(民事|刑事|行政)(附带民事)?(?:公益)?(?:诉讼|案件|起诉)")
_ZH_KINDS = {"民事": "civil", "刑事": "criminal", "行政": "administrative"}


def proceeding_kinds(text: str) -> frozenset[str]:
    """The kinds of proceeding ``text`` names: "civil public interest litigation" is
    civil, 刑事诉讼 criminal."""
    kinds = {m.group(1).lower() for m in _EN_PROCEEDING.finditer(text)}
    for m in _ZH_PROCEEDING.finditer(text):  # (刑事附带民事诉讼: both)
        kinds |= {_ZH_KINDS[m.group(1)], *(("civil",) if m.group(2) else ())}
    return frozenset(kinds)


def contrary_kind(question: str, clause: str) -> bool:
    """Whether the clause names a proceeding of another kind than the one asked, and not
    the one asked ("Did the procuratorial organs file a criminal lawsuit?" of "They
    promptly filed civil public interest litigation": no)."""
    asked = proceeding_kinds(question)
    said = proceeding_kinds(clause)
    return bool(asked) and bool(said) and not asked & said


def polarity(question: str, sentence: str) -> bool:
    """Whether the sentence says yes to a yes/no question: no negation it adds, and not
    the opposite decision of the one asked (reject against support), nor a proceeding of
    another kind (``contrary_kind``)."""
    if contrary_kind(question, sentence):
        return False
    cleaned = _NOT_NEGATION.sub("", sentence)
    # 是否, 能否, 有没有 ask; they deny nothing.
    asked = _NOT_NEGATION.sub("", ZH_YESNO_MARK.sub("", question))
    opposite = _decision(asked) * _decision(sentence) < 0
    # (不予支持 is the denial itself, not a negation besides it.)
    negated = len(_NEGATION.findall(_DENIES.sub("", cleaned))) > len(
        _NEGATION.findall(_DENIES.sub("", asked)))
    return negated == opposite
