"""A stored agency's name with one wrong character that sounds the same (平谭, 鸿泽区) is answered
for that agency, saying how the name was read; other one-character differences (a real place, a
different-sounding character, another kind of body) are not."""

from __future__ import annotations

import datetime

from ingest.store import ReportRow
from qa.catalogue import Catalogue
from qa.question import parse_question

TODAY = datetime.date(2026, 12, 1)


def _row(i: int, agency: str, raw: str, region: str | None, year: int) -> ReportRow:
    return ReportRow(id=str(i), agency=agency, agency_raw=raw, region=region, year=year, title="",
                     format_version="2021", source_path=f"{i}.txt", source_format="txt", n_cells=10,
                     n_findings=0, ingested_at="")


CATALOGUE = Catalogue((
    _row(1, "平潭综合实验区", "平潭综合实验区", None, 2024),
    _row(2, "洪泽区", "淮安市洪泽区人民政府", "淮安市", 2023),
    _row(3, "广州市财政局", "广州市财政局", None, 2020),
    _row(4, "东山镇", "东山镇", None, 2021),
    _row(5, "青山乡", "青山乡", None, 2022),
))


def _parse(question: str):  # type: ignore[no-untyped-def]
    return parse_question(question, CATALOGUE, today=TODAY)


def test_a_homophone_typo_reads_as_the_stored_agency_and_says_so() -> None:
    for question, agency, written in (("平谭2024年新收了多少信息公开申请？", "平潭综合实验区", "平谭"),
                                      ("请问鸿泽区2023年行政许可有多少件？", "洪泽区", "鸿泽区")):
        q = _parse(question)
        assert q.agency is not None and q.agency.agency == agency, question
        assert any(f"“{written}”" in n and "按" in n for n in q.notes), q.notes


def test_other_one_character_differences_are_not_typos() -> None:
    assert _parse("杭州市财政局2020年收到多少申请？").agency is None  # a real city, another bureau
    assert _parse("东川镇2021年收到多少申请？").agency is None  # 川 does not sound like 山
    assert _parse("青山镇2022年收到多少申请？").agency is None  # 镇 is not 乡: another kind of body
    assert _parse("平潭2024年收到多少申请？").notes == ()  # the right name needs no note


def test_a_typo_of_a_longer_name_wins_over_the_bureau_word_inside_it() -> None:
    """静江市教育局: 教育局 alone fits every stored 教育局, but the whole name is 靖江市's one character
    off; 通成县 holds the real 成县 inside it, yet is 通城县 mistyped; 乘泗公安 is the account name
    of 嵊泗县公安局. 安庆市财政厅 differs in the kind word, so it stays another body."""
    catalogue = Catalogue((
        _row(1, "靖江市教育局", "靖江市教育局", "靖江市", 2021),
        _row(2, "宜城市教育局", "宜城市教育局", "宜城市", 2021),
        _row(3, "通城县", "通城县人民政府", "咸宁市", 2024),
        _row(4, "嵊泗县公安局", "嵊泗县公安局", "嵊泗县", 2020),
        _row(5, "安庆市财政局", "安庆市财政局", "安庆市", 2020),
    ))
    for question, agency, written in (("静江市教育局2021年收到依申请公开了吗？", "靖江市教育局", "静江市教育局"),
                                      ("宜成市教育局2021年公开了多少条？", "宜城市教育局", "宜成市教育局"),
                                      ("通成县2024年发布了多少条政务信息？", "通城县", "通成县"),
                                      ("乘泗公安2020年主动公开了多少条？", "嵊泗县公安局", "乘泗公安")):
        q = parse_question(question, catalogue, today=TODAY)
        assert q.agency is not None and q.agency.agency == agency, question
        assert any(f"“{written}”" in n for n in q.notes), q.notes
    assert parse_question("安庆市财政厅2020年主动公开了多少条？", catalogue, today=TODAY).agency is None
    assert parse_question("靖江市教育局2021年公开了多少条？", catalogue, today=TODAY).notes == ()
    assert catalogue.names_in("通成县2024年发布了多少条？", catalogue.agencies()[2]) == ("通成县",)
