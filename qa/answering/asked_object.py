"""The verb whose object a question asks for, and the kind of thing it asks: "What threat
did the procuratorial organs discover?" asks what follows "discover" and names a threat;
its Chinese twin 检察机关发现了什么威胁？ asks the same of an English sentence through the
dictionary's senses of 发现 (find, discover) and 威胁 (threaten, menace).

``pick.verb_object`` reads the object in the sentence; these are the question's side, pure
functions over its text (the dictionary, CC-CEDICT through ``qa.translation``, loads on
first use).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from qa.translation import english_senses

__all__ = ["chinese_object_verb", "names_asked", "without_head"]

# "What threat did ...?": one noun between "what" and the auxiliary. ("What kind of
# lawsuit ...", "what two things ..." are read elsewhere.)
_WHAT_HEAD = re.compile(r"^(\s*what)\s+([a-z]+)\s+(?=(?:do|does|did|will|would|can|could|may|"
                        r"might|should|must|shall)\s)", re.IGNORECASE)
# Words between "what" and the auxiliary that are no head: "what else did ...".
_NOT_HEADS = frozenset("else exactly specifically then".split())
# 检察机关发现了什么威胁？: the verb right before (了)什么, the head after it.
_ZH_VERB_WHAT = re.compile(r"([\u4e00-\u9fff]{2,4}?)了?(?:什么|哪些|何种)([\u4e00-\u9fff]{0,4}?)"
                           r"[？?。]?\s*$")
# A Chinese verb's dictionary word is at most this long.
_LONGEST_VERB = 4
# Letters two stems share before one is read as the other's root (threat, threaten).
_ROOT = 5


def without_head(question: str) -> tuple[str, str]:
    """An English "what X <aux> ... <verb>?" question without its head noun X, and X
    (lower case): ("What did the procuratorial organs discover?", "threat") for "What
    threat did the procuratorial organs discover?"; (question, "") for other questions."""
    m = _WHAT_HEAD.match(question)
    if m is None or m.group(2).lower() in _NOT_HEADS:
        return question, ""
    return question[:m.start(2)] + question[m.end(2) + 1:], m.group(2).lower()


def _senses(word: str) -> frozenset[str]:
    """The one-word English senses of a Chinese ``word``, lower case."""
    return frozenset(s.lower() for s in english_senses(word) if s.isalpha())


def chinese_object_verb(question: str) -> tuple[frozenset[str], frozenset[str]]:
    """The English senses of the verb a Chinese "…<verb>了什么X？" question asks the object
    of, and of its head X: ({find, discover}, {threaten, menace}) for 检察机关发现了什么
    威胁？. The verb is the longest dictionary word (up to ``_LONGEST_VERB`` characters)
    ending right before 了什么/什么/哪些/何种; (frozenset(), frozenset()) when the question
    has no such form or the dictionary knows no verb there."""
    m = _ZH_VERB_WHAT.search(question)
    if m is None:
        return frozenset(), frozenset()
    before = question[:m.end(1)]
    verbs: frozenset[str] = frozenset()
    for size in range(min(_LONGEST_VERB, len(before)), 1, -1):
        verbs = _senses(before[-size:])
        if verbs:
            break
    head = m.group(2)
    return verbs, (_senses(head) if head else frozenset())


def names_asked(text: str, heads: frozenset[str], stem: Callable[[str], str]) -> bool:
    """Whether ``text`` holds a word whose stem is a head's, or shares its root with one
    (``_ROOT`` letters: "threat" of "threaten"); True when no head is asked."""
    if not heads:
        return True
    wanted = {stem(h) for h in heads}
    for word in re.findall(r"[A-Za-z]+", text):
        w = stem(word.lower())
        if any(w == h or (min(len(w), len(h)) >= _ROOT and (w.startswith(h) or h.startswith(w)))
               for h in wanted):
            return True
    return False
