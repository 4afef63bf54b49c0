"""A judgment's anonymised party names, read once from all its retrieved text.

A judgment writes a party as a surname, a number or 某, and sometimes a given-name
character after it (王1某帅, 朱1某强). In one sentence that character cannot be told from
the next word ("由被告人王1某帅负责望风": is 帅 a name's or a verb's?), so a name found
there ends at 某 (谁负责望风？ was 王1某, the eighteenth new-user trial). The judgment as a
whole tells: a character that follows the name every time it is written, and at least
once before a joining mark (王1某帅、朱1某强; 王1某帅与…), is the name's. Pure functions.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from qa.answering.pick import Pick

if TYPE_CHECKING:
    from qa.answering.candidates import Candidate

#: An anonymised name's core: a surname with a number and/or 某 (王1某, 李某, 刘某1).
_CORE = re.compile(r"[\u4e00-\u9fff](?:\d{1,3}某|某\d{0,2}|某某)(?=[\u4e00-\u9fff])")
#: What may follow a whole name: punctuation, a conjunction, a copula (王1某帅系…).
_AFTER_NAME = frozenset("、，,与和及。；;：:）)系等")
#: Characters that start the next word after 某, never a given name's.
_NOT_GIVEN = frozenset("和与及、的了在被将对向等系因于为是均某甲乙丙丁")
#: Times a core must be written, at least, for its next character to be read as a name's.
_MIN_USES = 2


def name_table(texts: Iterable[str]) -> dict[str, str]:
    """Each anonymised name core of ``texts`` (one judgment's) mapped to its whole name,
    for those written with a given-name character (王1某 -> 王1某帅)."""
    following: dict[str, list[str]] = defaultdict(list)
    closed: dict[str, bool] = defaultdict(bool)
    for text in texts:
        for m in _CORE.finditer(text):
            given = text[m.end()]
            following[m.group()].append(given)
            after = text[m.end() + 1:m.end() + 2]
            closed[m.group() + given] |= after == "" or after in _AFTER_NAME
    table = {}
    for core, chars in following.items():
        given = chars[0]
        if len(chars) >= _MIN_USES and all(c == given for c in chars) \
                and given not in _NOT_GIVEN and closed[core + given]:
            table[core] = core + given
    return table


def whole_name_end(text: str, start: int, end: int, table: dict[str, str]) -> int:
    """The end of the span ``[start, end)`` of ``text`` run on over the given-name
    character of a name it ends with (``name_table``): 王1某 of 王1某帅负责望风 ends after 帅.
    ``end`` itself otherwise."""
    for core, name in table.items():
        if text.endswith(core, start, end) and text.startswith(name, end - len(core)):
            return end + len(name) - len(core)
    return end


def whole_names(found: Sequence[Candidate], chosen: Sequence[tuple[int, Pick]]
                ) -> list[tuple[int, Pick]]:
    """``chosen`` (picks of sentences of ``found``) with each pick that ends inside a name
    of its judgment run on to the name's end (``name_table`` of the judgment's retrieved
    sentences, ``whole_name_end``)."""
    tables: dict[str, dict[str, str]] = {}
    out = []
    for i, pick in chosen:
        doc = found[i].doc_id
        if doc not in tables:
            tables[doc] = name_table(c.text for c in found if c.doc_id == doc)
        end = whole_name_end(found[i].text, pick.start, pick.end, tables[doc])
        out.append((i, replace(pick, end=end)))
    return out
