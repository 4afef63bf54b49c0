"""A yes/no asking of a state a judgment never says in any of its words is refused
(``qa.answering.zh_states``); one it says is decided as before."""

from __future__ import annotations

import pytest
from asking import ask

from qa.answering.base import REFUSAL
from qa.answering.extractive import ExtractiveAnswerer
from qa.answering.zh_states import unsaid_state

CRASH = ("2017年9月3日19时15分,史东宾驾驶豫R×××××重型仓栅式半挂车沿福银高速公路行驶至1694公里"
         "+200米处时,与左侧车道内倪志杰驾驶的陕A×××××号小型轿车相撞后,又与前方车辆发生追尾相撞,"
         "造成三车不同程度受损,无人员受伤的交通事故经交警支队认定,史东宾承担事故全部责任")
DRUNK = ("被告人钟某饮酒后驾驶小型普通客车行驶至全南县城时被查获,经鉴定,其血液中乙醇含量为"
         "183.7mg/100mL")


def test_a_state_the_judgment_never_says_is_refused(answerer: ExtractiveAnswerer) -> None:
    # Was "是，与左侧车道内倪志杰驾驶的…相撞后" (trial18 row 48): 史东宾, 驾驶 said, 酒 never.
    assert ask(answerer, "史东宾是否醉酒驾驶？", CRASH)[0] == REFUSAL
    # A predicate the judgment says is still decided.
    assert ask(answerer, "史东宾是否承担事故全部责任？", CRASH)[0].startswith("是")


@pytest.mark.parametrize(("question", "texts", "unsaid"), [
    ("史东宾是否醉酒驾驶？", [CRASH], True),
    ("钟某是否醉酒驾驶？", [DRUNK], False),  # 饮酒, 乙醇 say it (yes or no is the answer's)
    ("史东宾是否逃逸？", [CRASH], True),
    ("史东宾是否承担事故全部责任？", [CRASH], False),  # no state asked
])
def test_the_states_asked(question: str, texts: list[str], unsaid: bool) -> None:
    assert unsaid_state(question, texts) is unsaid
