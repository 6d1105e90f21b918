"""gongkai compare: 重复率 per section, changed figures with their cells, the carry-over check across years."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ingest.parse import parse_file
from ingest.records import Report
from qa.compare import compare_reports

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
HTML = REPO.parent / "shared" / "real" / "html"


def _with_cell(report: Report, key: tuple[str, str, str], value: float) -> Report:
    cells = tuple(c.model_copy(update={"value": value}) if (c.table, c.row, c.column) == key else c for c in report.cells)
    return report.model_copy(update={"cells": cells})


def test_pingtan_two_real_years() -> None:
    if not (HTML / "pingtan-2023.html").exists():
        pytest.skip("../shared/real/html absent")
    a, b = parse_file(HTML / "pingtan-2022.html"), parse_file(HTML / "pingtan-2023.html")
    c = compare_reports(b, a)  # either order: the earlier year is the baseline
    assert (c.year1, c.year2) == (2022, 2023)
    assert [s.number for s in c.sections] == [1, 2, 3, 4, 5, 6]
    overall = c.sections[0]
    assert overall.sentences > 10 and 0 < overall.repeated < overall.sentences
    assert abs(overall.rate - overall.repeated / overall.sentences) < 1e-3
    new = {(x.table, x.row, x.column): x for x in c.changes}
    assert (new[("B", "new", "total")].old, new[("B", "new", "total")].new) == (74, 81)
    assert new[("B", "new", "total")].change == 7 and "本年新收" in new[("B", "new", "total")].where
    assert not c.carry_over  # 2023's 上年结转 equals 2022's 结转下年度继续办理
    same = compare_reports(a, a)
    assert all(s.rate == 1.0 for s in same.sections if s.sentences) and not same.changes


def test_samples_repeat_changes_and_carry_over() -> None:
    a, b = parse_file(SAMPLES / "shijian_2023_gb18030.txt"), parse_file(SAMPLES / "shijian_2024.txt")
    c = compare_reports(a, b)
    overall = c.sections[0]
    assert overall.repeated >= 1 and all(r.dice >= 0.8 for r in overall.repeated_sentences)
    assert any(x.where.startswith("表三“一、本年新收") and x.column == "total" and (x.old, x.new) == (39, 48) for x in c.changes)
    assert not c.carry_over
    assert len(c.problems2) == 3 and not c.problems1  # 2024's deliberate errors, 2023 clean
    broken = _with_cell(b, ("B", "carried_over", "total"), 5)
    [problem] = compare_reports(a, broken).carry_over
    assert "总计列" in problem.message and "5" in problem.message


def test_ten_times_last_year_or_ten_gone_to_zero_asks_to_verify() -> None:
    a = parse_file(SAMPLES / "qingshi_2023.txt")
    old = {(x.table, x.row, x.column): x.value for x in a.cells}
    licence, received, public = ("A", "license", "decisions"), ("B", "new", "total"), ("B", "result.public", "total")
    assert (old[licence] or 0) >= 10 and (old[received] or 0) > 0 and (old[public] or 0) > 0
    b = a.model_copy(update={"meta": a.meta.model_copy(update={"year": 2024})})
    b = _with_cell(_with_cell(_with_cell(b, licence, 0), received, 10 * (old[received] or 0)), public, (old[public] or 0) + 1)
    flagged = {(x.table, x.row, x.column): x.verify for x in compare_reports(a, b).changes}
    assert flagged == {licence: True, received: True, public: False}


def test_cli_compare_reads_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fakes import CharEmbeddings

    from ingest.chunking import chunk_report
    from ingest.settings import Settings, get_settings
    from ingest.store import Store

    settings = Settings(data=tmp_path / "data")
    store = Store(settings, embeddings=CharEmbeddings())
    for name in ("qingshi_2023.txt", "qingshi_2024.txt"):
        report = parse_file(SAMPLES / name)
        store.put_report(report, chunk_report(report))
    store.close()
    monkeypatch.setenv("GONGKAI_DATA", str(settings.data))
    get_settings.cache_clear()  # read once per process: this test's data dir must be the one read
    try:
        _compare_cli()
    finally:
        get_settings.cache_clear()


def _compare_cli() -> None:
    from ui.cli import app

    result = CliRunner().invoke(app, ["compare", "云溪县青石镇", "2023", "2024", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["year1"] == 2023 and data["sections"] and data["changes"]
    text = CliRunner().invoke(app, ["compare", "青石镇", "2023", "2024"])
    assert "重复率" in text.output and "→" in text.output
    missing = CliRunner().invoke(app, ["compare", "青石镇", "2023", "2020"])
    assert missing.exit_code == 1 and "2020" in missing.output
