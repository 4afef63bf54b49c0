"""Answer-span finders: where in a sentence a value of each answer type lies.

Pure functions from a text to ``[(start, end)]`` character spans of it (end exclusive),
in reading order. English and Chinese (including the anonymised names of Chinese
judgments: 张某, 李x1, 马62).
"""

from __future__ import annotations

import re
from collections.abc import Callable

Span = tuple[int, int]

_ZH_NUM = "〇零一二两三四五六七八九十百千万亿"
#: The capital numerals sums are written in (壹佰捌拾万元整).
_ZH_CAPITAL = "零壹贰叁肆伍陆柒捌玖拾佰仟萬億"
_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
           r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_EN_NUMBER_WORDS = (r"(?:\d+(?:[.,]\d+)*|one|two|three|four|five|six|seven|eight|nine|ten|"
                    r"eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|ninety|hundred)")
_ZH_DATE = (rf"(?:[\d{_ZH_NUM}]{{2,4}}年(?:[\d{_ZH_NUM}]{{1,3}}月(?:[\d{_ZH_NUM}]{{1,3}}[日号])?)?"
            rf"|同?[\d{_ZH_NUM}]{{1,3}}月(?:[\d{_ZH_NUM}]{{1,3}}[日号])?"
            rf"|同年[\d{_ZH_NUM}]{{1,3}}月(?:[\d{_ZH_NUM}]{{1,3}}[日号])?"
            rf"|同月[\d{_ZH_NUM}]{{1,3}}[日号])"
            rf"(?:[\d{_ZH_NUM}]{{1,3}}[时点](?:[\d{_ZH_NUM}]{{1,3}}分)?许?|[凌早上中下晚]午|凌晨|晚上|夜间)*")
_DATE_PATTERNS = (
    # Chinese dates, date ranges and times: 2017年4月26日至2018年4月25日, 同月22日21时许
    re.compile(rf"(?:自|从)?{_ZH_DATE}(?:(?:起?至|到|—|-|~)(?:{_ZH_DATE}|今)止?)?"),
    re.compile(rf"[\d{_ZH_NUM}]+(?:个)?(?:年|月|日|天|周|星期|小时|分钟)(?:内|以内|后|之内)?"),
    # English: 3 May 2020, May 3, 2020, October 08, 2013, on 3 May, 2019, 2019-05-03
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\b\.?(?:,?\s+\d{{4}})?",
               re.IGNORECASE),
    re.compile(rf"\b{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?", re.IGNORECASE),
    re.compile(rf"\b{_MONTHS}\s+(?:of\s+)?\d{{4}}\b", re.IGNORECASE),
    re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b(?:1[89]|20)\d\d\b"),
    # time limits: within 15 days, thirty days, two weeks
    re.compile(rf"\b(?:(?:within|after|before|for|in)\s+)?{_EN_NUMBER_WORDS}[\s-]+"
               r"(?:business\s+|working\s+|calendar\s+)?(?:hours?|days?|weeks?|months?|years?)"
               r"\b", re.IGNORECASE),
)
_DIGITS = r"(?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.\d+)?"
_AMOUNT_PATTERNS = (
    # Blood alcohol, as judgments give it: 89mg／100ml, 120.5毫克/100毫升.
    re.compile(r"\d+(?:\.\d+)?\s*(?:mg|毫克)\s*[/／]\s*100\s*(?:ml|mL|毫升)"),
    # (3万余元, 1200余元, 5千多元: 余 and 多 on either side of the number's unit word)
    # (A comma groups thousands, 100,000; it does not join a name's digit to a year:
    # 马62,2013年.)
    re.compile(rf"(?:人民币|共计|合计)?{_DIGITS}(?:余|多)?[{_ZH_NUM}]?(?:余|多)?"
               r"(?:元|美元|港元|欧元|克|千克|公斤|吨|米|公里|千米|毫升|岁|周岁|人|名|次|辆|件|份|"
               r"处|天|日|个月|月|年|%|％|倍|级|项|套|张|台|部|只|头|条|平方米|亩|万元|万某|万)"),
    re.compile(rf"[{_ZH_NUM}]+(?:余|多)?(?:元|万元|岁|人|名|次|辆|件|份|处|天|个月|年|倍|项|只|条)"),
    # A sum written in the capital numerals of contracts and receipts, with its figure
    # after it: 壹佰捌拾万元整(￥1800000元整).
    re.compile(rf"[{_ZH_CAPITAL}{_ZH_NUM}]*[{_ZH_CAPITAL}][{_ZH_CAPITAL}{_ZH_NUM}]*[元圆]整?"
               rf"(?:[（(][￥¥]?{_DIGITS}[元圆]?整?[)）])?"),
    re.compile(rf"[￥¥]\s?{_DIGITS}(?:[元圆]整?)?"),
    re.compile(r"(?:RMB|CNY|USD|US\$|HK\$|\$|¥|€|£)\s?\d[\d,]*(?:\.\d+)?"
               r"(?:\s?(?:million|billion|thousand|k|m|bn))?", re.IGNORECASE),
    re.compile(rf"\b{_EN_NUMBER_WORDS}(?:\s+(?:million|billion|thousand|hundred))?\s*"
               r"(?:%|percent|per cent|yuan|dollars?|euros?|pounds?|rmb|people|persons?|"
               r"times|cases?|years?|months?|days?|items?|records?|users?|copies)?\b",
               re.IGNORECASE),
)
_ZH_ARTICLE = rf"第[\d{_ZH_NUM}]+条(?:第[\d{_ZH_NUM}]+款)?(?:第[\d{_ZH_NUM}]+项)?"
_ZH_LAW = re.compile(rf"《[^》]{{1,40}}》(?:{_ZH_ARTICLE})?|{_ZH_ARTICLE}")
_EN_ARTICLE = re.compile(r"\b(?:Article|Art\.|Section|Sec\.|Paragraph|Clause|Rule)\s+"
                         r"\d+[A-Za-z]?(?:\s*\(\d+\))?")
#: Common Chinese surnames: judgments anonymise a name as surname + digits (曹0, 马62),
#: and a digit after any other character is a date, an amount or a count (7月21日).
_ZH_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
                "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙"
                "史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟"
                "殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛"
                "靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜"
                "冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻"
                "苑迟邝冼郦洗")
def is_surname(char: str) -> bool:
    """Whether ``char`` is one of the common Chinese surnames judgments anonymise."""
    return len(char) == 1 and char in _ZH_SURNAMES


# 张某, 张某某, 刘某乙, 吴1某, 张x1, 任×2, 李一某 (a surname numbered in words before 某);
# one character before the mark (被告张某 is 张某),
# and a given-name character after 某 when punctuation follows (王某雯，).
_ZH_PERSON = re.compile(
    # (Not after a digit: 40万某 is a sum, its 元 anonymised as a name's 某 is.)
    rf"(?<![\d.．])(?:[{_ZH_SURNAMES}][一二三四五六七八九]某(?![某\d])"
    rf"|[\u4e00-\u9fff](?:某某|某[甲乙丙丁戊一二三四五\d]*|[xX×ｘＸ]\d+某?)"
    rf"|[{_ZH_SURNAMES}]\d{{1,3}}(?:某?[甲乙丙丁]|某)?(?![\d年月日号元时分秒岁个名次%.．]))"
    # (not the first character of a word with 与/及: 参与, 涉及, 以及)
    r"(?:(?!参与|涉及|以及|提及|危及|波及|给与|赋与)[\u4e00-\u9fff](?=[，,。；、与和及的]))?")
#: The parties by role: "由谁抚养" is often answered 被告, 男方 (not the 被告 of
#: 被告人蔡某乙, whose name is the person).
_ZH_ROLE = re.compile(r"原告(?!人)|被告(?!人)|男方|女方")
_ZH_ORG = re.compile(r"[\u4e00-\u9fff\d（）()]{2,24}?(?:人民法院|人民检察院|法院|检察院|公安局|"
                     r"分局|派出所|有限公司|有限责任公司|公司|医院|大学|学院|学校|委员会|政府|银行|中心|研究所|"
                     r"事务所|局|厅|部)")
# Longer endings first: at one position the first that matches wins (门口路段, not 门口路).
# (An ending that begins another word ends no place: the 处 of 个人信息处理者, the 组 of
# 组织, the 号 of 号码, the 道 of 道歉, the 村 of 村民: "板凳供周边村" of 供周边村民.)
_ZH_PLACE_END = (r"(?:路段|路口|大道|街道|省|市|县|区(?![别域])|镇|乡|村(?!民)|组(?![织成建])|"
                 r"路(?![线径费])|街|道(?![歉德理路])|巷|号(?![码召])|"
                 r"小区|医院|学校|小学|中学|大学|宾馆|酒店|饭店|门口|家中|住处|附近|"
                 r"公园|广场|市场|超市|公司|厂|店|处(?![理罚分置以])|楼|室|房间|门前|境内|民政局|"
                 r"网吧|幼儿园|支行|分行|宿舍|养殖场|办公室)")
_ZH_PLACE = re.compile(r"[\u4e00-\u9fff\d×Ｘ]{2,28}?" + _ZH_PLACE_END)
# "其处", "该处": a pointer to a place named elsewhere, not a place.
# (Nor an anonymised plate's end: the ×××××挂号 of "豫L×××××挂号重型半挂牵引车".)
_ZH_NO_PLACE = re.compile(r"[其该此各何某]处$|^[×Ｘ]+[\u4e00-\u9fff]?号$")
# The next part of an address right after a place: 贵阳市 + 南明区 + 民政局.
# (A stake mark in brackets runs on: 大广高速公路2216公里(西半幅)处.)
_ZH_PLACE_NEXT = re.compile(r"[\u4e00-\u9fff\d×Ｘ]{0,12}?(?:[(（][\u4e00-\u9fff]{1,6}[)）])?"
                            + _ZH_PLACE_END)
# Words (jieba's) after which a place begins: "二人于2014年10月8日在怀柔区" is 怀柔区,
# "自愿至海盐县" 海盐县, "被海安县" 海安县; whole words, so 被告 and 经济 stay.
_ZH_BEFORE_PLACE = frozenset(
    "在 于 至 到 赴 经 被 沿 从 往 向 住 现住 现在 居住 途经 位于 躲藏 来到 因".split())
#: A kind of road alone names no place: the 铁路 of 民事诉讼法's "因铁路、公路……事故" was
#: answered for 交通事故发生在什么地方？ (the seventeenth new-user trial).
_ZH_ROAD_KIND = re.compile(r"(?:铁路|公路|道路|马路|水路|高速公路)")
#: What follows a place that is the seat of a body named after it: 信阳高速公路 of
#: "信阳高速公路公安交通警察支队", 沂南县 of 沂南县人民法院 name a body, not where anything
#: happened or anyone lives (cjrc-dev --scope doc 22_3, 15_5, 27_2 answered them).
_ZH_BODY_AFTER = re.compile(r"公安|交通警察|交警|人民法院|人民检察院|法院|检察院|派出所|司法局|"
                            r"看守所|支队|大队")
#: Of those, the ones jieba may join to the first word of the place after them.
_ZH_JOINED_BEFORE = frozenset("沿至于在")
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
_CAP_WORD = r"(?:[A-Z][\w'’.-]*|[A-Z]{2,})"
_EN_NAME = re.compile(rf"{_CAP_WORD}(?:\s+(?:of|the|for|and|on|de|van|von|du|la|del|in)?\s*"
                      rf"{_CAP_WORD})*")
_ORG_WORDS = frozenset("""university universities court courts procuratorate procuratorates
    center centre school college institute committee ministry bureau office company inc ltd
    llc corporation council association department commission agency base organs organ
    government congress bank hospital group foundation board tribunal authority assembly
    academy press police""".split())
_LAW_WORDS = frozenset("law act code regulation regulations constitution convention rules "
                       "interpretation provisions".split())
_TITLE_WORDS = frozenset("""vice dean professor doctoral supervisor director president chairman
    editor responsible interpretation expert case judge justice prosecutor mr ms mrs dr
    chief deputy secretary general minister associate assistant senior law school civil
    criminal special statement recommended reading change edit typical firstly secondly
    once again guangdong national supreme people's people""".split())


def _all(patterns: tuple[re.Pattern[str], ...], text: str) -> list[Span]:
    spans = sorted({(m.start(), m.end()) for p in patterns for m in p.finditer(text)
                    if m.end() > m.start()})
    # Keep the longest of overlapping matches.
    out: list[Span] = []
    for s, e in sorted(spans, key=lambda x: (x[0], -(x[1] - x[0]))):
        if out and s < out[-1][1]:
            if e - s > out[-1][1] - out[-1][0]:
                out[-1] = (s, e)
            continue
        out.append((s, e))
    return out


#: A day named by its place beside the one told before: 次日被…刑事拘留, 案发当日.
_RELATIVE_DAY = re.compile(r"(?:次日|翌日|当日|当天|同日|当晚|次月|同月|当年|次年)"
                           r"(?:[凌早上中下晚]午|凌晨|晚上|夜间)?")


def dates(text: str) -> list[Span]:
    """Dates, date ranges, times of day and time limits ("within 15 days", 3日内); in a
    text naming none, the days it names by their place beside another (次日, 当日)."""
    out = []
    for s, e in _all(_DATE_PATTERNS, text):
        if not re.search(r"[\d" + _ZH_NUM + r"]|[a-z]{3}", text[s:e], re.IGNORECASE):
            continue
        if text[e - 1] == ".":
            e -= 1  # "on 3 May." ends a sentence, not an abbreviation
        out.append((s, e))
    # (管某被刑事拘留是在什么时候？ of "…，次日被威宁自治县公安局刑事拘留" was refused, the
    # seventeenth trial. Beside a date the text gives, that date answers.)
    return out or [(m.start(), m.end()) for m in _RELATIVE_DAY.finditer(text)]


def amounts(text: str) -> list[Span]:
    """Amounts and counts: 800元, 10万元, 100,000 yuan, $5 million, 3 people, 20%. Not
    an ordinal (the 八条 of 第八条, the 三次 of 第三次: a place in a sequence) nor a part
    of a date (the 11月 of 2013年11月, the 二日 of 三月二日)."""
    return [s for s in _all(_AMOUNT_PATTERNS, text)
            if re.search(r"\d|[" + _ZH_NUM + _ZH_CAPITAL + r"]|one|two|three|four|five|six|seven"
                         r"|eight|nine|ten|twenty|thirty|hundred", text[s[0]:s[1]], re.IGNORECASE)
            and not _ordinal_or_calendar(text, s)]


_CALENDAR_BEFORE = re.compile(rf"(?:[\d{_ZH_NUM}]|同)[年月]$")
# What numbers a thing rather than counting it: 第八条, Article 13, No. 5.
_NUMBERING = re.compile(r"(?:第|\b(?:Article|Art\.|Section|Sec\.|Paragraph|Clause|Rule|No\.)"
                        r"\s*)$", re.IGNORECASE)


def _ordinal_or_calendar(text: str, span: Span) -> bool:
    """Whether the number at ``span`` of ``text`` is an ordinal or a number naming a
    thing (第 or "Article" before it, or a list item's: the 2 of "2、被告…", "2.判令…"),
    or the month or day of a date (a month, day or 号 right after a year or month)."""
    before = text[max(0, span[0] - 12):span[0]]
    # (3个月 is a period whatever comes before it: 有期徒刑1年6个月.)
    enumerator = _ENUMERATOR.match(text, span[1]) is not None \
        and not text[span[0]:span[1]].rstrip("0123456789")
    return _NUMBERING.search(before) is not None or enumerator or (
        text[span[1] - 1] in "月日号" and not text[:span[1]].endswith("个月")
        and _CALENDAR_BEFORE.search(before) is not None)


#: What follows a list item's number (诉讼请求:1、要求…;2、…): it counts nothing.
_ENUMERATOR = re.compile(r"[、．]|\.(?!\d)(?=[^\x00-\x7f])")


# A period of time, as a count of its unit: 三十日, 45天, 36个月, 3年, 15 days (a bare
# 月 is a month of the year: 三月, March).
_ZH_PERIOD = re.compile(rf"(?:{_DIGITS}|[{_ZH_NUM}]+)(?:余|多)?(?:个月|年|周|星期|日|天|"
                        r"小时|分钟)")
_EN_PERIOD = re.compile(rf"\b{_EN_NUMBER_WORDS}[\s-]+(?:business\s+|working\s+|calendar\s+)?"
                        r"(?:hours?|days?|weeks?|months?|years?)\b", re.IGNORECASE)


def periods(text: str) -> list[Span]:
    """Lengths of time given as a count of their unit: 三十日, 45天, 36个月, "15 days";
    not a date's year, month or day (2013年, the 11月 of 2013年11月), nor an ordinal."""
    out = []
    for s, e in _all((_ZH_PERIOD, _EN_PERIOD), text):
        if re.fullmatch(r"(?:1[6-9]|20)\d\d年", text[s:e]) or _ordinal_or_calendar(text, (s, e)):
            continue
        out.append((s, e))
    return out


def counted(text: str, unit: str) -> list[Span]:
    """Counts of ``unit`` (a Chinese measure word or noun: 起, 周, 人): a number, digits
    or Chinese numerals, right before it (七起, 3周); not an ordinal nor a date's part."""
    # (With its measure word: 还款期共计36个期.)
    pattern = re.compile(rf"(?:{_DIGITS}|[{_ZH_NUM}]+)(?:余|多)?个?{re.escape(unit)}")
    return [(m.start(), m.end()) for m in pattern.finditer(text)
            if not _ordinal_or_calendar(text, (m.start(), m.end()))]


def names(text: str) -> list[Span]:
    """Runs of capitalised words (English names, organisations, laws)."""
    out = []
    for m in _EN_NAME.finditer(text):
        s, e = m.start(), m.end()
        while e > s and text[e - 1] in ".’'":
            e -= 1
        out.append((s, e))
    return out


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


#: What ends a number: a name never follows one (40万某 is a sum whose 元 is anonymised).
_AFTER_DIGIT = "0123456789.．"


def _zh_names(text: str) -> list[Span]:
    """Chinese personal names that are not pseudonyms (史东宾, 吴玉珂): words jieba's
    part-of-speech tagger marks as names (nr, nrfg) that begin with a common surname and
    are no word of its dictionary (查明, 曾用名 are words; a person's name is found by
    its HMM), two or three characters long, not right after a number."""
    import jieba
    import jieba.posseg

    words = jieba.dt.FREQ
    out, at = [], 0
    for pair in jieba.posseg.cut(text):
        word = pair.word
        if pair.flag in ("nr", "nrfg") and 2 <= len(word) <= 3 \
                and word[0] in _ZH_SURNAMES and not words.get(word) \
                and not (at and text[at - 1] in _AFTER_DIGIT):
            out.append((at, at + len(word)))
        at += len(word)
    return out


#: A name's surname and 某 with a given-name character after it (黄某贵, 陈1某富).
_GIVEN = re.compile(r"[\u4e00-\u9fff]\d{0,3}某(?![某甲乙丙丁])[\u4e00-\u9fff]")
#: What joins names of one group: 黄某贵和黄某亮, 曾某妹、黄某贵.
_NAMES_JOINED = re.compile(r"[和与及、]")
#: Characters after 某 that start the next word, never a given name's.
_NOT_GIVEN = frozenset("和与及、的了在被将对向等系因于为是均某")


def _given_alike(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` (anonymised names) with a name cut at 某 given its given-name character
    when a name joined to it has one: "由黄某贵和黄某亮负责看风" names 黄某亮, though a
    character after 某 is read as a name's only before punctuation (谁负责看风？ was 黄某贵和
    黄某, the seventeenth trial)."""
    out = list(spans)
    for k, (s, e) in enumerate(out):
        if not text[s:e].endswith("某") or e >= len(text) or not _CJK_CHAR.match(text[e]) \
                or text[e] in _NOT_GIVEN:
            continue
        joined = [(a, b) for a, b in out
                  if (b == s - 1 and _NAMES_JOINED.match(text[b])) or (
                      a == e + 2 and _NAMES_JOINED.match(text[e + 1]))]
        if any(_GIVEN.fullmatch(text[a:b]) for a, b in joined):
            out[k] = (s, e + 1)
    return out


def persons(text: str) -> list[Span]:
    """Names of people: capitalised words that are no title or organisation; 张某, 李x1,
    曹0, and the parties by role (原告, 被告, 男方, 女方)."""
    out = _given_alike(text, [(m.start(), m.end()) for m in _ZH_PERSON.finditer(text)])
    out += [(m.start(), m.end()) for m in _ZH_ROLE.finditer(text)]
    if _CJK_CHAR.search(text):
        out += [span for span in _zh_names(text)
                if not any(a < span[1] and span[0] < b for a, b in out)]
    for s, e in names(text):
        if any(w in _ORG_WORDS or w in _LAW_WORDS for w in _words(text[s:e])):
            continue
        # "Ying Ying Responsible": the name ends where a title word starts.
        run: list[tuple[int, int]] = []
        for m in [*re.finditer(r"[\w'’.-]+", text[s:e]), None]:
            if m is None or m.group().lower().strip(".") in _TITLE_WORDS:
                # One capitalised word is too often a sentence's first word ("This").
                if 2 <= len(run) <= 4:
                    out.append((s + run[0][0], s + run[-1][1]))
                run = []
            else:
                run.append((m.start(), m.end()))
    return sorted(out)


def organisations(text: str) -> list[Span]:
    """Courts, procuratorates, universities, companies, other bodies."""
    out = [(m.start(), m.end()) for m in _ZH_ORG.finditer(text)]
    for s, e in names(text):
        words = _words(text[s:e])
        if any(w in _ORG_WORDS for w in words):
            out.append((s, e))
    # "Guangdong procuratorial organs": a name followed by a lower-case body noun.
    for m in re.finditer(r"\b([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)\s+((?:[a-z]+\s+){0,2}"
                         r"(?:organs?|courts?|procuratorates?|authorities|government|police))\b",
                         text):
        out.append((m.start(), m.end()))
    return sorted(set(out))


def laws(text: str) -> list[Span]:
    """Laws and their articles: 《民法典》第七十条, Article 70, the Civil Procedure Law."""
    out = [(m.start(), m.end()) for m in _ZH_LAW.finditer(text)]
    out += [(m.start(), m.end()) for m in _EN_ARTICLE.finditer(text)]
    for s, e in names(text):
        words = _words(text[s:e])
        # A law word alone names no law ("Interpretation expert: ...", "Provisions"), but
        # for the one law named so ("the Constitution").
        if words and words[-1] in _LAW_WORDS and (len(words) > 1 or words == ["constitution"]):
            out.append((s, e))
    return sorted(set(out))


#: China's province-level divisions in pinyin, as English commentary on Chinese cases
#: names them ("Guangdong procuratorial organs", "the Zhejiang High People's Court").
_PROVINCES = frozenset("""anhui beijing chongqing fujian gansu guangdong guangxi guizhou
    hainan hebei heilongjiang henan hong kong hubei hunan inner mongolia jiangsu jiangxi
    jilin liaoning macau macao ningxia qinghai shaanxi shandong shanghai shanxi sichuan
    taiwan tianjin tibet xinjiang yunnan zhejiang""".split())
_EN_PLACE_NOUN = re.compile(r"\b((?:[A-Z][\w'’-]+\s+){1,3})(?:Province|City|County|District|"
                            r"Municipality|Autonomous Region|Prefecture|Township|Village)\b")


def is_province(text: str) -> bool:
    """Whether ``text`` names a Chinese province or province-level city ("Guangdong",
    "Guangdong Province")."""
    return text.lower().removesuffix(" province").strip() in _PROVINCES


def _lead_in(text: str) -> int:
    """Characters of ``text`` up to its last word that leads into a place (在, 于, 至...),
    when at least two characters follow; 0 when there is none."""
    import jieba

    cut = 0
    for word, start, end in jieba.tokenize(text):
        if word in _ZH_BEFORE_PLACE and len(text) - end >= 2:
            cut = end
        elif len(word) > 2 and word[0] in _ZH_JOINED_BEFORE and len(text) - start >= 3:
            # (One jieba joins to the place's first word: 沿大广 of "牵引车沿大广高速公路";
            # not 被 of 被告人.)
            cut = start + 1
    return cut


def _begins_name(text: str, at: int) -> bool:
    """Whether an anonymised name begins at ``at`` and runs past it: the 路 of 路13 (a
    party) ends no place ("本次事故支出路13损失" was the place 本次事故支出路)."""
    m = _ZH_PERSON.match(text, at)
    return m is not None and m.end() > at + 1


def places(text: str) -> list[Span]:
    """Places: 阳朔镇中心小学, 崇仁县巴山镇, "Hangzhou City", provinces by name
    (Guangdong), and capitalised names after in/at/from/near."""
    out = []
    at = 0
    while (m := _ZH_PLACE.search(text, at)) is not None:
        start, end = m.start() + _lead_in(m.group()), m.end()
        while (more := _ZH_PLACE_NEXT.match(text, end)) is not None and \
                not _lead_in(more.group()):
            end = more.end()
        # "×××××号" (an anonymised plate or house number) names no place.
        if not _ZH_NO_PLACE.search(text[start:end]) \
                and not _ZH_ROAD_KIND.fullmatch(text, start, end) \
                and not _ZH_BODY_AFTER.match(text, end) \
                and not _begins_name(text, end - 1) \
                and len(_CJK_CHAR.findall(text[start:end])) >= 2:
            out.append((start, end))
        at = end
    for m in re.finditer(r"\b(?:in|at|from|near)\s+((?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)",
                         text):
        out.append((m.start(1), m.end(1)))
    out += [(m.start(), m.end()) for m in _EN_PLACE_NOUN.finditer(text)]
    out += [(m.start(), m.end()) for m in re.finditer(r"\b[A-Z][a-z]+\b", text)
            if m.group().lower() in _PROVINCES]
    return sorted(set(out))


#: Answer kinds whose values Chinese judgments state in set forms.
SET_FORMS: dict[str, re.Pattern[str]] = {
    "direction": re.compile(r"[由从自]?[东南西北]{1,2}(?:向|往|至)[东南西北]{1,2}"),
    "colour": re.compile(r"[红橙黄绿青蓝紫黑白灰银金棕粉褐]{1,2}色"),
    "sex": re.compile(r"(?<![\u4e00-\u9fff])[男女](?:性)?(?![\u4e00-\u9fff])|男性|女性"),
    # (犯罪 alone is crime, no charge: 如实供述自己的犯罪事实.)
    "charge": re.compile(r"(?:涉嫌)?[\u4e00-\u9fff]{2,10}?(?<!犯)罪(?!犯|行|名|责|嫌|过)"),
    "plate": re.compile(r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
                        r"[A-ZＡ-Ｚ][A-Z0-9Ａ-Ｚ０-９×ＸX·&;a-z]{4,24}"),
    "vehicle": re.compile(r"[^\W_的了着在把将被用驾驶号]{0,8}?(?:轿车|货车|客车|摩托车|电动车|"
                          r"三轮车|自行车|挂车|面包车|越野车|汽车|牵引车|拖拉机)"),
    "sobriety": re.compile(r"醉酒后?|饮酒后?|酒后|无证"),
    # (Not the blows: 连砍数刀 is how often he cut, with the 西瓜刀 named before.)
    "weapon": re.compile(r"(?<![数几一两三四五六七八九十砍捅刺划割扎])"
                         r"[^\W\d_的了着在把将被用持拿出向朝对和与及数几砍捅刺划割扎带起该获得]{0,4}"
                         r"(?:刀|棍|棒|枪|锤|钳|砖|石块|斧|铲|剪|锥|工具|喷雾器|铁管|钢管|水管|"
                         r"(?<=[布木竹铁钢])杆|(?<=[璃酒料])瓶)"),
    "body": re.compile(r"(?:[左右]侧?)?[头面脸眼鼻嘴口耳颈胸腹背腰臀腿臂手脚足肩额唇齿肋]"
                       r"[^\W\d_的了着在把将被用]{0,2}?部|眼睛|鼻子|肋骨|手臂|大腿|小腿"),
    # A post, with the body it is held in (古楼信用社副主任, 瑞和纸业有限公司财务经理), not
    # the words leading to it (利用其系, 担任).
    "post": re.compile(r"[^\W\d_的了着在把将被其系任某与及、]{0,16}?"
                       r"(?:副?(?:主任|经理|总经理|董事长|会计|出纳|厂长|局长|院长|校长|所长|站长|"
                       r"行长|书记|主席|科长|处长|部长|队长|组长|社长|店长|村长|镇长|乡长|县长|"
                       r"市长|主管|总监|董事|监事))"),
    "injury": re.compile(r"(?:轻微伤|轻伤[一二]级|重伤[一二]级|轻伤|重伤|"
                         r"[一二三四五六七八九十]级伤残|伤残[一二三四五六七八九十]级)"),
}
# A charge starts after the words that lead to it: 因犯交通肇事罪 is 交通肇事罪.
_CHARGE_LEAD = re.compile(r"^.*?(?:因犯|犯有|犯|以|构成|成立|判处|认定)")


def _set_form(kind: str) -> Callable[[str], list[Span]]:
    pattern = SET_FORMS[kind]

    def find(text: str) -> list[Span]:
        out = []
        for m in pattern.finditer(text):
            start = m.start()
            if kind == "charge" and (lead := _CHARGE_LEAD.match(m.group())) is not None \
                    and len(m.group()) - len(lead.group()) >= 3:
                start += len(lead.group())
            out.append((start, m.end()))
        return out
    return find


# The parties and bodies a commentary names by role rather than by name.
_AGENT_NOUN = re.compile(
    r"\b(?:organs?|courts?|procuratorates?|prosecutors?|procurators?|victims?|perpetrators?|"
    r"infringers?|defendants?|plaintiffs?|claimants?|appellants?|respondents?|applicants?|"
    r"offenders?|judges?|police|government|authorities|compan(?:y|ies)|part(?:y|ies)|"
    r"legislature|ministry|bureau)\b")
_AGENT_STOP = frozenset("""a an the this that these those its their his her our your my
    and or of to for in on at by with from as is are was were be been has have had not
    which who whom whose what if when where while than then also""".split())


def agents(text: str) -> list[Span]:
    """English parties and bodies named by their role, with up to two words before the
    noun that describe it: "the procuratorial organs" is "procuratorial organs", "the
    infringer" is "infringer". Lower-case only: capitalised names are ``organisations``."""
    out = []
    for m in _AGENT_NOUN.finditer(text):
        left, words = m.start(), 0
        while words < 2:
            prev = re.search(r"([a-z][\w-]*)\s+$", text[:left])
            if prev is None or prev.group(1) in _AGENT_STOP:
                break
            left, words = prev.start(1), words + 1
        out.append((left, m.end()))
    return out


FINDERS: dict[str, Callable[[str], list[Span]]] = {
    "when": dates, "amount": amounts, "who": persons, "org": organisations, "law": laws,
    "where": places, **{kind: _set_form(kind) for kind in SET_FORMS},
}
