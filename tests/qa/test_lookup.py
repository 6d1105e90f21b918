"""Numeric lookups on fictional reports: sums of groups, blanks, inferred cells, changes, totals."""

from __future__ import annotations

from qa_fakes import FakeStore

from qa.lookup import ReportCache, change, read_metric, total
from qa.vocabulary import Metric


def _row(store: FakeStore, agency: str, year: int):  # type: ignore[no-untyped-def]
    return store.reports(agency=agency, year=year)[0]


def test_cell_reading_quotes_the_row_as_written(store: FakeStore) -> None:
    row = _row(store, "青石乡", 2025)
    reading = read_metric(store, ReportCache(store), row, Metric("B", "new", "total"))
    assert (reading.status, reading.value, reading.unit) == ("ok", 7.0, "件")
    (cit,) = reading.citations
    report = store.report(row.id)
    assert report is not None
    assert cit.quote == "new\ttotal\t7.0" and cit.quote in report.original_text
    assert report.original_text.splitlines()[cit.line - 1] == cit.quote  # type: ignore[operator]
    assert (cit.table, cit.row, cit.column) == ("B", "一、本年新收政府信息公开申请数量", "总计")
    assert cit.section.startswith("三、") and cit.source.endswith(".txt") and cit.value == 7.0


def test_blank_cell_is_not_zero(store: FakeStore) -> None:
    reading = read_metric(store, ReportCache(store), _row(store, "白云镇", 2025), Metric("B", "new", "total"))
    assert reading.status == "blank" and reading.value is None and reading.citations


def test_inferred_cell_says_so(store: FakeStore) -> None:
    reading = read_metric(store, ReportCache(store), _row(store, "黑山镇", 2025), Metric("B", "new", "total"))
    assert reading.value == 3.0 and reading.derived == ("由本列勾稽关系推出",)


def test_group_and_litigation_sums_cite_every_cell(store: FakeStore) -> None:
    cache, row = ReportCache(store), _row(store, "青石乡", 2025)
    withheld = read_metric(store, cache, row, Metric("B", "result.withheld", "total"))
    assert withheld.value == 1.0 and len(withheld.citations) == 8
    litigation = read_metric(store, cache, row, Metric("C", "litigation", "total"))
    assert litigation.value == 3.0 and [c.value for c in litigation.citations] == [1.0, 2.0]


def test_missing_cell_and_channel_filter(store: FakeStore) -> None:
    cache, row = ReportCache(store), _row(store, "青石乡", 2025)
    assert read_metric(store, cache, row, Metric("A", "penalty", "decisions")).status == "missing"
    wechat = read_metric(store, cache, row, Metric(None, "proactive.items", "", "公众号"))
    assert wechat.value == 95.0 and wechat.unit == "条" and "95条" in wechat.citations[0].quote
    # 95 (公众号) and 30 (网站) in two sentences, no total stated: none is made up by adding the parts
    assert read_metric(store, cache, row, Metric(None, "proactive.items")).status == "missing"
    assert read_metric(store, cache, row, Metric(None, "proactive.items", "", "微博")).status == "missing"


def test_fee_not_stated_cites_section_six(store: FakeStore) -> None:
    reading = read_metric(store, ReportCache(store), _row(store, "青石乡", 2025), Metric(None, "fee.amount"))
    assert reading.status == "not_stated" and reading.value is None and reading.citations[0].quote == "无"


def test_change_and_total(store: FakeStore) -> None:
    cache = ReportCache(store)
    metric = Metric("B", "new", "total")
    years = [read_metric(store, cache, _row(store, "青石乡", y), metric) for y in (2023, 2025)]
    diff = change(years)
    assert diff is not None and diff.delta == 3.0
    towns = [read_metric(store, cache, _row(store, a, 2025), metric) for a in ("青石乡", "白云镇", "黑山镇")]
    value, used, left = total(towns)
    assert value == 10.0 and len(used) == 2 and [r.row.agency for r in left] == ["白云镇"]


def test_a_number_read_from_a_scan_says_so(store: FakeStore) -> None:
    from qa.compose import value_text
    from qa.lookup import Reading

    row, metric = _row(store, "青石乡", 2025), Metric("B", "new", "total")
    assert "扫描件" in value_text(Reading(row, metric, 3.0, "件", "ok", scanned=True))
    assert "扫描件" not in value_text(Reading(row, metric, 3.0, "件", "ok"))
    assert read_metric(store, ReportCache(store), row, metric).scanned is False  # typed text, not a scan


def _read_prose(opening: str, sentence: str, metric: Metric):  # type: ignore[no-untyped-def]
    """Parse a one-sentence report (its title, then section 一) and read `metric` from it."""
    from ingest.parse import parse_document
    from ingest.read import Document

    text = f"{opening}政府信息公开工作年度报告\n一、总体情况\n{sentence}\n"
    store = FakeStore([parse_document(Document(text=text, source_format="txt"), source_path="prose.txt")])
    return read_metric(store, ReportCache(store), store.reports()[0], metric)


def test_a_total_and_its_parts_in_one_sentence_are_never_added_up() -> None:
    """…主动公开政府信息211条，其中，政府网站公开信息15条，其他方式公开政府信息196条 (a real report's form)."""
    sentence = "2021年我镇主动公开政府信息211条，其中，政府网站公开信息15条，其他方式公开政府信息196条。"
    assert _read_prose("柳溪镇2021年", sentence, Metric(None, "proactive.items")).value == 211.0
    assert _read_prose("柳溪镇2021年", sentence, Metric(None, "proactive.items", "", "网站")).value == 15.0


def test_the_overall_figure_is_the_one_that_says_so() -> None:
    """…通过政府网站主动公开信息总数773条，…规范性文件17件: the 773, never the 17 beside it."""
    reading = _read_prose("柳溪镇2023年", "本年度通过政府网站主动公开信息总数773条，以镇政府名义印发并公开的行政规范性文件17件。",
                          Metric(None, "proactive.items"))
    assert reading.value == 773.0 and reading.unit == "条"


def test_a_count_mixed_with_other_things_gives_way_to_its_own_part() -> None:
    """收到12345群众来信、依申请信息公开等26件，其中依申请公开7件 (a real report's wording): 7 requests."""
    reading = _read_prose("某某区财政局2020年", "2020年某某区财政局收到12345群众来信、依申请信息公开等26件，其中依申请公开7件，均按时办结。",
                          Metric(None, "requests.received"))
    assert reading.value == 7.0


def test_requests_counted_in_other_units_and_handled_requests() -> None:
    """收到3起/102宗 申请 count requests; 办结/办理…申请 is table 三's （七）总计 in prose, apart from 收到."""
    received = Metric(None, "requests.received")
    assert _read_prose("某某市交通运输局2024年", "2024年，我局收到3起政府信息公开申请，未发生行政复议。", received).value == 3.0
    assert _read_prose("某某市财政局2020年", "2020年收到102宗政府信息公开申请，全部按规定时限办理。", received).unit == "宗"
    handled = Metric("B", "result.total", "total")  # a report without table 三: its prose twin
    sentence = "2023年，我委收到政府信息公开申请44件（其中：网上申请42件，邮寄2件），本年度办结39件。"
    assert _read_prose("某某市卫生健康委员会2023年", sentence, handled).value == 39.0
    assert _read_prose("某某市卫生健康委员会2023年", sentence, Metric("B", "new", "total")).value == 44.0
    both = _read_prose("某某县2024年", "全年共收到并按时办结政府信息公开申请16件。", handled)
    assert both.value == 16.0  # received and handled in one figure
    only_received = _read_prose("某某县2024年", "全年共收到政府信息公开申请16件。", handled)
    assert only_received.value is None  # received is not handled: no number made up


def test_a_2019_form_is_read_in_its_own_columns_and_answers_the_2021_words() -> None:
    """平潭 2020 (2019 form): 本年新制作 answers 本年制发; 政府集中采购 exists only there; 元 under 万元 is said."""
    from pathlib import Path

    import pytest

    from ingest.parse import parse_file
    from qa.compose import value_text
    from qa.vocabulary import find_metric

    page = Path(__file__).resolve().parents[2].parent / "shared" / "real" / "html" / "pingtan-2020.html"
    if not page.exists():
        pytest.skip(f"real reports not found at {page.parent}: they live in ../shared/real beside the clone")
    store = FakeStore([parse_file(page)])
    cache, row = ReportCache(store), store.reports()[0]
    made = find_metric("2020年规范性文件本年新制作数量是多少？")
    assert made is not None and made.column == "made"
    issued = read_metric(store, cache, row, Metric("A", "normative_doc", "issued"))
    assert issued.value == read_metric(store, cache, row, made).value and issued.metric.column == "made"
    amount_metric = find_metric("政府集中采购总金额是多少？")
    assert amount_metric is not None and amount_metric.unit == "万元"
    amount = read_metric(store, cache, row, amount_metric)
    assert amount.status == "ok" and "原表写作" in value_text(amount) and "元）" in value_text(amount)
