"""Questions from the second real gold set's failures (eval/gold/real2.jsonl), one class each, on a
fictional report in real wording: two cases in one yes/no question, a hotline's cases that are not
information requests, 依申公开事项, 共公开政府信息…条, a way of applying written 通过信函收到, a
contact block of 电话:/电子邮箱:/联系地址: lines, a 哪个 question, and 结转到2023年."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from qa_fakes import TODAY, FakeStore, NoRetriever

from ingest.settings import Settings
from qa.answerer import split_parts
from qa.dates import find_years
from qa.vocabulary import find_metric

REPORT = """石桥镇人民政府2022年政府信息公开工作年度报告
如对本报告有任何疑问，请与石桥镇党政办公室联系。
电话:0100-7654321
电子邮箱:sqz@example.cn
联系地址:石桥镇解放路1号
一、总体情况
2022年度,共公开政府信息15条,在县政府网站发布工作动态38条。
2022年,我镇共收到依申公开事项7件,均按时答复。办理12345政务服务热线工单8391件。
2022年,我镇未发生政府信息公开行政复议和行政诉讼案件。
"""


def _answerer(tmp_path: Path, *texts: str):  # type: ignore[no-untyped-def]
    """An answerer over fictional reports (their text only), with no retriever: the sentences are scored."""
    from ingest.parse import parse_document
    from ingest.read import Document
    from qa.answerer import Answerer

    reports = [parse_document(Document(text=t, source_format="txt"), source_path=f"r{n}.txt") for n, t in enumerate(texts)]
    return Answerer(Settings(data=tmp_path / "data"), FakeStore(reports), retriever=NoRetriever(), clock=lambda: TODAY)


@pytest.fixture
def answerer(tmp_path: Path):  # type: ignore[no-untyped-def]
    return _answerer(tmp_path, REPORT)


def test_two_cases_in_one_yes_no_question_are_both_answered(answerer) -> None:  # type: ignore[no-untyped-def]
    assert split_parts("石桥镇2022年有没有被行政复议或者被起诉？") == ["石桥镇2022年有没有被行政复议？",
                                                                   "石桥镇2022年有没有被起诉？"]
    a = answerer.ask("石桥镇2022年有没有被行政复议或者被起诉？")
    assert a.answerable and a.answer.count("没有") >= 2 and "复议" in a.answer and "诉讼" in a.answer


def test_a_hotline_count_is_not_the_requests_handled(answerer) -> None:  # type: ignore[no-untyped-def]
    a = answerer.ask("石桥镇2022年12345政务服务热线办理了多少件？")
    assert a.value != 7 and "7件" not in a.answer


def test_the_overall_count_and_requests_written_short(answerer) -> None:  # type: ignore[no-untyped-def]
    assert answerer.ask("石桥镇2022年共公开政府信息多少条？").value == 15
    assert answerer.ask("石桥镇2022年收到几件依申请公开事项？").value == 7


def test_a_way_of_applying_said_with_its_verb_is_refused(answerer) -> None:  # type: ignore[no-untyped-def]
    a = answerer.ask("石桥镇2022年通过信函收到了几件政府信息公开申请？")
    assert not a.answerable and "申请方式" in a.answer and a.value is None


def test_a_contact_block_of_lines_is_quoted(answerer) -> None:  # type: ignore[no-untyped-def]
    a = answerer.ask("石桥镇党政办公室的电子邮箱和地址？")
    assert a.answerable and "sqz@example.cn" in a.answer and "解放路1号" in a.answer


def test_which_one_asks_for_a_passage_not_a_count() -> None:
    from ingest.store import ReportRow
    from qa.catalogue import Catalogue
    from qa.question import parse_question

    catalogue = Catalogue(tuple(
        ReportRow(id=str(i), agency=name, agency_raw=name, region=None, year=2022, title="", format_version="2021",
                  source_path=f"{i}.txt", source_format="txt", n_cells=0, n_findings=0, ingested_at="")
        for i, name in enumerate(("石桥镇", "青石镇"))))
    q = parse_question("石桥镇2022年公开了哪个“十四五”规划？", catalogue, today=datetime.date(2026, 12, 1))
    assert q.intent == "text"


def test_carried_into_a_year_is_the_carry_over_of_the_year_asked() -> None:
    assert find_years("盐城市生态环境局2022年结转到2023年几件？", 2026).years == (2022,)
    metric = find_metric("盐城市生态环境局2022年结转到2023年几件？")
    assert metric is not None and metric.row == "carried_forward"


CHANGE = """白沙街道办事处2024年政府信息公开工作年度报告
一、总体情况
2024年,共收到政府信息公开申请3起,比2023年增加3起。主动公开政府信息120条。
全年主动公开信息数量较上年增加20条。因政府信息公开引起的行政复议案件9件,已审结。
"""


@pytest.fixture
def change_answerer(tmp_path: Path):  # type: ignore[no-untyped-def]
    return _answerer(tmp_path, CHANGE)


def test_a_change_the_later_report_states_answers_when_the_earlier_year_is_not_stored(change_answerer) -> None:  # type: ignore[no-untyped-def]
    a = change_answerer.ask("白沙街道2024年收到的申请比2023年增加了多少？")
    assert a.answerable and "比2023年增加3起" in a.answer and a.value == 3
    b = change_answerer.ask("白沙街道2024年收到几起政府信息公开申请？比去年（2023年）多了几起？")
    assert b.answerable and "比2023年增加3起" in b.answer
    assert find_years("比去年（2023年）多了几起？", 2026).years == (2023,)


def test_a_stated_change_of_another_figure_is_not_taken(change_answerer) -> None:  # type: ignore[no-untyped-def]
    a = change_answerer.ask("白沙街道2024年收到的申请比2022年增加了多少？")
    assert not a.answerable and "增加3起" not in a.answer  # the report states the change from 2023 only


def test_a_contact_block_without_a_sentence_is_quoted(tmp_path: Path) -> None:
    text = ("青石县医疗保障局2022年政府信息公开工作年度报告\n联系方式:\n地址:青石县人民路18号,邮编:100001\n"
            "电话:0100-2831080\n电子邮箱:qsyb@example.cn\n一、总体情况\n2022年,我局主动公开政府信息30条。\n")
    answerer = _answerer(tmp_path, text)
    a = answerer.ask("青石县医保局的地址、电话和邮箱？")
    assert a.answerable and "人民路18号" in a.answer and "0100-2831080" in a.answer and "qsyb@example.cn" in a.answer


def test_a_column_the_prose_does_not_give_is_refused(change_answerer) -> None:  # type: ignore[no-untyped-def]
    assert change_answerer.ask("白沙街道2024年行政复议几件？").value == 9
    a = change_answerer.ask("白沙街道2024年那9件行政复议里被纠错的有几件？")
    assert not a.answerable and "结果纠正" in a.answer and a.value is None


def test_a_prose_figure_over_a_range_of_years_is_read_from_each(tmp_path: Path) -> None:
    texts = {2023: "全年发布政策解读117篇。", 2024: "全年发布政策解读96篇。", 2025: "全年发布政策解读82篇。"}
    answerer = _answerer(tmp_path, *(f"柳溪镇{y}年政府信息公开工作年度报告\n一、总体情况\n{t}\n" for y, t in texts.items()))
    a = answerer.ask("柳溪镇发布的政策解读篇数，2023年到2025年是怎么变的？")
    assert a.answerable and all(f in a.answer for f in ("117篇", "96篇", "82篇")) and "逐年减少" in a.answer
    assert len(a.citations) == 3


def test_the_unit_to_contact_and_a_block_apart_from_it_are_both_quoted(tmp_path: Path) -> None:
    text = ("青石县2023年政府信息公开工作年度报告\n如对本报告有疑问,请联系青石县政务服务中心。报告的电子版可在门户网站下载。\n"
            "地址:青石县档案馆4楼;\n电话:0100-7999705;\n一、总体情况\n2023年,我县主动公开政府信息30条。\n")
    answerer = _answerer(tmp_path, text)
    a = answerer.ask("青石县2023年年报有疑问应联系哪个单位？")
    assert a.answerable and "政务服务中心" in a.answer and "0100-7999705" in a.answer and len(a.citations) == 2


WEIBO = """石门县2022年政府信息公开工作年度报告
一、总体情况
通过政务微博共发布和转发视频1930条,累计观看人数148万余人次。全年通过石门政务网公开各类政府信息4072篇。
梳理公开取水许可等13项行政权力事项。
"""


def test_a_count_of_another_thing_is_not_the_answer(tmp_path: Path) -> None:
    """粉丝 asked, the passage counts posts and views: shown, not answered; 公开了多少项/篇 is the prose's
    count, not table 三's 予以公开."""
    answerer = _answerer(tmp_path, WEIBO)
    fans = answerer.ask("石门县政务微博2022年有多少粉丝？")
    assert not fans.answerable and "粉丝" in fans.answer and fans.value is None
    assert find_metric("石门县2022年公开了多少项行政权力事项？") is None
    items = answerer.ask("石门县2022年公开了多少项行政权力事项？")
    assert items.answerable and "13项" in items.answer
