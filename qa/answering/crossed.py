"""English words said by a Chinese sentence, through the dictionary's senses of its words.

An English yes/no question over a Chinese judgment ("Did Zhong drive after drinking?" of
"被告人钟某饮酒后驾驶……") asks a verb and the words after it that the judgment says in
Chinese. The English-to-Chinese direction of the dictionary (``qa.translation``) misses
many of them: "drink" is 喝酒 and 饮料 there, never 饮酒, whose only sense is "drink wine".
Read the other way, every Chinese word of the sentence brings its own senses, and a word
whose sense holds the English word says it (饮酒: drink; 驾驶: drive; 受伤: "sustain
injuries", said by "injured"). Pure functions over the texts; the dictionary (CC-CEDICT)
loads on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from index.text import is_chinese
from qa.answering.candidates import Candidate
from qa.answering.spans import SET_FORMS
from qa.answering.terms import stem
from qa.answering.vocabulary import says
from qa.translation import english_senses

#: Chinese words of up to this many characters are looked up in the sentence.
_LONGEST_WORD = 4
#: Letters two stems share before one is read as the other's root (injur, injuri).
_ROOT = 5
#: English kinds a Chinese sentence says by naming a thing of that kind in its set form
#: (``spans.SET_FORMS``: 水果刀 is a weapon, 轿车 a vehicle).
_NAMED_BY_VALUE = ("weapon", "vehicle")


#: Past forms of English verbs no stem reaches, read as the verb a dictionary sense
#: gives ("Who kept watch?": 望风 is "keep watch").
_IRREGULAR_PAST = {
    "kept": "keep", "stole": "steal", "took": "take", "taken": "take", "gave": "give",
    "given": "give", "drove": "drive", "driven": "drive", "struck": "strike",
    "fled": "flee", "sold": "sell", "bought": "buy", "paid": "pay", "bore": "bear",
    "borne": "bear", "caught": "catch", "held": "hold", "threw": "throw",
    "thrown": "throw", "broke": "break", "broken": "break", "beaten": "beat",
    "sent": "send", "spent": "spend", "lent": "lend", "lost": "lose", "fought": "fight",
    "hid": "hide", "hidden": "hide", "ran": "run", "wrote": "write", "written": "write",
}


@lru_cache(maxsize=4096)
def _sense_stems(text: str) -> frozenset[str]:
    """The stems of the English senses of every dictionary word of a Chinese ``text``
    (each run of two to ``_LONGEST_WORD`` characters the dictionary knows)."""
    out: set[str] = set()
    for size in range(2, _LONGEST_WORD + 1):
        for at in range(len(text) - size + 1):
            word = text[at:at + size]
            if is_chinese(word):
                out |= {stem(w.lower()) for w in english_senses(word)}
    return frozenset(out)


def _same_root(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= _ROOT and (a.startswith(b) or b.startswith(a)))


def says_english(words: frozenset[str], text: str, *, near: bool = True) -> bool:
    """Whether ``text`` says one of ``words`` (``vocabulary.says``), or, for a Chinese
    ``text``, holds a word one of whose dictionary senses is one of the English
    ``words`` or shares its root ("Did Zhong drive after drinking?": 驾驶 says drive, 饮酒
    drinking; 受伤 says injured)."""
    if says(words, text, near=near):
        return True
    english = [stem(_IRREGULAR_PAST.get(w.lower(), w.lower())) for w in words if w.isascii()]
    if not english or not is_chinese(text):
        return False
    senses = _sense_stems(text)
    return any(_same_root(w, s) for w in english for s in senses)


def said_by_senses(word: str, text: str) -> bool:
    """Whether a Chinese ``text`` holds a word one of whose dictionary senses is the
    English ``word`` (a question's term, lower case), stem for stem (not a word sharing
    its root, as ``says_english`` reads a yes/no's verb: "guests" is no 宾馆): "injure" of
    "管某掏出随身携带的水果刀将谭某2腹部、左前臂杀伤" (杀伤: kill, injure), which
    ``qa.translation`` gives as 伤害, 损伤 ... only; or, for a kind of ``_NAMED_BY_VALUE``,
    that names a thing of that kind ("weapon": 水果刀). A phrase or a non-word ("tan
    x2", a name) is not read."""
    if not (word.isascii() and word.isalpha() and len(word) >= _ROOT) or not is_chinese(text):
        return False
    if word in _NAMED_BY_VALUE:
        # "weapon" of a sentence naming the 水果刀 used ("What weapon was used to injure
        # Tan x2?"): a judgment names the thing, rarely its kind.
        return SET_FORMS[word].search(text) is not None
    # (The very word, not one of its root: "guests" is no 宾馆, "guesthouse".)
    return stem(word) in _sense_stems(text)


#: Share of its support a sentence keeps when it names none of the parties asked about
#: while another sentence of its judgment does (extractive's _UNNAMED_HEAD).
_UNNAMED_PARTY = 0.5


def party_factors(found: Sequence[Candidate], among: Sequence[int],
                  names: Sequence[Sequence[str]]) -> dict[int, float]:
    """What the parties an English question names in pinyin (``names``: each party's
    Chinese forms, ``qa.translation.pinyin_names``) leave of the support of the
    sentences ``among`` (indices into ``found``): 0 in a judgment writing fewer of them
    than another does (another case's party: "What was the blood alcohol content of
    Yang 1?" is not 钟某's 183.7mg/100mL; "Where did Li Yimou stab Fan?" not another
    judgment's 范某's place), ``_UNNAMED_PARTY`` for a sentence of a judgment writing most
    of them that names none ("... Zhang x1 agree to pay ... for Zhang x6's living
    expenses?" is answered by 支付张x6的生活费800元, which calls 张x1 被告). Sentences not
    listed keep theirs; {} when no sentence names any of them."""
    naming = [{i for i in among if any(f in found[i].text for f in forms)} for forms in names]
    counts: dict[str, int] = {}
    for i in among:
        doc = found[i].doc_id
        counts[doc] = sum(any(found[j].doc_id == doc for j in named) for named in naming)
    most = max(counts.values(), default=0)
    if not most:
        return {}
    named_any = set().union(*naming)
    return {i: 0.0 if counts[found[i].doc_id] < most else _UNNAMED_PARTY
            for i in among if counts[found[i].doc_id] < most or i not in named_any}


def surnamed(texts: Sequence[str], forms: Sequence[str]) -> bool:
    """Whether one of the Chinese ``texts`` holds the surname of one of a pinyin name's
    anonymised ``forms`` (``qa.translation.anonymized_names``: 刘某, 陆某 ... for "Liu"):
    judgments that name no 刘, 陆 ... at all say nothing of "Liu", however they write
    his given name (王x3, 王某某)."""
    return any(form[0] in text for form in forms for text in texts)


def not_values(words: str, kind: str) -> str:
    """``words`` (a question's translation, space-separated) without those that are
    whole values of the asked set-form ``kind``: "injury" translates to 轻伤 and 重伤 too
    (the legal thesaurus lists the kinds of an injury), and a value the question seems to
    say is no answer to it ("How serious was Huang's injury?" was 致黄受伤, not 轻伤)."""
    pattern = SET_FORMS.get(kind)
    if pattern is None:
        return words
    return " ".join(w for w in words.split() if pattern.fullmatch(w) is None)
