"""The staff pages in a real browser: the 承诺跟踪 timeline over four real 平潭 years (its Excel
download and the 两年对比), and 检查草稿 on the upload page showing a flawed draft's checklist without
storing it. `gongkai serve` runs in a subprocess and Debian's chromium is driven by Playwright.

Kept fast: the store holds four 平潭 pages and one sample written with a fake embedder (these pages
read SQLite only; the chat's real-model path is tests/ui/test_browser.py's). Screenshots go to
test-output/screenshots/ for a human to look at."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from test_browser import (
    CHROMIUM,
    REPO,
    SHOTS,
    _page,
    launched,
    served,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser

HTML = Path(os.environ.get("GONGKAI_REAL", REPO.parent / "shared" / "real")) / "html"
YEARS = (2022, 2023, 2024, 2025)
LAST_YEAR = REPO / "samples" / "shijian_2023_gb18030.txt"  # fictional; the draft's previous year
DRAFT = REPO / "samples" / "shijian_2024.txt"  # fictional; its table B does not add up

pytestmark = [pytest.mark.slow]


@pytest.fixture(scope="module")
def staff_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    pages = [HTML / f"pingtan-{y}.html" for y in YEARS]
    if not all(p.exists() for p in pages):
        pytest.skip(f"real reports not found at {HTML}: they live in ../shared/real beside the clone")
    if not CHROMIUM.exists():
        pytest.skip("chromium missing: apt-get install -y chromium fonts-noto-cjk (scripts/setup.sh --test)")
    from fakes import CharEmbeddings

    from ingest.chunking import chunk_report
    from ingest.parse import parse_file
    from ingest.settings import Settings
    from ingest.store import Store

    data = tmp_path_factory.mktemp("staff") / "data"
    store = Store(Settings(data=data), embeddings=CharEmbeddings())
    for path in (*pages, LAST_YEAR):
        report = parse_file(path)
        store.put_report(report, chunk_report(report))
    store.close()
    with served(data) as url:
        yield url


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with launched() as b:
        yield b


def test_timeline_over_every_year_with_workbook_and_comparison(
    staff_server: str, chromium: Browser, tmp_path: Path
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = _page(chromium)
    page.goto(staff_server + "staff/")
    years = page.locator("#gk-commit-board .gk-year")
    years.first.wait_for()
    assert years.count() == len(YEARS)  # every stored year, not two
    assert [years.nth(i).locator("h3").inner_text()[:5] for i in range(len(YEARS))] == [f"{y}年" for y in YEARS]
    board = page.locator("#gk-commit-board").inner_text()
    assert "平潭综合实验区：2022–2025年，4份报告" in board
    first_year = years.first
    for status in ("反复出现", "已落实", "此后未提及"):
        assert first_year.locator("span.gk-badge", has_text=status).count() >= 1, status
    assert first_year.locator("li.gk-link").count() >= 2  # later sentences quoted with their years
    assert "年 反复出现（五、存在的主要问题及改进情况，第" in first_year.inner_text()
    page.screenshot(path=str(SHOTS / "staff-timeline.png"), full_page=True)

    with page.expect_download() as download:
        page.locator("#gk-commit-xlsx").click()
    saved = tmp_path / "timeline.xlsx"
    download.value.save_as(saved)
    from openpyxl import load_workbook

    header = [c.value for c in load_workbook(saved)["承诺跟踪"][1]]
    assert header[-4:] == [f"{y}年" for y in YEARS]

    page.get_by_text("两年对比：重复率、数字变化、跨年核对").click()
    page.locator("#gk-compare-run").click()
    result = page.locator("#gk-compare-result")
    result.get_by_text("各部分重复率").wait_for()
    text = result.inner_text()
    assert "2024年与2025年" in text and "数字变化" in text and "跨年核对" in text
    page.locator("#gk-compare-html").wait_for()
    page.locator("#gk-compare-result").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "staff-compare.png"), full_page=True)


def test_draft_checklist_without_storing(staff_server: str, chromium: Browser) -> None:
    page = _page(chromium)
    page.goto(staff_server + "staff/")
    page.get_by_role("tab", name="导入").click()
    page.locator("#gk-draft input[type=file]").set_input_files(str(DRAFT))
    page.locator("#gk-draft").get_by_text(DRAFT.stem, exact=False).first.wait_for(timeout=60_000)
    page.locator("#gk-draft-run").click()
    checklist = page.locator("#gk-draft-result .gk-checklist")
    checklist.wait_for()
    text = checklist.inner_text()
    assert "发现3处问题" in text
    assert "表三 自然人列：（一）至（六）各项办理结果之和为34，（七）总计为33，相差1" in text
    assert "正文与表格不符" in text
    assert "已与库中2023年报告核对上年结转" in text  # last year's stored report was checked against it
    assert "B.result_total" not in text and "/tmp" not in text
    checklist.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "staff-draft.png"), full_page=True)
    page.goto(staff_server + "api/reports")
    assert DRAFT.name not in page.content() and "pingtan-2025.html" in page.content()  # checked, not stored
