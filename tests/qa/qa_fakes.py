"""Fictional reports and an in-memory store with the read methods of ingest.store.Store.

The reports are made up (agencies 青石乡, 白云镇, 鲁阳县卫生健康委员会 …) and built line by line so
every cell and fact has a real span in `original_text`; nothing here is copied from a seed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ingest.normalise import normalise
from ingest.records import Cell, Commitment, Fact, Finding, Report, ReportMeta, Section, Span, Subsection
from ingest.store import ReportRow

CN = "零一二三四五六"
TITLES = {1: "总体情况", 2: "主动公开政府信息情况", 3: "收到和处理政府信息公开申请情况",
          4: "政府信息公开行政复议、行政诉讼情况", 5: "存在的主要问题及改进情况", 6: "其他需要报告的事项"}


@dataclass
class Spec:
    """What a fictional report says."""

    agency: str
    year: int
    region: str | None = "鲁阳县"
    raw: str | None = None
    cells: dict[tuple[str, str, str], float | None] = field(default_factory=dict)
    inferred: set[tuple[str, str, str]] = field(default_factory=set)
    facts: list[tuple[str, float, str, str | None, str]] = field(default_factory=list)  # metric, value, unit, channel, sentence
    prose: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # section → [(subsection title, text)]
    problems: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    findings: list[tuple[str, str]] = field(default_factory=list)  # rule, message
    other: str = "无"


def build(spec: Spec) -> Report:
    """A Report whose spans point at the right characters of a generated original text."""
    lines: list[str] = [f"{spec.raw or spec.agency}{spec.year}年政府信息公开工作年度报告"]
    marks: dict[str, tuple[int, int]] = {}  # key → (line index, column offset)

    def add(line: str, key: str | None = None) -> None:
        if key:
            marks[key] = (len(lines), 0)
        lines.append(line)

    section_lines: dict[int, tuple[int, int]] = {}
    for number in range(1, 7):
        start = len(lines)
        add(f"{CN[number]}、{TITLES[number]}")
        if number == 1:
            for i, (_, _, _, _, sentence) in enumerate(spec.facts):
                add(sentence, f"fact{i}")
            for title, text in spec.prose.get(1, []):
                add(title, f"sub:{title}")
                add(text, f"subtext:{title}")
        elif number in (2, 3, 4):
            table = "ABC"[number - 2]
            rows = sorted({(r, c) for (t, r, c) in spec.cells if t == table})
            for r, c in rows:
                v = spec.cells[(table, r, c)]
                add(f"{r}\t{c}\t{'/' if v is None else v}", f"cell:{table}:{r}:{c}")
        elif number == 5:
            for i, p in enumerate(spec.problems, 1):
                add(p, f"problem{i}")
            for i, m in enumerate(spec.measures, 1):
                add(m, f"measure{i}")
        else:
            add(spec.other, "other")
        section_lines[number] = (start, len(lines))
    original = "\n".join(lines) + "\n"
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    nt = normalise(original)

    def span(key: str) -> Span:
        i, _ = marks[key]
        return Span(start=offsets[i], end=offsets[i] + len(lines[i]), line=i + 1)

    def body(number: int) -> tuple[str, Span]:
        a, b = section_lines[number]
        text = "\n".join(lines[a + 1 : b])
        return text, Span(start=offsets[a], end=offsets[b] - 1, line=a + 1)

    sections = []
    for number in range(1, 7):
        text, sp = body(number)
        subs = tuple(Subsection(number=i, title=normalise(t).text, text=normalise(x).text, span=span(f"subtext:{t}"))
                     for i, (t, x) in enumerate(spec.prose.get(number, []), 1))
        sections.append(Section(number=number, key=str(number), title=f"{CN[number]}、{TITLES[number]}",
                                text=normalise(text).text, span=sp, subsections=subs))
    cells = tuple(
        Cell(table=t, row=r, column=c, value=v, raw="/" if v is None else str(v), span=span(f"cell:{t}:{r}:{c}"),
             inferred=(t, r, c) in spec.inferred, note="由本列勾稽关系推出" if (t, r, c) in spec.inferred else None)
        for (t, r, c), v in spec.cells.items()
    )
    facts = tuple(Fact(metric=m, value=v, unit=u, channel=ch, subject=m, sentence=s, section=1, span=span(f"fact{i}"))
                  for i, (m, v, u, ch, s) in enumerate(spec.facts))
    commitments = tuple(
        [Commitment(kind="problem", index=i, text=p, span=span(f"problem{i}")) for i, p in enumerate(spec.problems, 1)]
        + [Commitment(kind="measure", index=i, text=m, span=span(f"measure{i}")) for i, m in enumerate(spec.measures, 1)]
    )
    findings = tuple(Finding(rule=r, severity="error", message=m) for r, m in spec.findings)
    meta = ReportMeta(agency=spec.agency, agency_raw=spec.raw or spec.agency, region=spec.region, year=spec.year,
                      title=lines[0], format_version="2021", source_path=f"fixtures/{spec.agency}{spec.year}.txt",
                      source_format="txt")
    return Report(id=f"{spec.region}{spec.agency}-{spec.year}", meta=meta, original_text=original, text=nt.text,
                  sections=tuple(sections), cells=cells, facts=facts, findings=findings, commitments=commitments)


class FakeStore:
    """The read side of ingest.store.Store over Reports held in memory."""

    def __init__(self, reports: list[Report]) -> None:
        self._reports = {r.id: r for r in reports}

    def _row(self, r: Report) -> ReportRow:
        m = r.meta
        return ReportRow(id=r.id, agency=m.agency, agency_raw=m.agency_raw, region=m.region, year=m.year,
                         title=m.title, format_version=m.format_version, source_path=m.source_path,
                         source_format=m.source_format, n_cells=len(r.cells), n_findings=len(r.findings),
                         ingested_at="2026-01-01T00:00:00")

    def _select(self, agency: str | None, year: int | None, report_id: str | None = None,
                region: str | None = None) -> list[Report]:
        return [r for r in self._reports.values() if (agency is None or r.meta.agency == agency)
                and (year is None or r.meta.year == year) and (report_id is None or r.id == report_id)
                and (region is None or r.meta.region == region)]

    def reports(self, agency: str | None = None, year: int | None = None) -> list[ReportRow]:
        return [self._row(r) for r in self._select(agency, year)]

    def report(self, report_id: str) -> Report | None:
        return self._reports.get(report_id)

    def cells(self, *, agency=None, year=None, table=None, row=None, column=None, report_id=None, region=None):  # type: ignore[no-untyped-def]
        return [(self._row(r), c) for r in self._select(agency, year, report_id, region) for c in r.cells
                if (table is None or c.table == table) and (row is None or c.row == row)
                and (column is None or c.column == column)]

    def facts(self, *, agency=None, year=None, metric=None):  # type: ignore[no-untyped-def]
        return [(self._row(r), f) for r in self._select(agency, year) for f in r.facts
                if metric is None or f.metric == metric]

    def findings(self, *, agency=None, year=None, rule=None):  # type: ignore[no-untyped-def]
        return [(self._row(r), f) for r in self._select(agency, year) for f in r.findings
                if rule is None or f.rule == rule]

    def commitments(self, *, agency=None, year=None):  # type: ignore[no-untyped-def]
        return [(self._row(r), c) for r in self._select(agency, year) for c in r.commitments]


class NoRetriever:
    """Stands in for hybrid retrieval: the answerer then scores report sentences alone."""

    def search(self, query: str, k: int = 5, **filters: object) -> list[object]:
        return []


B_TOTAL = ("B", "new", "total")


def town(agency: str, year: int, new: float | None, **kw: object) -> Spec:
    cells = {B_TOTAL: new, ("B", "new", "natural_person"): new, ("C", "review", "total"): 0.0,
             ("C", "litigation_direct", "total"): 1.0, ("C", "litigation_after_review", "total"): 2.0,
             ("A", "fee", "amount"): 0.0}
    for key in ("state_secret", "prohibited", "three_safety", "third_party", "internal", "process",
                "enforcement_file", "inquiry"):
        cells[("B", f"result.withheld.{key}", "total")] = 1.0 if key == "third_party" else 0.0
    return Spec(agency=agency, year=year, cells=cells, **kw)  # type: ignore[arg-type]


def sample_reports() -> list[Report]:
    """青石乡 2023 and 2025, 白云镇 (blank), 黑山镇 (inferred), two 卫生健康委员会 in two counties."""
    qingshi_prose = {1: [("（四）平台建设情况", "线上以政府门户网站为主阵地，线下利用村务公开栏和乡村广播发布信息。"),
                         ("（三）政府信息管理情况", "落实三审三校制度，对拟公开信息逐条进行保密审查。")]}
    return [
        build(town("青石乡", 2023, 4.0, raw="鲁阳县青石乡",
                   facts=[("proactive.items", 120, "条", "微信公众号", "全年通过微信公众号发布信息120条。")],
                   prose=qingshi_prose,
                   problems=["公开形式比较单一，政策解读不够通俗。", "工作人员业务能力有待提高。"],
                   measures=["丰富政策解读形式，采用图解和短视频。", "组织业务培训，提升人员能力。"])),
        build(town("青石乡", 2025, 7.0, raw="鲁阳县青石乡",
                   facts=[("proactive.items", 95, "条", "微信公众号", "全年通过微信公众号推送信息95条。"),
                          ("proactive.items", 30, "条", "政府网站", "在政府网站公开信息30条。")],
                   prose=qingshi_prose,
                   problems=["政策解读形式仍较单一，群众互动不足。", "村级公开覆盖不均衡。"],
                   measures=["推进各村公开栏标准化建设。"],
                   findings=[("B.balance", "表三总计栏：新收加结转不等于办理结果加结转下年。")])),
        build(town("白云镇", 2025, None, raw="鲁阳县白云镇")),
        build(town("黑山镇", 2025, 3.0, raw="鲁阳县黑山镇", inferred={B_TOTAL})),
        build(Spec(agency="卫生健康委员会", year=2025, region="鲁阳县", raw="鲁阳县卫生健康委员会",
                   cells={B_TOTAL: 12.0})),
        build(Spec(agency="卫生健康委员会", year=2025, region="石门县", raw="石门县卫生健康委员会",
                   cells={B_TOTAL: 5.0})),
    ]


TODAY = date(2026, 3, 1)
