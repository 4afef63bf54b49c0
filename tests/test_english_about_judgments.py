"""English questions about Chinese judgments: the anonymised parties named in pinyin, the
value a judgment states in a set form, and the judgment's own party's value.

The sentences are cjrc-dev's (../shared/datasets/cjrc-dev/corpus.jsonl); the questions
the second new-user trial's of issue 10 (its family 8: refused in English, answered in
Chinese).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from asking import ask

from index.documents import Document
from index.ingest import Indexer
from index.settings import ChunkingSettings, IndexSettings
from index.store import Store
from qa.answering.extractive import ExtractiveAnswerer, numbered_parties
from qa.answering.intent import chinese_twin, read_intent
from qa.answering.spans import amounts, dates, places
from qa.models import Hit
from qa.retrieval import Retriever
from qa.settings import RetrievalSettings
from qa.translation import anonymized_names, full_names, spells_surname, translate_query

# cjrc-dev-501 (故意伤害罪).
ATTACK = ("经审理查明：一、故意伤害被告人陈1某富于1998年6月12日21时许，在常熟市招商城假日舞厅，"
          "因琐事与被害人刘某发生矛盾而心生不快，电话纠集张某甲、王某甲（均已判刑）持械至常熟市"
          "招商城十字西路，在被告人陈1某富的指认下，张某甲、王某甲持西瓜刀冲至顺丰招待所门口对刘某"
          "进行殴打并连砍数刀，后刘某经抢救无效死亡。")
# cjrc-dev-71: another party's loan, its term first in the retrieved order.
QUAN_LOAN = ("原告吴x0诉称:权x28生前系华池县建筑安装有限责任公司股东,项目经理,以华池建司名义对外"
             "承揽建筑工程,挂靠经营其生前因承包工程资金周转需要,于2013年9月11日向我借款20万元,"
             "借款期限12个月,按季清息,并由张新庆提供担保")
# cjrc-dev-71: another party's debts, in more of the question's words (debt, amount).
QUAN_DEBTS = ("借款到期后一直延长借款期限并支付利息权x28于2014年10月17日死亡后,"
              "其法定继承人勾x2同意清偿,但因权x28生前债务数额较大,无力清偿权x28生前债权数额较多")
# cjrc-dev-41: 王x3's.
WANG_LOAN = ("贷款银行与被告王x3于同年8月4日签订《个人贷款合同》,被告王x3向贷款银行贷款44000元,"
             "贷款期限为36个月,贷款利率为年息7.35%")


@pytest.mark.parametrize(("question", "words", "first"), [
    ("What weapon was used to attack Liu?", "liu", "刘某"),
    ("How long is the loan term for Wang x3?", "wang x3", "王x3"),
    ("Did Chen 1 hold a knife?", "chen 1", "陈1"),
    ("Was Zhang a lawyer? Did Li pay?", "li", "李某"),
])
def test_an_anonymised_party_named_in_pinyin(question: str, words: str, first: str) -> None:
    names = dict(anonymized_names(question))
    assert names[words][0] == first
    # (The name is no English word to look up: "liu" is nothing else.)
    found = translate_query(question)
    assert found is not None and dict(found.groups)[words] == names[words]


@pytest.mark.parametrize("question", [
    "Who is Shan Pingji?",  # a full name: its characters are not known
    "Who are Ying Ying and Shen Chen?",
    "Liu hit whom?",  # (the first word is capitalised as the first)
    "What did the Supreme People's Procuratorate do in Guangdong?",
    "Did He pay?",  # a function word
])
def test_no_anonymised_party_where_none_is_named(question: str) -> None:
    assert anonymized_names(question) == []


def test_a_set_form_head_reads_a_chinese_sentence_as_the_chinese_twin() -> None:
    twin = chinese_twin(read_intent("What weapon was used to attack Liu?"))
    assert twin is not None and (twin.kind, twin.chinese) == ("weapon", True)
    assert chinese_twin(read_intent("What remedy was sought?")) is None
    assert chinese_twin(read_intent("刘某被什么凶器砍伤？")) is None  # already Chinese


def test_the_weapon_not_the_blows(answerer: ExtractiveAnswerer) -> None:
    # (Was refused: no word of the question in the sentence; then 连砍数刀, the blows
    # beside the translated 殴打.)
    assert ask(answerer, "What weapon was used to attack Liu?", ATTACK) == ("西瓜刀 [1]",
                                                                          "doc-1")
    assert ask(answerer, "张某甲用什么凶器砍刘某？", ATTACK) == ("西瓜刀 [1]", "doc-1")


def test_the_named_partys_value_not_another_judgments(answerer: ExtractiveAnswerer) -> None:
    # (权x28's loan term ranks first: 12个月 was the answer's to take.)
    assert ask(answerer, "How long is the loan term for Wang x3?", QUAN_LOAN, WANG_LOAN) \
        == ("36个月 [1]", "doc-2")
    assert ask(answerer, "How long is the loan term for Quan x28?", QUAN_LOAN, WANG_LOAN) \
        == ("12个月 [1]", "doc-1")
    # A sentence about another party counts at half when another names the one asked
    # about (was refused: 权x28's 债务数额较大 had the best support, and no amount).
    assert ask(answerer, "What is the amount of the debt of Wang x3?", QUAN_DEBTS, WANG_LOAN) \
        == ("44000元 [1]", "doc-2")


# cjrc-dev-41's claims and cjrc-dev-56's: numbered items, each with its sum.
CLAIMS = ("原告人保沈阳分公司向本院提出诉讼请求:1、要求被告王x3、被告董x4偿还其代偿的贷款本息"
          "41583.67元及违约金;2、被告王x3、被告董x4支付保险费23111.52元;3、被告王x3、被告董x4"
          "承担本案诉讼费用")
CLAIMS_56 = "杨x5支付逾期保费4692.4元;3.判令阮x4、杨x5支付平安财险安徽分公司律师费6900元;4.阮x4、"


@pytest.mark.parametrize(("text", "expected"), [
    (CLAIMS, ["41583.67元", "23111.52元"]),
    (CLAIMS_56, ["4692.4元", "6900元"]),
    # (A decimal is no item's number; nor a number with its unit.)
    ("支付10.5元，另付3.5万元", ["10.5元", "3.5万元"]),
])
def test_a_list_items_number_is_no_amount(text: str, expected: list[str]) -> None:
    # ("What was the loan amount of Wang x3?" was answered "2", the second claim's.)
    assert [text[s:e] for s, e in amounts(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # (cjrc-dev-41: "When did Wang x3 sign the loan contract?" was 同年8月, its day cut.)
    ("贷款银行与被告王x3于同年8月4日签订《个人贷款合同》", ["同年8月4日"]),
    ("同年9月1日还款，同月22日21时许报警，同年9月离开",
     ["同年9月1日", "同月22日21时许", "同年9月"]),
])
def test_a_date_in_the_same_year_keeps_its_day(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in dates(text)] == expected


@pytest.mark.parametrize(("question", "parties"), [
    ("邹x0赔偿陈x8多少费用？", ["邹x0", "陈x8"]),
    ("原告每月需负担婚生子郦8乙多少抚养费？", ["郦8乙"]),
    ("被告人张某1驾驶的汽车车牌号？", ["张某1"]),
    ("被告人李1某是否自首？", ["李1某"]),  # (not 李1某是)
    ("第2次犯罪在3月几日？", []),  # numbers after no surname
    # (某 names too: many judgments have a 刘某乙, but a judgment without one says nothing
    # of him.)
    ("刘某乙与刘某丙的关系为？", ["刘某乙", "刘某丙"]),
    ("被告人钟某是否被判处罚金？", ["钟某"]),
    ("被告人在某饭馆门前做了什么？", []),  # 某 after no surname
])
def test_a_party_a_judgment_numbers(question: str, parties: list[str]) -> None:
    assert numbered_parties(question) == parties


# cjrc-dev-5 (王x0 pays 1000.00元) and cjrc-dev-4 (王0 pays 10000元): two divorces.
WANG_X0 = ("经审理查明,原告王x0与被告张1原系夫妻关系,2011年3月16日生育一女王某雯2016年1月20日,"
           "原告王x0与被告张1协议离婚,约定婚生女王某雯由被告张1抚养,原告王x0每月支付1000.00元"
           "抚养费直到婚生女王某雯满十八周岁")
WANG_0 = ("经本院主持调解,双方当事人就抚养权自愿达成如下协议:婚生子王凯翔由葛x1抚养,王0从2013年"
          "1月起每月承担抚养费10000元至王翔凯独立生活之日止")


# The fifteenth session's second trial: cjrc-dev-537 (钟某's car) and cjrc-dev-538 (代某's).
ZHONG = ("经审理查明，2016年4月13日22时许，被告人钟某饮酒后驾驶车牌号为赣B×××××的小型普通客车，"
         "途经本市白云区沙太北路北二环桥底路段时被执勤民警查获。")
DAI = ("2014年11月16日1时许，行至XX路至县人民医院路口处与代某驾驶的越野车相撞，"
       "造成越野车右后车门受损")


# cjrc-dev-6 (沈x7's school) and the English seed's heading (a university).
SHEN = ("原告徐0与被告沈x2于××××年××月××日登记结婚,婚后于××××年××月××日生育一子沈x7,沈x7现在"
        "阳朔镇中心小学读二年级")
SEED_HEAD = ("Interpretation expert: Vice Dean, Professor, and Doctoral Supervisor of the Law "
             "School of Southeast University, Director of the Civil Prosecutorial Research Base")


@pytest.mark.parametrize(("question", "other", "own", "expected"), [
    # (Was "Law School of Southeast University", of the English seed, which names no
    # 沈: the seventeenth trial.)
    ("沈x7在哪所学校读书？", ("seed", SEED_HEAD), ("cjrc-dev-6", SHEN), "阳朔镇中心小学 [1]"),
    # (Was 越野车, 代某's, as the second trial found.)
    ("钟某驾驶的是什么车？", ("cjrc-dev-538", DAI), ("cjrc-dev-537", ZHONG), "小型普通客车 [1]"),
    # (Was 1000.00元, 王x0's in the other divorce, as the global cjrc-dev eval found.)
    ("双方约定王0每月支付多少抚养费", ("cjrc-dev-5", WANG_X0), ("cjrc-dev-4", WANG_0),
     "10000元 [1]"),
])
def test_an_anonymised_party_is_answered_from_a_judgment_naming_him(
        answerer: ExtractiveAnswerer, question: str, other: tuple[str, str],
        own: tuple[str, str], expected: str) -> None:
    hits = [Hit(1, other[0], "Doc 1", other[1], 0, len(other[1]), 1.0, 0.9),
            Hit(2, own[0], "Doc 2", own[1], 0, len(own[1]), 0.5, 0.5)]
    draft = answerer.compose(question, hits)
    assert (draft.answer, draft.citations[0].doc_id) == (expected, own[0])


@pytest.mark.parametrize(("text", "expected"), [
    # (The second trial: 盗窃发生在哪里？ was "个人信息处", of 个人信息处理者.)
    ("个人信息处理者应当立即采取补救措施", []),
    ("被害人拨打号码报警", []),  # (was 被害人拨打号)
    ("被告人在广州市荔湾区葵逢西滘村盗窃", ["广州市荔湾区葵逢西滘村"]),
    ("在其住处被抓获", ["其住处"]),
])
def test_a_place_ends_where_a_word_does(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in places(text)] == expected


@pytest.mark.parametrize(("name", "text", "spelled"), [
    ("林某", "Lin struck Zhang with a steel pipe.", True),
    ("王x3", "Wang x3 borrowed 44,000 yuan.", True),
    ("林某", "Linking the two cases, the court ...", False),  # a word, not the name
    ("沈x7", "the Law School of Southeast University", False),
])
def test_an_english_text_may_spell_an_anonymised_party(name: str, text: str,
                                                       spelled: bool) -> None:
    assert spells_surname(name, text) is spelled


# The seventeenth trial's family 6 (issue 10): parties named in pinyin the way cjrc-dev's
# judgments anonymise them. cjrc-dev-503: 谭某2 cut with a fruit knife; its injuries.
TAN_KNIFE = ("谭某4之叔谭某2、谭某4之兄谭某1便与管某发生肢体冲突，冲突过程中管某掏出随身携带的"
             "水果刀将谭某2腹部、左前臂杀伤，将谭某1腹部杀伤。")
TAN_INJURIES = "经贵州医科大学法医司法鉴定中心鉴定，谭某2因外伤致肝破裂行修补术后属十级伤残。"
# cjrc-dev-557 (林某 and his hammer) and cjrc-dev-574 (孔3某's fist).
HAMMER = "被告人林某遂暴起从地上捡起一把榔头连续击打张某乙头部，致其受伤倒地。"
FIST = ("被告人孔1某增将其侄子孔3某叫至现场，孔3某用拳头对身着警服的马某某面部进行击打，"
        "致马某某倒地受伤。")


@pytest.mark.parametrize(("question", "words", "form"), [
    ("What weapon was used to injure Tan x2?", "tan x2", "谭某2"),  # 谭x2 and 谭某2
    ("Who hit Zhang Mouyi?", "zhang mouyi", "张某乙"),  # (was no name: "Zhang Mouyi")
    ("Who punched Ma Moumou?", "ma moumou", "马某某"),
    ("Who punched police officer Ma?", "ma", "马某某"),  # 马某 and 马某某
    # A syllable before "mou": a numeral or a given name's character, then 某 (was no
    # name: "Li Yimou", "Yu Zhenmou", trial18).
    ("What tool did Li Yimou use to stab the victims?", "li yimou", "李一某"),
    ("Did Yu Zhenmou surrender himself?", "yu zhenmou", "于振某"),
])
def test_a_judgments_anonymising_marks_in_pinyin(question: str, words: str, form: str) -> None:
    assert form in dict(anonymized_names(question))[words]


def test_a_chinese_word_says_the_english_verb_by_its_senses(
        answerer: ExtractiveAnswerer) -> None:
    # (Were refused: "injure" is 伤害, 损伤 ... in the dictionary, never 杀伤 "kill, injure";
    # nor is "weapon" the 水果刀.)
    assert ask(answerer, "What weapon was used to injure Tan x2?", TAN_INJURIES, TAN_KNIFE) \
        == ("水果刀 [1]", "doc-2")
    assert ask(answerer, "What weapon did Guan use to injure Tan x2?", TAN_KNIFE) \
        == ("水果刀 [1]", "doc-1")


@pytest.mark.parametrize(("question", "expected"), [
    ("Who hit Zhang Mouyi on the head with a hammer?", ("林某 [1]", "doc-1")),
    # (Not the victim the question names: 马某某 is "police officer Ma".)
    ("Who punched police officer Ma in the face?", ("孔3某 [1]", "doc-2")),
])
def test_who_did_it_to_a_party_named_in_pinyin(answerer: ExtractiveAnswerer, question: str,
                                               expected: tuple[str, str]) -> None:
    # (Were refused: "hit" and "punch" are no sense of 击打, "beat, lash".)
    assert ask(answerer, question, HAMMER, FIST) == expected


def test_a_party_numbered_in_words_is_named_in_pinyin(answerer: ExtractiveAnswerer) -> None:
    # cjrc-dev-508 (李一某); was refused: "Yimou" read as no name (trial18).
    text = ("被告人李一某为发泄不满情绪，在路边及楼道内尾随妇女，趁人不备，使用穿线锥扎刺被害人"
            "腿根或者臀部，共作案七起。")
    assert ask(answerer, "What tool did Li Yimou use to stab the victims?", text) == (
        "穿线锥 [1]", "doc-1")


def test_judgments_naming_no_such_surname_say_nothing_of_him(
        answerer: ExtractiveAnswerer) -> None:
    # (Once "weapon" and "injure" are read in 水果刀 and 杀伤, 谭某2's knife answered for
    # "Liu", whom no sentence names.)
    assert ask(answerer, "What weapon was used to injure Liu?", TAN_KNIFE) == (
        "The sources do not say.", "")


@pytest.mark.parametrize(("question", "words", "form"), [
    # (The eighteenth trial: refused, the name unread.)
    ("Who bore full responsibility for the accident driven by Shi Dongbin?", "shi dongbin",
     "史东宾"),
    ("When did Yu Zhen surrender?", "yu zhen", "于振"),  # 于振某, its "mou" left out
])
def test_a_whole_name_in_pinyin(question: str, words: str, form: str) -> None:
    names = dict(full_names(question))
    assert form in names[words]
    found = translate_query(question)
    assert found is not None and form in dict(found.groups)[words]
    # (The keyword query asks for its forms' first two characters: 216 forms of Shi
    # Dongbin would crowd the question's other words out of its 64 terms.)
    searched = found.text.split()
    assert form[:2] in searched and len(searched) < 64
    assert not any(len(term) > 2 and term in names[words] for term in searched)


@pytest.mark.parametrize("question", [
    "Did Yu Zhenmou surrender?",  # an anonymised name (anonymized_names reads it)
    "What does the Personal Information Protection Law say?",  # no surname's reading
    "Shi Dongbin drove what?",  # the first word is capitalised as the first
    "What did the Supreme People's Procuratorate do?",  # no surname's reading
])
def test_no_whole_name_where_none_is_given(question: str) -> None:
    assert full_names(question) == []


# cjrc-dev-580's shares, and statutes saying the translated words of the question
# (money, receive, funds) more often than the judgment does.
SHARES = Document("cjrc-dev-580", "职务侵占罪",
                  "后被告人范某某、丁某将面额共计人民币40万某的承兑汇票予以销赃，被告人范某某、"
                  "丁某分别分得赃款人民币20.55万某、18.39万某。")
STATUTES = [Document(f"statute-{n}", f"条例{n}",
                     f"第{n}条 单位收到的资金、货币和款项，应当及时入账；获得的经费和基金，"
                     f"不得挪用。收到资金的单位应当登记货币的数额。")
            for n in range(1, 7)]
FAN = "How much money did Fan Moumou receive from the stolen funds?"


@pytest.fixture(scope="module")
def named_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    settings = IndexSettings(dir=tmp_path_factory.mktemp("named") / "index",
                             chunking=ChunkingSettings(max_tokens=64, overlap_tokens=0))
    Indexer(settings).sync([SHARES, *STATUTES])
    store = Store.open(settings)
    yield store
    store.close()


def _rank_of_shares(store: Store, embedder: object, weight: float) -> int:
    # (No multilingual re-ranking: the keyword rankings decide.)
    retriever = Retriever(store, embedder,  # type: ignore[arg-type]
                          RetrievalSettings(name_weight=weight, cross_lingual_model=""))
    hits = retriever.search(FAN, k=7)
    return next(n for n, h in enumerate(hits) if h.doc_id == "cjrc-dev-580")


def test_the_judgment_naming_the_party_ranks_first(named_store: Store,
                                                   embedder: object) -> None:
    # (Among the translated words, the statutes outranked it: the trial refused.)
    assert _rank_of_shares(named_store, embedder, 0.0) > 0
    assert _rank_of_shares(named_store, embedder, 1.0) == 0


def test_a_name_many_documents_write_ranks_nothing(named_store: Store,
                                                   embedder: object) -> None:
    retriever = Retriever(named_store, embedder,  # type: ignore[arg-type]
                          RetrievalSettings(name_documents=1, cross_lingual_model=""))
    assert retriever._named_ranking(FAN, 50, None, None, {})  # one document: ranked
    many = Retriever(named_store, embedder,  # type: ignore[arg-type]
                     RetrievalSettings(cross_lingual_model=""))
    # "Chen" forms (陈某 ...) are written nowhere: nothing to rank by.
    assert many._named_ranking("What did Chen Moumou receive?", 50, None, None, {}) == []


# cjrc-dev-540's surrender, the English seed's filing, and cjrc-dev-534's drunk driving.
SURRENDER = "2012年4月29日，被告人于振某主动向公安机关投案自首。"
FILING = "They promptly filed civil public interest litigation against the perpetrator."
DRUNK = "经检测，被告人张某1血液中乙醇含量为222.8mg/100ml，属于醉酒驾驶机动车。"
FUYIN = ("经咸阳市公安局交警支队高交大队认定,史东宾承担事故全部责任,倪志杰、尹西政无责")


def test_yes_no_of_a_party_a_judgment_writes(answerer: ExtractiveAnswerer) -> None:
    # (Refused twice over in the eighteenth trial: "Yu Zhenmou" was no name the English
    # sentences held, and the doer of 投案自首 found, 于振某, was no "Yu Zhenmou".)
    answer, doc = ask(answerer, "Did Yu Zhenmou surrender himself to the public security "
                      "organs?", SURRENDER, FILING)
    assert answer.startswith("Yes: ") and "投案自首" in answer and doc == "doc-1"


def test_yes_no_not_decided_by_another_judgments_party(answerer: ExtractiveAnswerer) -> None:
    # 张某1 drove drunk, not 史东宾: his judgment never says so.
    assert ask(answerer, "Was Shi Dongbin driving drunk?", DRUNK, FUYIN)[0] \
        == "The sources do not say."


# cjrc-dev-1: the sum is said of 张x6, who 张x1 (被告) pays.
SUPPORT = ("被告离婚后又自行协商,约定小孩张x6暂由原告代管,被告每月向原告支付张x6的生活费800元")
SUPPORT_PARTIES = "经审理查明:原告曹0与被告张x1原5夫妻关系2001年5月27日"
# cjrc-dev-508's sixth offence, and another judgment's 范某 in another place.
STAB = ("6.2016年3月19日7时许，被告人李一某在天津经济技术开发区跨泰达大街人行天桥下，"
        "用穿线锥扎刺被害人范某臀部后逃匿；")
OTHER_FAN = "2015年8月2日，被害人范某在天津市滨海新区大港街永明路红公鸡串吧附近被打伤。"


def test_each_asked_party_names_its_sentence(answerer: ExtractiveAnswerer) -> None:
    # (Was refused: the sentence naming 张x6 names no 张x1.)
    question = "How much did Zhang x1 agree to pay each month for Zhang x6's living expenses?"
    assert ask(answerer, question, SUPPORT_PARTIES, SUPPORT) == ("800元 [1]", "doc-2")


def test_the_judgment_naming_more_asked_parties(answerer: ExtractiveAnswerer) -> None:
    # Another judgment's 范某 is not the 范某 李一某 stabbed.
    answer, doc = ask(answerer, "Where did Li Yimou stab Fan on 19 March 2016?",
                      OTHER_FAN, STAB)
    assert doc == "doc-2" and "跨泰达大街" in answer


def test_stolen_funds_are_spoils() -> None:
    found = translate_query("How much money did Fan Moumou receive from the stolen funds?")
    assert found is not None and "赃款" in dict(found.groups)["stolen funds"]
    # "How much" asks; 许多 and 多多 are no words a sentence must say (20.55万某 was
    # refused below the support threshold with them).
    assert "much" not in dict(found.groups)

