"""`gongkai commitments`: the timeline over every year of 平潭's real reports, as text, JSON and Excel."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ui.cli import app

HTML = Path(os.environ.get("GONGKAI_REAL", Path(__file__).resolve().parents[2].parent / "shared" / "real")) / "html"


@pytest.fixture
def html() -> Path:
    if not HTML.exists():
        pytest.skip(f"real reports not found at {HTML}: they live in ../shared/real beside the clone")
    return HTML


def test_timeline_json_and_workbook(html: Path, tmp_path: Path) -> None:
    out = tmp_path / "track.xlsx"
    result = CliRunner().invoke(app, ["commitments", "平潭综合实验区", "--from", str(html), "--json", "--xlsx", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["years"] == list(range(2011, 2026))
    assert {i["item"]["year"] for i in data["items"]} == set(range(2011, 2026))
    assert any(i["summary"] == "此后未提及" for i in data["items"])
    from openpyxl import load_workbook

    wb = load_workbook(out)
    sheet = wb["承诺跟踪"]
    header = [c.value for c in sheet[1]]
    assert header[-15:] == [f"{y}年" for y in range(2011, 2026)]
    assert sheet.max_row - 1 == len(data["items"])
    assert wb["关联原文"].max_row > 1


def test_text_lists_every_year(html: Path) -> None:
    result = CliRunner().invoke(app, ["commitments", "平潭综合实验区", "--from", str(html)])
    assert result.exit_code == 0
    for year in range(2011, 2026):
        assert f"{year}年（问题" in result.stdout


def test_unknown_agency_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GONGKAI_DATA", str(tmp_path))
    result = CliRunner().invoke(app, ["commitments", "不存在的机关"])
    assert result.exit_code == 1
    assert "没有找到" in result.output
