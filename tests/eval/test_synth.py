"""The synthetic corpus is only useful as truth if its arithmetic holds and its files say what it claims."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from eval.synth import (
    APPLICANTS,
    INCONSISTENCIES,
    RESULT_ROWS,
    ReportSpec,
    generate_corpus,
    generate_spec,
    generate_specs,
)
from eval.synth_render import FORMATS, kangxi, render, write_reports
from ingest.normalise import normalise
from ingest.read.text import decode
from ingest.tables.template import TABLE_C, expected_cells

COLS = [c.key for c in APPLICANTS] + ["total"]


def broken_relations(spec: ReportSpec) -> set[str]:
    """Which of the form's relations fail, named like eval.synth.INCONSISTENCIES."""
    v = {k: (x or 0) for k, x in spec.cells.items()}
    bad: set[str] = set()
    for col in COLS:
        if v[("B", "result.total", col)] != sum(v[("B", r, col)] for r in RESULT_ROWS):
            bad.add("B.column_total")
        if v[("B", "new", col)] + v[("B", "carried_over", col)] != v[("B", "result.total", col)] + v[("B", "carried_forward", col)]:
            bad.add("B.balance")
    for row in {r for t, r, _ in spec.cells if t == "B"}:
        if v[("B", row, "total")] != sum(v[("B", row, c.key)] for c in APPLICANTS):
            bad.add("B.row_total")
    for row in TABLE_C.rows:
        if v[("C", row.key, "total")] != sum(v[("C", row.key, c.key)] for c in TABLE_C.columns[:4]):
            bad.add("C.total")
    return bad


@pytest.mark.parametrize("seed", range(30))
def test_generated_reports_add_up_and_cover_the_whole_form(seed: int) -> None:
    spec = generate_spec(seed, agency=("某局", "云溪县某局", "云溪县", "department" if seed % 2 else "township"))
    assert set(spec.expected_cells()) == set(expected_cells())
    assert broken_relations(spec) == set()


@pytest.mark.parametrize("rule", INCONSISTENCIES)
def test_each_deliberate_inconsistency_breaks_its_relation(rule: str) -> None:
    spec = generate_spec(7, agency=("某委", "云溪县某委", "云溪县", "department"), inconsistencies=[rule])
    if rule == "prose_vs_table":
        said = next(f for f in spec.facts if f.metric == "review.count")
        assert said.value == spec.value("C", "review", "total") + 1
    else:
        assert rule in broken_relations(spec)


def test_blank_cells_are_none_and_leave_the_arithmetic_intact() -> None:
    spec = generate_spec(3, agency=("某委", "云溪县某委", "云溪县", "department"), blank_rate=0.5)
    blanks = [k for k, v in spec.cells.items() if v is None]
    assert blanks and all(k[0] == "B" for k in blanks)
    assert broken_relations(spec) == set()
    assert "\t/" in render(spec, "txt")


def test_same_seed_same_corpus_and_later_years_repeat_a_problem() -> None:
    a = generate_specs(3, [2023, 2024], seed=11)
    assert [s.truth() for s in a] == [s.truth() for s in generate_specs(3, [2023, 2024], seed=11)]
    assert len({s.agency for s in a}) == 3
    for earlier, later in zip(a[::2], a[1::2], strict=True):
        assert later.repeated_problems == (1,) and later.prose.problems[0] == earlier.prose.problems[0]


def test_facts_are_stated_verbatim_in_the_text() -> None:
    spec = generate_spec(5, agency=("某镇", "云溪县某镇", "云溪县", "township"))
    text = render(spec, "txt")
    assert spec.facts and all(f.sentence in text for f in spec.facts)
    assert all(str(int(f.value)) in f.sentence for f in spec.facts)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", normalise(text).text)


@pytest.mark.parametrize("fmt", ["txt", "pdftxt", "gb18030", "html"])
def test_text_formats_contain_the_values(fmt: str, tmp_path: Path) -> None:
    spec = generate_spec(21, agency=("某委", "云溪县某委", "云溪县", "department"))
    (path,) = write_reports([spec], fmt, tmp_path)
    text, encoding = decode(path.read_bytes(), path.name)
    assert encoding == ("gb18030" if fmt == "gb18030" else "utf-8")
    row = " ".join(str(int(spec.value("B", "new", c) or 0)) for c in COLS)
    flat = _flat(re.sub(r"<[^>]+>", " ", text) if fmt == "html" else text)
    assert spec.title in flat and row.replace(" ", "") in flat
    for f in spec.facts:
        assert _flat(f.sentence) in flat
    if fmt == "pdftxt":
        assert "⼀" in text and re.search(r"^- \d -$", text, re.M) and kangxi("行政") in text
        c_line = " ".join(str(int(spec.value("C", r.key, c.key) or 0)) for r in TABLE_C.rows for c in TABLE_C.columns)
        assert c_line in text.splitlines()  # all 15 numbers of table C on one line
    if fmt == "html":
        assert 'rowspan="22"' in text and 'colspan="7"' in text


def test_docx_has_merged_tables_with_the_values(tmp_path: Path) -> None:
    from docx import Document

    spec = generate_spec(4, agency=("某委", "云溪县某委", "云溪县", "department"))
    (path,) = write_reports([spec], "docx", tmp_path)
    doc = Document(str(path))
    assert len(doc.tables) == 3
    b = doc.tables[1]
    assert len(b.rows) == 28 and len(b.columns) == 10
    assert b.cell(5, 0).text == b.cell(26, 0).text == "三、本年度办理结果"  # one merged cell
    new_row = [b.cell(3, i).text for i in range(3, 10)]
    assert new_row == [str(int(spec.value("B", "new", c) or 0)) for c in COLS]
    assert spec.title in "\n".join(p.text for p in doc.paragraphs)


def test_corpus_writes_files_and_truth(tmp_path: Path) -> None:
    rows = generate_corpus(2, [2023, 2024], ["txt", "gb18030"], tmp_path, seed=3)
    truth = [json.loads(line) for line in (tmp_path / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(truth) == 8
    assert all((tmp_path / t["file"]).exists() for t in truth)
    assert len(truth[0]["cells"]) == len(expected_cells())


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        write_reports([generate_spec(1)], "xls", tmp_path)
    assert set(FORMATS) >= {"txt", "pdftxt", "gb18030", "html", "docx", "pdf"}


@pytest.mark.slow
def test_pdf_through_libreoffice_keeps_the_numbers(tmp_path: Path) -> None:
    import shutil

    import pdfplumber

    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.fail("LibreOffice is needed: apt-get install libreoffice-writer fonts-noto-cjk")
    spec = generate_spec(9, agency=("某委", "云溪县某委", "云溪县", "department"))
    (path,) = write_reports([spec], "pdf", tmp_path)
    with pdfplumber.open(path) as pdf:
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    assert spec.title in text.replace("\n", "")
    row = " ".join(str(int(spec.value("B", "new", c) or 0)) for c in COLS)
    assert row in text


@pytest.mark.parametrize("fmt", ["txt", "pdftxt", "gb18030", "html", "docx"])
def test_the_parser_reads_back_every_cell_and_the_year(fmt: str, tmp_path: Path) -> None:
    from ingest.parse import parse_file

    spec = generate_spec(13, agency=("杏花镇", "云溪县杏花镇", "云溪县", "township"), year=2023)
    (path,) = write_reports([spec], fmt, tmp_path)
    report = parse_file(path)
    assert (report.meta.agency, report.meta.year) == (spec.agency, spec.year)
    wrong = {k: v for k, v in spec.expected_cells().items() if getattr(report.cell(*k), "value", "missing") != v}
    assert not wrong
