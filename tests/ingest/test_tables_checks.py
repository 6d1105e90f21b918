"""勾稽关系 and prose-versus-table checks: a staff member sees which numbers disagree, and where."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "tables_fixtures"))

from tables_fixture_kit import C_VALUES, b_rows_with, parse, report  # noqa: E402

from ingest.records import Cell, CellRef, Fact, Finding, Span  # noqa: E402
from ingest.tables.checks import check_prose, check_tables  # noqa: E402


def _errors(text: str) -> list[Finding]:
    _, result = parse(text)
    assert result.findings == ()
    return [f for f in check_tables(result.cells, result.format_version) if f.severity == "error"]


def test_consistent_tables_pass() -> None:
    assert _errors(report("\t")) == []


def test_table_b_that_does_not_add_up() -> None:
    rows = b_rows_with({"result.total": ["6", "2", "0", "0", "1", "0", "8"]})
    errors = _errors(report("\t", b_rows=rows))
    by_rule = {f.rule: f for f in errors}
    assert set(by_rule) == {"B.balance", "B.result_total", "B.row_total"}
    balance = by_rule["B.balance"]
    assert balance.message == "表三自然人列：新收 5 + 上年结转 1 ≠ 办理结果总计 6 + 结转下年 1"
    assert CellRef(table="B", row="result.total", column="natural_person") in balance.cells
    assert CellRef(table="B", row="new", column="natural_person") in balance.cells
    assert "办理结果总计 6" in by_rule["B.result_total"].message
    assert "予以公开 3" in by_rule["B.result_total"].message
    assert "（七）总计" in by_rule["B.row_total"].message and "总计 8" in by_rule["B.row_total"].message


def test_table_c_total_that_does_not_add_up() -> None:
    [error] = _errors(report(" ", c_values=["2", "1", "0", "1", "5", *C_VALUES[5:]]))
    assert error.rule == "C.total"
    assert error.message == "表四行政复议：总计 5 ≠ 结果维持 2 + 结果纠正 1 + 其他结果 0 + 尚未审结 1"
    assert CellRef(table="C", row="review", column="total") in error.cells


def test_free_format_is_not_checked() -> None:
    assert check_tables([], "free") == []


def _fact(metric: str, value: float, unit: str = "件", qualifier: str | None = None) -> Fact:
    sentence = f"全年{metric}{value:g}{qualifier or ''}{unit}。"
    return Fact(
        metric=metric,
        value=value,
        unit=unit,
        qualifier=qualifier,
        subject=metric,
        sentence=sentence,
        section=1,
        span=Span(start=0, end=len(sentence), line=3),
    )


def _cells() -> list[Cell]:
    _, result = parse(report("\t"))  # B new total 8, C review total 4, litigation 1 + 1, fee 26.55 万元
    return list(result.cells)


def test_prose_contradicting_table() -> None:
    [finding] = check_prose(_cells(), [_fact("review.total", 134)])
    assert finding.rule == "prose_vs_table" and finding.severity == "warning"
    assert "134" in finding.message and "4" in finding.message
    assert finding.sentence == "全年review.total134件。"
    assert finding.cells == (CellRef(table="C", row="review", column="total"),)


def test_prose_agreeing_with_table() -> None:
    facts = [
        _fact("requests.received", 8),
        _fact("review.total", 4),
        _fact("litigation.total", 2),
        _fact("fee.amount", 26.55, "万元"),
        _fact("fee.amount", 265500, "元"),
        _fact("proactive.items", 71, "条"),  # no table counterpart: ignored
    ]
    assert check_prose(_cells(), facts) == []


def test_litigation_compares_with_both_kinds_of_lawsuit() -> None:
    [finding] = check_prose(_cells(), [_fact("litigation.total", 1)])
    assert len(finding.cells) == 2


def test_approximate_prose_flagged_only_when_clearly_incompatible() -> None:
    cells = _cells()  # requests.received ↔ 8
    assert check_prose(cells, [_fact("requests.received", 5, qualifier="余")]) != []  # 5余 is 5, not 8
    assert check_prose(cells, [_fact("requests.received", 10, qualifier="近")]) == []
    assert check_prose(cells, [_fact("requests.received", 8, qualifier="约")]) == []
    assert check_prose(cells, [_fact("requests.received", 30, qualifier="约")]) != []


def test_three_hundred_odd_versus_250() -> None:
    text = report("\t", b_rows=b_rows_with({"new": ["245", "2", "0", "0", "3", "0", "250"]}))
    _, result = parse(text)
    assert check_prose(result.cells, [_fact("requests.received", 300, qualifier="余")]) != []
    assert check_prose(result.cells, [_fact("requests.received", 200, qualifier="余")]) == []


def test_prose_not_checked_against_blank_cells() -> None:
    text = report("\t").replace("4\t1\t0\t0\t0\t1\t0\t0\t1\t0\t1", "\t1\t0\t0\t0\t1\t0\t0\t1\t0\t1")
    _, result = parse(text)
    assert [c.value for c in result.cells if (c.row, c.column) == ("review", "total")] == [None]
    assert check_prose(result.cells, [_fact("review.total", 134)]) == []
