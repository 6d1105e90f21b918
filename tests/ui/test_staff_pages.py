"""Staff pages without a browser: the 承诺跟踪 timeline over every year of 平潭's real reports with its
Excel download, the 两年对比 exports, and 检查草稿 on the upload page (checked, never stored)."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from ui_fakes import AGENCY, FakeBackend, row_of

from ingest.settings import Settings
from ui.pages import commitments, upload
from ui.pages.tracking import timeline_html

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
HTML = Path(os.environ.get("GONGKAI_REAL", REPO.parent / "shared" / "real")) / "html"
PINGTAN = "平潭综合实验区"


@pytest.fixture(scope="module")
def pingtan() -> FakeBackend:
    """The fake backend holding four real 平潭 years (2022–2025), parsed for real."""
    if not HTML.exists():
        pytest.skip(f"real reports not found at {HTML}: they live in ../shared/real beside the clone")
    from ingest.parse import parse_file

    backend = FakeBackend()
    for year in range(2022, 2026):
        report = parse_file(HTML / f"pingtan-{year}.html")
        assert report.meta.agency == PINGTAN and report.meta.year == year
        backend.store[report.id] = report
    return backend


def test_timeline_lists_every_year_with_statuses_and_linked_sentences(pingtan: FakeBackend) -> None:
    agencies, first = commitments.busiest_agency(pingtan)
    assert first == PINGTAN and AGENCY in agencies  # the agency with the most years shows first
    html, xlsx = commitments.board(pingtan, PINGTAN)
    assert [f'data-year="{y}"' in html for y in range(2022, 2026)] == [True] * 4
    assert html.count('class="gk-year"') == 4
    for status in ("反复出现", "已落实", "此后未提及"):
        assert f">{status}</span>" in html.split('data-year="2022"', 1)[1]
    assert 'class="gk-link"><b>2023年</b> 反复出现' in html or 'class="gk-link"><b>2024年</b> 反复出现' in html
    assert "一、总体情况，第" in html  # an 已落实 link quotes a later section 一 sentence and its line
    assert "起已写过" in html  # a later year's item names the year it was first written
    assert "来源：pingtan-2025.html" in html and "/work" not in html

    from openpyxl import load_workbook

    line = pingtan.timeline(PINGTAN)
    sheet = load_workbook(xlsx)["承诺跟踪"]
    assert [c.value for c in sheet[1]][-4:] == ["2022年", "2023年", "2024年", "2025年"]
    assert sheet.max_row - 1 == len(line.items)  # one row per commitment
    statuses = {c.value for row in sheet.iter_rows(min_row=2, min_col=7) for c in row}
    assert {"提出", "未提及"} <= statuses and statuses & {"反复出现", "已落实"}


def test_other_editions_of_a_year_are_named(fake_backend: FakeBackend) -> None:
    line = fake_backend.timeline(AGENCY)
    first = fake_backend.store["r2024"]
    second = row_of(first).model_copy(update={"id": "r2024b", "source_path": "/data/示例镇2024更正版.txt"})
    html = timeline_html(line, [row_of(fake_backend.store["r2023"]), row_of(first), second])
    block = html.split('data-year="2024"')[1]
    assert "另存有1个版本（示例镇2024更正版.txt）" in block and "跟踪用当前版本" in block
    assert "另存有" not in html.split('data-year="2024"')[0]


def test_an_agency_without_section_five_says_so(fake_backend: FakeBackend) -> None:
    html, xlsx = commitments.board(fake_backend, "没有的机关")
    assert "没有找到没有的机关" in html and xlsx is None
    assert "请选择机关" in commitments.board(fake_backend, None)[0]


def test_two_years_compared_on_the_page_and_exported(tmp_path: Path) -> None:
    from ingest.parse import parse_file

    backend = FakeBackend()
    for name in ("qingshi_2023.txt", "qingshi_2024.txt"):
        report = parse_file(SAMPLES / name)
        backend.store[report.id] = report
    agency = backend.store[next(iter(k for k in backend.store if k not in ("r2023", "r2024")))].meta.agency
    html, xlsx, page = commitments.compare(backend, agency, "2023", "2024")
    assert "各部分重复率" in html and "数字变化" in html and "跨年核对" in html
    assert xlsx.visible and page.visible
    from openpyxl import load_workbook

    wb = load_workbook(_path(xlsx.value))
    assert wb.sheetnames == ["重复率", "数字变化", "核查"]
    assert wb["数字变化"].max_row > 1 and wb["重复率"].max_row > 1
    printable = Path(_path(page.value)).read_text(encoding="utf-8")
    assert printable.startswith("<!DOCTYPE html>") and "@media print" in printable and "<script" not in printable
    assert "请选择两个不同的年度" in commitments.compare(backend, agency, "2023", "2023")[0]
    assert "库中没有" in commitments.compare(backend, agency, "2023", "2019")[0]


def _path(value: object) -> str:
    """A DownloadButton's value: Gradio keeps the file it was given as {'path': …}."""
    return str(value["path"] if isinstance(value, dict) else value)


def _upload(path: Path, name: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(name=str(path), orig_name=name or path.name)


def test_a_draft_is_checked_in_chinese_and_never_stored(tmp_path: Path) -> None:
    settings = Settings(data=tmp_path / "data")
    backend = FakeBackend()
    html = upload.check_draft(backend, settings, _upload(SAMPLES / "shijian_2024.txt"))
    assert "发现3处问题" in html
    assert "表三 自然人列：（一）至（六）各项办理结果之和为34，（七）总计为33，相差1" in html
    assert "正文与表格不符" in html and "未核对上年结转" in html
    assert backend.ingested == [] and not (settings.data / "uploads").exists()


def test_a_clean_draft_and_last_years_carry_over(tmp_path: Path) -> None:
    from ingest.parse import parse_file

    settings = Settings(data=tmp_path / "data")
    backend = FakeBackend()
    last = parse_file(SAMPLES / "qingshi_2023.txt")
    backend.store[last.id] = last
    html = upload.check_draft(backend, settings, _upload(SAMPLES / "qingshi_2024.txt"))
    assert "未发现问题" in html and "已与库中2023年报告核对上年结转" in html
    cells = tuple(c.model_copy(update={"value": 4.0, "raw": "4"})
                  if (c.table, c.row, c.column) == ("B", "carried_forward", "natural_person") else c for c in last.cells)
    backend.store[last.id] = last.model_copy(update={"cells": cells})
    html = upload.check_draft(backend, settings, _upload(SAMPLES / "qingshi_2024.txt"))
    assert "上年结转" in html and "2023年报告“四、结转下年度继续办理”同列为4" in html


def test_a_draft_that_cannot_be_checked_gets_a_reason(tmp_path: Path) -> None:
    settings = Settings(data=tmp_path / "data")
    backend = FakeBackend()
    assert "请先选择" in upload.check_draft(backend, settings, None)
    exe = tmp_path / "draft.exe"
    exe.write_bytes(b"MZ")
    assert "不支持的文件类型" in upload.check_draft(backend, settings, _upload(exe))
    junk = tmp_path / "notes.txt"
    junk.write_text("今天天气很好，我们去公园散步。\n" * 5, encoding="utf-8")
    html = upload.check_draft(backend, settings, _upload(junk))
    assert "无法检查" in html and "Traceback" not in html


def test_live_backend_staff_reads_see_every_edition(tmp_path: Path) -> None:
    """Two editions of one agency and year: answers read the current one, the staff pages list both."""
    from fakes import CharEmbeddings

    from ingest.chunking import chunk_report
    from ingest.parse import parse_file
    from ingest.store import Store
    from ui.pages.backend import LiveBackend

    settings = Settings(data=tmp_path / "data")
    first = parse_file(SAMPLES / "shijian_2024.txt")
    second = parse_file(SAMPLES / "shijian_2024.txt").model_copy(update={
        "id": first.id + "-b", "meta": first.meta.model_copy(update={"source_path": "/data/shijian_2024_更正.txt"})})
    store = Store(settings, embeddings=CharEmbeddings())
    for report in (first, second):
        store.put_report(report, chunk_report(report))
    backend = LiveBackend(settings)
    backend._store = store  # the same SQLite; nothing here embeds
    agency = first.meta.agency
    assert len(backend.reports(agency=agency)) == 1
    assert len(backend.reports(agency=agency, current_only=False)) == 2
    editions = {row.id for row, _ in backend.findings(agency=agency)}
    assert editions == {first.id, second.id}  # 数据核查 lists every edition's findings
    html = commitments.show(backend, agency)
    assert "另存有1个版本" in html and 'data-year="2024"' in html
    store.close()
