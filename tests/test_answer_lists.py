"""Questions asking for several values get all of them (``qa.answering.lists``).

The sentences are the sixteenth new-user trial's (issue 10, family F5, "lists and
multi-value answers cut short") and cjrc-dev's: each answer was the first value of
several, a clause without the names, or a list cut at its first item.
"""

from __future__ import annotations

from asking import ask

from index.chunking import whole_edges
from qa.answering.extractive import ExtractiveAnswerer
from qa.answering.lists import enumerated, list_end, list_start, total
from qa.citations import check_citations
from qa.models import Hit

BIRTHS = ("经审理查明,原、被告原7夫妻,2001年1月生育一女名潘甲,2007年1月生育一子名潘乙2012年8月"
          "经法院判决离婚,女儿潘甲随原告共同生活,儿子潘乙随被告共同生活")
GUARANTORS = ("根据所认定的证据以及当事人的陈述,本院确认本案事实如下:2014年9月20日,"
              "顾x7向原告沈x0签订借款协议一份,双方约定:顾x7向原告借款500000元,借款期限10天,于2014年9月29日前还清;"
              "顾x7必须于上述期限内还清借款,如逾期归还加收每日逾期违约金5%,顾x7不得以利息过高于损失"
              "而对该利息比例提出异议被告金x2、沈x3作为保证人在借款协议担保方落款处签名并捺印,同时借款"
              "协议中约定:如顾x7到期未按约定还款,所欠借款及利息由担保人承担连带清偿责任同日,原告将借款"
              "交付给顾x7借款到期后,顾x7未及时归还借款,被告沈x3代其偿还了250000元,尚余250000元未偿还")
FEES = "事后，被告人刘某分别收受吴某某、王某某给予的好处费4000元、6000元。"
HEIRS = ("2015年1月24日,赵x15向原告赵x0出具借条一份,载明向原告借款人民币200000元赵x15于2015年"
         "4月18日去世被告赵x2与赵x15于××××年××月××日登记结婚,被告杨6系赵x15之母,被告赵x3系赵x15"
         "之女,三被告均系赵x15第一顺序继承人另查明,赵x15名下有农村房屋一处,现由被告赵x2居住、管理")
CAMERAS = ("第二十六条 在公共场所安装图像采集、个人身份识别设备，应当为维护公共安全所必需，"
           "遵守国家有关规定，并设置显著的提示标识。")
MEANS = ("By initiating civil public interest litigation, the procuratorial organs not only hold "
         "the infringer legally responsible and protect the personal information security of "
         "citizens, but also achieve comprehensive maintenance of public interests and improve "
         "the level of national governance through warning education, public welfare "
         "publicity, volunteer services, and payment of public interest damage compensation.")


def test_each_named_party_gets_its_own_date(answerer: ExtractiveAnswerer) -> None:
    # (Was "2007年1月" alone: 潘乙's date, not 潘甲's.)
    answer, _ = ask(answerer, "潘甲和潘乙是什么时候出生的？", BIRTHS)
    assert answer == "2001年1月 [1]; 2007年1月 [2]"


def _split_at_list(text: str, cut: int) -> list[Hit]:
    """The two passages a chunker cutting ``text`` at ``cut`` gives, each reaching past
    its chunk to the clause edges (as ``index.sqlite_docs`` stores them)."""
    hits = []
    for n, (low, high) in enumerate([(cut, len(text)), (0, cut)], start=1):
        first, last = whole_edges(text, low, high)
        hits.append(Hit(n, "cjrc-dev-87", "借款", text[first:last], first, last, 1.0 / n,
                        0.5, chunk=(low, high)))
    return hits


def test_a_chunk_cut_inside_a_name_list_is_read_over(answerer: ExtractiveAnswerer) -> None:
    # The chunker cuts an unpunctuated judgment at 、 too: 被告金x2、|沈x3作为保证人 (was
    # "沈x3").
    cut = GUARANTORS.index("沈x3作为保证人")
    assert GUARANTORS[cut - 1] == "、"
    hits = _split_at_list(GUARANTORS, cut)
    draft = answerer.compose("哪些人作为保证人签名？", hits)
    check_citations(draft.citations, hits)
    assert draft.answer == "金x2、沈x3 [1]"


def test_a_yes_no_is_read_over_the_cut_list(answerer: ExtractiveAnswerer) -> None:
    # (Was "是" from a sentence not naming 金x2 (the trial's X8); read back over the whole
    # clause, "否" from 顾x7不得….)
    hits = _split_at_list(GUARANTORS, GUARANTORS.index("沈x3作为保证人"))
    draft = answerer.compose("金x2是否是保证人？", hits)
    assert draft.answer.startswith("是，被告金x2、沈x3作为保证人")


def test_list_edges_move_over_the_items() -> None:
    text = "提出异议被告金x2、沈x3作为保证人,同时"
    cut = text.index("沈x3")
    # (From the role naming the first item; not back over the clause's other words, whose
    # negation, 顾x7不得…提出异议, turned 金x2是否是保证人？ into 否.)
    assert list_start(text, cut) == text.index("被告")
    assert list_end(text, cut) == text.index("作为")
    assert list_start(text, 2) == 2  # not after a 、
    paid = "被告未支付抚养费2013年10月至12月、2015年7月、2016年5月至6月,原告"
    cut = paid.index("2015年")
    assert paid[list_start(paid, cut):list_end(paid, cut)] \
        == "2013年10月至12月、2015年7月、2016年5月至6月"  # each item whole


def test_an_enumerated_amount_comes_whole(answerer: ExtractiveAnswerer) -> None:
    # (Was "4000元", the first of the two sums 刘某 received.)
    assert ask(answerer, "刘某收受了多少好处费？", FEES)[0] == "4000元、6000元 [1]"
    assert ask(answerer, "How much did Liu receive as benefit fees?", FEES)[0] \
        == "4000元、6000元 [1]"


def test_in_all_sums_the_amounts(answerer: ExtractiveAnswerer) -> None:
    assert ask(answerer, "刘某一共收受了多少好处费？", FEES)[0] == "共10000元：4000元、6000元 [1]"


def test_a_total_needs_one_unit() -> None:
    assert total("一共多少？", ["4000元、6000元"]) == "10000元"
    assert total("一共多少？", ["1.5万元、5000元"]) == "20000元"
    assert total("一共多少？", ["4000元、3辆"]) is None
    assert total("多少？", ["4000元、6000元"]) is None


def test_who_gets_every_name_of_the_list(answerer: ExtractiveAnswerer) -> None:
    # cjrc-dev-513_3 (gold 吴某某、王某某; was 王某某).
    assert ask(answerer, "谁给了刘某好处费？", FEES)[0] == "吴某某、王某某 [1]"


def test_a_collective_subject_names_its_parties(answerer: ExtractiveAnswerer) -> None:
    # (Was "三被告均系赵x15第一顺序继承人另查明,赵x15名下有农村房屋一处", no name.)
    answer, _ = ask(answerer, "赵x15的第一顺序继承人有哪些？", HEIRS)
    assert answer == "赵x2 [1]; 杨6 [2]; 赵x3 [3]"


def test_conditions_run_over_the_coordinated_duties(answerer: ExtractiveAnswerer) -> None:
    # (Was the article's first clause: one condition of three.)
    answer, _ = ask(answerer, "在公共场所安装图像采集设备应当满足什么条件？", CAMERAS)
    assert answer == "应当为维护公共安全所必需，遵守国家有关规定，并设置显著的提示标识 [1]"


def test_a_phrase_is_not_cut_inside_its_enumeration(answerer: ExtractiveAnswerer) -> None:
    # (Was cut after "through warning education", the first means of four.)
    answer, _ = ask(answerer, "How did the procuratorial organs achieve comprehensive "
                              "maintenance of public interests?", MEANS)
    assert answer.endswith("through warning education, public welfare publicity, volunteer "
                           "services, and payment of public interest damage compensation [1]")


def test_only_a_list_of_values_is_read_over() -> None:
    # "原、被告" abbreviates two roles, "躲避、哭闹" lists acts: a sentence read over those
    # cuts is another sentence than the one indexed (cjrc-dev-3_5 turned 否 into 是).
    for text, word in [("存款归女方所有原、被告离婚后,被告再婚", "被告离婚"),
                       ("采取躲避、哭闹等方式拒绝跟原告走", "哭闹")]:
        cut = text.index(word)
        assert list_start(text, cut) == cut
        assert list_end(text, cut) == cut


def test_an_enumeration_is_joined_by_list_marks_only() -> None:
    def run(kind: str, sentence: str, value: str, question: str = "谁？") -> str:
        at = sentence.index(value)
        s, e = enumerated(kind, question, sentence, (at, at + len(value)))
        return sentence[s:e]
    assert run("who", "被告金x2、沈x3作为保证人", "沈x3") == "金x2、沈x3"
    # A party's role stands for the names after it.
    assert run("who", "被告金x2、沈x3作为保证人", "被告") == "金x2、沈x3"
    # A name the question gives is not asked for.
    assert run("who", "刘某、王某某殴打被害人", "王某某", "谁和刘某殴打了被害人？") == "王某某"
    # Judgments separate clauses with ",": 400元 and the total are no list (cjrc-dev-31_6).
    assert run("amount", "鉴定费400元,共计110122元", "共计110122元", "多少？") == "共计110122元"
    # (In English text a comma does join items.)
    assert run("amount", "He received 4000 yuan, 6000 yuan and 2000 yuan.", "6000 yuan",
               "How much in all?") == "4000 yuan, 6000 yuan and 2000 yuan"


SONS = ("随后，曾某妹跟随黄某亮来到顺德区伦教街道开始以夫妻关系同居生活至今，并对外公开以夫妻名义"
        "相称，于2006年2月生下大儿子黄某杰，于2012年10月生下小儿子曾某杰。")


def test_a_name_asked_of_two_parties_together_is_one(answerer: ExtractiveAnswerer) -> None:
    # (cjrc-dev-530_4: one son of both, not a name of each; was 黄某 [1]; 曾某 [2] while
    # each party's value answered whatever was picked.)
    answer, _ = ask(answerer, "被告人曾某与黄某亮第一个大儿子叫什么？", SONS)
    assert answer == "黄某杰 [1]"
