"""The negations of a Chinese clause that bear on what an English yes/no question asks.

"Did Zhu 0 give up his right of visitation?" is decided by "朱0不负担子女抚养费且放弃探望权":
the 不 of 不负担 (he pays no child support) says nothing of 放弃探望权, yet it answered
"No" (the new-user trial). A Chinese question reaches ``zh_yesno.bearing_negations``,
which counts a negation only where its own clause says a character of the question's
predicate. An English question's predicate is read in Chinese through its dictionary
translation (``qa.translation``): the characters of its words' translations, without the
names it gives in pinyin, function characters, and the negations a translation may hold
(不错 is one sense of "right"). Pure functions.
"""

from __future__ import annotations

from qa.answering.zh_yesno import negations_bearing_on
from qa.translation import pinyin_names, translate_query

#: Characters that say nothing of what is asked: function words, and the negations a
#: translation holds (不错 "right", 无论 "no matter").
_SILENT = frozenset("的了在和与及被把将对向之是有否也都已于为其该本案要能可以不未没无非")


def asked_characters(question: str) -> frozenset[str]:
    """The Chinese characters of what an English ``question`` asks: those of its
    dictionary translation's words, without its pinyin names' forms and ``_SILENT``
    ones; empty when the dictionary knows none of its words."""
    translation = translate_query(question)
    if translation is None or not translation.chinese:
        return frozenset()
    named = {words for words, _ in pinyin_names(question)}
    return frozenset(ch for words, forms in translation.groups if words not in named
                     for form in forms for ch in form
                     if "\u4e00" <= ch <= "\u9fff" and ch not in _SILENT)


def bearing_negations(question: str, clause: str) -> str:
    """``clause`` (Chinese) without the negations bearing on nothing the English
    ``question`` asks, each as "·" (``zh_yesno.negations_bearing_on``)."""
    return negations_bearing_on(asked_characters(question), clause)
