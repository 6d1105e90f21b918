"""数据核查 in a real browser: filter by a rule and a year, open one report's form and see the failing
cells framed (the picked finding's filled), and download the Excel of the filtered findings.

The store holds the sample with deliberate errors (shijian_2024), its clean previous year and the real
洪泽 2023 PDF whose table 四 does not add up, written with a fake embedder (this page reads SQLite only).
`gongkai serve` runs in a subprocess and Debian's chromium is driven by Playwright. The screenshot
goes to test-output/screenshots/staff-checks-form.png for a human to look at."""

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
    from playwright.sync_api import Browser, Page

PDF = Path(os.environ.get("GONGKAI_REAL", REPO.parent / "shared" / "real")) / "pdf" / "huaian-hongze-2023.pdf"
FLAWED = REPO / "samples" / "shijian_2024.txt"  # fictional; 表三 does not add up
CLEAN = REPO / "samples" / "shijian_2023_gb18030.txt"  # fictional; no sum fails

pytestmark = [pytest.mark.slow]


@pytest.fixture(scope="module")
def checks_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not PDF.exists():
        pytest.skip(f"real PDF not found at {PDF}: it lives in ../shared/real beside the clone")
    if not CHROMIUM.exists():
        pytest.skip("chromium missing: apt-get install -y chromium fonts-noto-cjk (scripts/setup.sh --test)")
    from fakes import CharEmbeddings

    from ingest.chunking import chunk_report
    from ingest.parse import parse_file
    from ingest.settings import Settings
    from ingest.store import Store

    data = tmp_path_factory.mktemp("checks") / "data"
    store = Store(Settings(data=data), embeddings=CharEmbeddings())
    for path in (FLAWED, CLEAN, PDF):
        report = parse_file(path)
        store.put_report(report, chunk_report(report))
    store.close()
    with served(data) as url:
        yield url


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with launched() as b:
        yield b


def _choose(page: Page, elem_id: str, option: str) -> None:
    """Pick `option` in a Gradio dropdown as a user does: open it, click the entry."""
    page.locator(f"#{elem_id} input").click()
    page.get_by_role("option", name=option, exact=False).first.click()


def test_filter_open_a_form_and_download(checks_server: str, chromium: Browser, tmp_path: Path) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = _page(chromium)
    page.goto(checks_server + "staff/")
    page.get_by_role("tab", name="数据核查").click()
    summary = page.locator("#gk-checks-summary")
    summary.get_by_text("条核查发现").wait_for()
    everything = summary.inner_text()
    assert "共 5 条核查发现" in everything  # 3 of the sample, 2 of the PDF; the clean year has none
    _choose(page, "gk-checks-region", "云溪县")  # the sample's three findings, the longest lines
    summary.get_by_text("共 3 条核查发现（其中错误 2 条），涉及 1 份报告").wait_for()
    page.wait_for_function(  # the table redraws after the summary
        "() => [...document.querySelectorAll('#gk-findings [role=row]')].filter(r => r.innerText.includes('云溪县')).length == 3")
    heights = page.eval_on_selector_all(
        "#gk-findings [role=row]", "rows => rows.map(r => [r.offsetHeight, r.innerText.slice(0, 12)])")
    heights = [h for h, text in heights if h > 0 and "云溪县" in text]
    assert len(heights) == 3 and max(heights) < 200, heights  # no screen-tall rows (issue 15, stumble 2)
    page.screenshot(path=str(SHOTS / "staff-checks-sample.png"), full_page=True)
    _choose(page, "gk-checks-region", "全部")
    summary.get_by_text("共 5 条").wait_for()

    _choose(page, "gk-checks-rule", "表四 合计")
    summary.get_by_text("共 2 条核查发现（其中错误 2 条），涉及 1 份报告").wait_for()
    _choose(page, "gk-checks-year", "2023")
    summary.get_by_text("共 2 条核查发现（其中错误 2 条），涉及 1 份报告").wait_for()
    assert summary.inner_text() != everything
    findings = page.locator("#gk-findings").inner_text()
    assert "洪泽区" in findings and "表四 合计" in findings and "云溪县市场监督管理局" not in findings
    assert "C.total" not in findings and "error" not in findings

    _choose(page, "gk-checks-report", "洪泽区 2023")
    form = page.locator("#gk-checks-form")
    form.locator("table.gk-form").nth(2).wait_for()
    assert form.locator("table.gk-form").count() == 3  # 表二, 表三, 表四 as on the form
    assert form.locator("td.gk-failed").count() == 10  # both failed sums of 表四, five cells each
    assert form.locator("details.gk-clean").count() == 2  # 表二 and 表三 add up: folded, 表四 on screen
    assert "本报告的核查发现（2条）" in page.locator("#gk-checks-list").inner_text()
    _choose(page, "gk-checks-finding", "1. 表四 合计")
    picked = form.locator("td.gk-hl")
    picked.first.wait_for()
    assert picked.count() == 5 and "10" in [picked.nth(i).inner_text() for i in range(5)]
    assert "表四 行政复议 · 总计" in page.locator("#gk-finding-cells").inner_text()
    page.locator("#gk-checks-form").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "staff-checks-form.png"), full_page=True)

    with page.expect_download() as download:
        page.locator("#gk-findings-xlsx").click()
    saved = tmp_path / "findings.xlsx"
    download.value.save_as(saved)
    from openpyxl import load_workbook

    rows = list(load_workbook(saved)["核查发现"].iter_rows(values_only=True))
    assert rows[0] == ("单位", "年度", "文件", "表", "行", "列", "规则", "说明", "严重程度")
    assert [r[:5] for r in rows[1:]] == [
        ("洪泽区", 2023, "huaian-hongze-2023.pdf", "表四", "行政复议"),
        ("洪泽区", 2023, "huaian-hongze-2023.pdf", "表四", "行政诉讼（复议后起诉）"),
    ]
    assert {r[6] for r in rows[1:]} == {"表四 合计"} and {r[8] for r in rows[1:]} == {"错误"}

    # a click on a finding's row opens its report with that finding picked
    page.locator("#gk-findings [role=row]", has_text="复议后起诉").locator("[role=gridcell]").nth(4).click()
    page.locator("#gk-checks-list li.gk-picked", has_text="复议后起诉").wait_for()
    assert [picked.nth(i).inner_text() for i in range(picked.count())] == ["5", "0", "0", "0", "0"]
