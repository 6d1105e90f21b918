"""Section 五 of one agency over every stored year, as the 承诺跟踪 page shows it.

`qa.tracking.timeline` decides the links (the same data `gongkai commitments` prints and exports);
this module only draws them. Each year lists its problems and measures; each item carries the
badge of what later years say about it (反复出现 / 已落实 / 此后未提及), the later sentences it links
to with their years and lines, and — when an earlier year already said it — which year that was,
so a staff member reading 2024 sees at once that the problem has been written since 2013.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ingest.store import ReportRow
    from qa.tracking import Link, Timeline, Tracked

_KIND = {"problem": "存在的主要问题", "measure": "改进措施"}
_SECTION = {1: "一、总体情况", 5: "五、存在的主要问题及改进情况"}
_BADGE = {  # status → (css class, inline colour: the page CSS only knows gk-badge and gk-dropped)
    "反复出现": ("gk-badge gk-st-recur", ""),
    "已落实": ("gk-badge gk-st-done", "background:#15803d"),
    "此后未提及": ("gk-badge gk-dropped gk-st-gone", ""),
}
_TIPS = {
    "反复出现": "此后年度的“存在的主要问题及改进情况”又写了相同的内容",
    "已落实": "此后年度的报告写明已经做到",
    "此后未提及": "此后各年的报告都没有相似的表述",
}


def timeline_from_store(store: Any, agency: str) -> Timeline:
    """qa.tracking's timeline over the current report of every stored year of `agency`, with the item
    vectors stored at ingest (`qa.tracking.timeline_of`)."""
    from qa.tracking import timeline_of

    return timeline_of(store, agency)


def _short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + "…"


def badge(status: str) -> str:
    cls, style = _BADGE.get(status, ("gk-badge", ""))
    style_attr = f' style="{style}"' if style else ""
    return f'<span class="{cls}"{style_attr} title="{escape(_TIPS.get(status, ""))}">{escape(status)}</span>'


def _earlier(line: Timeline) -> dict[tuple[str, int], list[int]]:
    """For each section 五 item a later year repeats: the earlier years whose items link to it."""
    out: dict[tuple[str, int], list[int]] = {}
    for t in line.items:
        for x in t.links:
            if x.status == "反复出现":
                out.setdefault((x.later.report_id, x.later.start), []).append(t.item.year)
    return out


def _link(x: Link) -> str:
    where = _SECTION.get(x.later.section, f"第{x.later.section}部分")
    return (f'<li class="gk-link"><b>{x.later.year}年</b> {escape(x.status)}（{escape(where)}，第{x.later.line}行）：'
            f'<q title="{escape(x.later.text)}">{escape(_short(x.later.text))}</q></li>')


def _item(t: Tracked, earlier: Sequence[int]) -> str:
    badges = "".join(badge(s) for s in t.summary.split("、") if s in _TIPS)
    since = ""
    if earlier:
        first = min(earlier)
        since = f'<span class="gk-since" style="color:#9a3412">（{first}年起已写过）</span>'
    links = "".join(_link(x) for x in t.links)
    links_html = f'<ul class="gk-links" style="font-size:0.88em;color:#374151">{links}</ul>' if links else ""
    cls = "gk-item gk-recurring" if earlier else "gk-item"
    return (f'<li class="{cls}">{badges}{escape(t.item.text)}{since}'
            f'<span class="gk-legend">（第{t.item.line}行）</span>{links_html}</li>')


def _list(items: Sequence[Tracked], earlier: dict[tuple[str, int], list[int]], empty: str) -> str:
    if not items:
        return f'<p class="gk-empty">{empty}</p>'
    return "<ol>" + "".join(_item(t, earlier.get((t.item.report_id, t.item.start), [])) for t in items) + "</ol>"


def _editions(rows: Sequence[ReportRow], year: int, shown: str) -> str:
    """The source file of the year's report, and the other editions stored beside it."""
    mine = [r for r in rows if r.year == year]
    current = next((r for r in mine if r.id == shown), None)
    name = PurePath(current.source_path).name if current else ""
    others = [PurePath(r.source_path).name for r in mine if r.id != shown]
    text = f"来源：{escape(name)}" if name else ""
    if others:
        text += f"；另存有{len(others)}个版本（{escape('、'.join(others))}），跟踪用当前版本"
    return f'<p class="gk-legend">{text}</p>' if text else ""


def timeline_html(line: Timeline, rows: Sequence[ReportRow] = ()) -> str:
    """Every year, oldest first, its problems and measures with badges and linked sentences."""
    if not line.years:
        return f'<p class="gk-empty">没有找到{escape(line.agency)}写有“存在的主要问题及改进情况”的报告。</p>'
    earlier = _earlier(line)
    blocks = []
    for year in line.years:
        items = [t for t in line.items if t.item.year == year]
        report_id = items[0].item.report_id if items else ""
        problems = [t for t in items if t.item.kind == "problem"]
        measures = [t for t in items if t.item.kind == "measure"]
        blocks.append(
            f'<div class="gk-year" data-year="{year}" style="flex:none"><h3>{year}年'
            f'{"<small class=gk-legend>（库中最新一年，尚无后续年度可对照）</small>" if year == line.years[-1] else ""}</h3>'
            f"{_editions(rows, year, report_id)}"
            f"<h4>{_KIND['problem']}（{len(problems)}条）</h4>{_list(problems, earlier, '未分条写出问题')}"
            f"<h4>{_KIND['measure']}（{len(measures)}条）</h4>{_list(measures, earlier, '未分条写出改进措施')}</div>"
        )
    counts = {s: sum(s in t.summary.split("、") for t in line.items) for s in ("反复出现", "已落实", "此后未提及")}
    legend = (f'<p class="gk-legend gk-tl-summary">{escape(line.agency)}：{line.years[0]}–{line.years[-1]}年，'
              f"{len(line.years)}份报告，问题和措施共{len(line.items)}条；"
              + "，".join(f"{badge(s)}{n}条" for s, n in counts.items())
              + f"。每条下列出此后年度相似的原句（年度、章节、行号）；{escape(line.matching_note)}。</p>")
    return legend + '<div class="gk-timeline" style="flex-direction:column">' + "".join(blocks) + "</div>"
