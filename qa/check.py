"""A checker for draft reports: every problem a staff member must fix before publishing, in Chinese.

Staff check a draft before it goes on the website, so the file is parsed and never stored. Each
problem names the table, the row and column, the values and the rule (“表三自然人列：（一）至（六）
之和为34，（七）总计为33，相差1”). Sources: the parser's findings (勾稽关系, prose against tables),
sections missing or out of order, blank cells the form expects a number in, and — when the store
holds last year's report of the same agency — this year's 二、上年结转 against last year's
四、结转下年度继续办理, column by column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from ingest.quantities import format_number
from ingest.records import CellRef, Finding, Report
from ingest.tables.equations import Equation, equations_for
from ingest.tables.labels import TABLE_NAMES, column_name, row_label
from ingest.tables.template import B_GROUPS, templates_for

if TYPE_CHECKING:
    from ingest.store import Store

SECTION_TITLES = {
    1: "一、总体情况",
    2: "二、主动公开政府信息情况",
    3: "三、收到和处理政府信息公开申请情况",
    4: "四、政府信息公开行政复议、行政诉讼情况",
    5: "五、存在的主要问题及改进情况",
    6: "六、其他需要报告的事项",
}
_FORMS = ("2021", "2019")  # the national forms whose every cell expects a number
EPS = 1e-6


class Problem(BaseModel):
    """One thing to fix: `rule` is stable (B.result_total, blank_cell, carry_over …)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str
    severity: str
    message: str
    cells: tuple[CellRef, ...] = ()


class CheckResult(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str
    agency: str
    year: int | None
    problems: tuple[Problem, ...]
    previous_year_checked: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def cell_name(table: str, row: str, column: str, version: str) -> str:
    """“表三“（一）予以公开”行自然人列”: how staff find a cell on the form."""
    try:
        t = templates_for(version if version in _FORMS else "2021")[table]
        r, c = row_label(t, row), column_name(t, column)
    except (KeyError, ValueError, StopIteration, AttributeError):
        r, c = row, column
    group = next((heading for heading, prefix in B_GROUPS.values() if table == "B" and row.startswith(prefix)), None)
    if group:
        r = f"{group}·{r}"  # “1.本机关不掌握相关政府信息” is one of several 1.
    if table == "C":
        return f"{TABLE_NAMES[table]}{r}{c}栏"
    if table == "A":
        return f"{TABLE_NAMES[table]}“{r}”{c}栏"
    return f"{TABLE_NAMES[table]}“{r}”行{c}列"


def _equation(finding: Finding, version: str) -> Equation | None:
    refs = {(c.row, c.column) for c in finding.cells}
    for eq in equations_for(version if version in _FORMS else "2021"):
        if eq.rule == finding.rule and set(eq.lhs + eq.rhs) == refs and eq.table == finding.cells[0].table:
            return eq
    return None


def _sum_phrase(eq: Equation) -> str:
    if eq.rule == "B.result_total":
        return "（一）至（六）各项办理结果之和"
    if eq.rule == "C.total":
        return "、".join(eq.rhs_names) + "之和"
    if eq.rule == "B.row_total":
        return "各类申请人（" + "、".join(eq.rhs_names) + "）之和"
    return eq.rhs_name + ("之和" if not eq.rhs_name.endswith("之和") else "")


def _equation_problem(finding: Finding, report: Report) -> Problem | None:
    eq = _equation(finding, report.meta.format_version)
    if eq is None:
        return None
    values = {(c.row, c.column): c.value for c in report.cells if c.table == eq.table}
    left = sum(values.get(k) or 0.0 for k in eq.lhs)
    right = sum(values.get(k) or 0.0 for k in eq.rhs)
    lhs = eq.lhs_name if eq.rule != "B.result_total" else "（七）总计"
    where = eq.where.replace(TABLE_NAMES[eq.table], TABLE_NAMES[eq.table] + " ", 1)
    message = (
        f"{where}：{_sum_phrase(eq)}为{format_number(right)}，{lhs}为{format_number(left)}，"
        f"相差{format_number(abs(left - right))}（规则：{lhs}应等于{_sum_phrase(eq)}）"
    )
    if eq.rule == "B.balance":
        message = (
            f"{where}：新收与上年结转之和为{format_number(left)}，办理结果总计与结转下年之和为"
            f"{format_number(right)}，相差{format_number(abs(left - right))}"
            "（规则：一、新收 + 二、上年结转 = 三（七）总计 + 四、结转下年度继续办理）"
        )
    return Problem(rule=finding.rule, severity=finding.severity, message=message, cells=finding.cells)


def _finding_problems(report: Report) -> list[Problem]:
    out: list[Problem] = []
    for f in report.findings:
        if f.severity == "info":
            continue  # “未核对” notes: blank cells are listed on their own below
        problem = _equation_problem(f, report) if f.cells and f.rule[:2] in ("B.", "C.") else None
        if problem is None:
            message = f.message.rstrip("。")
            if f.rule == "prose_vs_table":
                message = f"正文与表格不符：{message}（规则：正文数字应与表格一致）"
            problem = Problem(rule=f.rule, severity=f.severity, message=message, cells=f.cells)
        out.append(problem)
    return out


def _misplaced_heading(report: Report, number: int) -> int | None:
    """Where a section's heading stands in the normalised text, even one the outline did not take
    because it came out of order."""
    title = SECTION_TITLES.get(number)
    if title is None:
        return None
    numeral, body = title.split("、", 1)
    m = re.search(rf"^[ \t]*{numeral}[、.．][ \t]*{re.escape(body[:4])}", report.text, re.MULTILINE)
    return m.start() if m else None


def _section_problems(report: Report) -> list[Problem]:
    if report.meta.format_version not in _FORMS and (report.meta.year or 0) < 2019:
        return []  # before the 2019 form, reports had no fixed 一–六 outline
    out: list[Problem] = []
    for n in report.missing_sections:
        at = _misplaced_heading(report, n)
        found = {s.number: _misplaced_heading(report, s.number) for s in report.sections if s.number}
        after = [k for k, pos in found.items() if at is not None and pos is not None and pos < at]
        if at is not None and after and max(after) > n:
            out.append(Problem(
                rule="section_order", severity="error",
                message=f"章节顺序不符：“{SECTION_TITLES[n]}”出现在“{SECTION_TITLES.get(max(after), max(after))}”之后"
                        "（规则：一至六部分依次排列）"))
        else:
            out.append(Problem(rule="section_missing", severity="error",
                               message=f"缺少第{n}部分“{SECTION_TITLES.get(n, n)}”（规则：年度报告应含一至六部分）"))
    numbers = [s.number for s in report.sections if s.number]
    for before, after_n in zip(numbers, numbers[1:], strict=False):
        if after_n <= before:
            out.append(Problem(
                rule="section_order", severity="error",
                message=f"章节顺序不符：“{SECTION_TITLES.get(after_n, after_n)}”出现在"
                        f"“{SECTION_TITLES.get(before, before)}”之后（规则：一至六部分依次排列）"))
    return out


def _blank_problems(report: Report) -> list[Problem]:
    if report.meta.format_version not in _FORMS:
        return []
    return [
        Problem(rule="blank_cell", severity="error",
                message=f"{cell_name(c.table, c.row, c.column, report.meta.format_version)}为空白"
                        f"（写作“{c.raw}”），表格要求填写数字（没有请填0）",
                cells=(CellRef(table=c.table, row=c.row, column=c.column),))
        for c in report.cells
        if c.value is None and not c.inferred
    ]


def carry_over_problems(previous: Report, current: Report) -> list[Problem]:
    """This year's 二、上年结转 must equal last year's 四、结转下年度继续办理, in every column."""
    before = {c.column: c.value for c in previous.cells if c.table == "B" and c.row == "carried_forward"}
    now = {c.column: c.value for c in current.cells if c.table == "B" and c.row == "carried_over"}
    version = current.meta.format_version
    out: list[Problem] = []
    for column, new in now.items():
        old = before.get(column)
        if old is None or new is None or abs(old - new) <= EPS:
            continue
        where = cell_name("B", "carried_over", column, version)
        out.append(Problem(
            rule="carry_over", severity="error",
            message=f"{where}为{format_number(new)}，但{previous.meta.year}年报告“四、结转下年度继续办理”"
                    f"同列为{format_number(old)}，相差{format_number(abs(new - old))}"
                    "（规则：本年上年结转应等于上年结转下年度继续办理）",
            cells=(CellRef(table="B", row="carried_over", column=column),)))
    return out


def previous_report(store: Store, report: Report) -> Report | None:
    """The stored current report of the same agency for the year before, if any."""
    if report.meta.year is None:
        return None
    for row in store.reports(agency=report.meta.agency, year=report.meta.year - 1):
        if row.id != report.id:
            return store.report(row.id)
    return None


def check_report(report: Report, previous: Report | None = None) -> list[Problem]:
    problems = _section_problems(report) + _finding_problems(report) + _blank_problems(report)
    if previous is not None:
        problems += carry_over_problems(previous, report)
    return problems


def check_file(path: str, store: Store | None = None) -> CheckResult:
    """Parse `path` (never stored) and list its problems; raises GongkaiError when unreadable."""
    from pathlib import Path

    from ingest.parse import parse_file

    report = parse_file(Path(path))
    previous = previous_report(store, report) if store is not None else None
    return CheckResult(file=path, agency=report.meta.agency, year=report.meta.year,
                       problems=tuple(check_report(report, previous)), previous_year_checked=previous is not None)


def check_text(results: Sequence[CheckResult]) -> str:
    lines: list[str] = []
    for r in results:
        head = f"{r.file}（{r.agency} {r.year or '年份不明'}年）"
        if r.ok:
            lines.append(f"{head}：未发现问题")
            continue
        lines.append(f"{head}：发现{len(r.problems)}处问题")
        lines.extend(f"  {i}. {p.message}" for i, p in enumerate(r.problems, 1))
        if not r.previous_year_checked:
            lines.append("  （库中没有上一年报告，未核对上年结转）")
    return "\n".join(lines)

