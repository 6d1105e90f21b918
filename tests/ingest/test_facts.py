"""Numbers stated in prose: the seeds, approximations, Chinese numerals, units, stated zeros."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.facts import METRICS, extract_facts
from ingest.normalise import normalise
from ingest.records import Fact
from ingest.sections import split_sections

FIXTURES = Path(__file__).parent / "text_fixtures"


def _facts(text: str) -> list[Fact]:
    nt = normalise(text)
    slices, _ = split_sections(nt)
    facts = extract_facts(nt, slices)
    for f in facts:
        assert f.metric in METRICS
        assert f.sentence in nt.original  # quoted as written
        assert nt.original[f.span.start : f.span.end] in f.sentence
    return facts


def _one(text: str) -> Fact:
    facts = _facts("一、总体情况\n" + text)
    assert len(facts) == 1, facts
    return facts[0]


@pytest.mark.seeds
def test_seed_2025(seed_2025: Path) -> None:
    facts = _facts(seed_2025.read_text(encoding="utf-8"))
    items = [f for f in facts if f.metric == "proactive.items"]
    assert [(f.value, f.unit, f.channel, f.section) for f in items] == [(71, "条", "微信公众号", 1)]
    assert "推送信息" in items[0].subject
    assert items[0].sentence.startswith("全年通过微信公众号") and items[0].sentence.endswith("。")
    received = [f for f in facts if f.metric == "requests.received"]
    assert [(f.value, f.section) for f in received] == [(0, 1)]
    assert "未收到" in received[0].sentence
    assert all(f.section == 1 for f in facts)  # the tables' zeros are not prose facts


@pytest.mark.seeds
def test_seed_2022(seed_2022: Path) -> None:
    facts = _facts(seed_2022.read_text(encoding="utf-8"))
    items = [f for f in facts if f.metric == "proactive.items"]
    assert [(f.value, f.unit) for f in items] == [(113, "条")]
    assert items[0].channel == "微信公众号、云上鲁山"
    assert "\u2f2d" in items[0].sentence  # the original's Kangxi 山 is what gets quoted
    assert [f.value for f in facts if f.metric == "requests.received"] == [0]


def test_fixture_report() -> None:
    facts = _facts((FIXTURES / "headings_variants.txt").read_text(encoding="utf-8"))
    got = [(f.metric, f.value, f.unit, f.qualifier, f.channel) for f in facts]
    assert got == [
        ("proactive.items", 300, "条", "余", "政府网站"),
        ("proactive.items", 1234, "条", None, "微信公众号"),
        ("requests.received", 2, "件", None, None),
        ("other", 3, "次", None, None),
        ("other", 120, "人次", "近", None),
        ("fee.amount", 0, "万元", None, None),
    ]
    assert facts[-1].section == 6


@pytest.mark.parametrize(
    ("text", "metric", "value", "unit", "qualifier"),
    [
        ("全年主动公开政府信息300余条。", "proactive.items", 300, "条", "余"),
        ("政务服务大厅接待群众近2800人次。", "other", 2800, "人次", "近"),
        ("全年发布信息约 45 条。", "proactive.items", 45, "条", "约"),
        ("全年收到政府信息公开申请一件。", "requests.received", 1, "件", None),
        ("开展政务公开培训两次。", "other", 2, "次", None),
        ("新设公开专栏十二个。", "other", 12, "个", None),
        ("本年度收取信息处理费72701.2578万元。", "fee.amount", 72701.2578, "万元", None),
        ("全年收取信息处理费500元。", "fee.amount", 0.05, "万元", None),
        ("通过政府网站发布信息1,234条。", "proactive.items", 1234, "条", None),
        ("被申请行政复议 3 件。", "review.total", 3, "件", None),
        ("因政府信息公开被提起行政诉讼1起。", "litigation.total", 1, "起", None),
        ("召开新闻发布会3场。", "other", 3, "场", None),
        ("发布政策解读12篇。", "other", 12, "篇", None),
        ("全年未发生因政府信息公开引起的行政复议。", "review.total", 0, "件", None),
        ("本年度无依申请公开事项。", "requests.received", 0, "件", None),
        ("全年没有收到政府信息公开申请。", "requests.received", 0, "件", None),
        ("本年度未收取任何费用。", "fee.amount", 0, "万元", None),
        ("本年度无行政诉讼。", "litigation.total", 0, "件", None),
    ],
)
def test_one_number(text: str, metric: str, value: float, unit: str, qualifier: str | None) -> None:
    fact = _one(text)
    assert (fact.metric, fact.value, fact.unit, fact.qualifier) == (metric, pytest.approx(value), unit, qualifier)


def test_several_numbers_and_zeros_in_one_sentence() -> None:
    facts = _facts("一、总体情况\n被申请行政复议2件，行政诉讼1件。全年未发生行政复议和行政诉讼案件。")
    assert [(f.metric, f.value) for f in facts] == [
        ("review.total", 2),
        ("litigation.total", 1),
        ("review.total", 0),
        ("litigation.total", 0),
    ]


def test_a_corrected_reply_is_not_a_review_count() -> None:
    fact = _one("对行政复议中被纠正的1件答复认真剖析原因。")
    assert (fact.metric, fact.value) == ("other", 1)


def test_subjects_of_a_list_of_cases() -> None:
    facts = _facts("一、总体情况\n全年发生政府信息公开行政复议2件、行政诉讼1件。")
    assert [(f.metric, f.subject) for f in facts] == [
        ("review.total", "政府信息公开行政复议"),
        ("litigation.total", "行政诉讼"),
    ]


def test_subject_after_the_number() -> None:
    assert _one("在镇便民服务中心和12个行政村设置政务公开专区。").subject == "行政村"
    assert _one("对现行有效的4件行政规范性文件进行梳理。").subject == "对现行有效的行政规范性文件"


def test_subject_channel_and_span() -> None:
    fact = _one("2022年，我乡通过乡级微信公众号及云上青禾等平台发布信息56条。")
    assert (fact.subject, fact.channel) == ("发布信息", "微信公众号、云上青禾")
    assert fact.span.line == 2
    nested = _one("开展3次专题培训。")
    assert nested.subject == "开展专题培训"


@pytest.mark.parametrize(
    "text",
    [
        "依法在20个工作日内答复。",
        "推行一件事一次办，实行一次性告知。",
        "坚持三审三校，落实第二十条第(一)项要求。",
        "2025 年，我乡持续推进政务公开。",
        "坚决做到两个维护。",
        "对无法提供的申请告知申请人可依法申请行政复议。",
        "每季度开展一次检查通报，每月更新2次。",
    ],
)
def test_things_that_are_not_counts(text: str) -> None:
    assert _facts("一、总体情况\n" + text) == []


def test_table_rows_are_not_prose() -> None:
    text = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t3\t0\t0\t0\t0\t0\t3\n"
    assert _facts(text) == []


def test_pages_follow_page_starts() -> None:
    text = "一、总体情况\n第一页。\n全年发布信息10条。"
    nt = normalise(text)
    slices, _ = split_sections(nt, (text.index("全年"),))
    assert [f.span.page for f in extract_facts(nt, slices)] == [2]


@pytest.mark.parametrize(
    ("text", "metric", "value"),
    [
        ("2022年,我局共收到依申公开事项7件,均按时答复。", "requests.received", 7),  # 依申公开, as written
        ("2022年度我乡无依法申请公开件。", "requests.received", 0),
        ("其中,发生1起有关政府信息公开的行政复议案件,尚未审结。", "review.total", 1),
        ("“青石教育”微信公众号发布1135条,关注人数达18万人。", "proactive.items", 1135),  # items, by their channel
    ],
)
def test_requests_and_cases_as_real_reports_word_them(text: str, metric: str, value: float) -> None:
    found = [f for f in _facts("一、总体情况\n" + text) if f.metric == metric]
    assert [f.value for f in found] == [value]
