"""The Chinese phrase an English "what (kind of) X" asks for: "What kind of notice must a
venue put up …?" of "…并设置显著的提示标识。" is 显著的提示标识, X's dictionary translation
(notice: 提示) with the words modifying it before 的 and the noun it starts.

An English head is read in an English sentence by ``pick.modified_head``; a Chinese
statute names the thing in its own words, so the head is looked up through the
dictionary (``qa.translation``, CC-CEDICT reversed) and the phrase is cut at jieba's word
boundaries: one word before 的, the word holding the translation and the nouns after it up
to the clause's end (at most ``_TAIL_WORDS``). Without 的 nothing marks where the
modifiers begin, and the phrase is not read.
"""

from __future__ import annotations

from functools import lru_cache

import jieba

from index.keyword import is_cjk_run
from qa.translation import translate_query

__all__ = ["chinese_headed"]

# Words after the head's own that still belong to its noun phrase (提示 标识).
_TAIL_WORDS = 1
# Words that end a noun phrase: conjunctions and particles.
_STOPS = frozenset("的 和 与 及 以及 或 或者 等 并 并且 而 且".split())


@lru_cache(maxsize=256)
def _translations(head: str) -> tuple[str, ...]:
    """The Chinese translations of an English ``head``, two characters or more."""
    translation = translate_query(head)
    if translation is None:
        return ()
    return tuple(w for _, words in translation.groups for w in words if len(w) >= 2)


def chinese_headed(sentence: str, head: str) -> tuple[int, int] | None:
    """``(start, end)`` in a Chinese ``sentence`` of the phrase naming the English
    ``head`` (see the module docstring), or None."""
    words = _translations(head.lower())
    if not words:
        return None
    tokens = jieba.lcut(sentence)
    starts = [0]
    for token in tokens:
        starts.append(starts[-1] + len(token))
    for k, token in enumerate(tokens):
        if not any(w in token for w in words) or k < 2 or tokens[k - 1] != "的":
            continue
        modifier = tokens[k - 2]
        if not is_cjk_run(modifier) or modifier in _STOPS:
            continue
        end = k
        while end + 1 < len(tokens) and end - k < _TAIL_WORDS \
                and is_cjk_run(tokens[end + 1]) and tokens[end + 1] not in _STOPS:
            end += 1
        return starts[k - 2], starts[end + 1]
    return None
