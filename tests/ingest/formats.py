"""One fictional annual report written in every format real reports arrive in, for reader tests.

某某县青石镇 2024 is invented (non-zero figures that add up, a decimal fee of 1.25 万元). Its three
tables are grids of `Cell`s with rowspan/colspan laid out like the national form
(国办公开办函〔2021〕30号, /work/shared/reference/report-template-2021.docx), rendered as
.txt (tab rows), GB18030 .txt, a county-government web page, .docx (built with python-docx, or
filled into the official blank form) and PDF (the .docx through LibreOffice). `expected_rows`
is what every reader must give for the tables: merged cells expanded, text in the first grid
position, "" elsewhere (see `ingest.read`).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO.parent / "shared" / "reference" / "report-template-2021.docx"


@dataclass(frozen=True)
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1


Grid = tuple[tuple[Cell, ...], ...]


def _c(*texts: str | Cell) -> tuple[Cell, ...]:
    return tuple(t if isinstance(t, Cell) else Cell(t) for t in texts)


def _n(values: Sequence[int | float | str]) -> tuple[Cell, ...]:
    return tuple(Cell(str(v)) for v in values)


def _table_a() -> Grid:
    def block(item: str, column: Cell | tuple[Cell, ...], rows: list[tuple[str, tuple[Cell, ...]]]) -> list:
        head = [
            _c(Cell(item, colspan=4)),
            _c("信息内容", *(column if isinstance(column, tuple) else (column,))),
        ]
        return head + [_c(label, *cells) for label, cells in rows]

    one = lambda v: (Cell(str(v), colspan=3),)  # noqa: E731
    return tuple(
        block(
            "第二十条第（一）项",
            _c("本年制发件数", "本年废止件数", "现行有效件数"),
            [("规章", _n([1, 0, 3])), ("行政规范性文件", _n([5, 2, 18]))],
        )
        + block("第二十条第（五）项", Cell("本年处理决定数量", colspan=3), [("行政许可", one(236))])
        + block(
            "第二十条第（六）项",
            Cell("本年处理决定数量", colspan=3),
            [("行政处罚", one(41)), ("行政强制", one(3))],
        )
        + block(
            "第二十条第（八）项",
            Cell("本年收费金额（单位：万元）", colspan=3),
            [("行政事业性收费", one("1.25"))],
        )
    )


B_RESULTS = [
    (
        "（三）不予公开",
        [
            "1.属于国家秘密",
            "2.其他法律行政法规禁止公开",
            "3.危及“三安全一稳定”",
            "4.保护第三方合法权益",
            "5.属于三类内部事务信息",
            "6.属于四类过程性信息",
            "7.属于行政执法案卷",
            "8.属于行政查询事项",
        ],
    ),
    (
        "（四）无法提供",
        ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"],
    ),
    (
        "（五）不予处理",
        [
            "1.信访举报投诉类申请",
            "2.重复申请",
            "3.要求提供公开出版物",
            "4.无正当理由大量反复申请",
            "5.要求行政机关确认或重新出具已获取信息",
        ],
    ),
    (
        "（六）其他处理",
        [
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "3.其他",
        ],
    ),
]
# Non-zero rows of table B (columns: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计).
B_VALUES = {
    "一、本年新收政府信息公开申请数量": [12, 3, 0, 1, 2, 0, 18],
    "二、上年结转政府信息公开申请数量": [1, 0, 0, 0, 0, 0, 1],
    "（一）予以公开": [7, 2, 0, 1, 1, 0, 11],
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": [2, 0, 0, 0, 0, 0, 2],
    "4.保护第三方合法权益": [1, 0, 0, 0, 0, 0, 1],
    "1.本机关不掌握相关政府信息": [2, 1, 0, 0, 1, 0, 4],
    "（七）总计": [12, 3, 0, 1, 2, 0, 18],
    "四、结转下年度继续办理": [1, 0, 0, 0, 0, 0, 1],
}
ZERO = [0] * 7


def _table_b() -> Grid:
    rows: list[tuple[Cell, ...]] = [
        _c(
            Cell(
                "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rowspan=3, colspan=3
            ),
            Cell("申请人情况", colspan=7),
        ),
        _c(Cell("自然人", rowspan=2), Cell("法人或其他组织", colspan=5), Cell("总计", rowspan=2)),
        _c("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"),
    ]
    for label in ("一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量"):
        rows.append(_c(Cell(label, colspan=3)) + _n(B_VALUES[label]))
    result_rows = 2 + sum(len(items) for _, items in B_RESULTS) + 1
    for i, label in enumerate(("（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")):
        lead = _c(Cell("三、本年度办理结果", rowspan=result_rows)) if i == 0 else ()
        rows.append(lead + _c(Cell(label, colspan=2)) + _n(B_VALUES[label]))
    for group, items in B_RESULTS:
        for j, item in enumerate(items):
            lead = _c(Cell(group, rowspan=len(items))) if j == 0 else ()
            rows.append(lead + _c(item) + _n(B_VALUES.get(item, ZERO)))
    rows.append(_c(Cell("（七）总计", colspan=2)) + _n(B_VALUES["（七）总计"]))
    rows.append(_c(Cell("四、结转下年度继续办理", colspan=3)) + _n(B_VALUES["四、结转下年度继续办理"]))
    return tuple(rows)


C_HEADS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
C_VALUES = [1, 0, 0, 1, 2, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]


def _table_c() -> Grid:
    return (
        _c(Cell("行政复议", colspan=5), Cell("行政诉讼", colspan=10)),
        tuple(Cell(h, rowspan=2) for h in C_HEADS)
        + _c(Cell("未经复议直接起诉", colspan=5), Cell("复议后起诉", colspan=5)),
        _c(*C_HEADS, *C_HEADS),
        _n(C_VALUES),
    )


TABLE_A, TABLE_B, TABLE_C = _table_a(), _table_b(), _table_c()
TITLE = "某某县青石镇2024年政府信息公开工作年度报告"
# The report: paragraphs (str) and tables (Grid), in order.
BLOCKS: tuple[str | Grid, ...] = (
    "本报告由某某县青石镇人民政府根据《中华人民共和国政府信息公开条例》编制。本报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。",
    "一、总体情况",
    "（一）主动公开",
    "2024年，我镇通过政府网站主动公开政府信息326条，其中政策文件18件，通过“青石镇发布”公众号发布信息412条。",
    "（二）依申请公开",
    "2024年，我镇共收到政府信息公开申请18件，上年结转1件，均在法定期限内办结。",
    "（三）政府信息管理",
    "严格落实信息发布审核制度，全年清理过期信息27条。",
    "（四）政府信息公开平台建设",
    "完善政府网站专栏，更新政务公开栏12期。",
    "（五）监督保障",
    "将政务公开工作纳入年度考核，组织业务培训2次，参训63人次。",
    "二、主动公开政府信息情况",
    TABLE_A,
    "三、收到和处理政府信息公开申请情况",
    TABLE_B,
    "四、政府信息公开行政复议、行政诉讼情况",
    TABLE_C,
    "五、存在的主要问题及改进情况",
    "（一）存在问题",
    "一是信息更新不够及时；二是解读形式较为单一。",
    "（二）改进措施",
    "一是建立信息更新台账，每月检查一次；二是增加图解、视频等解读形式。",
    "六、其他需要报告的事项",
    "本年度未收取信息处理费。",
)


def expand(grid: Grid) -> list[list[str]]:
    """The grid rows every reader must give: text in the first position, "" in covered ones."""
    taken: dict[tuple[int, int], str] = {}
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken[(r + dr, c + dc)] = cell.text if dr == dc == 0 else ""
            c += cell.colspan
    width = max(c for _, c in taken) + 1
    return [[taken.get((r, c), "") for c in range(width)] for r in range(len(grid))]


def expected_rows() -> list[list[str]]:
    return [row for grid in (TABLE_A, TABLE_B, TABLE_C) for row in expand(grid)]


def table_rows(text: str) -> list[list[str]]:
    """Tab lines of a Document's text as cell lists, whitespace removed inside cells."""
    return [[re.sub(r"\s+", "", c) for c in line.split("\t")] for line in text.splitlines() if "\t" in line]


# ---------------------------------------------------------------- txt
def to_txt() -> str:
    lines = [TITLE, ""]
    for block in BLOCKS:
        lines.extend(["\t".join(r) for r in expand(block)] if isinstance(block, tuple) else [block, ""])
    return "\n".join(lines) + "\n"


def write_txt(path: Path, encoding: str = "utf-8") -> Path:
    path.write_bytes(to_txt().encode(encoding))
    return path


# ---------------------------------------------------------------- html
_NAV = """<div class="top"><div class="logo">某某县人民政府</div><ul class="nav">
<li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/hdjl/">互动交流</a></li>
<li><a href="/bsfw/">办事服务</a></li><li><a href="/zjxx/">走进某某</a></li></ul>
<form class="search"><input name="q" value="请输入关键字"><button>搜索</button></form></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/nb/">政府信息公开年报</a></div>"""
_SIDE = """<div class="side"><h3>政府信息公开年报</h3><ul>
<li><a href="/nb/2023.html">某某县青石镇2023年政府信息公开工作年度报告</a></li>
<li><a href="/nb/2022.html">某某县青石镇2022年政府信息公开工作年度报告</a></li>
<li><a href="/nb/2021.html">某某县白河乡2024年政府信息公开工作年度报告</a></li></ul></div>"""
_FOOT = """<div class="foot"><p>主办：某某县人民政府办公室　地址：某某县人民路1号　电话：0000-0000000</p>
<p>网站标识码：0000000000　备案号：某ICP备00000000号</p><p><a href="/map">网站地图</a>　<a href="/lx">联系我们</a></p></div>
<script>var _hm = "一、总体情况 统计代码"; document.write("<p>访问量</p>");</script>"""


def _html_cell(cell: Cell) -> str:
    spans = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
        f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
    )
    text = html.escape(cell.text)
    if cell.text in C_HEADS:  # the form prints these on two lines: 结果<br>维持
        text = f"{text[:2]}<br/>{text[2:]}"
    inner = (
        f'<p style="text-align:center"><span style="font-family:宋体">{text}</span></p>' if text else "&nbsp;"
    )
    return f"<td{spans}>{inner}</td>"


def _html_table(grid: Grid) -> str:
    rows = "\n".join("<tr>" + "".join(_html_cell(c) for c in row) + "</tr>" for row in grid)
    return f'<table border="1" cellspacing="0" style="border-collapse:collapse"><tbody>\n{rows}\n</tbody></table>'


def to_html(charset: str | None = "utf-8") -> str:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset else ""
    body = "\n".join(
        _html_table(b) if isinstance(b, tuple) else f'<p style="text-indent:2em">{html.escape(b)}&nbsp;</p>'
        for b in BLOCKS
    )
    return f"""<!DOCTYPE html><html><head>{meta}<title>{TITLE}_某某县人民政府</title>
<style>.nav li {{ float:left }} /* 二、主动公开 */</style><script src="/js/jquery.js"></script></head>
<body>{_NAV}<div class="main">{_SIDE}<div class="article"><h1 class="title">{TITLE}</h1>
<div class="info">发布时间：2025-01-20　来源：青石镇人民政府　<a href="#">【打印】</a></div>
<div class="content" id="zoom">{body}</div></div></div>{_FOOT}</body></html>"""


def write_html(path: Path, encoding: str = "utf-8", declare: bool = True) -> Path:
    charset = {"gb18030": "gb2312"}.get(encoding, encoding) if declare else None
    path.write_bytes(to_html(charset).encode(encoding))
    return path


# ---------------------------------------------------------------- docx
def _fill_docx_table(table, grid: Grid, widths: Sequence[float] | None = None) -> None:  # type: ignore[no-untyped-def]
    """Merge and fill a python-docx table laid out like `grid`."""
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            target = table.cell(r, c)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
            taken.update((r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
            target.text = cell.text
            c += cell.colspan


def write_docx(path: Path, borders: bool = True) -> Path:
    """The report built from scratch with python-docx; `borders=False` gives unruled tables."""
    import docx
    from docx.shared import Pt

    document = docx.Document()
    document.styles["Normal"].font.size = Pt(9)
    document.add_paragraph(TITLE)
    for block in BLOCKS:
        if isinstance(block, tuple):
            width = len(expand(block)[0])
            table = document.add_table(rows=len(block), cols=width)
            if borders:
                table.style = "Table Grid"
            _fill_docx_table(table, block)
        else:
            document.add_paragraph(block)
    document.save(str(path))
    return path


def fill_template(path: Path, template: Path = TEMPLATE) -> Path:
    """A copy of the official blank form with the report's figures and prose filled in."""
    import docx

    document = docx.Document(str(template))
    for table, grid in zip(document.tables, (TABLE_A, TABLE_B, TABLE_C), strict=True):
        expected = expand(grid)
        for r, row in enumerate(expected):
            for c, text in enumerate(row):
                if re.fullmatch(r"[\d.]+", text):
                    table.rows[r].cells[c].text = text
    prose: dict[str, list[str]] = {}  # section heading → its paragraphs
    heading = ""
    for block in BLOCKS:
        if isinstance(block, str) and re.match(r"[一二三四五六]、", block):
            heading = block
        elif isinstance(block, str):
            prose.setdefault(heading, []).append(block)
    paragraphs = document.paragraphs
    next(para for para in paragraphs if "年度报告" in para.text).text = TITLE
    next(para for para in paragraphs if para.text.startswith("一、")).insert_paragraph_before(
        "\n".join(prose[""])
    )
    heading = ""
    for para in paragraphs:
        if re.match(r"[一二三四五六]、", para.text):
            heading = para.text
        elif para.text.startswith("（文字描述"):
            para.text = "\n".join(prose[heading])  # one paragraph, lines broken with <w:br/>
    document.save(str(path))
    return path


# ---------------------------------------------------------------- pdf
def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx_path: Path, outdir: Path) -> Path:
    """Convert with LibreOffice headless (a private profile, so parallel runs do not collide)."""
    return docx_to_pdfs([docx_path], outdir)[0]


def docx_to_pdfs(docx_paths: Sequence[Path], outdir: Path) -> list[Path]:
    """Several files in one LibreOffice run: its start-up is most of the cost of a conversion."""
    exe = soffice()
    if exe is None:
        raise RuntimeError(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer fonts-noto-cjk"
        )
    profile = outdir / ".lo-profile"
    subprocess.run(
        [
            exe,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *(str(p) for p in docx_paths),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdfs = [outdir / (p.stem + ".pdf") for p in docx_paths]
    missing = [p for p in pdfs if not p.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice did not write {missing}")
    return pdfs


def minimal_pdf(
    content: bytes,
    resources: bytes = b"<<>>",
    extra_objects: Sequence[bytes] = (),
    trailer_extra: bytes = b"",
) -> bytes:
    """A one-page PDF written by hand (for scans, blank pages, encryption: no tool needed)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
        + resources
        + b" /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        *extra_objects,
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer_extra + b">>\n"
    return out + b"startxref\n%d\n%%%%EOF\n" % xref


TEXT_PAGE = b"BT /F1 24 Tf 72 720 Td (Annual report 2024) Tj ET"
TEXT_FONT = b"<< /Font << /F1 5 0 R >> >>"
HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
IMAGE_PAGE = b"q 400 0 0 600 90 120 cm /Im1 Do Q"
IMAGE_RES = b"<< /XObject << /Im1 5 0 R >> >>"
GRAY_PIXEL = b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream"
# Standard security handler, RC4; the /U value does not match the empty password, so a password is needed.
ENCRYPT = b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>"
FILE_ID = b"/ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] "
