"""Plain-text renderings for the command line (rich markup-free strings and tables)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ingest.quantities import format_number

if TYPE_CHECKING:
    from ingest.pipeline import IngestSummary
    from ingest.records import Cell, Report
    from ingest.store import ReportRow
    from qa.records import Answer
    from qa.retrieve import Hit


def report_text(report: Report) -> Group:
    """A staff member's view of one parsed report: metadata, the three tables, facts, section 五."""
    from ingest.tables.template import templates_for

    m = report.meta
    parts: list[RenderableType] = [
        Text(m.title, style="bold"),
        Text(
            f"机关: {m.agency}（原文: {m.agency_raw}）  地区: {m.region or '—'}  年度: {m.year or '—'}  "
            f"格式: {m.format_version}  来源: {m.source_path} [{m.source_format}]  id: {report.id}"
        ),
        Text("章节: " + "  ".join(s.title for s in report.sections if s.number)),
    ]
    if report.missing_sections:
        parts.append(Text("缺少章节: " + "、".join(str(n) for n in report.missing_sections), style="yellow"))
    templates = templates_for(m.format_version)
    by_key: dict[tuple[str, str, str], Cell] = {(c.table, c.row, c.column): c for c in report.cells}
    for tid, tpl in templates.items():
        if not any(c.table == tid for c in report.cells):
            continue
        table = Table(title=f"表{tid} {tpl.title}", title_justify="left", show_lines=False)
        table.add_column("项目", overflow="fold", min_width=16, max_width=34)
        columns = [c for c in tpl.columns if any(c.key in r.columns for r in tpl.rows)]
        for col in columns:
            table.add_column(col.label, justify="right", max_width=10, overflow="fold")
        for row in tpl.rows:
            values = []
            for col in columns:
                cell = by_key.get((tid, row.key, col.key))
                values.append("" if col.key not in row.columns else "?" if cell is None
                              else format_number(cell.value) + ("*" if cell.inferred else ""))
            table.add_row(row.label, *values)
        parts.append(table)
    if report.facts:
        parts.append(Text("文字中的数字:", style="bold"))
        parts += [Text(f"  {f.subject}: {format_number(f.value)}{f.qualifier or ''}{f.unit}（{f.channel or '—'}）")
                  for f in report.facts]
    if report.commitments:
        parts.append(Text("问题与改进:", style="bold"))
        for item in report.commitments:
            quote = report.original_text[item.span.start : item.span.end].replace("\n", "")
            parts.append(Text(f"  [{'问题' if item.kind == 'problem' else '措施'}{item.index}] {quote}"))
    if report.findings:
        parts.append(Text("核查发现:", style="bold"))
        parts += [Text(f"  [{f.severity}] {f.rule}: {f.message}") for f in report.findings]
    parts.append(Text("（* = 由勾稽关系推出的值；? = 未能读出）", style="dim"))
    return Group(*parts)


def summary_text(summary: IngestSummary) -> str:
    """The counts, then what needs a person: failures, files of uncertain agency/year, duplicates kept."""
    relabelled = f"，改标 {summary.relabelled}" if summary.relabelled else ""
    relabelled += f"，按新版解析更新 {summary.reparsed}" if summary.reparsed else ""
    lines = [
        f"文件 {summary.files} 个，成功解析报告 {summary.reports} 份"
        f"（新增 {summary.added}，取代旧报告 {summary.replaced}，未变 {summary.unchanged}{relabelled}）；"
        f"单元格 {summary.cells}，文本块 {summary.chunks}，核查发现 {summary.findings}；用时 {summary.seconds:.1f} 秒。"
    ]
    if summary.failed:
        lines.append(f"{len(summary.failed)} 个文件未能导入（其余已保存）：")
    for f in summary.failed:
        lines.append(f"失败: {f.path}: {f.reason}")
    if summary.uncertain:
        lines.append(f"{len(summary.uncertain)} 个文件的机关或年度未能识别，已按下列方式保存（可用 --manifest 更正）：")
    for u in summary.uncertain:
        lines.append(f"待确认: {u.path}: {u.reason}；保存为 {u.agency} {u.year or '年度不明'}（id {u.report_id}）")
    if summary.kept_duplicates:
        lines.append(f"{len(summary.kept_duplicates)} 个机关年度有多份不同的报告，均已保留，回答问题时各用一份"
                     "（若是同一报告的新版本，可用 --replace 取代旧版）：")
    for d in summary.kept_duplicates:
        others = "、".join(f for f in d.files if f != d.current)
        lines.append(f"重复: {d.agency} {d.year}年: 采用 {d.current}；另存 {others}")
    return "\n".join(lines)


def reports_table(rows: Sequence[ReportRow]) -> Table:
    table = Table("id", "机关", "地区", "年度", "格式", "单元格", "发现", "来源", "采用")
    for r in rows:
        table.add_row(r.id, r.agency, r.region or "—", str(r.year or "—"), r.format_version,
                      str(r.n_cells), str(r.n_findings), r.source_path, "是" if r.current else "否（另一版本）")
    return table


def hits_text(hits: Sequence[Hit]) -> str:
    out = []
    for i, h in enumerate(hits, 1):
        c = h.chunk
        body = " ".join(c.text.split("\n", 1)[-1].split())
        out.append(
            f"{i}. [{h.score:.3f}] {c.agency} {c.year or ''} 第{c.section}节 {c.subsection or ''} "
            f"(dense #{h.dense_rank or '-'}, bm25 #{h.bm25_rank or '-'})\n   {body[:160]}\n   {c.id} 第{c.line}行"
        )
    return "\n".join(out) or "没有找到相关内容。"


def answer_text(answer: Answer) -> str:
    """The answer, then one numbered line per source: where on the form, the quote, file:line."""
    names = {"A": "表二", "B": "表三", "C": "表四"}
    lines = [answer.answer]
    for i, c in enumerate(answer.citations, 1):
        where = " / ".join(x for x in (c.section, c.table and names.get(c.table, f"表{c.table}"), c.row, c.column) if x)
        quote = " ".join(c.quote.split())
        lines.append(f"  [{i}] {c.agency} {c.year or ''} {where}：{quote}  ({c.source}:{c.line or '-'})")
    if not answer.answerable and answer.route == "clarify":
        lines.append("  （请在问题中写明单位名称，或用 --agency 指定）")
    return "\n".join(lines)
