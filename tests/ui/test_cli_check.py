"""`gongkai check`: exit 1 with a Chinese list when a draft is wrong, 0 when clean, one line when unreadable."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ui.cli import app

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(autouse=True)
def _empty_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from ingest.settings import get_settings

    monkeypatch.setenv("GONGKAI_DATA", str(tmp_path / "data"))
    get_settings.cache_clear()  # settings are read once per process; each test has its own data dir
    yield
    get_settings.cache_clear()


def test_a_wrong_draft_exits_1_and_lists_its_problems() -> None:
    result = CliRunner().invoke(app, ["check", str(SAMPLES / "shijian_2024.txt"), str(SAMPLES / "qingshi_2024.txt")])
    assert result.exit_code == 1, result.output
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
    assert result.exit_code == 1, result.output
    assert "不是政府信息公开工作年度报告" in result.output
    assert "Traceback" not in result.output


def test_last_years_stored_report_is_checked_against_this_years_carry_over(tmp_path: Path) -> None:
    from fakes import CharEmbeddings

    from ingest.chunking import chunk_report
    from ingest.parse import parse_file
    from ingest.settings import Settings
    from ingest.store import Store

    last = parse_file(SAMPLES / "qingshi_2023.txt")
    cells = tuple(c.model_copy(update={"value": 4.0, "raw": "4"})
                  if (c.table, c.row, c.column) == ("B", "carried_forward", "natural_person") else c for c in last.cells)
    last = last.model_copy(update={"cells": cells})
    store = Store(Settings(data=tmp_path / "data"), embeddings=CharEmbeddings())
    store.put_report(last, chunk_report(last))
    store.close()
    result = CliRunner().invoke(app, ["check", str(SAMPLES / "qingshi_2024.txt")])
    assert result.exit_code == 1, result.output
    assert "上年结转" in result.output and "自然人列" in result.output and "2023年" in result.output
    assert "未核对上年结转" not in result.output
