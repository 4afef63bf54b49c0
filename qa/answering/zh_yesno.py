"""Whether a clause of a Chinese judgment says what a Chinese yes/no question asks of the
person it asks about.

"陈1某富是否持刀砍人？" is not decided by "在被告人陈1某富的指认下，张某甲、王某甲持西瓜刀……
连砍数刀": the clause that says the act (持……砍) names others as its doers; "原告是否再婚？"
not by "被告再婚" when "原告未再婚" follows. What a party claims or demands of another
("原告诉称被告……阻扰原告探望儿子") is no finding about that other; and a
negation decides only when it bears on what is asked ("被告人黄某亮无视国家法律，有配偶而
重婚" says yes to 黄某是否构成重婚罪？). Pure functions over question and clause text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from qa.answering.intent import ZH_YESNO_MARK
from qa.translation import written_name

#: Parties named by their role in a judgment (被告人 before 被告: the longer first).
_ROLES = re.compile(r"被上诉人|上诉人|被申请人|申请人|被告人|被害人|原告|被告|第三人|男方|女方")
#: Both parties at once: the question asks of each, any clause's party is one of them.
_BOTH = re.compile(r"双方|原、被告|原被告|二人|两人")
#: An anonymised name: a surname and 某, 某某, 某1, 某甲, x12, 62, or 1某 and a given name
#: character ("陈1某富"; not "张1某的").
_NAME = re.compile(r"(?<![第年月日号])[^\x00-\u4dff第年月日号时分条款项次期约计共元]"
                   r"(?:某某|某[\d一二三甲乙丙丁]*|[xX×ｘＸ]\d+|"
                   r"\d{1,3}某(?:[^\x00-\u4dff的了在和与及被将对向等于为是所已均])?|"
                   r"\d{1,3}(?![\d月日号年条款项时分元万次个名岁点.．%]))")
#: Characters that say nothing of what is asked (function words, the yes/no frame).
_FUNCTION = frozenset("的了在和与及被把将对向之是有否也都已于为其该本案要能可以")
#: Where or when an act happened, not the act: "是否在事故中受了伤" asks 受伤.
_SETTING = re.compile(r"在[^，,？?]{1,8}?[中时后前内里]")
#: Clause edges inside a deciding span.
_EDGE = re.compile(r"[，,；;：:。！？!?（）()“”\"]")
#: Where a negation's own clause ends for ``bearing_negations``: punctuation, or a
#: conjunction joining another predicate (朱0不负担子女抚养费且放弃探望权: the 不 of 不负担
#: says nothing of 放弃探望权; judgments often run clauses on without a comma).
_BEARING_EDGE = re.compile(r"[，,；;：:。！？!?（）()“”\"]|并且|而且|且|但是|但")
#: What a party says, claims or asks for: no finding of the court.
_CLAIM = re.compile(r"诉称|辩称|声称|称|主张|认为|要求|请求")
#: A claim bears on the clauses up to this many characters after its verb.
_CLAIM_REACH = 60
#: A claimant is named at most this many characters before the claim's verb.
_CLAIMANT_REACH = 12
#: Where the court's own finding begins: a claim before it no longer bears.
_FINDING = re.compile(r"查明|认定|本院认为|经审理|[。；;]")
#: A negation, and words holding one that deny nothing.
_NEGATION = re.compile(r"不|未|没有|没|无|非|拒绝")
_NOT_NEGATION = re.compile(r"不同(?!意)|不断|不久|不仅|不但|不少|不良|并不影响|无论|无证|"
                           r"非法|未成年|无视")


def _subject(question: str) -> str:
    """What a Chinese yes/no question asks something of: its words before the yes/no mark
    ("陈1某富是否持刀砍人？": 陈1某富), "" for a question without one ("……了吗？")."""
    mark = ZH_YESNO_MARK.search(question)
    return question[:mark.start()] if mark is not None else ""


@lru_cache(maxsize=1)
def _tagger() -> Callable[[str], list[tuple[str, str]]]:
    import jieba.posseg

    return lambda text: [(p.word, p.flag) for p in jieba.posseg.cut(text)]


def _parties(text: str, extra: frozenset[str] = frozenset()
             ) -> tuple[frozenset[str], frozenset[str]]:
    """The names (anonymised, or any of ``extra`` the text holds) and the roles ``text``
    names."""
    roles = frozenset(m.group() for m in _ROLES.finditer(text))
    bare = _ROLES.sub("\0", text)
    names = {m.group() for m in _NAME.finditer(bare)} | {n for n in extra if n in bare}
    return frozenset(names), roles


def asked_parties(question: str) -> tuple[frozenset[str], frozenset[str]]:
    """The names and roles a Chinese yes/no question asks about ("被告人王某是否……":
    {王某}, {被告人}; "李文跃是否……": {李文跃}, a name the tagger reads as one); empty when
    it asks of no party, or of both (双方, 原、被告)."""
    subject = _subject(question)
    if not subject or _BOTH.search(subject):
        return frozenset(), frozenset()
    names, roles = _parties(subject)
    if not names:
        rest = _ROLES.sub("", subject)
        names = frozenset(w for w, flag in _tagger()(rest) if flag == "nr" and len(w) > 1)
    return names, roles


def _same_name(a: str, b: str) -> bool:
    """Whether two written names may be one person: one the other's start (黄某 of
    黄某亮), or the same surname where one is the generic X某某."""
    return a.startswith(b) or b.startswith(a) or (
        a[:1] == b[:1] and ("某某" in (a[1:3], b[1:3])))


#: Roles of one pairing: 男方 and 女方 tell a couple apart, and either may be the
#: plaintiff or the defendant.
_SPOUSES = frozenset(["男方", "女方"])


def _same_role(a: str, b: str) -> bool:
    """Whether two roles may be one party: one the other's start (被告 of 被告人), or
    roles of different pairings (男方 may be the 被告)."""
    return a.startswith(b) or b.startswith(a) or (a in _SPOUSES) != (b in _SPOUSES)


def _others(asked: tuple[frozenset[str], frozenset[str]],
            said: tuple[frozenset[str], frozenset[str]],
            question: tuple[frozenset[str], frozenset[str]]) -> bool:
    """Whether the parties ``said`` are others than the ``asked`` ones: of the same kind
    (names against names; roles against roles when the question names no one), none
    may be the asked party, and one is no party the ``question`` names at all."""
    names, roles = asked
    said_names, said_roles = said
    if names and said_names:
        if any(_same_name(a, b) for a in names for b in said_names):
            return False
        return any(not any(_same_name(s, q) for q in question[0]) for s in said_names)
    if roles and said_roles and not names:
        if any(_same_role(a, b) for a in roles for b in said_roles):
            return False
        return any(not any(_same_role(s, q) for q in question[1]) for s in said_roles)
    return False


def _predicate_chars(question: str, names: frozenset[str]) -> frozenset[str]:
    """The characters of what a yes/no question asks (after its mark), without the
    parties it names, the setting of the act (在事故中) and function characters."""
    mark = ZH_YESNO_MARK.search(question)
    asked = _SETTING.sub("", question[mark.end():] if mark is not None else "")
    for name in names | {m.group() for m in _NAME.finditer(asked)}:
        asked = asked.replace(name, "")
    asked = _ROLES.sub("", asked)
    return frozenset(ch for ch in asked if "\u4e00" <= ch <= "\u9fff" and ch not in _FUNCTION)


def _anchor(clause: str, chars: frozenset[str], names: frozenset[str]) -> int | None:
    """Where ``clause`` first says a character of what is asked (outside names and
    roles), or None."""
    masked = _ROLES.sub(lambda m: "\0" * len(m.group()), clause)
    for m in _NAME.finditer(clause):
        masked = masked[:m.start()] + "\0" * (m.end() - m.start()) + masked[m.end():]
    for name in names:
        masked = masked.replace(name, "\0" * len(name))
    return next((k for k, ch in enumerate(masked) if ch in chars), None)


def done_by_another(question: str, clause: str) -> bool:
    """Whether ``clause`` says what a Chinese yes/no question asks (its first character of
    the predicate) of parties other than the one asked: the parties named before it in
    its own clause are others of the same kind (names against names, roles against
    roles) and none is the one asked, nor named elsewhere in the question.
    "张某甲、王某甲持西瓜刀……连砍数刀" of 陈1某富是否持刀砍人？, "被告再婚" of 原告是否再婚？,
    "原告马x0负事故全部责任" of 贾x9是否需要承担事故责任？. False when the clause names no
    party before it (a subject said earlier), says nothing asked, or the question asks
    of no party."""
    names, roles = asked_parties(question)
    if not names and not roles:
        return False
    at = _anchor(clause, _predicate_chars(question, names), names)
    if at is None:
        return False
    start = max((m.end() for m in _EDGE.finditer(clause, 0, at)), default=0)
    return _others((names, roles), _parties(clause[start:at], names),
                   _parties(question, names))


def said_of_another(question: str, sentence: str, start: int, end: int) -> bool:
    """Whether the deciding clause ``sentence[start:end]`` is no answer about the party a
    Chinese yes/no question asks of: it says the act of another (``done_by_another``);
    or its sentence says the act of another while the clause says nothing asked ("在被告
    人陈1某富的指认下" of "……，张某甲、王某甲持西瓜刀……连砍数刀", for 陈1某富是否持刀砍
    人？) or names only others ("当场从被告人潘某某身上缴获尖刀一把" beside "后被告人
    潘某某、吕某被民警抓获", for 阿华是否被当场抓获？)."""
    clause = sentence[start:end]
    if done_by_another(question, clause) or carried_by_another(question, sentence, start, end):
        return True
    edges = [0, *(m.end() for m in _EDGE.finditer(sentence)), len(sentence)]
    if not any(done_by_another(question, sentence[a:b]) for a, b in itertools.pairwise(edges)):
        return False
    names, roles = asked_parties(question)
    if _anchor(clause, _predicate_chars(question, names), names) is None:
        return True
    return _others((names, roles), _parties(clause, names), _parties(question, names))


def carried_by_another(question: str, sentence: str, start: int, end: int) -> bool:
    """Whether the deciding clause ``sentence[start:end]`` says what a Chinese yes/no
    question asks with no party before it in its own clause, and the subject it carries
    (the parties of the nearest clause before that names any) are others: "由曾某妹向参赌
    人员提供扑克牌……，负责派牌和抽水，由黄某贵和黄某亮负责看风" says 曾某妹 deals, not 黄某贵
    (黄某贵是否负责派牌？ was "是，负责派牌和抽水，由黄某贵……", the seventeenth trial)."""
    names, roles = asked_parties(question)
    if not names and not roles:
        return False
    # (Where the clause says the predicate's last word: 负责派牌 and 负责看风 share 负责.)
    mark = ZH_YESNO_MARK.search(question)
    tail = re.sub(r"[^\u4e00-\u9fff]|[吗呢了]+$", "", question[mark.end():] if mark else "")
    at = sentence.find(tail[-2:], start, end) if len(tail) >= 2 else -1
    if at < 0:
        return False
    edges = [m.end() for m in _EDGE.finditer(sentence, 0, at)]
    own = max(edges, default=0)
    if _parties(sentence[own:at], names) != (frozenset(), frozenset()):
        return False
    for a, b in itertools.pairwise([0, *edges][::-1]):
        carried = _parties(sentence[b:a], names)
        if carried != (frozenset(), frozenset()):
            return _others((names, roles), carried, _parties(question, names))
    return False


def claimed_by_another(question: str, sentence: str, start: int) -> bool:
    """Whether the clause at ``start`` of ``sentence`` lies within what a party other than
    the one a Chinese yes/no question asks about claims or demands (称, 主张, 要求 ... up to
    ``_CLAIM_REACH`` characters before it, with no finding between): "原告诉称被告不关心
    儿子……导致儿子见到原告不敢讲话" is no finding on 被告是否可以探望儿子？. A
    party's own statement (原告称，其自己没有房屋, for 原告名下是否有房屋？) is read as said;
    so is a clause after a claim whose claimant is not named, or a question asking what
    someone claims, or whose claimant may be the one asked (a name against a role:
    "故林某拒绝支付赔偿款" after "林某认为……", for 被告是否拒绝支付赔偿？)."""
    names, roles = asked_parties(question)
    if (not names and not roles) or _CLAIM.search(question):
        return False
    claims = [m for m in _CLAIM.finditer(sentence, max(0, start - _CLAIM_REACH), start)
              if not _FINDING.search(sentence, m.end(), start)]
    if not claims:
        return False
    claim = claims[-1]
    lead = sentence[max(0, claim.start() - _CLAIMANT_REACH):claim.start()]
    lead = lead[max((m.end() for m in _EDGE.finditer(lead)), default=0):]
    return _others((names, roles), _parties(lead, names), (names, roles))


def bearing_negations(question: str, clause: str) -> str:
    """``clause`` without the negations that bear on nothing a Chinese yes/no question
    asks: a negation counts only when its own clause says a character of the predicate
    ("原告未再婚", "(产权证未办)"; not "被告无需支付抚养费坐落于……一处房屋" for 房子是否有
    产权证, nor "无视国家法律" for 是否构成重婚罪; 不予 of a decision always counts). Each
    dropped negation, and each word only looking like one (无视), becomes "·"."""
    names, _ = asked_parties(question)
    return negations_bearing_on(_predicate_chars(question, names), clause)


def negations_bearing_on(chars: frozenset[str], clause: str) -> str:
    """``clause`` without the negations whose own clause says none of ``chars`` (the
    characters of what a yes/no question asks: ``bearing_negations``), each dropped
    negation, and each word only looking like one, as "·"; ``clause`` itself when
    ``chars`` is empty."""
    if not chars:
        return clause
    cleaned = _NOT_NEGATION.sub(lambda m: "·" * len(m.group()), clause)
    out = list(cleaned)
    for m in _NEGATION.finditer(cleaned):
        if clause.startswith("予", m.end()):
            continue  # 不予支持, 不予受理: a decision, read as one
        edge = _BEARING_EDGE.search(clause, m.end())
        start = max((e.end() for e in _BEARING_EDGE.finditer(clause, 0, m.start())),
                    default=0)
        own = clause[start:edge.start() if edge is not None else len(clause)]
        if not any(ch in chars for ch in own):
            out[m.start():m.end()] = "·" * (m.end() - m.start())
    return "".join(out)


def unnamed_in_english(question: str, texts: Sequence[str]) -> bool:
    """Whether English ``texts`` (a document's retrieved sentences) never name the person a
    Chinese yes/no question asks about: an anonymised name (谭某3) no English text writes,
    a real one (单平基) as no text spells it ("Shan Pingji"). "谭某3是否同意管某的要求？"
    was "是，creatively propose a compensation lawsuit with court support" (the
    fourteenth new-user trial). False when the question names no one."""
    names, _ = asked_parties(question)
    if not names:
        return False
    return not any(not _NAME.fullmatch(name) and any(written_name(name, t) for t in texts)
                   for name in names)


def names_only_others(question: str, sentence: str) -> bool:
    """Whether a Chinese deciding ``sentence`` names people but never the one a Chinese
    yes/no question asks about by name: "被告人杨1某曾因犯强奸罪……被本院判处有期徒刑三年"
    (another judgment's defendant) decides nothing of 被告人钟某是否被判处罚金？, nor "沈x3
    作为保证人……" of 金x2是否是保证人？ (both "是" in the sixteenth new-user trial). False
    when the question names no one, or the sentence names no one (its subject said
    before it)."""
    names, _ = asked_parties(question)
    if not names:
        return False
    said, _ = _parties(sentence, names)
    return bool(said) and not any(_same_name(a, b) for a in names for b in said)


#: Words of a predicate that name no asked thing: the yes/no frame and modal verbs.
_LIGHT = frozenset("需要 必须 应当 应该 可以 能够 是否 有无 进行 存在 具有".split())


def asked_thing(question: str) -> str:
    """The last content word of what a Chinese yes/no question asks (after its mark):
    "人民检察院提起公益诉讼是否需要缴纳诉讼费？": 诉讼费, "人民检察院是否可以向上一级人民法院
    提起上诉？": 上诉; "" when it has none."""
    mark = ZH_YESNO_MARK.search(question)
    if mark is None:
        return ""
    words = [w for w, _ in _tagger()(question[mark.end():])
             if len(w) > 1 and w not in _LIGHT and re.fullmatch(r"[\u4e00-\u9fff]+", w)]
    return words[-1] if words else ""
