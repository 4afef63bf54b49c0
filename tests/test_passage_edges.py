"""A retrieved passage shows whole clauses at its edges, so its quotes and answers do too.

Retrieval widens each chunk to the clauses its edges cut (``index.chunking.whole_edges``);
the extractive answerer still scores the chunk's own sentences, but reads a value or name
an edge splits whole, quotes the cut clause whole and lets an answer that runs to a cut
run on to the clause's end (``qa.answering.candidates``).

The cjrc judgments are all but unpunctuated (a comma every 15 characters, few full
stops), so their chunks are cut by the token budget alone, mid-word: the second
new-user trial quoted '2的机动车驾驶证…' (of 准驾车型为B2), '28工程款…' (of 权x28),
'和杨x5系夫妻关系…' (without 因阮x4) and '…支出鉴定费1750' (without 元), and answered
法院判决朱0如何支付抚养费？ with '…至黄XX' where the judgment goes on in the next chunk
(issue 10). The sentences are those judgments' (cjrc-dev-21, -56, -71, -10).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.chunking import chunk_text, whole_edges
from index.documents import read_paths
from index.ingest import Indexer
from index.tokens import tiktoken_counter
from qa.answering.candidates import candidates, whole_quote
from qa.citations import check_citations
from qa.models import Citation, Hit, Question
from qa.service import QAService
from qa.settings import Settings

# cjrc-dev-21 (from 420 on), cjrc-dev-56 (from 680), cjrc-dev-71 (from 500), cjrc-dev-10.
LICENCE = ("2014年8月18日,淮安市公安局淮阴分局交通巡逻警察大队作出第3208049201401421号道路交通"
           "事故认定书,认定李文跃负此事故的全部责任目前原告车辆已维修好李文跃持有准驾车型为B2的"
           "机动车驾驶证被告太平洋保险公司提供机动车损失保险条款(2009版)")
SPOUSES = ("平安财险安徽分公司按保证保险合同的约定支付理赔金69588.09元农行安徽省分行在获得理赔款项"
           "后将保险标的一切权益转让给平安财险安徽分公司因阮x4和杨x5系夫妻关系,该借款发生在夫妻关系"
           "存续期间,依法属于夫妻共同债务")
DEBTS = ("权x28生前在华池建司入股股金117.45万元,占公司股份的4.45%;宁县湘乐镇欠湾村欠权x28工程款"
         "763.092万元,延期付款利息94.586万元")
FEE = ("不负责赔偿:(二)驾驶人有下列情形之一者:6、法律法规规定的其他属于无有效驾驶资格的情况”"
       "被告称:依据上述保险条款第七条第(二)款第6项约定,原告李x0许可的驾驶员应提供从业资格证"
       "审理中,被告太平洋保险公司申请对车辆损失进行评估,经本院委托淮安市淮洲机动车鉴定评估有限公司"
       "对车辆损失进行评估,结论为苏D×××××的重型普通货车维修价格为30420元,为此被告太平洋保险公司"
       "支出鉴定费1750元")
SUPPORT = ("经审理查明,原、被告于××××年××月××日登记结婚2009年5月4日生一子,名黄XX(曾用名朱XX)"
           "2010年2月9日,双方协议离婚并办理离婚登记协议约定将朱黄淇改名改为黄XX,黄XX由黄1直接抚养,"
           "朱0不负担子女抚养费且放弃探望权2014年7月,黄1以无力单独抚养黄XX为由提起诉讼,要求朱0给付"
           "子女生活费本院判决朱0自2014年10月起至黄XX独立生活时止每月给付子女生活费400元并负担黄XX"
           "今后的医疗费、教育费的二分之一")
ORDER = ("朱0自2014年10月起至黄XX独立生活时止每月给付子女生活费400元并负担黄XX今后的医疗费、"
         "教育费的二分之一")


def _cut_at(text: str, at: str) -> int:
    return text.index(at)


@pytest.mark.parametrize(("text", "cut", "starts"), [
    (LICENCE, "2的机动车驾驶证", "认定李文跃负此事故"),  # B|2
    (DEBTS, "28工程款", "宁县湘乐镇欠湾村欠权x28工程款"),  # 权x|28
    (SPOUSES, "和杨x5系夫妻关系", "平安财险安徽分公司按"),  # 因阮x4|和杨x5: from the text's start
], ids=["B2", "x28", "spouses"])
def test_a_start_inside_a_clause_moves_back_to_the_clause(text: str, cut: str,
                                                          starts: str) -> None:
    start, end = whole_edges(text, _cut_at(text, cut), len(text))
    assert text[start:].startswith(starts) and end == len(text)


def test_an_end_inside_a_value_moves_on_to_the_clause_end() -> None:
    # '…支出鉴定费1750|元': the unit is the text's last character.
    cut = FEE.index("1750") + 4
    assert whole_edges(FEE, 0, cut) == (0, len(FEE))
    text = FEE + ",故诉至本院"
    assert text[slice(*whole_edges(text, 0, cut))].endswith("支出鉴定费1750元")


def test_an_end_inside_the_last_clause_reaches_the_order() -> None:
    cut = SUPPORT.index("独立生活时止")  # '…至黄XX|独立生活时止…', as the index cut it
    start, end = whole_edges(SUPPORT, 0, cut)
    assert SUPPORT[start:end].endswith(ORDER)


def test_edges_between_words_or_clauses_stay() -> None:
    english = "The court held that the lease ended. The tenant appealed, and lost."
    assert whole_edges(english, english.index("The tenant"), english.index(" and")) == (
        english.index("The tenant"), english.index(" and"))
    # after a comma, before a comma
    assert whole_edges(SPOUSES, SPOUSES.index("该借款"), SPOUSES.index(",依法")) == (
        SPOUSES.index("该借款"), SPOUSES.index(",依法"))


def test_a_clause_longer_than_the_reach_keeps_its_cut_but_not_inside_a_number() -> None:
    text = "甲" * 200 + "支出鉴定费1750元" + "乙" * 200
    cut = text.index("750")
    start, end = whole_edges(text, cut, cut + 50, reach=20)
    assert text[start:].startswith("1750元") and end == cut + 50
    start, end = whole_edges(text, 0, cut, reach=20)
    assert text[:end].endswith("1750") and start == 0


@pytest.fixture(scope="module")
def cjrc_service(tmp_path_factory: pytest.TempPathFactory) -> QAService:
    """A real index (real model, default chunking) of two cjrc judgments' texts."""
    folder = tmp_path_factory.mktemp("edges")
    docs = [{"doc_id": "cjrc-dev-10", "title": "变更抚养关系纠纷", "text": SUPPORT},
            {"doc_id": "cjrc-dev-21", "title": "合同纠纷", "text": FEE}]
    corpus = folder / "corpus.jsonl"
    corpus.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in docs),
                      encoding="utf-8")
    settings = Settings().with_index_dir(folder / "index")
    Indexer(settings.index).sync(read_paths([Path(corpus)]))
    return QAService.load(settings, create=False)


@pytest.mark.parametrize(("question", "doc", "text", "cut", "answer"), [
    ("法院判决朱0如何支付抚养费？", "cjrc-dev-10", SUPPORT, "黄XX|独立", ORDER),
    ("被告太平洋保险公司支出鉴定费多少？", "cjrc-dev-21", FEE, "1750|元", "1750元"),
], ids=["order", "fee"])
async def test_an_answer_runs_past_the_chunk_edge_and_its_citation_holds(
        cjrc_service: QAService, question: str, doc: str, text: str, cut: str,
        answer: str) -> None:
    # (The index cuts these texts there: the answer's value lies across two chunks.)
    counter = tiktoken_counter(cjrc_service.settings.index.chunking.encoding)
    chunking = cjrc_service.settings.index.chunking
    ends = {c.end for c in chunk_text(text, chunking.max_tokens, chunking.overlap_tokens,
                                      counter)}
    assert text.index(cut.replace("|", "")) + cut.index("|") in ends
    result = await cjrc_service.ask(Question(question, doc_ids=[doc]))
    assert result.answer.startswith(answer), result.answer
    check_citations(result.citations, result.passages)
    stored = cjrc_service.store.get_document(doc)
    assert stored is not None and result.citations
    for c in result.citations:
        assert stored.text[c.start:c.end] == c.quote
        assert c.answer_start is not None and c.answer_end is not None
        assert c.start <= c.answer_start < c.answer_end <= c.end
        assert stored.text[c.answer_start:c.answer_end] == answer


def _passage(text: str, low: int, high: int) -> Hit:
    """The passage retrieval makes of the chunk ``text[low:high]``: widened to whole
    clauses (``whole_edges``), the chunk's span kept."""
    start, end = whole_edges(text, low, high)
    return Hit(1, "cjrc", "judgment", text[start:end], start, end, 1.0, 0.5,
               chunk=(low, high))


@pytest.mark.parametrize(("text", "cut", "starts"), [
    (LICENCE, "2的机动车驾驶证", "B2的机动车驾驶证"),
    (DEBTS, "28工程款", "欠权x28工程款"),  # (a name is read as alignment reads it)
], ids=["B2", "x28"])
def test_a_sentence_a_chunk_starts_inside_a_token_is_read_from_the_token(
        text: str, cut: str, starts: str) -> None:
    hit = _passage(text, text.index(cut), len(text))
    first = candidates([hit])[0]
    assert first.text.startswith(starts)
    assert text[first.start:first.end] == first.text
    # the quote: the whole clause, verbatim
    quote_start, quote_end, quote, _, _ = whole_quote(first, 0, 4)
    assert text[quote_start:quote_end] == quote and quote.startswith(text[hit.start:][:6])
    assert quote_start == hit.start


def test_a_sentence_a_chunk_ends_inside_an_amount_holds_the_amount() -> None:
    text = FEE + ",故诉至本院"
    hit = _passage(text, 0, text.index("1750") + 4)
    last = candidates([hit])[-1]
    assert last.text.endswith("支出鉴定费1750元") and not last.open_end


def test_an_answer_to_the_cut_runs_on_to_the_clause_end_and_its_citation_holds() -> None:
    hit = _passage(SUPPORT, 8, SUPPORT.index("独立生活时止"))
    last = candidates([hit])[-1]
    assert last.open_end and last.text.endswith("至黄XX")
    at = last.text.index("朱0自2014年")
    quote_start, quote_end, quote, a, b = whole_quote(last, at, len(last.text))
    assert SUPPORT[a:b] == ORDER and SUPPORT[quote_start:quote_end] == quote
    # inside the sentence, an answer stays where it is
    assert whole_quote(last, at, at + 3)[3:] == (last.start + at, last.start + at + 3)
    citation = Citation(1, hit.doc_id, hit.title, quote_start, quote_end, quote, a, b)
    check_citations([citation], [hit])


# cjrc-dev-27: the index cut this chunk at 事故发|生后.
LIABILITY = ("后经淮安市公安局淮阴分局交通巡逻警察大队认定,高友日负事故的主要责任,"
             "周x0负事故的次要责任事故发生后,周x0因受伤住院治疗19天")


def test_a_typed_answer_cut_runs_on_over_the_split_word_only() -> None:
    cut = LIABILITY.index("生后")
    hit = _passage(LIABILITY, 0, cut)
    last = candidates([hit])[-1]
    assert last.open_end and last.text.endswith("周x0负事故的次要责任事故发")
    at = last.text.index("周x0")
    typed = whole_quote(last, at, len(last.text), clause=False)
    assert LIABILITY[typed[3]:typed[4]] == "周x0负事故的次要责任事故发生"
    clause = whole_quote(last, at, len(last.text))
    assert LIABILITY[clause[3]:clause[4]] == "周x0负事故的次要责任事故发生后"
