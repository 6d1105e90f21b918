"""Answers read from prose as real reports write it (fictional agencies, real wording): a way of
applying the prose counts, the contact passage, a named group leader, the one measure for a problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from qa_fakes import TODAY, FakeStore, NoRetriever

from ingest.settings import Settings

REPORT = """柳溪县卫生健康委员会2023年政府信息公开工作年度报告
如对本报告有任何疑问、意见，请与柳溪县卫生健康委员会办公室联系。通讯地址：柳溪县健康路8号；邮编：100001；电话：0100-1234567。
一、总体情况
2023年，我委收到政府信息公开申请44件（其中：网上申请42件，邮寄2件），本年度办结39件。成立了由主任王明远任组长、副主任任副组长的政务公开工作领导小组。
五、存在的主要问题及改进情况
存在的问题：一是意见征集形式较为单一。二是政策解读形式仍需创新。
改进措施：一是丰富意见征集形式，通过座谈会、问卷调查等多种方式听取意见。二是创新政策解读形式，多用图解和视频。
"""


@pytest.fixture
def answerer(tmp_path: Path):  # type: ignore[no-untyped-def]
    from ingest.parse import parse_document
    from ingest.read import Document
    from qa.answerer import Answerer

    report = parse_document(Document(text=REPORT, source_format="txt"), source_path="liuxi-2023.txt")
    return Answerer(Settings(data=tmp_path / "data"), FakeStore([report]), retriever=NoRetriever(), clock=lambda: TODAY)


def test_a_way_of_applying_the_prose_counts_is_answered_and_one_it_does_not_is_refused(answerer) -> None:  # type: ignore[no-untyped-def]
    a = answerer.ask("柳溪县卫健委2023年收到多少政府信息公开申请？其中网上申请和邮寄各几件？")
    assert a.answerable and "44件" in a.answer and "42件" in a.answer and "2件" in a.answer
    fax = answerer.ask("柳溪县卫健委2023年通过传真提交的申请有几件？")
    assert not fax.answerable and "申请方式" in fax.answer and fax.value is None


def test_handled_requests_come_from_the_prose_when_there_is_no_table(answerer) -> None:  # type: ignore[no-untyped-def]
    a = answerer.ask("柳溪县卫健委2023年办结了几件申请？")
    assert a.answerable and a.value == 39.0


def test_the_contact_passage_is_quoted_whole(answerer) -> None:  # type: ignore[no-untyped-def]
    a = answerer.ask("柳溪县卫健委的年报有疑问联系哪个部门，电话多少？")
    assert a.answerable and "办公室" in a.answer and "0100-1234567" in a.answer and "健康路8号" in a.answer
    assert a.citations and "0100-1234567" in a.citations[0].quote


def test_a_named_leader_is_quoted_and_an_unnamed_one_refused(answerer) -> None:  # type: ignore[no-untyped-def]
    a = answerer.ask("柳溪县卫健委政务公开领导小组组长是谁？")
    assert a.answerable and "王明远" in a.answer
    b = answerer.ask("柳溪县卫健委的副组长叫什么名字？")
    assert not b.answerable  # 由…副主任任副组长 names a post, not a person


def test_the_measure_for_one_problem_is_given(answerer) -> None:  # type: ignore[no-untyped-def]
    a = answerer.ask("柳溪县卫健委针对意见征集形式单一的问题打算怎么办？")
    assert a.answerable and "座谈会" in a.answer and "图解" not in a.answer


def _two_years(tmp_path: Path):  # type: ignore[no-untyped-def]
    from ingest.parse import parse_document
    from ingest.read import Document
    from qa.answerer import Answerer

    texts = {
        2023: "全年发布政策文件解读117篇。收到政府信息公开申请3件。",
        2024: "全年发布政策文件解读96篇。收到政府信息公开申请1件。涉及“本镇耕地面积、林地面积”等相关信息，已按时答复。"
              "本报告包括总体情况等6个部分，另有行政复议、行政诉讼情况的说明。",
    }
    reports = [parse_document(Document(text=f"柳溪镇{y}年政府信息公开工作年度报告\n一、总体情况\n{t}\n", source_format="txt"),
                              source_path=f"liuxi-{y}.txt") for y, t in texts.items()]
    return Answerer(Settings(data=tmp_path / "data"), FakeStore(reports), retriever=NoRetriever(), clock=lambda: TODAY)


def test_a_change_in_a_prose_figure_is_read_from_both_years(tmp_path: Path) -> None:
    answerer = _two_years(tmp_path)
    a = answerer.ask("柳溪镇2024年发布的政策解读比2023年少了多少篇？")
    assert a.answerable and a.value == 21.0 and "117篇" in a.answer and "96篇" in a.answer and len(a.citations) == 2
    b = answerer.ask("柳溪镇2024年的访谈比2023年少了多少场？")
    assert not b.answerable and b.value is None  # neither year states it: no figure from one year alone


def test_a_short_sentence_is_answered_with_its_sequel(tmp_path: Path) -> None:
    a = _two_years(tmp_path).ask("柳溪镇2024年收到的那件申请涉及什么信息？")
    assert a.answerable and "耕地面积" in a.answer


def test_a_table_less_report_does_not_answer_with_an_unrelated_number(tmp_path: Path) -> None:
    a = _two_years(tmp_path).ask("柳溪镇2024年因政府信息公开引起的行政复议有多少件？")
    assert not a.answerable and a.value is None  # “6个部分” beside 行政复议 is not its count


def test_a_result_of_one_way_of_applying_is_not_the_count_of_that_way(answerer) -> None:  # type: ignore[no-untyped-def]
    a = answerer.ask("柳溪县卫健委2023年网上申请中予以公开的有几件？")
    assert not a.answerable and a.value is None and "42件" not in a.answer


def test_years_relative_to_the_year_named_and_the_reason_asked() -> None:
    from qa.dates import find_years

    assert find_years("2023年信息公开申请数量较去年下降的原因是什么？", 2026).years == (2023, 2022)
    assert find_years("去年收到多少申请？", 2026).years == (2025,)  # alone, 去年 is before today
    assert find_years("去年比前年多收到多少申请？", 2026).years == (2025, 2024)  # both relative to today
