"""Numbers that cannot be read plainly: split digits, rows short of cells. Placed only when provable."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "tables_fixtures"))

from tables_fixture_kit import C_VALUES, b_rows_with, cell_map, parse, report, row_values  # noqa: E402


def test_split_digits_regrouped_by_row_arithmetic() -> None:
    _, result = parse(report(" ", b_rows=b_rows_with({"new": ["1 3 4", "2", "0", "0", "1", "0", "137"]})))
    cell = cell_map(result)[("B", "new", "natural_person")]
    assert row_values(result, "B", "new") == [134, 2, 0, 0, 1, 0, 137]
    assert cell.raw == "1 3 4" and cell.inferred and "1 3 4" in (cell.note or "")
    assert not [f for f in result.findings if f.rule.startswith("B.")]


def test_split_digits_regrouped_by_cell_count() -> None:
    _, result = parse(report(" ").replace("行政许可 134", "行政许可 1 3 4"))
    cell = cell_map(result)[("A", "license", "decisions")]
    assert cell.value == 134 and cell.raw == "1 3 4" and cell.note


def test_split_digits_inside_one_tab_cell() -> None:
    _, result = parse(report("\t").replace("行政许可\t134", "行政许可\t1 3 4"))
    assert cell_map(result)[("A", "license", "decisions")].value == 134


def test_split_digits_in_table_c_regrouped_by_totals() -> None:
    c_values = ["1 2", "0", "0", "0", "12", *C_VALUES[5:]]
    _, result = parse(report(" ", c_values=c_values))
    assert row_values(result, "C", "review") == [12, 0, 0, 0, 12]
    assert row_values(result, "C", "litigation_after_review") == [0, 0, 1, 0, 1]


def test_split_digits_that_arithmetic_cannot_settle_are_a_finding() -> None:
    _, result = parse(report(" ").replace("规章 1 0 12", "规章 1 0 1 2"))
    cells = cell_map(result)
    assert not any(key[1] == "regulation" for key in cells)
    [finding] = [f for f in result.findings if f.rule == "A.unplaced_row"]
    assert finding.severity == "warning" and "规章" in finding.message and "应有3个" in finding.message


def test_row_of_six_zeros_is_proven_zero() -> None:
    _, result = parse(report("\t", b_rows=b_rows_with({"result.withheld.internal": ["0"] * 6})))
    got = [cell_map(result)[("B", "result.withheld.internal", c)] for c in ("natural_person", "total")]
    assert all(c.value == 0 and c.inferred and "只能为0" in (c.note or "") for c in got)
    assert not [f for f in result.findings if f.rule == "B.unplaced_row"]


def test_short_row_forced_by_the_balance_is_placed_with_a_note() -> None:
    _, result = parse(report(" ", b_rows=b_rows_with({"new": ["5", "2", "0", "1", "0", "8"]})))
    assert row_values(result, "B", "new") == [5, 2, 0, 0, 1, 0, 8]
    cell = cell_map(result)[("B", "new", "natural_person")]
    assert cell.inferred and "推出" in (cell.note or "") and cell.raw == ""


def test_short_rows_that_cannot_be_placed_are_findings_not_guesses() -> None:
    rows = b_rows_with(
        {"result.public": ["3", "1", "0", "0", "0", "4"], "result.partial": ["1", "0", "0", "0", "0", "1"]}
    )
    _, result = parse(report("\t", b_rows=rows))
    cells = cell_map(result)
    for row in ("result.public", "result.partial"):
        for col in ("natural_person", "business", "total"):
            assert ("B", row, col) not in cells  # never a guessed value
        assert cells[("B", row, "research")].value == 0  # its column total is 0: proven
    messages = [f.message for f in result.findings if f.rule == "B.unplaced_row"]
    assert len(messages) == 2
    assert "予以公开" in messages[0] and "只有6个数，应有7个" in messages[0] and "3 1 0 0 0 4" in messages[0]
    assert all(f.severity == "warning" for f in result.findings)


def test_short_row_contradicting_the_arithmetic_is_reported() -> None:
    _, result = parse(report(" ", b_rows=b_rows_with({"new": ["9", "2", "0", "1", "0", "12"]})))
    assert ("B", "new", "natural_person") not in cell_map(result)
    [finding] = [f for f in result.findings if f.rule == "B.unplaced_row"]
    assert "不一致" in finding.message


def test_table_c_with_a_cell_missing_is_a_finding() -> None:
    _, result = parse(report(" ", c_values=C_VALUES[:-1]))
    assert not [c for c in result.cells if c.table == "C"]
    [finding] = [f for f in result.findings if f.rule == "C.unplaced_row"]
    assert "14" in finding.message


def test_table_c_with_fourteen_zeros_is_proven_zero() -> None:
    _, result = parse(report(" ", c_values=["0"] * 14))
    c_cells = [c for c in result.cells if c.table == "C"]
    assert len(c_cells) == 15 and all(c.value == 0 and c.inferred for c in c_cells)


def test_unrecognised_row_is_reported() -> None:
    text = report(" ").replace("四、结转下年度继续办理 1", "合计申请 3 1 0 0 0 0 4\n四、结转下年度继续办理 1")
    _, result = parse(text)
    [finding] = [f for f in result.findings if f.rule == "B.unmatched_row"]
    assert "合计申请" in finding.message
