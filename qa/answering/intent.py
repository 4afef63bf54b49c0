"""What a question asks for: its answer type, read from its wording alone.

The extractive answerer only returns a span of the asked type: a "when" question is
answered with a date or a time limit, a "who" question with a name, a yes/no question
with yes or no. Pure functions over the question text (English and Chinese).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from index.text import is_chinese
from qa.answering.alignment import EN_STOP
from qa.translation import romanized_names

Kind = Literal["who", "describe", "org", "law", "when", "where", "amount", "yesno", "list",
               "why",
               "how", "what", "direction", "colour", "sex", "charge", "injury", "weapon",
               "body", "vehicle", "sobriety", "plate", "post"]


@dataclass(frozen=True)
class Intent:
    """The answer type a question asks for.

    ``kind`` is the type; ``head`` the noun after "which"/"what" when it names the type
    ("which university" -> "university"); ``chinese`` whether the question is Chinese
    (answers to yes/no questions are then 是/否).
    """

    kind: Kind
    chinese: bool
    head: str = ""
    #: Whether several values are asked for (哪些法律: laws, not a law).
    plural: bool = False


_PERSON_NOUNS = ("person", "people", "scholar", "expert", "judge", "justice", "lawyer",
                 "attorney", "prosecutor", "procurator", "editor", "author", "writer",
                 "plaintiff", "defendant", "victim", "perpetrator", "official", "professor",
                 "individual", "man", "woman", "party", "representative")
_ORG_NOUNS = ("organ", "organs", "court", "courts", "university", "universities", "center",
              "centre", "procuratorate", "procuratorates", "company", "companies",
              "organization", "organisation", "agency", "institution", "body", "bureau",
              "ministry", "department", "school", "committee", "office", "authority",
              "authorities", "government", "firm", "bank", "hospital", "base", "entity")
_LAW_NOUNS = ("law", "laws", "act", "statute", "code", "article", "articles", "section",
              "provision", "provisions", "regulation", "regulations", "rule", "clause",
              "constitution", "convention", "interpretation")
#: Phrases whose law noun names no law: the rule of law, the statute of limitations.
_NO_LAW = re.compile(r"\b(?:rule|rules) of law\b|\bstatutes? of limitations?\b|"
                     r"\bcodes? of (?:conduct|ethics)\b")
_PLACE_NOUNS = ("province", "city", "country", "place", "county", "town", "region",
                "district", "state", "location", "village")
_TIME_NOUNS = ("date", "year", "day", "month", "time", "period", "deadline")
_AMOUNT_NOUNS = ("amount", "sum", "number", "percentage", "proportion", "fine", "price",
                 "fee", "total")

_EN_YESNO = re.compile(
    r"^\s*(did|does|do|is|are|was|were|has|have|had|can|could|will|would|should|may|"
    r"must|shall|might)(?:n[’']t)?\b|^\s*(?:won|can|shan)[’']t\b", re.IGNORECASE)
_EN_WHICH = re.compile(r"\b(?:which|what)\s+(?:kinds? of\s+|types? of\s+|sorts? of\s+)?"
                       r"((?:[a-z][a-z-]*(?:'s)?\s+){0,2}[a-z][a-z-]*)", re.IGNORECASE)
#: "what is the case number": the noun phrase after the copula.
_EN_WHAT_IS = re.compile(r"\b(?:which|what)\s+(?:is|are|was|were)\s+(?:(?:the|a|an)\s+)?"
                         r"((?:[a-z][a-z-]*\s+){0,2}[a-z][a-z-]*)")
_DO_AUXILIARIES = frozenset(["do", "does", "did"])
_COPULAS = frozenset(["is", "are", "was", "were"])
_EN_KINDS_OF = re.compile(r"\b(?:which|what)\s+(?:kinds|types|sorts)\s+of\b")
_MODALS = frozenset("can could will would shall should may might must ought".split())
#: Verbs that end the noun phrase after "what"/"which" ("what monetary remedy did ...").
AUXILIARIES = _DO_AUXILIARIES | _MODALS | _COPULAS | frozenset(["has", "have", "had"])
#: "Who is/was <a capitalised name>?": the name itself is the question's subject.
_WHO_IS_NAME = re.compile(r"^\s*(?i:who)\s+(?i:is|was)\s+([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})"
                          r"\s*\??\s*$")
#: "What position does Shan Pingji hold?", "What is Shan Pingji's title?", "What is the
#: job of Shan Pingji?": what a named person is, asked by the post they hold.
_NAME = r"([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})"
_POST = r"(?i:position|positions|post|title|titles|job|occupation|profession|role)"
_POST_OF_NAME = re.compile(
    rf"^\s*(?i:what|which)\s+{_POST}\s+(?i:does|did|do)\s+{_NAME}\s+(?i:hold|have|occupy)\b"
    rf"|^\s*(?i:what)\s+(?i:is|was|are|were)\s+{_NAME}(?:'s|’s)\s+{_POST}\s*\??\s*$"
    rf"|^\s*(?i:what)\s+(?i:is|was|are|were)\s+(?i:the)\s+{_POST}\s+(?i:of)\s+{_NAME}"
    r"\s*\??\s*$")
#: "What is the target of infringement usually like?": what the sources say it is.
_WHAT_IS_LIKE = re.compile(r"^\s*what\s+(?:is|are|was|were)\s+(?:(?:the|a|an)\s+)?"
                           r"([a-z][\w'’-]*(?:\s+[a-z][\w'’-]*){0,5}?)\s+"
                           r"(?:(?:usually|generally|often|typically|normally|mostly)\s+)?"
                           r"like\s*\??\s*$", re.IGNORECASE)
_EN_AMOUNT = re.compile(r"\bhow\s+(many|much|long|old|often)\b", re.IGNORECASE)


#: Words after which a noun phrase's head has been said: "information about me".
_AFTER_HEAD = frozenset("""about of for from to with in on by at into than me my you your
    us our them their it its this that these those he she him her his i we they""".split())


def head_noun(words: Sequence[str]) -> str:
    """The last of ``words`` (those after "what"/"which") before the first auxiliary verb,
    preposition or pronoun: "monetary remedy did they" -> "remedy", "information about
    me" -> "information"; "" when there is none."""
    phrase = list(itertools.takewhile(lambda w: w not in AUXILIARIES and w not in _AFTER_HEAD,
                                      words))
    return phrase[-1] if phrase else ""


#: Head nouns that name no kind of thing: "what type", "which way" take a phrase.
EMPTY_HEADS = frozenset("""type types kind kinds sort sorts category categories way ways
    thing things form forms manner means extent part parts aspect aspects scope control
    controls choice choices option options""".split())
WHAT_WORDS = re.compile(r"^\s*(?:what|which)\s+(?:(?:kinds?|types?|sorts?)\s+of\s+)?"
                         r"((?:[a-z'’-]+\s+){0,2}[a-z'’-]+)", re.IGNORECASE)


def asked_head(question: str) -> str:
    """The head noun after "what"/"which" (the last word before a verb: "what monetary
    remedy did", remedy; "what kind of lawsuit", lawsuit), or "" when there is none or it
    names no kind of thing ("what two things")."""
    m = WHAT_WORDS.match(question)
    head = head_noun([w.removesuffix("'s").removesuffix("’s")
                      for w in m.group(1).lower().split()]) if m else ""
    return "" if head in EMPTY_HEADS else head


def head_is_modified(question: str) -> bool:
    """Whether the question itself says which kind of its head it asks about ("what
    contact information", "what criminal sentence"): then the kind is given, and the
    answer is no modifier of the head but what the sources list of that kind. Not for
    "what types of X", which asks for kinds."""
    m = WHAT_WORDS.match(question)
    if m is None or _EN_KINDS_OF.search(question.lower()):
        return False  # "what types of financial information": its kinds are asked
    # A possessive says whose, not which kind ("what user's information").
    words = [w for w in m.group(1).lower().split()
             if w not in ("the", "a", "an") and not w.endswith(("'s", "’s"))]
    head = asked_head(question)
    return bool(head) and head in words and words.index(head) > 0 \
        and not words[0].isdigit() and words[0] not in _NUMBER_WORDS


_NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten".split())
_COUNTED = re.compile(r"\b(which|what)\s+(?:two|three|four|five|six|seven|eight|nine|ten|"
                      r"several|both)\s+(?=[a-z])", re.IGNORECASE)


def uncounted(question: str) -> str:
    """The question without the count of what it asks for ("Which two laws are
    mentioned?": "Which laws are mentioned?"): no source says "two" of the laws it names,
    and the word cost the sentences naming them support."""
    return _COUNTED.sub(r"\1 ", question)


def head_kind(head: str) -> Kind | None:
    """The kind of thing a noun names ("editor": who, "court": org), or None."""
    if head in _PERSON_NOUNS:
        return "who"
    if head in _ORG_NOUNS:
        return "org"
    if head in _LAW_NOUNS:
        return "law"
    if head in _PLACE_NOUNS:
        return "where"
    if head in _TIME_NOUNS:
        return "when"
    if head in _AMOUNT_NOUNS:
        return "amount"
    return None


def _english(question: str) -> Intent:
    q = question.strip()
    lower = q.lower()
    which = _EN_WHICH.search(lower)
    verb = which.group(1).split()[0] if which else ""
    if verb in _DO_AUXILIARIES or verb in _MODALS:
        # "what must a victim do", "what does the case demonstrate": "what" is the
        # verb's object, not "what victim". The object is a phrase, or the items when
        # the sentence lists them ("rely on A, B, and C"). ("What was the amount" keeps
        # its head: there the noun is what is asked.)
        return Intent("list" if verb in _DO_AUXILIARIES else "what", False)
    words = [w.removesuffix("'s") for w in which.group(1).split()] if which else []
    if len(words) > 1 and (words[0] in _NUMBER_WORDS or words[0] in ("several", "both")) \
            and words[0] != "one":
        # "what three things give it its strength?": a count says nothing of the type;
        # the noun after it is the head, and it asks for several.
        words = words[1:]
    if words and words[0] in _COPULAS:
        # "what is the opt-in choice", "what are the purposes": the copula is no head,
        # nor a noun before a noun we know ("what is the case number": a number).
        compound = _EN_WHAT_IS.search(lower)
        phrase = compound.group(1).split() if compound else []
        phrase = phrase[:next((k for k, w in enumerate(phrase) if w in EN_STOP), len(phrase))]
        words = (phrase[-1:] if phrase and head_kind(phrase[-1]) is not None
                 else [w for w in words[1:] if w not in ("the", "a", "an")][:1])
        if _NO_LAW.search(lower):
            # "What is the rule of law an important guarantee for?": a concept, no law
            # to name (was read as "which rule", and refused).
            words = []
    # "which law's provisions": the possessor is asked for, not its provisions.
    owner = [w.removesuffix("'s") for w in (which.group(1).split() if which else [])
             if w.endswith("'s") and head_kind(w.removesuffix("'s")) is not None]
    known = owner[:1] or [w for w in words if head_kind(w) is not None]
    # "which procuratorial organs": the type is named by the last noun we know.
    head = known[-1] if known else (words[0] if words else "")
    if which and _EN_KINDS_OF.search(lower):
        # "what types of location data": kinds of a thing are asked, a phrase naming
        # them, never one typed value ("location" is no place here). (As list questions
        # policyqa-dev token F1 fell 0.190 -> 0.187: its gold names one kind.)
        return Intent("what", False, head_noun(words))
    amount = _EN_AMOUNT.search(lower)
    if amount:  # "how long" asks for a time: "for four hours", "within 15 days"
        return Intent("when" if amount.group(1) == "long" else "amount", False)
    named = _WHO_IS_NAME.match(q) or _POST_OF_NAME.match(q) or _WHAT_IS_LIKE.match(q)
    if named:  # "Who is Shan Pingji?": what the sources say the person is
        return Intent("describe", False, next(g for g in named.groups() if g))
    if re.search(r"^\s*(who|whom|whose)\b|\bby whom\b|\bwho\b", lower):
        # "who was the judge": a person is asked, named by the role.
        role = re.search(r"\bwho\s+(?:is|was|are|were)\s+(?:the|a|an)\s+([a-z]+)", lower)
        return Intent("who", False, role.group(1) if role and role.group(1) in _PERSON_NOUNS
                      else "")
    if re.search(r"^\s*when\b|\bwhen (was|were|did|is|does|will|do)\b", lower):
        return Intent("when", False)
    if re.search(r"^\s*where\b|\bwhere (was|were|did|is|does|do)\b", lower):
        return Intent("where", False)
    named = re.search(r"\bname of (?:the |a |an |this |that )?([a-z]+(?: [a-z]+){0,2})", lower)
    if named:  # "what is the name of the defendant": a person, unless a body is named
        # (by the last noun of a kind we know: "the research base mentioned" names a
        # body, a base; was read as "research", a person, and refused).
        words = named.group(1).split()
        noun = next((w for w in reversed(words) if head_kind(w) is not None), words[0])
        kind = head_kind(noun)
        return Intent(kind if kind in ("org", "law", "where") else "who", False, noun)
    if which:
        kind = head_kind(head)
        if kind is not None:
            return Intent(kind, False, head)
    if re.search(r"^\s*why\b|\bfor what reason\b|\bwhy\b", lower):
        return Intent("why", False)
    if _EN_YESNO.match(lower):
        return Intent("yesno", False)
    if re.search(r"^\s*how\b", lower):
        return Intent("how", False)
    if which and head.endswith("s") and not head.endswith("ss"):
        return Intent("list", False, head)
    return Intent("what", False, head)


#: The words that make a Chinese question a yes/no one ("龚x8目前有无上学？").
ZH_YESNO_MARK = re.compile(r"是否|能否|可否|与否|是不是|有没有|有无|有否|能不能|会不会|要不要|"
                           r"可不可以")
_ZH_YESNO_END = re.compile(r"(?:了)?(?:吗|(?<![什怎那这多])么)[？?]?\s*$")


#: "Was the perpetrator a company?": the category an English yes/no question asks about.
_EN_IS_A = re.compile(r"^\s*(?:is|was|are|were)\s+.+?\s+(?:a|an)\s+([^?]+?)\s*\?*\s*$",
                      re.IGNORECASE)


#: "Is Shan Pingji a judge?", "Was Shen Chen the interpretation expert?": a named
#: person (capitalised words) and the post or role asked of them.
_EN_PERSON_IS = re.compile(r"^\s*(?i:is|was)\s+([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){1,3})\s+"
                           r"(?i:a|an|the)\s+([^?]+?)\s*\?*\s*$")
#: 单平基是法官吗？, 单平基是不是教授？
_ZH_PERSON_IS = re.compile(r"^([\u4e00-\u9fff]{2,4}?)(?:是不是|是否是|是)([\u4e00-\u9fff]{1,10}?)"
                           r"(?:吗|呢)?[？?]?\s*$")


def person_category(question: str) -> tuple[str, str] | None:
    """The named person and the post or role a yes/no question asks they hold ("Is Shan
    Pingji a judge?": ("Shan Pingji", "judge"); 单平基是法官吗？: ("单平基", "法官")), or
    None for other questions. A Chinese name is a name jieba's tagger reads as one
    (``romanized_names``), not an anonymised 张某."""
    english = _EN_PERSON_IS.match(question)
    if english is not None:
        return english.group(1), english.group(2)
    chinese = _ZH_PERSON_IS.match(question.strip())
    if chinese is None or (not question.strip().rstrip("？? ").endswith(("吗", "呢"))
                           and "是不是" not in question and "是否是" not in question):
        return None
    name = chinese.group(1)
    return (name, chinese.group(2)) if _is_person_name(name, question) else None


def _is_person_name(name: str, question: str) -> bool:
    """Whether jieba's tagger reads ``name`` as a person's name (``romanized_names``) in
    ``question`` or in "<name>是谁？": it reads a name by its context (单平基 is one
    before 是谁, two words before 担任)."""
    return any(found == name for form in (question, f"{name}是谁？")
               for found, _ in romanized_names(form))


def yesno_predicate(question: str) -> str:
    """What a yes/no question asks of its subject: in Chinese the words after its yes/no
    mark ("被告人是否入户盗窃？": 入户盗窃), or the whole question before a closing 吗
    ("陈某某原谅被告了吗？"); in English the category of "is X a Y?" ("Was the perpetrator
    a company?": company); "" for other questions."""
    mark = ZH_YESNO_MARK.search(question)
    if mark is not None:
        return question[mark.end():].rstrip(" ？?。")
    if not is_chinese(question):
        english = _EN_IS_A.match(question)
        return english.group(1) if english is not None else ""
    end = _ZH_YESNO_END.search(question)
    return question[:end.start()] if end is not None else ""


_DETERMINERS = frozenset("the a an this that these those his her their its my your our".split())
_PRONOUNS = frozenset("you they we it he she i".split())
# Words after the subject that are not its verb: nouns and adjectives by their endings
# ("procuratorial", "organs", "interpretation"), participles, adverbs.
_NOT_BASE_VERB = re.compile(r"(?:ion|ment|al|er|or|ance|ence|ure|ive|sis|ist|ary|ory|ial|"
                            r"ed|ly)$|(?<!s)s$")


@lru_cache(maxsize=4096)
def _base_verb(word: str) -> bool:
    """Whether a lower-cased English word can be a verb's base form: by lemminflect's
    lexicon (its lemma tables, from the Automatically Generated Inflection Database),
    and, for a word it does not know ("procuratorial"), by the endings of nouns and
    adjectives (``_NOT_BASE_VERB``). The endings alone missed verbs that end like nouns:
    "receive", "comply", "apply", "order", "suffer", "appeal"."""
    # (Imported here: its tables take 0.3 s to load, and most questions never ask.)
    from lemminflect import getAllLemmas

    lemmas = getAllLemmas(word)
    if lemmas:
        return word in lemmas.get("VERB", ())
    return not _NOT_BASE_VERB.search(word)


def is_base_verb(word: str) -> bool:
    """Whether a lower-cased English word can be a verb's base form ("combine": yes;
    "organs", "procuratorial": no), by lemminflect's lexicon or, for a word it does not
    know, by the endings of nouns and adjectives."""
    return _base_verb(word)


# Past participles that do not end in -ed.
_IRREGULAR_PARTICIPLES = frozenset("""
brought heard paid held made won sought found sent told given taken done seen known upheld
lost left built kept led met sold spent struck caught thrown written chosen shown drawn
overturned beaten bound forgiven forbidden withdrawn undertaken
""".split())


def yesno_verb(question: str) -> str:
    """The verb an English yes/no question asks about: "did/does/do <subject> <verb>
    ...?" ("Did the procuratorial organs win the case?": win), or the participle of a
    passive or perfect "was/were/is/are/has/have/had <subject> <participle> ...?" ("Was
    the case handled by the Supreme People's Procuratorate?": handled). A source that
    never says it (nor a legal near-synonym) cannot say yes or no, and a sentence that
    does not say it decides nothing. The subject is a pronoun, or a determiner and its
    noun with up to two more words before the verb; "" when no word there can be the
    verb ("Is the judgment final?"), and for other questions."""
    if is_chinese(question):
        return ""
    # (A negative question asks what its positive asks: "Wasn't the lawsuit supported
    # by the court?".)
    asked = re.match(r"^\s*(did|does|do|was|were|is|are|has|have|had)(?:n[’']t)?\s+(.+)$",
                     question, re.IGNORECASE)
    if asked is None:
        return ""
    words = [w.lower() for w in re.findall(r"[A-Za-z][\w'’-]*", asked.group(2))]
    if not words:
        return ""
    do_support = asked.group(1).lower() in ("did", "does", "do")
    # (After a pronoun the verb comes next; after a determiner, its noun first.)
    start = 1 if words[0] in _PRONOUNS else 2 if words[0] in _DETERMINERS else 1
    rest = words[start:start + (1 if words[0] in _PRONOUNS else 3)]
    for word in rest:
        if word in EN_STOP:
            return ""
        if do_support and _base_verb(word):
            return word
        if not do_support and (word in _IRREGULAR_PARTICIPLES
                               or (len(word) > 4 and word.endswith("ed"))):
            return word
    return ""


#: "When did it happen?" asks a date however it is worded: 本事故发生的时间为多久？ is
#: 2015年4月11日上午10时 (cjrc-dev-38_5).
HAPPENED = re.compile(r"发生的?时间")

_ZH_RULES: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    # A yes/no question first, whatever it names: "是否手持凶器？" asks yes or no.
    ("yesno", re.compile(rf"{ZH_YESNO_MARK.pattern}|{_ZH_YESNO_END.pattern}")),
    # Values that judgments state in set forms (qa.answering.spans): 由南向北, 红色, 男,
    # 交通肇事罪, 轻伤二级; a person's name (叫什么).
    ("direction", re.compile(r"什么方向|哪个方向|何方向|行驶方向|方向[是为]?[？?]?\s*$")),
    ("colour", re.compile(r"颜色|什么色|何色")),
    ("sex", re.compile(r"性别")),
    ("charge", re.compile(r"什么罪|何罪|哪种罪|罪名")),
    ("plate", re.compile(r"车牌|牌号|号牌")),
    ("vehicle", re.compile(r"什么车|何种车|哪种车|车辆类型|车型|车辆种类|什么样的车")),
    ("sobriety", re.compile(r"驾驶状态|驾车状态|饮酒状态")),
    ("weapon", re.compile(r"什么(?:凶器|工具|作案工具|器械|刀具)|凶器|作案工具")),
    ("body", re.compile(r"什么部位|哪个部位|何部位|哪些部位|部位[是为]?[？?]?\s*$")),
    # A question that ends in the noun it asks for: "…发生的时间？", "赌场开设地点？".
    ("when", re.compile(r"(?:时间|日期|时候)(?:是|为)?[？?]?\s*$")),
    ("where", re.compile(r"(?:地点|地址|住址|位置|场所|地方)(?:是|为|在)?[？?]?\s*$")),
    # (Money a question ends on is asked for too: "每日的收入为？", "获利为？"; not when it
    # asks when: 林某何时到张某乙办公室讨要工资？ was read as an amount and refused, the
    # seventeenth trial.)
    ("when", re.compile(r"什么时候|(?<![如任])何时")),
    ("amount", re.compile(r"(?:次数|数额|金额|数量|含量|浓度|面积|人数|价值|收入|获利|利润|"
                          r"违法所得|工资|报酬)(?:是|为|有)?[？?/]?\s*$")),
    # A body asked for by its kind: "出具事故认定书的机关单位是哪一个？", "任职单位是？".
    ("org", re.compile(r"(?:单位|机关|机构|部门)(?:是|为)?(?:什么|哪个|哪一个|哪家|哪里)?"
                       r"[？?]?\s*$|[哪那]个?(?:机关|单位|机构|部门)")),
    ("injury", re.compile(r"伤情|伤势|受伤程度|损伤程度|伤残等级|伤残程度|何种伤|什么伤")),
    # A post held (于振某的职务是？: 副主任 of "利用其系……古楼信用社副主任的身份").
    ("post", re.compile(r"职务|职位|担任什么|任什么职")),
    ("who", re.compile(r"叫什么|叫做什么|名字|姓名")),
    # (几月几日 is a date; 几日前, 几日内 a count of days. When something happened is a
    # date however it is asked: 本事故发生的时间为多久？)
    ("when", re.compile(rf"几月几[日号]|{HAPPENED.pattern}")),
    ("amount", re.compile(r"多少|几[个名次位年月天日周元条款项岁人件辆处起]|多长|多久|多大|"
                          r"多高|数额|金额|几成")),
    ("when", re.compile(r"什么时[候间]|(?<![如任])何时|哪一?年|哪一?天|哪一?日|几月|几号|几时|"
                        r"何日|日期|时间是")),
    # "在哪所大学": a body, not a place.
    # (So is a centre, a school, an institute: "解读专家在哪个研究中心担任主任？".)
    ("org", re.compile(r"哪[个家所](大学|学院|法院|检察院|机关|公司|单位|医院|学校|机构|"
                       r"[\u4e00-\u9fff]{0,2}中心|研究院|基地)|哪所|哪家")),
    # ("在哪", not the 在哪些 of "存在哪些证据")
    # (何处 of 如何处理 asks how; 何人 of 任何人 asks nothing.)
    ("where", re.compile(r"哪里|(?<![如任几])何(?:处|地)|什么地方|哪些地方|在哪(?!些)|哪儿|"
                         r"什么位置|哪个?(省|市|县|区|镇|村|地)")),
    ("law", re.compile(r"哪[部条项款]|第几条|什么法|哪些法|何种法|依据什么|根据什么")),
    # (So is a centre, a school, an institute: "解读专家在哪个研究中心担任主任？".)
    ("org", re.compile(r"哪[个家所](大学|学院|法院|检察院|机关|公司|单位|医院|学校|机构|"
                       r"[\u4e00-\u9fff]{0,2}中心|研究院|基地)|哪所|哪家")),
    ("who", re.compile(r"谁|哪位|(?<![如任])何人|什么人|哪[些个]人")),
    ("why", re.compile(r"为什么|为何|因何|什么原因|何原因|什么理由|何故|原因是")),
    ("list", re.compile(r"哪些")),
    ("how", re.compile(r"如何|怎么|怎样|什么方式|何种方式")),
)


_ZH_HEADS = {"法院": "court", "大学": "university", "学校": "school", "检察院": "procuratorate",
             "检察机关": "organs", "公司": "company", "医院": "hospital", "机关": "organs",
             "中心": "center", "研究院": "institute", "基地": "base", "学院": "school"}


#: "单平基是谁？": who a named person is (a name, not a role: ``romanized_names``); so is
#: the post they hold (单平基的职位是什么？, 单平基担任什么职务？).
_ZH_WHO_IS_NAME = re.compile(r"^([\u4e00-\u9fff]{2,4}?)(?:是谁|是什么人|是何人|是哪位|"
                             r"的?(?:职位|职务|职称|身份|头衔)(?:是什么|是|为|有哪些)|"
                             r"(?:是|担任)?什么(?:职位|职务|职称|身份|头衔)|"
                             r"(?:担任|任)(?:什么|何种|哪些)(?:职位|职务)|是做什么的)"
                             r"[？?]?\s*$")


def _chinese(question: str) -> Intent:
    named = _ZH_WHO_IS_NAME.match(question.strip())
    if named and _is_person_name(named.group(1), question):
        # What the sources say the person is, as "Who is Shan Pingji?" asks.
        return Intent("describe", True, named.group(1))
    for kind, pattern in _ZH_RULES:
        if pattern.search(question):
            head = next((en for zh, en in _ZH_HEADS.items() if zh in question), "") \
                if kind == "org" else ""
            return Intent(kind, True, head, plural="哪些" in question)
    return Intent("what", True)


#: Chinese interrogatives: a question asked with one is Chinese, whatever share of it is
#: an English name ("Shan Pingji在哪所大学任职？").
_ZH_ASKING = re.compile(r"什么|哪|谁|吗[？?]?\s*$|是否|多少|"
                        r"几[个名次位年月天日周元条款项岁人件辆处起]|"
                        r"为什么|为何|如何|怎么|怎样|何时|何地|何处|何人|呢[？?]?\s*$")


#: Person nouns that name no role: "which person", "what individual" ask for anybody.
_UNROLED = frozenset("person people individual man woman party representative official".split())
#: "被告是谁？", "本案的审判长叫什么名字？", "谁是原告？": the role asked about (a short noun).
_ZH_ROLE = re.compile(r"^(?:本案|该案|此案)?的?(?P<role>[\u4e00-\u9fff]{2,5}?)(?:是谁|是哪位|为谁|"
                      r"是什么人|叫什么(?:名字)?|的?(?:名字|姓名|名称)(?:是什么|叫什么|是|为)?)"
                      r"[？?]?\s*$"
                      r"|^谁是(?:本案|该案|此案)?的?(?P<role2>[\u4e00-\u9fff]{2,5})[？?]?\s*$")


#: A role held for a named party (于振某的辩护人是谁？, 谁是原告的诉讼代理人？): asked as the
#: role itself, which a name must be said to hold (was the fraud victim 苗某某: the
#: nineteenth new-user trial).
_ZH_PARTY_ROLE = re.compile(
    r"^(?:谁是)?[\u4e00-\u9fff\d]{1,8}的(?P<role>辩护人|辩护律师|诉讼代理人|委托代理人|法定代理人|"
    r"代理人|代理律师|律师)(?:是谁|是哪位|为谁|叫什么(?:名字)?)?[？?]?\s*$")
_WHO_IS_THE = re.compile(r"^\s*who\s+(?:is|was|are|were)\s+(?:the|a|an)\s+"
                         r"((?:(?!who\b|that\b|which\b|whom\b)[a-z-]+\s+){0,2}"
                         r"(?!who\b|that\b|which\b|whom\b)[a-z-]+)\s*\??\s*$", re.IGNORECASE)


_NAME_OF = re.compile(r"^\s*what\s+(?:is|was|are|were)\s+(?:the\s+(?:name|names)\s+of\s+"
                      r"(?:the|a|an)\s+((?:[a-z-]+\s+){0,2}[a-z-]+)|the\s+((?:[a-z-]+\s+){0,2}"
                      r"[a-z-]+?)(?:'s|’s|s'|s’)\s+names?)\s*\??\s*$", re.IGNORECASE)


def asked_role(question: str, intent: Intent | None = None) -> str:
    """The role a "who" question names ("Who was the plaintiff?", "What is the defendant's
    name?": plaintiff, defendant; 被告是谁？, 谁是审判长？: 被告, 审判长), or "" when it
    names none ("Who interpreted the case?", "Which person ...?"). ``intent``: the
    question's, when the caller has read it."""
    intent = intent or read_intent(question)
    if intent.kind != "who":
        return ""
    if not intent.chinese:
        # Only a role asked by itself: "which scholar wrote the commentary?" asks for a
        # scholar who wrote it, whether or not a source calls him one.
        m = _WHO_IS_THE.match(question) or _NAME_OF.match(question)
        head = next((g for g in m.groups() if g), "").split()[-1] if m else ""
        return head if head not in _UNROLED else ""
    held = _ZH_PARTY_ROLE.match(question.strip())
    if held is not None:
        return held.group("role")
    m = _ZH_ROLE.match(question.strip())
    role = (m.group("role") or m.group("role2")) if m else ""
    return "" if not role or "的" in role or role.startswith("谁") else role


#: The kinds of place or body a Chinese "which X" question names (哪所小学, 哪家医院,
#: 哪个支行), longer first.
_ZH_WHICH_NOUNS = ("幼儿园", "小学", "中学", "大学", "学院", "学校", "人民法院", "法院",
                   "人民检察院", "检察院", "派出所", "公安局", "医院", "银行", "支行", "分行",
                   "公司", "酒店", "宾馆", "饭店", "超市", "市场", "小区", "民政局")
_ZH_WHICH = re.compile(r"[哪那]一?[所家个间座]?(" + "|".join(_ZH_WHICH_NOUNS) + ")")


def which_noun(question: str) -> str:
    """The kind of place or body a Chinese "which X" question asks for (曹0的女儿在哪所小学
    上学？: 小学; 被告王x3在哪个支行投保？: 支行), whose answer names one; "" when it names
    none of those kinds (哪个单位, 哪里)."""
    m = _ZH_WHICH.search(question)
    return m.group(1) if m else ""


#: English heads of "what X" questions whose answer a Chinese judgment states in a set
#: form (qa.answering.spans.SET_FORMS): "What weapon was used?" of 持西瓜刀 is 西瓜刀.
_SET_FORM_HEADS: dict[str, Kind] = {
    "weapon": "weapon", "weapons": "weapon", "knife": "weapon", "tool": "weapon",
    "colour": "colour", "color": "colour", "crime": "charge", "charge": "charge",
    "offence": "charge", "offense": "charge", "injury": "injury", "injuries": "injury",
    "vehicle": "vehicle", "car": "vehicle", "plate": "plate", "sex": "sex",
    "gender": "sex", "direction": "direction", "position": "post", "post": "post"}


#: Nouns of a measured quantity: "the blood alcohol level", "alcohol content", "the
#: concentration of ethanol" ask for an amount (183.7mg/100mL), as 含量/浓度 do.
_MEASURE_NOUNS = frozenset("level levels content concentration".split())
#: "How serious was Huang's injury?": the degree of an injury asks for its grade (轻伤).
_HOW_SEVERE = re.compile(r"^\s*how\s+(?:serious|severe|bad|grave)(?:ly)?\b.*\b(?:injur(?:y|ies|ed)|"
                         r"wound(?:s|ed)?|hurt)\b", re.IGNORECASE)


def _asked_phrase(question: str) -> list[str]:
    """The noun phrase an English "what is/was the X (of ...)?" asks for, word by word
    ("What was the blood alcohol level of Zhong?": blood, alcohol, level), or []."""
    m = _EN_WHAT_IS.search(question.lower())
    return [w.removesuffix("'s") for w in m.group(1).split()] if m else []


def chinese_twin(intent: Intent, question: str = "") -> Intent | None:
    """The intent of an English question's Chinese twin, for reading a Chinese sentence:
    a "what X" question when X is a value judgments state in a set form ("What weapon was
    used to attack Liu?": a weapon, 西瓜刀 of 持西瓜刀; "What crime was he convicted of?":
    a charge) or a measured quantity ("What was the blood alcohol level of Zhong?": an
    amount, 183.7mg/100mL, as 含量是多少 asks); "How serious was the injury?" an injury
    (轻伤); None for other questions (``question``: its text, for the phrase and the
    degree asked)."""
    if intent.chinese:
        return None
    if intent.kind == "how" and _HOW_SEVERE.match(question):
        return Intent("injury", True)
    if intent.kind not in ("what", "list"):
        return None
    kind = _SET_FORM_HEADS.get(intent.head.lower())
    phrase = _asked_phrase(question) if kind is None and intent.kind == "what" else []
    if len(phrase) > 1 and phrase[-1] in _MEASURE_NOUNS:
        kind = next((_SET_FORM_HEADS[w] for w in phrase[:-1] if w in _SET_FORM_HEADS),
                    "amount")  # ("the injury level": a grade, 轻伤二级)
    return None if kind is None else Intent(kind, True)


def read_intent(question: str) -> Intent:
    """The answer type of ``question`` (English or Chinese)."""
    if is_chinese(question) or _ZH_ASKING.search(question):
        return _chinese(question)
    return _english(question)
