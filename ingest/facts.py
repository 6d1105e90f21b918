"""Numbers stated in prose (信息 71 条, 申请 3 件 …), with the sentence they stand in.

Citizens ask “公众号发了多少条信息？” and the answer is in a sentence of section 一, not in a table;
staff want prose that contradicts the tables flagged (“行政复议134件” vs 170). So every counted
number in the prose becomes a `Fact`: what it counts (a metric id the checks and the answerer agree
on), the value with its unit and approximation (300余条, 近2800人次, 一件, 72701.2578万元), the
channel it went through, and the original sentence to quote. A stated zero (“未收到…申请”,
“无依申请公开事项”) is a fact too.

Metric ids: proactive.items, requests.received, requests.handled (办理/办结/答复 of requests, the
prose twin of table 三's （七）总计), review.total, litigation.total, fee.amount, other.
fee.amount is always in 万元 (a prose “100元” becomes 0.01) so that it compares with table A; its
subject says which fee it is (信息处理费 is not table A's 行政事业性收费).
Tables are skipped: in sections 二–四 only lines that read as sentences are scanned.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ingest.normalise import SENTENCE, NormText
from ingest.quantities import chinese_to_number
from ingest.records import Fact
from ingest.sections import SectionSlice, lines, make_span, strip_range

_CN_NUM = "零〇一二两三四五六七八九十百千"
_UNITS = "人次|条次|篇次|场次|条|件|次|篇|个|场|期|人|家|项|份|批|起|则|部|户|宗|元"
_NUMBER = re.compile(
    r"(?P<pre>将近|接近|超过|近|约|逾|超|达到|达|共计|共|累计|合计|总计|计)?\s*"
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|[{_CN_NUM}]+)"
    r"\s*(?P<mult>万|亿)?\s*(?P<post>余|多)?\s*"
    rf"(?P<unit>{_UNITS})(?P<after>左右|以上)?"
)
_APPROX = {"将近": "近", "接近": "近", "近": "近", "约": "约", "逾": "逾", "超过": "超过", "超": "超过"}
_NOT_A_COUNT = re.compile(r"^(?:工作日|自然日|小时|月|年|日|季度|百分点|性|式|样|般|体|站|龙|心|线|事|办|是|部分|大部分|一[”\"]|规定|之规定|的规定|款)")  # 六个部分: the report's parts; “三个一”: a slogan; 《条例》二十条规定: an article
_CN_VERB = re.compile(
    r"收到|受理|办理|办结|发布|公开|推送|更新|开展|举办|召开|组织|参加|参与|培训|接待|答复|涉及|发生|"
    r"提起|产生|收取|新增|新设|开设|设置|制发|处理|编制|印发|回应|解读|报送|刊发|上传|共|计|累计|合计"
)
_CLAUSE = re.compile(r"(?:\d,(?=\d{3}(?!\d))|[^,:])+[,:]?")  # 1,234 stays in one clause

_CHANNELS = {
    "政府门户网站": "政府网站", "门户网站": "政府网站", "政府网站": "政府网站", "官方网站": "政府网站",
    "政务微信": "微信公众号", "微信公众号": "微信公众号", "微信公众平台": "微信公众号", "公众号": "微信公众号",
    "政务微博": "微博", "微博": "微博", "抖音": "抖音", "今日头条": "今日头条", "头条号": "今日头条",
    "快手": "快手", "视频号": "视频号", "政务新媒体": "政务新媒体", "新媒体": "政务新媒体",
    "政务公开栏": "公开栏", "公开栏": "公开栏", "宣传栏": "公开栏", "广播": "广播", "电视": "电视",
    "报纸": "报刊", "报刊": "报刊", "新闻发布会": "新闻发布会", "政务服务网": "政务服务网",
    "政务服务中心": "政务服务中心", "便民服务中心": "便民服务中心", "12345": "12345热线",
    "信息公开专栏": "信息公开专栏", "政务公开专栏": "政务公开专栏", "网站": "政府网站",
    "官方微信": "微信公众号", "微信": "微信公众号", "官方微博": "微博", "抖音号": "抖音",
}
_CHANNEL_WORD = re.compile("|".join(sorted(map(re.escape, _CHANNELS), key=len, reverse=True)))
_VIA = re.compile(
    r"(?:通过|在|依托|利用|借助|经由|经|于)(?P<via>(?:“[^”]*”|[^“])+?)(?:等)?(?:平台|渠道|载体|方式|途径|媒体)?"
    r"(?=发布|推送|公开|更新|刊发|转载|上传|公布|播放|播报|刊登)"
)
_VIA_SPLIT = re.compile(r"以及|及|和|与|、")
_VIA_TRIM = re.compile(r"^(?:乡级|镇级|县级|市级|区级|本级|各级|本单位|我乡|我镇|我局)|(?:等平台|等渠道|平台|渠道|等)$")
_LEAD = re.compile(
    r"^(?:\d{4}\s*年度?|全年度?|本年度?|年内|今年|上半年|下半年|其中|同时|另外|此外|并|共|累计|共计|合计|总计|发生|、|"
    r"我乡|我镇|我局|我委|我办|我街道|我单位|本机关|本单位|全乡|全镇|,|\s)+"
)
_TAIL = re.compile(r"(?:共计|共|累计|合计|总计|达到|达|为|计|,|\s)+$")
_SUBJECT_VERB = re.compile(
    r"主动公开|被申请|收到|受理|新收|发布|推送|(?<!信息)公开|更新|刊发|接待|开展|组织|召开|举办|参加|办理|办结|答复|收取|"
    r"提起|新设|开设|制发|印发|编制|报送"
)
_POST_STOP = re.compile(_SUBJECT_VERB.pattern + r"|进行|设置|建立|实行|予以|实现|完成")
_POST_NOUN = re.compile(r"^[^\s\d,。;:、均都已并且和及其的]{1,8}")

_REQUEST_CTX = re.compile(r"(?:收到|受理|新收|接收|接到|共收).{0,24}申请|申请.{0,6}(?:收到|受理)|依申请公开|依申公开"
                          r"|(?:收到|受理|接收|接到)[^,。]{0,12}提交(?:的)?政府信息公开")
_HANDLED_CTX = re.compile(r"(?:办理|办结|答复)(?:了|完成|并答复)?.{0,14}申请|申请.{0,8}(?:办结|办理)")
_HANDLED_LEAD = re.compile(r"^(?:其中|已|共|均|全部|按时|按期|依法)*(?:办结|办理完毕|办理|答复)")
_RECEIVED_WORD = re.compile(r"收到|受理|新收|接收|接到|共收")
_REQUEST_UNITS = ("件", "个", "份", "条", "次", "起", "宗", "项")
_PROACTIVE_CTX = re.compile(r"发布|公开|推送|更新|刊发|报送|上传|公布")
_INFO_WORDS = re.compile(r"信息|政务|动态|文章|消息|公告|通知|条目")
_FEE_CTX = re.compile(r"收费|费用|处理费|收取")
_CASES = re.compile(r"行政复议|行政诉讼")
_PUBLISHED = re.compile(r"发布|推送|更新|刊发|公开")
_ABOUT_DISCLOSURE = re.compile(r"^(?:有关|涉及|关于|因)?(?:政府)?信息公开(?:事务|工作)?(?:引起|引发)?的?")
_CASE_GAP = re.compile(r"中|纠正|维持|撤销|败诉|胜诉|.{9,}")

_ZERO_REQUEST = re.compile(
    r"(?:未|没有)(?:收到|受理|接到|接收|发生)(?P<subj>[^,。;:]{0,30}?申请)"
    r"|无(?P<subj2>依法?申请?公开(?:事项|申请|件)?|政府信息公开申请)"  # 无依申请公开 / 无依法申请公开件
)
_ZERO_CASES = re.compile(
    r"(?:未|没有|无)(?:(?:发生|出现|收到|产生|涉及|因|被|有|一起|一例)[^,。;:]{0,20}?)?(?:行政复议|行政诉讼)"
)
_ZERO_FEE = re.compile(r"(?:未|没有|无|不)(?:收取|产生|发生|涉及)(?P<subj>[^,。;:]{0,10}?(?:费用|收费|处理费))")

@dataclass(frozen=True)
class _Sentence:
    section: int
    start: int  # normalised offsets
    end: int
    text: str  # as written in the original
    page_starts: tuple[int, ...]


METRICS = ("proactive.items", "requests.received", "requests.handled", "review.total", "litigation.total", "fee.amount", "other")


def _value(num: str) -> float | None:
    if num[0].isdigit():
        return float(num.replace(",", ""))
    n = chinese_to_number(num, strict=True)
    return None if n is None else float(n)


def _prose_ranges(nt: NormText, slices: list[SectionSlice]) -> Iterator[tuple[int, int, int]]:
    """(section, start, end) of the text worth scanning; table sections give only their sentences."""
    # nothing recognised: read the sentences of the whole text
    ranges = [(s.section.number, s.start, s.end) for s in slices] if slices else [(0, 0, len(nt.text))]
    for number, start, end in ranges:
        if slices and number not in (2, 3, 4):
            yield number, start, end
            continue
        for pos, line in lines(nt.text, start, end):
            if "。" in line and "\t" not in line:
                yield number, pos, pos + len(line)


def _channels(clause_pre: str) -> tuple[str | None, int]:
    """The channel(s) a clause names before its number, and where the channel phrase ends."""
    m = _VIA.search(clause_pre)
    if m:
        found: list[str] = []
        for part in _VIA_SPLIT.split(m.group("via")):
            word = _CHANNEL_WORD.search(part)
            name = _CHANNELS[word.group(0)] if word else _VIA_TRIM.sub("", _VIA_TRIM.sub("", part.strip()))
            if name and name not in found:
                found.append(name)
        return ("、".join(found) or None), m.end()
    names = list(dict.fromkeys(_CHANNELS[w] for w in _CHANNEL_WORD.findall(clause_pre)))
    return ("、".join(names) or None), 0


def _metric(pre: str, post: str, unit: str, clause: str, previous: str | None, after_requests: bool = False) -> str:
    """Metric id of one number; `previous` is the metric of the number before it in the sentence,
    `after_requests` whether the sentence counted requests before it."""
    ctx = pre + post
    if unit == "元":
        return "fee.amount" if _FEE_CTX.search(clause) else "other"
    case = list(_CASES.finditer(pre))
    # the number must count the cases themselves: 行政复议2件, not 行政复议中被纠正的1件答复
    if case and unit in ("件", "起", "次", "宗", "个") and not _CASE_GAP.search(pre[case[-1].end() :]):
        return "review.total" if case[-1].group(0) == "行政复议" else "litigation.total"
    after = _ABOUT_DISCLOSURE.sub("", post.removeprefix("被"), count=1)  # 1起有关政府信息公开的行政复议案件
    if not case and _CASES.match(after) and unit in ("件", "起", "次", "宗", "个"):
        return "review.total" if after.startswith("行政复议") else "litigation.total"
    if unit in _REQUEST_UNITS and not _RECEIVED_WORD.search(pre) and (
            _HANDLED_CTX.search(ctx)
            or (after_requests and _HANDLED_LEAD.match(_LEAD.sub("", re.split(r"[;；、]|\d", pre)[-1])))):
        return "requests.handled"  # 办理政府信息公开申请21件; 收到44件，…，办结39件
    if _REQUEST_CTX.search(ctx) and unit in _REQUEST_UNITS:
        return "requests.received"
    if (
        unit in ("条", "条次", "则", "篇", "件")
        and _PROACTIVE_CTX.search(ctx)
        and (_INFO_WORDS.search(ctx) or previous == "proactive.items")
        and "解读" not in ctx
    ):
        return "proactive.items"
    return "other"


def _subject(pre: str, post: str) -> str:
    """The counted noun phrase: from the clause's first verb to the number, plus a noun after it."""
    pre = _TAIL.sub("", _LEAD.sub("", pre)).strip()
    verb = _SUBJECT_VERB.search(pre)
    if verb and len(pre) - verb.start() > 2:
        pre = pre[verb.start() :]
    pre = pre[-20:]
    stop = _POST_STOP.search(post, 0, 12)
    noun = _POST_NOUN.match(post[: stop.start()] if stop else post)
    if noun and pre.endswith(("和", "及", "与", "、")):
        return noun.group(0)  # 在服务中心和12个行政村…: the number counts what follows it
    return (pre + (noun.group(0) if noun else "")).strip() or pre


def _numeric_facts(nt: NormText, sent: _Sentence, requests_seen: bool = False) -> Iterator[Fact]:
    """`requests_seen`: the sentence before counted requests (…受理申请212件，其中…；已办理206件)."""
    text = nt.text
    previous: str | None = None
    for cm in _CLAUSE.finditer(text, sent.start, sent.end):
        clause = cm.group(0)
        c_start = cm.start()
        since = 0  # where the words about this number begin: after the clause's previous number
        for m in _NUMBER.finditer(clause):
            num, unit = m.group("num"), m.group("unit")
            head = clause[: m.start()]
            tail = clause[m.end() :]
            own, since = head[since:], m.end()
            if head.endswith(("第", ".", "》")) or "每" in own or _NOT_A_COUNT.match(tail):
                continue  # an ordinal, a frequency (每季度一次), a deadline (20个工作日)
            is_cn = not num[0].isdigit()
            if is_cn and not (m.group("pre") or _CN_VERB.search(head)):
                continue
            value = _value(num)
            if value is None or (head and head[-1] in _CN_NUM and is_cn):
                continue
            channel, via_end = _channels(own)
            qualifier = m.group("post") or _APPROX.get(m.group("pre") or "") or m.group("after")
            unit_text = (m.group("mult") or "") + unit
            metric = previous = _metric(head, tail, unit, clause, previous, requests_seen)
            if metric == "other" and channel and unit in ("条", "篇", "则") and _PUBLISHED.search(own) \
                    and "解读" not in own:
                metric = previous = "proactive.items"  # “××”微信公众号发布1135条: items, said with the channel
            requests_seen = requests_seen or metric in ("requests.received", "requests.handled")
            if metric == "fee.amount" and unit_text == "元":
                value, unit_text = value / 10000, "万元"
            num_start = c_start + m.start("num") if not m.group("pre") or not qualifier else c_start + m.start()
            yield Fact(
                metric=metric,
                value=value,
                unit=unit_text,
                qualifier=qualifier,
                channel=channel if metric in ("proactive.items", "other") else None,
                subject=_subject(own[via_end:], tail),
                sentence=sent.text,
                section=sent.section,
                span=make_span(nt, num_start, c_start + m.end(), sent.page_starts),
            )


def _zero_facts(nt: NormText, sent: _Sentence) -> Iterator[Fact]:
    text = nt.text
    for cm in _CLAUSE.finditer(text, sent.start, sent.end):
        clause, c_start = cm.group(0), cm.start()
        found: list[tuple[str, str, str, int, int]] = []  # metric, unit, subject, start, end
        cases = _ZERO_CASES.search(clause)
        if cases:
            for word in dict.fromkeys(_CASES.findall(clause[cases.start() :])):
                metric = "review.total" if word == "行政复议" else "litigation.total"
                found.append((metric, "件", word, cases.start(), cases.end()))
        else:
            req = _ZERO_REQUEST.search(clause)
            if req:
                subj = (req.group("subj") or req.group("subj2") or "申请").strip()
                found.append(("requests.received", "件", subj, req.start(), req.end()))
        fee = _ZERO_FEE.search(clause)
        if fee:
            found.append(("fee.amount", "万元", fee.group("subj").strip(), fee.start(), fee.end()))
        for metric, unit, subject, start, end in found:
            yield Fact(
                metric=metric,
                value=0.0,
                unit=unit,
                subject=subject,
                sentence=sent.text,
                section=sent.section,
                span=make_span(nt, c_start + start, c_start + end, sent.page_starts),
            )


def extract_facts(nt: NormText, slices: list[SectionSlice]) -> list[Fact]:
    """Every counted number in the report's prose, in document order."""
    page_starts = slices[0].page_starts if slices else ()
    facts: list[Fact] = []
    for section, start, end in _prose_ranges(nt, slices):
        requests_seen = False
        for sm in SENTENCE.finditer(nt.text, start, end):
            s_start, s_end = strip_range(nt.text, sm.start(), sm.end())
            if s_start == s_end or not re.search(rf"[\d{_CN_NUM}]|未|无|没有", nt.text[s_start:s_end]):
                continue
            sent = _Sentence(section, s_start, s_end, nt.quote(s_start, s_end), page_starts)
            numeric = list(_numeric_facts(nt, sent, requests_seen))
            requests_seen = any(f.metric in ("requests.received", "requests.handled") for f in numeric)
            stated = {f.metric for f in numeric}
            zeros = [f for f in _zero_facts(nt, sent) if f.metric not in stated]
            facts.extend(sorted(numeric + zeros, key=lambda f: f.span.start))
    return facts
