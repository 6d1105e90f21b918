"""数据核查 without a browser, on real parses: the sample with deliberate errors (shijian_2024), a clean
sample, and the real 洪泽 PDF whose table 四 does not add up. Filters narrow by 地区/机关/年度/规则 (the
rule by its Chinese name), a report's form frames its findings' cells and fills the picked one's, and
the exports hold one Chinese row per filtered finding."""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import pytest
from ui_fakes import FakeBackend

from ui.findings_export import EXPORT_HEADERS
from ui.pages import checks

REPO = Path(__file__).resolve().parents[2]
FLAWED = REPO / "samples" / "shijian_2024.txt"  # fictional; 表三 does not add up, prose vs 表四
CLEAN = REPO / "samples" / "qingshi_2024.txt"  # fictional; no findings
PDF = Path(os.environ.get("GONGKAI_REAL", REPO.parent / "shared" / "real")) / "pdf" / "huaian-hongze-2023.pdf"


def _backend(*paths: Path) -> FakeBackend:
    from ingest.parse import parse_file

    backend = FakeBackend()
    backend.store = {r.id: r for r in (parse_file(p) for p in paths)}
    return backend


@pytest.fixture(scope="module")
def samples() -> FakeBackend:
    return _backend(FLAWED, CLEAN)


def _hl(html: str) -> int:
    return len(re.findall(r'class="[^"]*\bgk-hl\b', html))


def test_rule_and_year_filters_narrow_the_list(samples: FakeBackend) -> None:
    rules = checks.refresh(samples)[2].choices
    names = [c[0] if isinstance(c, tuple) else c for c in rules]
    assert "表三 办理结果合计" in names and "正文与表格不符" in names
    assert not any("." in n for n in names)  # Chinese names, never B.result_total
    text, table, *_ = checks.show(samples, None, "2024", "表三 办理结果合计")
    assert len(table) == 2 and set(table["规则"]) == {"表三 办理结果合计"}
    assert "共 2 条核查发现（其中错误 2 条），涉及 1 份报告" in text
    assert len(checks.show(samples, None, "2023", "表三 办理结果合计")[1]) == 0
    assert len(checks.show(samples, None, None, None, "云溪县")[1]) == 3
    assert len(checks.show(samples, None, None, None, "别的县")[1]) == 0
    assert len(checks.show(samples, "青石镇", None, None)[1]) == 0  # the clean sample has none


def test_a_reports_form_frames_its_findings_and_fills_the_picked_one(samples: FakeBackend) -> None:
    pairs = checks.filtered(samples, None, None, None)
    report, finding, form, listing, cells = checks.report_panel(samples, pairs, None)
    assert report.value == pairs[0][0].id and len(report.choices) == 1  # the clean sample is not offered
    assert "（3条）" in report.choices[0][0] and "shijian_2024.txt" in report.choices[0][0]
    assert form.count("<table") == 3 and "表三" in form and "表四" in form
    assert "gk-failed" in form and _hl(form) == 0  # framed, nothing picked yet
    assert form.count('<details class="gk-clean">') == 1 and "表二　二、主动公开政府信息情况（本表无核查发现" in form
    assert "本报告的核查发现（3条）" in listing and "正文称行政复议3件" in listing
    assert "B.result_total" not in listing + form and "error" not in re.sub(r'class="[^"]*"', "", listing)

    _, finding, form, listing, cells = checks.select_row(samples, (None, None, None, None), 0)
    assert finding.value == 0 and _hl(form) == 22  # （七）总计 and its 21 terms in the 自然人 column
    assert 'class="gk-picked"' in listing and "表三 （七）总计 · 自然人" in cells
    *_, form, _, cells = checks.report_panel(samples, pairs, pairs[0][0].id, 2)  # the prose-vs-表四 warning
    assert _hl(form) == 1 and "表四" in cells


def test_exports_one_chinese_row_per_filtered_finding(samples: FakeBackend) -> None:
    from openpyxl import load_workbook

    *_, csv_path, xlsx_path = checks.show(samples, None, "2024", None)
    ws = load_workbook(xlsx_path)["核查发现"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert tuple(rows[0]) == EXPORT_HEADERS
    assert len(rows) == 1 + 3
    first = dict(zip(EXPORT_HEADERS, rows[1], strict=True))
    assert first["单位"] == "云溪县市场监督管理局" and first["年度"] == 2024 and first["文件"] == "shijian_2024.txt"
    assert (first["表"], first["列"], first["严重程度"]) == ("表三", "自然人", "错误")
    assert first["行"] == "办理结果总计等22行" and first["规则"] == "表三 办理结果合计"
    assert "33" in first["说明"] and "34" in first["说明"]
    prose = dict(zip(EXPORT_HEADERS, rows[3], strict=True))
    assert (prose["表"], prose["行"], prose["列"], prose["严重程度"]) == ("表四", "行政复议", "总计", "警告")
    with open(csv_path, encoding="utf-8-sig", newline="") as fh:
        assert [r[:6] for r in csv.reader(fh)][1:] == [[str(v) for v in r[:6]] for r in rows[1:]]
    assert not any("/" in str(v) for r in rows[1:] for v in r[:3])  # no server paths


def test_the_real_pdf_table_four_by_region() -> None:
    if not PDF.exists():
        pytest.skip(f"real PDF not found at {PDF}: it lives in ../shared/real beside the clone")
    backend = _backend(FLAWED, PDF)
    regions = checks.refresh(backend)[3].choices
    assert {c[0] if isinstance(c, tuple) else c for c in regions} >= {"淮安市", "云溪县"}
    pairs = checks.filtered(backend, None, None, "表四 合计", "淮安市")
    assert len(pairs) == 2 and {r.agency for r, _ in pairs} == {"洪泽区"}
    _, _, form, listing, _ = checks.report_panel(backend, pairs, None, 0)
    assert _hl(form) == 5 and "表四行政复议：总计 0 ≠ 结果维持 10" in listing
    *_, xlsx_path = checks.show(backend, None, None, "表四 合计", "淮安市")
    from openpyxl import load_workbook

    rows = list(load_workbook(xlsx_path)["核查发现"].iter_rows(values_only=True))[1:]
    assert [(r[0], r[1], r[2], r[3], r[4]) for r in rows] == [
        ("洪泽区", 2023, "huaian-hongze-2023.pdf", "表四", "行政复议"),
        ("洪泽区", 2023, "huaian-hongze-2023.pdf", "表四", "行政诉讼（复议后起诉）"),
    ]
