"""An agency's key figures across years: applications, proactive items, reviews/lawsuits, fees.

Each figure comes from a stored table cell or prose fact; a year without it has no point (not zero).
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ui.pages.backend import Backend

if TYPE_CHECKING:
    from matplotlib.figure import Figure

Series = dict[str, dict[int, float]]  # line label → {year: value}
CJK_FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "WenQuanYi Zen Hei", "SimHei", "DejaVu Sans"]


@lru_cache(maxsize=1)
def chart_font() -> str:
    """The first of CJK_FONTS that is installed (Noto Sans CJK SC from fonts-noto-cjk), named alone:
    a list with absent families made matplotlib log a findfont warning per text (1,716 lines)."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), "DejaVu Sans")


def _cell_series(backend: Backend, agency: str, table: str, row: str, column: str) -> dict[int, float]:
    out: dict[int, float] = {}
    for rep, cell in backend.cells(agency=agency, table=table, row=row, column=column):
        if rep.year is not None and cell.value is not None:
            out[rep.year] = cell.value
    return out


def proactive_total(facts: list[Any]) -> float:
    """A count stated without a channel is the year's total; otherwise the channels add up."""
    overall = [f.value for f in facts if not f.channel]
    return max(overall) if overall else sum(f.value for f in facts)


def key_figures(backend: Backend, agency: str) -> dict[str, Series]:
    """Panel title → its lines; empty lines are dropped."""
    by_year: dict[int, list[Any]] = defaultdict(list)
    for rep, fact in backend.facts(agency=agency, metric="proactive.items"):
        if rep.year is not None:
            by_year[rep.year].append(fact)
    proactive = {year: proactive_total(facts) for year, facts in by_year.items()}
    lawsuits: dict[int, float] = {}
    for row in ("litigation_direct", "litigation_after_review"):
        for year, value in _cell_series(backend, agency, "C", row, "total").items():
            lawsuits[year] = lawsuits.get(year, 0.0) + value
    panels: dict[str, Series] = {
        "政府信息公开申请（件）": {
            "本年新收": _cell_series(backend, agency, "B", "new", "total"),
            "办理结果总计": _cell_series(backend, agency, "B", "result.total", "total"),
        },
        "主动公开信息（条）": {"主动公开": proactive},
        "行政复议、行政诉讼（件）": {
            "行政复议": _cell_series(backend, agency, "C", "review", "total"),
            "行政诉讼": lawsuits,
        },
        "行政事业性收费（万元）": {"收费金额": _cell_series(backend, agency, "A", "fee", "amount")},
    }
    return {title: {k: v for k, v in lines.items() if v} for title, lines in panels.items()}


def figure(panels: dict[str, Series], agency: str) -> Figure:
    """A 2×2 grid of small line charts with whole-year ticks."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10, 6.4), layout="constrained")
    font = chart_font()
    with matplotlib.rc_context({"font.family": "sans-serif", "font.sans-serif": [font], "axes.unicode_minus": False}):
        axes = fig.subplots(2, 2)
        for ax, (title, lines) in zip(axes.flat, panels.items(), strict=False):
            ax.set_title(title, fontsize=11, fontfamily=font)
            if not lines:
                ax.text(0.5, 0.5, "无数据", ha="center", va="center", transform=ax.transAxes, fontfamily=font)
                ax.set_xticks([])
                ax.set_yticks([])
                continue
            years: set[int] = set()
            for label, points in lines.items():
                xs = sorted(points)
                years |= set(xs)
                ax.plot(xs, [points[x] for x in xs], marker="o", label=label)
                for x in xs:
                    ax.annotate(f"{points[x]:g}", (x, points[x]), textcoords="offset points", xytext=(0, 5),
                                ha="center", fontsize=8)
            ax.set_xticks(sorted(years))
            ax.set_xticklabels([str(y) for y in sorted(years)])
            ax.margins(x=0.15, y=0.2)
            top = max(v for points in lines.values() for v in points.values())
            ax.set_ylim(0, max(1.0, top * 1.25))
            ax.legend(fontsize=8, prop={"family": font, "size": 8})
        fig.suptitle(f"{agency} 历年关键数据", fontsize=13, fontfamily=font)
    return fig


def agency_chart(backend: Backend, agency: str | None) -> Any:
    if not agency:
        return None
    return figure(key_figures(backend, agency), agency)
