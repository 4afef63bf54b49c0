"""Text folding shared by the keyword index and the answerer: one place decides what
"the same text" means (Unicode compatibility forms, traditional against simplified
Chinese) and how Chinese a text is.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_CJK_CHAR = re.compile(rf"[{_CJK}]")
_WORD_LETTERS = re.compile(r"[^\W\d_]{3,}")
#: Above this share of Chinese (see ``cjk_fraction``) a text is treated as Chinese: its
#: keyword terms are words, answers are judged lexically with the Chinese threshold.
CHINESE_SHARE = 0.5


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """``text`` in Unicode NFKC with traditional Chinese characters made simplified.

    Full-width letters and digits become ASCII ("ＡＢＣ１" -> "ABC1"), ligatures and
    compatibility ideographs their plain forms, "個人資訊" -> "个人资讯". Case is kept.
    The result may differ in length from ``text``: use it for matching, never for offsets.
    """
    if not text:
        return text
    text = unicodedata.normalize("NFKC", text)
    if not _CJK_CHAR.search(text):
        return text
    return str(_t2s().convert(text))


def cjk_count(text: str) -> int:
    """How many CJK ideographs ``text`` holds (the characters ``index.keyword.is_cjk_run``
    accepts)."""
    return len(_CJK_CHAR.findall(text))


@lru_cache(maxsize=8192)
def cjk_fraction(text: str) -> float:
    """Share of the text's language that is Chinese: CJK ideographs against the letters of
    words of three letters or more (0.0 when there is neither).

    Digits and short tokens do not count: "张x1" and "马62" (anonymised names in Chinese
    judgments) are Chinese text, not English.
    """
    cjk = len(_CJK_CHAR.findall(text))
    latin = sum(len(w) for w in _WORD_LETTERS.findall(_CJK_CHAR.sub(" ", text)))
    if cjk + latin == 0:
        return 0.0
    return cjk / (cjk + latin)


def is_chinese(text: str) -> bool:
    """Whether ``text`` is mostly Chinese (``cjk_fraction`` above ``CHINESE_SHARE``)."""
    return cjk_fraction(text) > CHINESE_SHARE
