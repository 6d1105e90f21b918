"""A two-year comparison (qa.compare) as an Excel workbook and as a printable HTML page.

Staff hand a comparison on: the workbook for working through the changed figures (one sheet per
part: 重复率, 数字变化, 跨年核对, each year's own checks), the HTML page for printing and filing — one
self-contained file with the repeated sentences marked, every changed figure with its cell, and
请核实 in red, laid out for A4 (no scripts, no outside assets).
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.quantities import format_number

if TYPE_CHECKING:
    from qa.check import Problem
    from qa.compare import Comparison

REPEAT_HEADERS = ("部分", "句数", "重复句数", "重复率", "重复的句子（后一年）", "前一年原句", "相似度")
CHANGE_HEADERS = ("表", "单元格", "前一年", "后一年", "变化", "请核实", "行键", "列键")
PROBLEM_HEADERS = ("年度", "类别", "规则", "说明")


def comparison_sheets(c: Comparison) -> dict[str, tuple[tuple[str, ...], list[list[Any]]]]:
    repeats: list[list[Any]] = []
    for s in c.sections:
        repeats.append([s.title, s.sentences, s.repeated, f"{100 * s.rate:.0f}%", "", "", None])
        repeats += [["", None, None, "", r.sentence, r.earlier, r.dice] for r in s.repeated_sentences]
    changes = [[ch.table, ch.where, ch.old, ch.new, ch.change, "请核实" if ch.verify else "", ch.row, ch.column]
               for ch in c.changes]
    problems: list[list[Any]] = [[c.year2, "跨年核对", p.rule, p.message] for p in c.carry_over]
    for year, found in ((c.year1, c.problems1), (c.year2, c.problems2)):
        problems += [[year, "本年核查", p.rule, p.message] for p in found]
    return {"重复率": (REPEAT_HEADERS, repeats), "数字变化": (CHANGE_HEADERS, changes),
            "核查": (PROBLEM_HEADERS, problems)}


def export_comparison(c: Comparison, path: Path) -> Path:
    """The comparison as .xlsx (by suffix) or as a printable .html page."""
    if path.suffix.lower() in (".html", ".htm"):
        path.write_text(comparison_page(c), encoding="utf-8")
        return path
    from ui.export import write_xlsx

    return write_xlsx(path, dict(comparison_sheets(c)))


_CSS = """
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
  color: #111827; margin: 2rem auto; max-width: 60rem; line-height: 1.6; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; border-bottom: 1px solid #d1d5db; margin-top: 1.6rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; margin: 0.4rem 0; }
th, td { border: 1px solid #9ca3af; padding: 0.2rem 0.4rem; text-align: left; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
mark { background: #fde68a; } .verify { color: #b91c1c; font-weight: 700; } .ok { color: #15803d; }
.earlier { color: #6b7280; font-size: 0.85em; display: block; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
@page { size: A4; margin: 15mm; }
"""


def _problems(items: tuple[Problem, ...], empty: str) -> str:
    if not items:
        return f'<p class="ok">{escape(empty)}</p>'
    return "<ol>" + "".join(f"<li>{escape(p.message)}</li>" for p in items) + "</ol>"


def comparison_page(c: Comparison) -> str:
    """One self-contained HTML page of the comparison, for printing."""
    title = f"{c.agency} {c.year1}年与{c.year2}年政府信息公开工作年度报告对比"
    parts = [f"<h1>{escape(title)}</h1>", "<h2>一、各部分重复率</h2>",
             "<p>后一年各部分的句子在前一年同一部分出现的比例；重复的句子以底色标出，其下为前一年原句。</p>",
             "<table><tr><th>部分</th><th>句数</th><th>重复</th><th>重复率</th></tr>"]
    parts += [f'<tr><td>{escape(s.title)}</td><td class="num">{s.sentences}</td><td class="num">{s.repeated}</td>'
              f'<td class="num">{f"{100 * s.rate:.0f}%" if s.sentences else "—（无正文）"}</td></tr>' for s in c.sections]
    parts.append("</table>")
    for s in c.sections:
        if s.repeated_sentences:
            parts.append(f"<h3>{escape(s.title)}：重复的句子</h3><ol>")
            parts += [f'<li><mark>{escape(r.sentence)}</mark><span class="earlier">{c.year1}年：{escape(r.earlier)}'
                      f"（相似度{r.dice:.2f}）</span></li>" for r in s.repeated_sentences]
            parts.append("</ol>")
    verify = sum(ch.verify for ch in c.changes)
    parts.append(f"<h2>二、数字变化（{len(c.changes)}处，其中请核实{verify}处）</h2>")
    if c.changes:
        parts.append(f"<table><tr><th>单元格</th><th>{c.year1}年</th><th>{c.year2}年</th><th>变化</th><th>提示</th></tr>")
        for ch in c.changes:
            sign = "+" if ch.change > 0 else ""
            mark = '<span class="verify">请核实</span>' if ch.verify else ""
            parts.append(f'<tr><td>{escape(ch.where)}</td><td class="num">{format_number(ch.old)}</td>'
                         f'<td class="num">{format_number(ch.new)}</td>'
                         f'<td class="num">{sign}{format_number(ch.change)}</td><td>{mark}</td></tr>')
        parts.append("</table>")
    else:
        parts.append("<p>两年表格中可比的数字没有变化。</p>")
    adjacent = bool(c.year1 and c.year2 and c.year2 - c.year1 == 1)
    parts.append("<h2>三、跨年核对（本年“二、上年结转” = 上年“四、结转下年度继续办理”）</h2>")
    parts.append(_problems(c.carry_over, "一致") if adjacent else "<p>两年不相邻，未核对。</p>")
    for n, (year, found) in enumerate(((c.year1, c.problems1), (c.year2, c.problems2))):
        parts.append(f"<h2>{'四五'[n]}、{year}年报告自身核查</h2>{_problems(found, '未发现问题')}")
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{_CSS}</style></head><body>{''.join(parts)}</body></html>")
