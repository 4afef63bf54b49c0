"""States and offences a Chinese yes/no question may ask of a party that a judgment says
in few words (醉酒, 无证, 逃逸): one never saying any of them says neither yes nor no.

"史东宾是否醉酒驾驶？" of a judgment that never says 醉酒, 酒 or 乙醇 was answered 是 from a
clause about the collision (the eighteenth new-user trial): its other words (史东宾, 驾驶)
are all said. A yes/no whose predicate is such a state, none of whose words the judgment
holds, is refused. Narrower than "any predicate word unsaid" (which cost cjrc-dev --scope
doc token F1 0.654 -> 0.572: judgments say most acts in other words). Pure functions.
"""

from __future__ import annotations

from collections.abc import Sequence

#: Each state: the words a question asks it by, and the words a judgment says it by (a
#: judgment giving a blood alcohol figure says 乙醇 or 酒精, not 醉酒).
_STATES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("醉酒", "醉驾", "酒驾", "酒后", "饮酒"), ("醉", "酒", "乙醇")),
    (("无证", "无驾驶证", "无驾照"), ("无证", "驾驶证", "驾照", "驾驶资格")),
    (("逃逸",), ("逃逸", "逃离", "驶离")),
    (("超速",), ("超速", "限速", "车速")),
    (("超载",), ("超载", "超员", "核载", "载质量")),
    (("毒驾", "吸毒"), ("毒",)),
)


def unsaid_state(question: str, texts: Sequence[str]) -> bool:
    """Whether ``question`` asks of a state (``_STATES``: 醉酒, 无证, 逃逸, 超速, 超载, 吸毒)
    that none of ``texts`` (one judgment's sentences) says in any of its words."""
    return any(any(w in question for w in asked) and not any(w in t for t in texts for w in said)
               for asked, said in _STATES)
