"""Layouts found in published reports (平潭, 洪泽), rebuilt on fictional figures so they run anywhere.

A label the report misspelt, a row label joined with the next block's heading, a 2021 table whose
（六）其他处理 is one row without its sub-rows, a money amount printed in 元 under a 万元 column, and a
section heading that PDF text joined with the header cells after it. Each is read, or else left out with a finding; none is guessed.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "tables_fixtures"))

from tables_fixture_kit import B_ROWS, cell_map, parse, report, row_values  # noqa: E402
from test_tables_versions import _report_2019  # noqa: E402

_NONZERO = ["0", "1", "0", "0", "0", "0", "1"]


def _rows_with_label(
    key: str, label: str, values: list[str] | None = None
) -> list[tuple[str, str, list[str]]]:
    return [(k, label if k == key else lab, values if k == key and values else v) for k, lab, v in B_ROWS]


def test_a_misspelt_label_is_read_as_the_form_row_it_stands_for() -> None:
    rows = _rows_with_label("result.withheld.prohibited", "2.其他法律行政止公开", _NONZERO)
    rows = [(k, lab, ["5", "3", "0", "0", "1", "0", "9"] if k == "result.total" else v) for k, lab, v in rows]
    rows = [(k, lab, ["5", "3", "0", "0", "1", "0", "9"] if k == "new" else v) for k, lab, v in rows]
    _, result = parse(report("\t", b_rows=rows))
    assert row_values(result, "B", "result.withheld.prohibited") == [0, 1, 0, 0, 0, 0, 1]
    assert not cell_map(result)[("B", "result.withheld.prohibited", "total")].inferred
    assert not [f for f in result.findings if f.rule.startswith("B.")]


def test_a_label_unlike_every_form_label_stays_a_finding() -> None:
    rows = _rows_with_label("result.withheld.prohibited", "2.本单位自行增设的项目", _NONZERO)
    _, result = parse(report("\t", b_rows=rows))
    cell = cell_map(result).get(("B", "result.withheld.prohibited", "business"))
    assert cell is None or cell.inferred  # not read from the unknown row; at most proven by the totals
    assert [f for f in result.findings if f.rule == "B.unmatched_row"]


def _collapsed_other(values: list[str]) -> list[tuple[str, str, list[str]]]:
    rows = [r for r in B_ROWS if not r[0].startswith("result.other.")]
    at = next(i for i, r in enumerate(rows) if r[0] == "result.total")
    return [*rows[:at], ("result.other", "（六）其他处理", values), *rows[at:]]


def test_a_collapsed_other_row_of_zeros_proves_its_sub_rows_zero() -> None:
    _, result = parse(report("\t", b_rows=_collapsed_other(["0"] * 7)))
    assert result.format_version == "2021"
    cells = cell_map(result)
    for key in ("result.other.no_correction", "result.other.no_fee", "result.other.other"):
        cell = cells[("B", key, "natural_person")]
        assert cell.value == 0 and cell.inferred and "其他处理" in (cell.note or "")
    assert not [f for f in result.findings if f.rule in ("B.unmatched_row", "B.missing_row")]


def test_a_collapsed_other_row_with_cases_leaves_its_sub_rows_unread() -> None:
    # 2 other-handled requests; new and total raised to match, so the tables still add up
    rows = [
        (k, lab, ["7", "2", "0", "0", "1", "0", "10"] if k in ("new", "result.total") else v)
        for k, lab, v in _collapsed_other(["2", "0", "0", "0", "0", "0", "2"])
    ]
    _, result = parse(report("\t", b_rows=rows))
    cells = cell_map(result)
    assert not any(k[1].startswith("result.other.") and c.value for k, c in cells.items())
    assert ("B", "result.other.other", "natural_person") not in cells
    assert [f for f in result.findings if f.rule == "B.missing_row"]


def test_yuan_under_a_wan_yuan_column_is_converted() -> None:
    _, result = parse(_report_2019().replace("政府集中采购\t6\t25.1", "政府集中采购\t6\t75394432.52元"))
    cell = cell_map(result)[("A", "procurement", "purchase_amount")]
    assert abs(cell.value - 7539.443252) < 1e-6  # type: ignore[operator]
    assert cell.raw == "75394432.52元" and "万元" in (cell.note or "") and not cell.inferred


def test_a_heading_joined_with_the_header_cells_still_opens_its_table() -> None:
    from ingest.normalise import normalise
    from ingest.sections import split_sections
    from ingest.tables.parse_text import parse_tables

    text = report(" ").replace(
        "三、收到和处理政府信息公开申请情况\n\n", "三、收到和处理政府信息公开申请情况申请人情况法人或其他组织"
    )
    nt = normalise(text)
    slices, _ = split_sections(nt, ())
    result = parse_tables(nt, slices)
    assert row_values(result, "B", "new") == [5, 2, 0, 0, 1, 0, 8]
    assert not [f for f in result.findings if f.rule.startswith("A.")]


def test_a_row_label_joined_with_the_next_block_heading_is_read() -> None:
    for sep in (" ", "\t"):
        text = report(sep).replace(
            f"行政许可{sep}134\n第二十条第（六）项", f"行政许可第二十条第（六）项{sep}134"
        )
        _, result = parse(text)
        assert row_values(result, "A", "license") == [134]
        assert row_values(result, "A", "penalty") == [1234]
        assert not result.findings
