"""The same report in every publishing format must give the same cells, and never made-up ones.

A small generated corpus (eval.synth: known truth, blank “/” cells) is written in every format,
PDF through LibreOffice included, and scored cell by cell with bench.format_accuracy. A report
whose table cannot be read must say so in its findings rather than fill the gaps with numbers.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from pathlib import Path

import pytest

from eval.synth import generate_spec
from eval.synth_render import FORMATS, kangxi, render
from ingest.parse import parse_file
from ingest.tables.template import TABLE_B


def _bench() -> object:
    """bench/ is scripts, not an installed package: load the scorer from its file."""
    path = Path(__file__).resolve().parents[2] / "bench" / "format_accuracy.py"
    spec = importlib.util.spec_from_file_location("bench_format_accuracy", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


fa = _bench()
AGENCY = ("杏花镇", "云溪县杏花镇", "云溪县", "department")


@pytest.mark.slow
def test_every_format_reads_at_least_995_per_mille_of_cells_and_invents_none(tmp_path: Path) -> None:
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.fail(
            "LibreOffice is needed for the PDF formats: apt-get install libreoffice-writer fonts-noto-cjk"
        )
    rows = fa.make_corpus(  # type: ignore[attr-defined]
        tmp_path, 3, FORMATS, seed=5, blank_rate=0.2
    )
    scores = fa.run(rows, tmp_path)  # type: ignore[attr-defined]
    summary = fa.summarise(scores)  # type: ignore[attr-defined]
    assert set(summary) == set(FORMATS)
    for fmt, s in summary.items():
        assert s["files"] == 3 and s["errors"] == 0, fmt
        assert s["invented"] == 0 and s["wrong"] == 0, (
            fmt,
            [x.invented + x.wrong for x in scores if x.format == fmt],
        )
        assert s["accuracy"] >= 99.5, (fmt, s)


def _spec_with_blanks() -> object:
    spec = generate_spec(11, agency=AGENCY, blank_rate=0.3)
    assert any(v is None for k, v in spec.cells.items() if k[0] == "B")  # blanks are part of the trap
    return spec


def _b_cells_are_true_or_absent(path: Path, spec: object) -> tuple[int, list[str]]:
    """How many B cells came back, and the rules of the report's table-B findings; fails on any false cell."""
    report = parse_file(path)
    truth = spec.expected_cells()  # type: ignore[attr-defined]
    b_cells = [c for c in report.cells if c.table == "B"]
    false = [(c.row, c.column, c.value) for c in b_cells if c.value != truth[("B", c.row, c.column)]]
    assert not false
    return len(b_cells), [f.rule for f in report.findings if f.rule.startswith("B.")]


def test_garbled_row_labels_give_findings_not_numbers(tmp_path: Path) -> None:
    spec = _spec_with_blanks()
    text = render(spec, "txt")  # type: ignore[arg-type]
    for row in TABLE_B.rows:  # every row label of table B made unreadable
        if row.key.startswith("result.") and row.key != "result.total":
            text = text.replace(f"\t{row.label}\t", "\t某某情形\t", 1)
    path = tmp_path / "garbled.txt"
    path.write_text(text, encoding="utf-8")
    n, rules = _b_cells_are_true_or_absent(path, spec)
    assert n < len([k for k in spec.cells if k[0] == "B"])  # type: ignore[attr-defined]
    assert "B.unmatched_row" in rules and "B.missing_row" in rules


def _drop_first_number(text: str, label: str | None = None) -> str:
    """Table B rows (or the row with `label`) lose their first number, as when a PDF drops a cell."""
    start, end = text.index(kangxi("申请人情况")), text.index(kangxi("行政复议 行政诉讼"))
    lead = re.escape(kangxi(label)) if label else r".*?[^\d/ ]"
    table = re.sub(rf"(?m)^({lead}) (?:\d+|/) ((?:(?:\d+|/) ){{5}}(?:\d+|/))$", r"\1 \2", text[start:end])
    if label is None:  # rows whose numbers stand on a line of their own
        table = re.sub(r"(?m)^(?:\d+|/) ((?:(?:\d+|/) ){5}(?:\d+|/))$", r"\1", table)
    assert table != text[start:end]
    return text[:start] + table + text[end:]


def test_rows_short_of_a_number_give_findings_not_numbers(tmp_path: Path) -> None:
    spec = _spec_with_blanks()
    path = tmp_path / "short.txt"
    path.write_text(_drop_first_number(render(spec, "pdftxt")), encoding="utf-8")  # type: ignore[arg-type]
    _, rules = _b_cells_are_true_or_absent(path, spec)
    assert "B.unplaced_row" in rules


def test_a_blank_in_a_row_placed_by_arithmetic_stays_blank(tmp_path: Path) -> None:
    spec = _spec_with_blanks()
    cells = spec.cells  # type: ignore[attr-defined]
    row = next(
        r
        for r in TABLE_B.rows
        if r.parent == "result.total"
        and (cells[("B", r.key, "natural_person")] or 0) > 0
        and any(cells[("B", r.key, c)] is None for c in r.columns)
        and len(r.label) <= 30  # its numbers on the label's line
    )
    path = tmp_path / "one_short.txt"
    path.write_text(_drop_first_number(render(spec, "pdftxt"), row.label), encoding="utf-8")  # type: ignore[arg-type]
    report = parse_file(path)
    got = {c.column: c.value for c in report.cells if c.table == "B" and c.row == row.key}
    assert got  # arithmetic still places what it can …
    blank = [c for c in row.columns if cells[("B", row.key, c)] is None]
    assert all(got.get(c) is None for c in blank)  # … but the “/” is never a proven 0
    _b_cells_are_true_or_absent(path, spec)


def test_scoring_tells_wrong_from_invented_missing_and_flagged(tmp_path: Path) -> None:
    spec = _spec_with_blanks()
    path = tmp_path / "r.txt"
    path.write_text(render(spec, "txt"), encoding="utf-8")  # type: ignore[arg-type]
    truth = dict(spec.expected_cells())  # type: ignore[attr-defined]
    blank = next(k for k, v in truth.items() if v is None)
    number = ("A", "license", "decisions")
    truth[blank], truth[number] = 7.0, (truth[number] or 0) + 1
    score = fa.score_file(
        path,  # type: ignore[attr-defined]
        "txt",
        truth,
    )
    assert score.right == score.cells - 2 and len(score.wrong) == 2 and not score.missing
    truth[blank] = None
    truth[number] = None
    score = fa.score_file(
        path,  # type: ignore[attr-defined]
        "txt",
        truth,
    )
    assert [s.split("=")[0] for s in score.invented] == [":".join(number)]
