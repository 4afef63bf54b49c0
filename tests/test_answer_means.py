"""By what means: the means a sentence names in its set form answers.

The real extractive answerer (bundled embedder) over sentences of cjrc-dev's kind and the
seed's: without the rule, 被告人以何种手段实施盗窃？ was the first clause of the best
sentence ("被告人李6某、姚某经预谋盗窃"), 徐某用什么方式欺骗范某…？ "事后徐某纠集被告人王2某、
张某", and "How did the procuratorial organs protect public interests?" the whole sentence.
"""

from __future__ import annotations

from pathlib import Path

import asking
import pytest

from qa.answering.extractive import ExtractiveAnswerer
from qa.answering.means import asks_means, means

THEFT = ("被告人李6某、姚某经预谋盗窃，于2015年3月5日凌晨窜至某小区，"
         "采用撬坏车窗玻璃等手段实施盗窃，窃得现金2000元。")
FENCE = ("被告人尹某、张某窜至长兴县李家巷工业园区浙江省长兴丝绸有限公司，"
         "采用翻墙的手段进入厂区露天仓库。")
LURE = "事后徐某纠集被告人王2某、张某，通过电话编造谎言的方式欺骗范某至红公鸡串吧附近。"
SEED = ("By initiating civil public interest litigation, the procuratorial organs not only hold "
        "the infringer legally responsible and protect the personal information security of "
        "citizens, but also achieve comprehensive maintenance of public interests and improve "
        "the level of national governance through warning education, public welfare "
        "publicity, volunteer services, and payment of public interest damage compensation.")


@pytest.mark.parametrize(("question", "text", "answer"), [
    ("被告人以何种手段实施盗窃？", THEFT, "采用撬坏车窗玻璃等手段"),
    ("被告人尹某、张某是如何进入厂区露天仓库？", FENCE, "采用翻墙的手段"),
    ("徐某用什么方式欺骗范某？", LURE, "通过电话编造谎言的方式"),
    ("How did the procuratorial organs protect public interests?", SEED,
     "through warning education, public welfare publicity, volunteer services, and "
     "payment of public interest damage compensation"),
])
def test_the_means_a_sentence_names(answerer: ExtractiveAnswerer, question: str, text: str,
                                    answer: str) -> None:
    assert asking.ask(answerer, question, text)[0] == f"{answer} [1]"


@pytest.mark.parametrize(("question", "asks"), [
    ("被告人的作案手段？", True),
    ("赌场以什么方式进行赌博？", True),
    ("唐某某是如何到案的？", True),       # 如何 and a verb: a means only where one is set
    ("被告人盗窃了什么？", False),
    ("How many people were harmed?", False),
    ("How did the prosecutors handle the case?", True),
])
def test_what_asks_for_a_means(question: str, asks: bool) -> None:
    assert asks_means(question) is asks


def test_a_means_of_another_act_is_none() -> None:
    # 如何到案 is not answered by a means of entering; an English means must follow the
    # question's own words ("inform users about changes" is not "by filling in forms").
    assert means("唐某某是如何到案的？", FENCE) is None
    assert means("How does this website inform users about policy changes?",
                 "We collect information you provide by filling in forms on our site.") is None


SEED_TEXT = (Path(__file__).resolve().parents[1] / "seeds" / "000_90df5011d1b6acdd.txt"
             ).read_text(encoding="utf-8")


@pytest.mark.parametrize("question", ["检察机关通过什么方式维护公共利益？",
                                      "检察机关如何维护公共利益？"])
def test_a_chinese_question_of_english_commentary(answerer: ExtractiveAnswerer,
                                                  question: str) -> None:
    # The English means after the question's words in the dictionary's senses (维护:
    # maintain), however far below the best sentence the cross-lingual support ranks it
    # (fifth: was "demonstrating the institutional advantages of ... in safeguarding
    # public interests", the twentieth session's trial).
    paragraphs = [p for p in SEED_TEXT.split("\n") if len(p) > 200]
    assert asking.ask(answerer, question, *paragraphs)[0] == (
        "through warning education, public welfare publicity, volunteer services, and "
        "payment of public interest damage compensation [1]")


def test_the_question_words_before_an_english_means_count_once_each() -> None:
    # 维护 says "maintain" of "maintenance", 公共利益 "public" and "interest": two words
    # of the question right before "through".
    assert means("检察机关通过什么方式维护公共利益？", SEED) is not None
    # Nothing the question says stands before it: the means of another act.
    assert means("法院通过什么方式审理案件？", SEED) is None
