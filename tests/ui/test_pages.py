"""Page logic without a browser: answer/sources HTML, the official-form tables, the chat stream,
example questions, the commitments board, the chart data and the upload checks."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from ui_fakes import AGENCY, EVIL, FakeBackend

from ingest.settings import Settings
from ui.pages import charts, chat, checks, commitments, forms, upload
from ui.pages.sources import NOT_IN_REPORTS, answer_html


def test_fact_answer_quotes_sentence_escaped_with_number_marked(fake_backend: FakeBackend) -> None:
    answer = fake_backend.ask("发布了多少信息？", [], {})
    html = answer_html(answer, fake_backend.report)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<mark>71</mark>" in html and "一、总体情况" in html and "第5行" in html
    assert "\n\n" not in html  # one Markdown HTML block


def test_table_answer_shows_form_row_with_cited_cell_highlighted(fake_backend: FakeBackend) -> None:
    html = answer_html(fake_backend.ask("收到多少申请？", [], {}), fake_backend.report)
    assert "一、本年新收政府信息公开申请数量" in html
    assert 'class="gk-num gk-inferred gk-hl gk-failed"' in html and ">12*<" in html  # the cited 总计 cell
    assert "核查未通过" in html  # the cell is in the report's failed 表三 balance check
    assert html.count("gk-hl") == 2  # its header and its cell, nothing else
    assert "表三" in html and "表B" not in html  # one naming: the source card says what answers say


def test_report_page_names_the_file_and_marks_failed_checks(fake_backend: FakeBackend) -> None:
    html = forms.report_html(fake_backend.store["r2024"])
    assert "来源：示例镇2024.txt" in html and "/data/" not in html  # no server path
    assert "2021年版格式" in html and "格式：2021" not in html
    for heading in ("主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况"):
        assert html.count(heading) == 1, heading  # once, not as heading and caption
    assert html.count("gk-failed\"") + html.count("gk-failed ") >= 1 and "合计与分项不符" in html


def test_findings_are_one_chinese_line_with_cells_on_demand(fake_backend: FakeBackend) -> None:
    _, table, cells, _, _ = checks.show(fake_backend, None, None, None)
    assert list(table.columns) == list(checks.SHOWN) and "涉及单元格" not in table.columns
    first = table.iloc[0]
    assert first["规则"] == "表三 申请数量平衡" and first["严重程度"] == "错误"
    assert first["说明"].startswith("表三")
    shown = checks.cells_of(fake_backend, None, None, None, 0)
    assert "表三 一、本年新收政府信息公开申请数量 · 总计" in shown
    assert "B.balance" not in str(checks.refresh(fake_backend)[2].choices)  # the rule menu in Chinese too


def test_unanswerable_is_said_plainly(fake_backend: FakeBackend) -> None:
    html = answer_html(fake_backend.ask("天气如何？", [], {}), fake_backend.report)
    assert NOT_IN_REPORTS in html and "gk-sources" not in html


def test_report_tables_like_the_form(fake_backend: FakeBackend) -> None:
    html = forms.report_html(fake_backend.store["r2024"])
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert html.count("<tr><th class=\"gk-label") >= 6 + 25  # every row of A and B
    for label in ("自然人", "法人或其他组织", "社会公益组织", "（三）不予公开", "复议后起诉", "行政事业性收费"):
        assert label in html
    assert '<td class="gk-num gk-blank">/</td>' in html  # '/' shown as written, not 0
    assert 'title="总计列等于各申请人列之和；核查未通过：' in html and '>12*</td>' in html
    assert html.count("gk-missing\"") > 100  # unread cells marked, not filled in


def test_chat_streams_in_steps_then_shows_sources(fake_backend: FakeBackend) -> None:
    steps = list(chat.respond(fake_backend, "发布了多少信息？", [], [], AGENCY, "2024"))
    assert len(steps) >= 4
    partials = [s[1][-1]["content"] for s in steps[1:-1]]
    assert all(len(a) <= len(b) for a, b in zip(partials, partials[1:], strict=False))
    _, history, turns = steps[-1]
    assert history[0] == {"role": "user", "content": "发布了多少信息？"}
    assert "gk-sources" in history[-1]["content"] and "<mark>71</mark>" in history[-1]["content"]
    assert fake_backend.asked[-1][2] == {"agency": AGENCY, "year": 2024}
    # the next question carries the previous turn
    list(chat.respond(fake_backend, "那2023年呢？", history, turns, chat.ALL, chat.ALL))
    question, previous, context = fake_backend.asked[-1]
    assert [t.question for t in previous] == ["发布了多少信息？"] and previous[0].answer is not None
    assert context == {}


def test_chat_user_text_escaped_and_errors_readable(fake_backend: FakeBackend) -> None:
    steps = list(chat.respond(fake_backend, EVIL, [], [], None, None))
    assert "<script>" not in steps[-1][1][0]["content"]
    steps = list(chat.respond(fake_backend, "问" * 5000, [], [], None, None))
    assert "gk-error" in steps[-1][1][-1]["content"] and "太长" in steps[-1][1][-1]["content"]


def test_empty_question_keeps_the_visible_chat(fake_backend: FakeBackend) -> None:
    """Gradio clears the chat when a generator yields nothing: the shown turns must come back as they were."""
    _, history, turns = list(chat.respond(fake_backend, "发布了多少信息？", [], [], None, None))[-1]
    steps = list(chat.respond(fake_backend, "  ", history, turns, None, None))
    assert steps == [("", history, turns)]
    assert len(fake_backend.asked) == 1  # nothing was asked


def test_empty_question_message_names_a_stored_report(fake_backend: FakeBackend) -> None:
    from ingest.errors import BadQuestion
    from ui.api import check_question, example_question

    example = example_question(fake_backend.reports())
    assert example.startswith(f"{AGENCY}2024年")
    with pytest.raises(BadQuestion, match=example):
        check_question("  ", example)


def test_examples_name_stored_agencies_and_years(fake_backend: FakeBackend) -> None:
    questions = chat.example_questions(fake_backend)
    assert questions and all(AGENCY in q for q in questions)
    assert any("2024" in q for q in questions) and any("2023" in q for q in questions)
    agencies, years = chat.selector_choices(fake_backend)
    assert agencies == [chat.ALL, AGENCY] and years == [chat.ALL, "2024", "2023"]


def test_commitments_year_by_year_with_recurring_marked(fake_backend: FakeBackend) -> None:
    html = commitments.show(fake_backend, AGENCY)
    assert html.index("<h3>2023年") < html.index("<h3>2024年")
    year_2023 = html.split('data-year="2023"')[1].split('data-year="2024"')[0]
    assert year_2023.count("反复出现</span>") == 2  # 2024 repeats 2023's problem and measure
    assert html.split('data-year="2024"')[1].count("2023年起已写过") == 2
    assert "&lt;script&gt;" in html and "<script>" not in html


def test_chart_series_and_figure(fake_backend: FakeBackend) -> None:
    panels = charts.key_figures(fake_backend, AGENCY)
    assert panels["政府信息公开申请（件）"]["本年新收"] == {2023: 8, 2024: 12}
    assert panels["主动公开信息（条）"]["主动公开"] == {2023: 50, 2024: 71}
    assert panels["行政复议、行政诉讼（件）"] == {"行政复议": {2023: 1, 2024: 1}}
    channel = [SimpleNamespace(value=v, channel=c) for v, c in ((40, "网站"), (71, "公众号"))]
    assert charts.proactive_total(channel) == 111
    assert charts.proactive_total([*channel, SimpleNamespace(value=120, channel=None)]) == 120
    fig = charts.figure(panels, AGENCY)
    assert len(fig.axes) == 4


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\evil.pdf", "evil.pdf"),
        ("背孜乡 2025 年报.DOCX", "背孜乡_2025_年报.docx"),
        (".hidden.html", "hidden.html"),
        ("a;rm -rf $(x).txt", "a_rm_-rf_(x).txt"),
    ],
)
def test_upload_names_sanitised(name: str, expected: str) -> None:
    assert upload.safe_name(name) == expected


def test_upload_checks_type_size_and_stays_in_data_dir(tmp_path: Path, fake_backend: FakeBackend) -> None:
    settings = Settings(data=tmp_path / "data", max_upload_mb=1)
    src = tmp_path / "in"
    src.mkdir()
    good = src / "report.txt"
    good.write_text("示例镇2024年政府信息公开工作年度报告", encoding="utf-8")
    exe = src / "tool.exe"
    exe.write_bytes(b"MZ")
    big = src / "big.pdf"
    big.write_bytes(b"%PDF" + b"0" * (1024 * 1024 + 10))
    text, rows = upload.import_files(fake_backend, settings, [str(good), str(exe), str(big)])
    status = {r[0]: (r[1], r[5]) for r in rows}
    assert status["report.txt"][0] == "新增"
    assert status["tool.exe"][0] == "拒绝" and "类型" in status["tool.exe"][1]
    assert status["big.pdf"][0] == "拒绝" and "太大" in status["big.pdf"][1]
    assert "失败或拒绝 2 个" in text
    [stored] = fake_backend.ingested
    assert Path(stored).parent == (settings.data / "uploads").resolve()
    assert Path(stored).name.endswith("-report.txt")


def test_upload_with_hostile_name_lands_in_uploads(tmp_path: Path) -> None:
    settings = Settings(data=tmp_path / "data")
    src = tmp_path / "x.txt"
    src.write_text("x", encoding="utf-8")
    for name in ("../../../x.txt", "..", "/etc/cron.d/x.txt"):
        stored = upload.store_upload(src, name, settings)
        assert stored.parent == (settings.data / "uploads").resolve()
    assert sorted(p.name[9:] for p in stored.parent.iterdir()) == ["report", "x.txt"]
