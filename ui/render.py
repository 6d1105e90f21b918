"""Plain-text renderings for the command line (rich markup-free strings and tables)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.table import Table

if TYPE_CHECKING:
    from ingest.pipeline import IngestSummary
    from ingest.records import Report
    from ingest.store import ReportRow
    from qa.records import Answer
    from qa.retrieve import Hit


def _fmt(value: float | None) -> str:
    if value is None:
        return "—"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def report_text(report: Report) -> str:
    """A staff member's view of one parsed report."""
    from ingest.tables.template import TEMPLATE_2021

    m = report.meta
    lines = [
        f"{m.title}",
        f"机关: {m.agency}（原文: {m.agency_raw}）  地区: {m.region or '—'}  年度: {m.year or '—'}  "
        f"格式: {m.format_version}  来源: {m.source_path} [{m.source_format}]  id: {report.id}",
        "章节: " + "、".join(f"{s.number}.{s.title}" for s in report.sections if s.number),
    ]
    if report.missing_sections:
        lines.append("缺少章节: " + "、".join(str(n) for n in report.missing_sections))
    by_key = {(c.table, c.row, c.column): c for c in report.cells}
    for tid, tpl in TEMPLATE_2021.items():
        present = [c for c in report.cells if c.table == tid]
        if not present:
            continue
        lines.append(f"\n表{tid} {tpl.title}（{len(present)} 个单元格）")
        for row in tpl.rows:
            vals = []
            for col in row.columns:
                c = by_key.get((tid, row.key, col))
                mark = "*" if c is not None and c.inferred else ""
                vals.append((_fmt(c.value) + mark) if c is not None else "?")
            lines.append(f"  {row.label[:28]:<28} " + " ".join(f"{v:>6}" for v in vals))
    if report.facts:
        lines.append("\n文字中的数字:")
        lines += [f"  {f.subject}: {_fmt(f.value)}{f.qualifier or ''}{f.unit}（{f.channel or '—'}）" for f in report.facts]
    if report.commitments:
        lines.append("\n问题与改进:")
        lines += [f"  [{'问题' if c.kind == 'problem' else '措施'}{c.index}] {c.text}" for c in report.commitments]
    if report.findings:
        lines.append("\n核查发现:")
        lines += [f"  [{f.severity}] {f.rule}: {f.message}" for f in report.findings]
    lines.append("\n(* = 由勾稽关系推出的值)")
    return "\n".join(lines)


def summary_text(summary: IngestSummary) -> str:
    lines = [
        f"文件 {summary.files} 个，成功解析报告 {summary.reports} 份"
        f"（新增 {summary.added}，替换 {summary.replaced}，未变 {summary.unchanged}）；"
        f"单元格 {summary.cells}，文本块 {summary.chunks}，核查发现 {summary.findings}；用时 {summary.seconds:.1f} 秒。"
    ]
    for f in summary.failed:
        lines.append(f"失败: {f.path}: {f.reason}")
    return "\n".join(lines)


def reports_table(rows: Sequence[ReportRow]) -> Table:
    table = Table("id", "机关", "地区", "年度", "格式", "单元格", "发现", "来源")
    for r in rows:
        table.add_row(r.id, r.agency, r.region or "—", str(r.year or "—"), r.format_version,
                      str(r.n_cells), str(r.n_findings), r.source_path)
    return table


def hits_text(hits: Sequence[Hit]) -> str:
    out = []
    for i, h in enumerate(hits, 1):
        c = h.chunk
        out.append(
            f"{i}. [{h.score:.4f}] {c.agency} {c.year or ''} 第{c.section}节 {c.subsection or ''} "
            f"(dense #{h.dense_rank or '-'}, bm25 #{h.bm25_rank or '-'}) {c.id}\n   {c.text[:160]}"
        )
    return "\n".join(out) or "没有找到相关内容。"


def answer_text(answer: Answer) -> str:
    lines = [answer.answer]
    for i, c in enumerate(answer.citations, 1):
        where = " / ".join(x for x in (c.section, c.table and f"表{c.table}", c.row, c.column) if x)
        lines.append(f"  [{i}] {c.agency} {c.year or ''} {where}：{c.quote}  ({c.source}:{c.line or '-'})")
    return "\n".join(lines)
