"""`gongkai compare … --xlsx --html`: the two-year comparison as a workbook and a printable page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ui.cli import app

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture
def stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """青石镇 2023 and 2024 in a store of their own (fake embeddings: compare reads SQLite only)."""
    from fakes import CharEmbeddings

    from ingest.chunking import chunk_report
    from ingest.parse import parse_file
    from ingest.settings import Settings, get_settings
    from ingest.store import Store

    settings = Settings(data=tmp_path / "data")
    store = Store(settings, embeddings=CharEmbeddings())
    for name in ("qingshi_2023.txt", "qingshi_2024.txt"):
        report = parse_file(SAMPLES / name)
        store.put_report(report, chunk_report(report))
    store.close()
    monkeypatch.setenv("GONGKAI_DATA", str(settings.data))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_workbook_and_printable_page(stored: None, tmp_path: Path) -> None:
    xlsx, html = tmp_path / "对比.xlsx", tmp_path / "对比.html"
    result = CliRunner().invoke(app, ["compare", "青石镇", "2023", "2024", "--xlsx", str(xlsx), "--html", str(html)])
    assert result.exit_code == 0, result.output
    assert "重复率" in result.output  # the text is still printed

    from openpyxl import load_workbook

    wb = load_workbook(xlsx)
    changes = wb["数字变化"]
    assert [c.value for c in changes[1]][:5] == ["表", "单元格", "前一年", "后一年", "变化"]
    assert changes.max_row > 1
    first = [c.value for c in changes[2]]
    assert first[4] == first[3] - first[2]  # the change is the later figure minus the earlier
    assert str(first[1]).startswith("表")  # the cell named as on the form
    repeats = [r[0] for r in wb["重复率"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert "五、存在的主要问题及改进情况" in repeats

    page = html.read_text(encoding="utf-8")
    assert "青石镇 2023年与2024年" in page and "各部分重复率" in page and "跨年核对" in page
    assert "<mark>" in page  # repeated sentences marked
    assert "@media print" in page and "<script" not in page and "http" not in page  # self-contained


def test_unwritable_output_is_one_line(stored: None, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["compare", "青石镇", "2023", "2024", "--html", str(tmp_path / "no" / "x.html")])
    assert result.exit_code == 1
    assert "无法写入" in result.output and "Traceback" not in result.output
