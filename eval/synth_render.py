"""Render a `ReportSpec` the ways agencies publish: text, PDF-extracted text, GB18030, HTML, DOCX, PDF.

Each format carries the traps real documents have: merged cells (HTML rowspan/colspan, DOCX
merges), Kangxi radicals, wrapped labels and page markers in PDF-extracted text, a legacy
encoding, PDF tables printed without ruling lines (`pdfplain`: the text layer gives space-separated
rows with labels wrapped under their numbers). Tables are laid out once as a grid of spanning cells (the national form) and every
format is drawn from that grid or, for PDF-extracted text, from the form's rows.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
import textwrap
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from eval.synth import ReportSpec
from ingest.tables.template import B_GROUPS, TABLE_A, TABLE_B, TABLE_C

FORMATS = ("txt", "pdftxt", "gb18030", "html", "docx", "pdf", "pdfplain")
_EXT = {"txt": ".txt", "pdftxt": ".txt", "gb18030": ".txt", "html": ".html", "docx": ".docx", "pdf": ".pdf",
        "pdfplain": ".pdf"}
SECTION_TITLES = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                  "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")
SUB_TITLES = ("（一）主动公开情况", "（二）依申请公开情况", "（三）政府信息管理情况",
              "（四）政府信息公开平台建设情况", "（五）监督保障情况")
_ORDINALS = "一二三四五六七八九十"
B_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


# ---------------------------------------------------------------- the form as a grid


@dataclass(frozen=True)
class GridCell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class Grid:
    n_rows: int
    n_cols: int
    cells: tuple[GridCell, ...]

    def rows(self) -> list[list[str]]:
        """Flattened, one list per row; positions covered by a span are ''."""
        out = [[""] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            out[c.row][c.col] = c.text
        return out


def fmt_value(v: float | None, money: bool = False) -> str:
    if v is None:
        return "/"
    if money:
        return "0" if v == 0 else f"{v:.4f}"
    return str(int(v)) if float(v).is_integer() else str(v)


def grid_a(spec: ReportSpec) -> Grid:
    cells: list[GridCell] = []
    r = 0
    for block in dict.fromkeys(row.block for row in TABLE_A.rows):
        rows = [row for row in TABLE_A.rows if row.block == block]
        cells.append(GridCell(r, 0, str(block), colspan=4))
        heads = [TABLE_A.column(c).label for c in rows[0].columns]
        cells.append(GridCell(r + 1, 0, "信息内容"))
        wide = 3 - len(heads)  # one-value blocks span the remaining columns
        cells += [GridCell(r + 1, 1 + i, h, colspan=1 + wide) for i, h in enumerate(heads)]
        for j, row in enumerate(rows):
            cells.append(GridCell(r + 2 + j, 0, row.label))
            cells += [GridCell(r + 2 + j, 1 + i, fmt_value(spec.value("A", row.key, c), c == "amount"), colspan=1 + wide)
                      for i, c in enumerate(row.columns)]
        r += 2 + len(rows)
    return Grid(r, 4, tuple(cells))


def _b_group(key: str) -> str | None:
    return next((g for g, (_, prefix) in B_GROUPS.items() if key.startswith(prefix)), None)


def grid_b(spec: ReportSpec) -> Grid:
    cols = [c.key for c in TABLE_B.columns]
    cells = [GridCell(0, 0, B_NOTE, rowspan=3, colspan=3), GridCell(0, 3, "申请人情况", colspan=7),
             GridCell(1, 3, "自然人", rowspan=2), GridCell(1, 4, "法人或其他组织", colspan=5),
             GridCell(1, 9, "总计", rowspan=2)]
    cells += [GridCell(2, 4 + i, c.label) for i, c in enumerate(TABLE_B.columns[1:6])]
    results = [row for row in TABLE_B.rows if row.key.startswith("result.")]
    r = 3
    for row in TABLE_B.rows:
        group = _b_group(row.key)
        if row.key == "result.public":
            cells.append(GridCell(r, 0, "三、本年度办理结果", rowspan=len(results)))
        if group is None:
            span = 3 if not row.key.startswith("result.") else 2
            cells.append(GridCell(r, 3 - span, row.label, colspan=span))
        else:
            members = [x for x in results if _b_group(x.key) == group]
            if row is members[0]:
                cells.append(GridCell(r, 1, B_GROUPS[group][0], rowspan=len(members)))
            cells.append(GridCell(r, 2, row.label))
        cells += [GridCell(r, 3 + i, fmt_value(spec.value("B", row.key, c))) for i, c in enumerate(cols)]
        r += 1
    return Grid(r, 10, tuple(cells))


def grid_c(spec: ReportSpec) -> Grid:
    labels = [c.label for c in TABLE_C.columns]
    cells = [GridCell(0, 0, "行政复议", colspan=5), GridCell(0, 5, "行政诉讼", colspan=10)]
    cells += [GridCell(1, i, labels[i], rowspan=2) for i in range(5)]
    cells += [GridCell(1, 5, "未经复议直接起诉", colspan=5), GridCell(1, 10, "复议后起诉", colspan=5)]
    cells += [GridCell(2, 5 + i, labels[i % 5]) for i in range(10)]
    values = [spec.value("C", row.key, c.key) for row in TABLE_C.rows for c in TABLE_C.columns]
    cells += [GridCell(3, i, fmt_value(v)) for i, v in enumerate(values)]
    return Grid(4, 15, tuple(cells))


# ---------------------------------------------------------------- text


def commitments_text(items: Sequence[str], sep: str, end: str = "。") -> str:
    return sep.join(f"{_ORDINALS[i]}是{t}" for i, t in enumerate(items)) + end


def _blocks(spec: ReportSpec, tables: dict[int, str]) -> list[str]:
    p = spec.prose
    subs = (p.proactive, p.requests, p.management, p.platforms, p.oversight)
    out = [spec.title, SECTION_TITLES[0], p.intro]
    for title, body in zip(SUB_TITLES, subs, strict=True):
        out += [title, body]
    for n in (2, 3, 4):
        out += [SECTION_TITLES[n - 1], tables[n]]
    out += [SECTION_TITLES[4], "（一）存在的主要问题", commitments_text(p.problems, "；"),
            "（二）改进情况", commitments_text(p.measures, "。"), SECTION_TITLES[5], p.other]
    return out


def render_tab(spec: ReportSpec) -> str:
    """Clean text with tab-separated table rows, as copied from a web page."""
    def flat(g: Grid) -> str:
        return "\n".join("\t".join(row).rstrip("\t") for row in g.rows())

    tables = {2: flat(grid_a(spec)), 3: flat(grid_b(spec)), 4: flat(grid_c(spec))}
    return "\n\n".join(_blocks(spec, tables)) + "\n"


_KANGXI = {unicodedata.normalize("NFKC", chr(cp)): chr(cp) for cp in range(0x2F00, 0x2FD6)}
_KANGXI.update({"民": "⺠", "见": "⻅", "长": "⻓", "门": "⻔", "马": "⻢", "风": "⻛", "车": "⻋", "飞": "⻜"})


def kangxi(text: str) -> str:
    """What a PDF text layer gives for common characters: Kangxi radical look-alikes."""
    return "".join(_KANGXI.get(ch, ch) for ch in text)


def _wrap(text: str, width: int = 56) -> str:
    return "\n\n".join(textwrap.wrap(text, width)) if len(text) > width else text


def _pdf_b_rows(spec: ReportSpec, page: int) -> list[str]:
    lines = [B_NOTE, "申请人情况", "自然人", "法人或其他组织", "总计",
             "商业企业 科研机构\n社会公益\n\n组织", "法律服务\n\n机构\n其他"]
    cols = [c.key for c in TABLE_B.columns]
    seen: set[str] = set()
    for i, row in enumerate(TABLE_B.rows):
        vals = " ".join(fmt_value(spec.value("B", row.key, c)) for c in cols)
        group = _b_group(row.key)
        if row.key == "result.public":
            lines.append("三、本年度办理\n\n结果")
        if group and group not in seen:
            seen.add(group)
            head = B_GROUPS[group][0]
            lines.append(f"{head[:5]}\n\n{head[5:]}")
        label = row.label
        if len(label) > 30:  # long labels wrap, and the numbers land on a line of their own
            lines.append(f"{label[:30]}\n\n{label[30:]}\n{vals}")
        else:
            lines.append(f"{label} {vals}")
        if i == 13:
            lines.append(f"- {page} -")  # the table runs over a page break
    return lines


def render_pdftxt(spec: ReportSpec) -> str:
    """Text as a PDF extractor gives it: radicals, wrapped lines, space-separated cells, page marks."""
    a_lines: list[str] = []
    for block in dict.fromkeys(row.block for row in TABLE_A.rows):
        rows = [row for row in TABLE_A.rows if row.block == block]
        a_lines += [str(block), "信息内容 " + " ".join(TABLE_A.column(c).label for c in rows[0].columns)]
        a_lines += [row.label + " " + " ".join(fmt_value(spec.value("A", row.key, c), c == "amount")
                                               for c in row.columns) for row in rows]
    c_vals = " ".join(fmt_value(spec.value("C", r.key, c.key)) for r in TABLE_C.rows for c in TABLE_C.columns)
    heads = " ".join(c.label for c in TABLE_C.columns)
    c_lines = ["行政复议 行政诉讼", heads, "未经复议直接起诉 复议后起诉", f"{heads} {heads}", c_vals]
    tables = {2: "\n\n".join(a_lines), 3: "\n\n".join(_pdf_b_rows(spec, 2)), 4: "\n\n".join(c_lines)}
    blocks = _blocks(spec, tables)
    out: list[str] = []
    footers = {SECTION_TITLES[2]: 1, SECTION_TITLES[4]: 3}  # page 2 ends inside table B
    for b in blocks:
        if b in footers:
            out.append(f"- {footers[b]} -")
        out.append(b if b in tables.values() else _wrap(b))
    return kangxi("\n\n".join(out)) + "\n"


# ---------------------------------------------------------------- HTML and DOCX


def grid_html(g: Grid) -> str:
    by_row: dict[int, list[GridCell]] = {}
    for c in g.cells:
        by_row.setdefault(c.row, []).append(c)
    rows = []
    for r in range(g.n_rows):
        tds = []
        for c in sorted(by_row.get(r, []), key=lambda x: x.col):
            span = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + (f' colspan="{c.colspan}"' if c.colspan > 1 else "")
            tds.append(f"<td{span}>{html.escape(c.text)}</td>")
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return '<table border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse">\n' + "\n".join(rows) + "\n</table>"


def render_html(spec: ReportSpec) -> str:
    """A county government site's article page: navigation, the report, a footer."""
    tables = {2: grid_html(grid_a(spec)), 3: grid_html(grid_b(spec)), 4: grid_html(grid_c(spec))}
    body = []
    for b in _blocks(spec, tables)[1:]:
        if b.startswith("<table"):
            body.append(b)
        elif b in SECTION_TITLES or b.startswith("（"):
            body.append(f"<p><strong>{html.escape(b)}</strong></p>")
        else:
            body.append(f'<p style="text-indent:2em">{html.escape(b)}</p>')
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{html.escape(spec.title)}</title></head>\n'
        f'<body>\n<div class="nav">首页 &gt; 政府信息公开 &gt; 政府信息公开年报</div>\n'
        f'<div class="article">\n<h1>{html.escape(spec.title)}</h1>\n<div class="info">发布时间：{spec.year + 1}-01-25'
        f"　来源：{html.escape(spec.agency_raw)}</div>\n" + "\n".join(body) +
        f'\n</div>\n<div class="footer">主办单位：{html.escape(spec.region)}人民政府办公室</div>\n</body></html>\n'
    )


def _widths(table: object, g: Grid) -> None:
    """Label columns wide, number columns narrow, as on the printed form."""
    from docx.shared import Cm

    label_cols = {4: 1, 10: 3, 15: 0}[g.n_cols]
    narrow = Cm(1.05 if g.n_cols == 15 else 1.2)  # the page holds about 16 cm
    widths = [Cm(4.5)] * label_cols + [narrow] * (g.n_cols - label_cols)
    if g.n_cols == 10:
        widths[:3] = [Cm(1.4), Cm(1.8), Cm(4.2)]
    table.autofit = False  # type: ignore[attr-defined]
    for col, w in zip(table.columns, widths, strict=True):  # type: ignore[attr-defined]
        col.width = w  # the grid LibreOffice lays out from
    for row in table.rows:  # type: ignore[attr-defined]
        for i, cell in enumerate(row.cells):
            cell.width = widths[i]


def write_docx(spec: ReportSpec, path: Path, *, ruled: bool = True) -> Path:
    """A Word file like the ones agencies fill in: the three tables with merged cells.

    `ruled=False` leaves the tables without borders, as some agencies print them."""
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    grids = {2: grid_a(spec), 3: grid_b(spec), 4: grid_c(spec)}
    markers = {2: "[[table A]]", 3: "[[table B]]", 4: "[[table C]]"}
    for i, b in enumerate(_blocks(spec, markers)):
        if b in markers.values():
            g = grids[int(next(k for k, v in markers.items() if v == b))]
            table = doc.add_table(rows=g.n_rows, cols=g.n_cols)
            table.style = "Table Grid" if ruled else "Normal Table"
            _widths(table, g)
            # every grid position once, before any merge (table.cell() recounts the whole table per call)
            at = [list(row.cells) for row in table.rows]
            for c in g.cells:
                cell = at[c.row][c.col]
                cell.text = c.text
                for par in cell.paragraphs:
                    for run in par.runs:
                        run.font.size = Pt(8)
            for c in g.cells:  # the other positions are empty, so a merge keeps just this text
                if c.rowspan > 1 or c.colspan > 1:
                    at[c.row][c.col].merge(at[c.row + c.rowspan - 1][c.col + c.colspan - 1])
        elif i == 0:
            doc.add_heading(b, level=1)
        else:
            par = doc.add_paragraph()
            par.add_run(b).bold = b in SECTION_TITLES or b.startswith("（")
    doc.save(str(path))
    return path


def docx_to_pdf(docx_paths: Sequence[Path], out_dir: Path, timeout: int = 600) -> list[Path]:
    """Convert with LibreOffice headless, as agencies export; one soffice run for the whole batch."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("需要 LibreOffice（soffice）把 DOCX 转成 PDF：apt-get install libreoffice-writer fonts-noto-cjk")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out_dir), *map(str, docx_paths)],
                       check=True, capture_output=True, timeout=timeout)
    out = [out_dir / (p.stem + ".pdf") for p in docx_paths]
    missing = [p.name for p in out if not p.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice did not produce {missing[:3]}")
    return out


def render(spec: ReportSpec, fmt: str) -> str:
    """The text of a text-like format (txt, pdftxt, gb18030 as str, html)."""
    if fmt in ("txt", "gb18030"):
        return render_tab(spec)
    if fmt == "pdftxt":
        return render_pdftxt(spec)
    if fmt == "html":
        return render_html(spec)
    raise ValueError(f"{fmt} is not a text format; use write_reports")


def file_name(spec: ReportSpec, fmt: str, index: int) -> str:
    return f"a{index:05d}_{spec.year}_{fmt}{_EXT[fmt]}"


def write_reports(specs: Sequence[ReportSpec], fmt: str, out_dir: Path) -> list[Path]:
    """Write every spec in one format; agencies are numbered in order of first appearance."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {FORMATS}")
    out_dir.mkdir(parents=True, exist_ok=True)
    if not specs:
        return []
    index: dict[str, int] = {}
    paths = [out_dir / file_name(s, fmt, index.setdefault(s.agency_raw, len(index))) for s in specs]
    if fmt in ("docx", "pdf", "pdfplain"):
        target = paths
        if fmt != "docx":
            tmp = Path(tempfile.mkdtemp(prefix="gongkai-synth-"))
            target = [tmp / p.with_suffix(".docx").name for p in paths]
        for s, p in zip(specs, target, strict=True):
            write_docx(s, p, ruled=fmt != "pdfplain")
        if fmt != "docx":
            docx_to_pdf(target, out_dir)
            shutil.rmtree(target[0].parent, ignore_errors=True)
        return paths
    for s, p in zip(specs, paths, strict=True):
        encoding = "gb18030" if fmt == "gb18030" else "utf-8"
        p.write_bytes(render(s, fmt).encode(encoding))
    return paths
