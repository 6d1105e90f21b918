"""A commitments timeline (qa.tracking) as text for the terminal and as an Excel workbook.

Staff read the timeline year by year and hand the workbook on: one row per problem or measure, one
column per year with what that year's report says about it (提出, 反复出现, 已落实, 未提及), and a second
sheet with every link quoting both sentences, so a reader can check each status against the reports.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qa.tracking import Timeline

_KIND = {"problem": "问题", "measure": "措施"}


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[:n] + "…"


def timeline_text(line: Timeline) -> str:
    """Every year, its problems and measures, and for each what later years say about it."""
    out = [f"{line.agency} 承诺跟踪：{line.years[0]}–{line.years[-1]}年，共{len(line.years)}年"
           if line.years else f"{line.agency}：库中没有写有问题和改进措施的报告"]
    for year in line.years:
        items = [t for t in line.items if t.item.year == year]
        out.append(f"\n{year}年（问题{sum(t.item.kind == 'problem' for t in items)}条，"
                   f"措施{sum(t.item.kind == 'measure' for t in items)}条）")
        for t in items:
            out.append(f"  {_KIND[t.item.kind]}{t.item.index}：{_short(t.item.text)}  [{t.summary}]")
            for x in t.links:
                out.append(f"      {x.later.year}年 {x.status}：“{_short(x.later.text, 70)}”（第{x.later.line}行）")
    return "\n".join(out)


STATUS_HEADERS = ("年度", "类别", "序号", "内容", "行号", "结论")
LINK_HEADERS = ("年度", "类别", "序号", "内容", "状态", "后续年度", "后续原文", "后续章节", "后续行号", "相似度")


def timeline_sheets(line: Timeline) -> dict[str, tuple[tuple[str, ...], list[list[Any]]]]:
    years = tuple(f"{y}年" for y in line.years)
    status = [[t.item.year, _KIND[t.item.kind], t.item.index, t.item.text, t.item.line, t.summary,
               *(t.status(y) for y in line.years)] for t in line.items]
    links = [[t.item.year, _KIND[t.item.kind], t.item.index, t.item.text, x.status, x.later.year, x.later.text,
              f"第{'一二三四五六'[x.later.section - 1]}部分", x.later.line, x.score]
             for t in line.items for x in t.links]
    return {"承诺跟踪": ((*STATUS_HEADERS, *years), status), "关联原文": (LINK_HEADERS, links)}


def export_timeline(line: Timeline, path: Path) -> Path:
    """The timeline as an .xlsx workbook: statuses by year, and every link with both sentences."""
    from ui.export import write_xlsx

    return write_xlsx(path, dict(timeline_sheets(line)))
