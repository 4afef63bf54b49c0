"""An English "what (kind of) X" asked of a Chinese sentence: the phrase naming X through
its dictionary translation, cut at jieba's words (qa.answering.zh_headed).

Over the real extractive answerer (bundled embedder): "What kind of notice must a venue
put up …?" of 个人信息保护法 第二十六条 was the whole article (mixed-19, the twentieth
session), and before that a clause of it, 应当为维护公共安全所必需.
"""

from __future__ import annotations

import asking
import pytest

from qa.answering.extractive import ExtractiveAnswerer
from qa.answering.zh_headed import chinese_headed

ARTICLE_26 = ("第二十六条 在公共场所安装图像采集、个人身份识别设备，应当为维护公共安全所必需，"
              "遵守国家有关规定，并设置显著的提示标识。")


def test_the_phrase_naming_the_asked_thing(answerer: ExtractiveAnswerer) -> None:
    question = ("What kind of notice must a venue put up where it installs facial image "
                "collection devices in a public place?")
    assert asking.ask(answerer, question, ARTICLE_26)[0] == "显著的提示标识 [1]"


@pytest.mark.parametrize(("sentence", "head", "phrase"), [
    (ARTICLE_26, "notice", "显著的提示标识"),
    # No 的 before the translation: nothing marks where its modifiers begin.
    ("并设置提示标识。", "notice", None),
    # The translation absent: another thing is named.
    (ARTICLE_26, "vehicle", None),
])
def test_chinese_headed(sentence: str, head: str, phrase: str | None) -> None:
    found = chinese_headed(sentence, head)
    assert (sentence[found[0]:found[1]] if found else None) == phrase
