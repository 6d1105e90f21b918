"""`gongkai check`: exit 1 with a Chinese list when a draft is wrong, 0 when clean, one line when unreadable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ui.cli import app

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(autouse=True)
def _empty_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GONGKAI_DATA", str(tmp_path / "data"))


def test_a_wrong_draft_exits_1_and_lists_its_problems() -> None:
    result = CliRunner().invoke(app, ["check", str(SAMPLES / "shijian_2024.txt"), str(SAMPLES / "qingshi_2024.txt")])
    assert result.exit_code == 1
    assert "表三 自然人列" in result.output and "相差1" in result.output
    assert "qingshi_2024.txt（青石镇 2024年）：未发现问题" in result.output


def test_a_clean_draft_exits_0_and_json_has_no_problems(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["check", "--json", str(SAMPLES / "qingshi_2024.txt")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data[0]["ok"] is True and data[0]["problems"] == []
    assert not (tmp_path / "data").exists()  # checking stores nothing


def test_an_unreadable_file_is_one_chinese_line_and_exit_1(tmp_path: Path) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_text("hello world", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(junk)])
    assert result.exit_code == 1
    assert "不是政府信息公开工作年度报告" in result.output
    assert "Traceback" not in result.output
