"""PDF reports: the text layer page by page, ruled tables written as tab-separated grid rows.

Most PDF reports are Word files printed to PDF, so their tables are ruled. pdfplumber finds those
tables from the ruling lines (merged cells come out once, in their first grid position — the
layout of `ingest.read`); the words inside a table's box are left out of the running text, and the
table's rows are put where the table stands. A table running over a page break is put back on one
column grid (a page may not show every column boundary) and a row the break cut in two is joined.
Pages without ruled tables are plain extracted text (the text parser reads space-separated rows).
Encrypted, broken and scanned (image-only) PDFs are refused with a reason: OCR is not done here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.errors import UnreadableFile
from ingest.read import Document, join_lines, tab_lines

TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
EDGE_TOLERANCE = 3.0  # points: the ruling lines of one table's parts on two pages line up within this
MAX_CID_SHARE = 0.3  # more "(cid:N)" glyphs than this: the font has no Unicode map, text is unusable
_PAGE_MARK = re.compile(
    r"^\s*(?:[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+(?:\s*/\s*\d+)?)?\s*$"
)
_NUMERIC = re.compile(r"^\s*[\d.,，/]+\s*$")
_ITEM = re.compile(r"^(?:[（(]?[一二三四五六七八九十]+[)）、]|\d+[.．、])")


@dataclass
class _Part:
    """One ruled table, or its part on one page: column edges and cell texts."""

    edges: list[float]  # x of each column's left edge, then the right edge of the last column
    rows: list[list[str]]


Segment = str | _Part


def _refuse(path: Path, exc: BaseException) -> UnreadableFile:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            return UnreadableFile(
                f"PDF 文件已加密（需要密码）：{path.name}。请提供未加密的文件 (encrypted PDF, password required)."
            )
        nested = cause.args[0] if cause.args and isinstance(cause.args[0], BaseException) else None
        cause = cause.__cause__ or nested
    return UnreadableFile(
        f"PDF 文件已损坏或不完整：{path.name}。请重新下载或导出后重试 (broken PDF: {type(exc).__name__}: {exc})."
    )


def _inside(obj: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    h_mid = (obj["x0"] + obj["x1"]) / 2
    v_mid = (obj["top"] + obj["bottom"]) / 2
    return x0 <= h_mid < x1 and top <= v_mid < bottom


def _chars_text(chars: list[dict[str, Any]]) -> str:
    from pdfplumber.utils import extract_text

    return extract_text(chars) if chars else ""


def page_segments(page: Any) -> list[Segment]:
    """One page as running text and ruled tables, top to bottom."""
    tables = [t for t in page.find_tables(TABLE_SETTINGS) if len(t.rows) >= 2 and len(t.columns) >= 2]
    if not tables:
        return [page.extract_text() or ""]
    tables.sort(key=lambda t: t.bbox[1])
    outside = [c for c in page.chars if not any(_inside(c, t.bbox) for t in tables)]
    out: list[Segment] = []
    for table in tables:
        # text above the table's bottom (above it, or rarely beside it) goes before it
        out.append(_chars_text([c for c in outside if (c["top"] + c["bottom"]) / 2 < table.bbox[3]]))
        outside = [c for c in outside if (c["top"] + c["bottom"]) / 2 >= table.bbox[3]]
        edges = [col.bbox[0] for col in table.columns] + [table.columns[-1].bbox[2]]
        out.append(_Part(edges, [[cell or "" for cell in row] for row in table.extract()]))
    out.append(_chars_text(outside))
    return [s for s in out if isinstance(s, _Part) or s.strip()]


def _is_marker(segment: Segment) -> bool:
    """Text a page break leaves between two parts of a table: page numbers like “- 4 -”, 第4页."""
    return isinstance(segment, str) and all(_PAGE_MARK.match(line) for line in segment.splitlines())


def _edge_part(page: list[Segment], last: bool) -> _Part | None:
    """The table ending (or starting) a page, looking past page numbers."""
    for segment in reversed(page) if last else page:
        if isinstance(segment, _Part):
            return segment
        if not _is_marker(segment):
            return None
    return None


def _regrid(part: _Part, union: list[float]) -> None:
    """Lay a part's rows on the union of its table's column edges (a cell's first position keeps the text)."""
    rows: list[list[str]] = []
    for row in part.rows:
        new = []
        for left in union[:-1]:
            j = max([i for i, e in enumerate(part.edges[:-1]) if e <= left + EDGE_TOLERANCE], default=0)
            first = abs(part.edges[j] - left) <= EDGE_TOLERANCE
            new.append(row[j] if first and j < len(row) else "")
        rows.append(new)
    part.rows, part.edges = rows, union


def _continues(prev: list[str], row: list[str]) -> bool:
    """A row cut by the page break: numbers blank, text only under text, no new item number."""
    filled = [i for i, c in enumerate(row) if c.strip()]
    return (
        bool(filled)
        and any(_NUMERIC.match(c) for c in prev)
        and all(
            i < len(prev)
            and prev[i].strip()
            and not _NUMERIC.match(row[i])
            and not _ITEM.match(row[i].strip())
            for i in filled
        )
    )


def stitch(pages: list[list[Segment]]) -> None:
    """Tables running over page breaks: one column grid for all their parts, cut rows joined."""
    chains: list[list[_Part]] = []
    for i in range(1, len(pages)):
        prev, nxt = _edge_part(pages[i - 1], last=True), _edge_part(pages[i], last=False)
        if prev is None or nxt is None or prev is nxt:
            continue
        if (
            abs(prev.edges[0] - nxt.edges[0]) > EDGE_TOLERANCE
            or abs(prev.edges[-1] - nxt.edges[-1]) > EDGE_TOLERANCE
        ):
            continue
        if chains and chains[-1][-1] is prev:
            chains[-1].append(nxt)
        else:
            chains.append([prev, nxt])
    for chain in chains:
        union: list[float] = []
        for edge in sorted(e for part in chain for e in part.edges):
            if not union or edge - union[-1] > EDGE_TOLERANCE:
                union.append(edge)
        for part in chain:
            _regrid(part, union)
        for prev, nxt in zip(chain, chain[1:], strict=False):
            if prev.rows and nxt.rows and _continues(prev.rows[-1], nxt.rows[0]):
                cut = nxt.rows.pop(0)
                prev.rows[-1] = [join_lines([a, b]) for a, b in zip(prev.rows[-1], cut, strict=True)]


def _render(page: list[Segment]) -> str:
    parts = [s if isinstance(s, str) else "\n".join(tab_lines(s.rows)) for s in page]
    return "\n".join(p.strip("\n") for p in parts if p.strip())


def _open_pages(path: Path) -> tuple[list[str], bool]:
    """Each page's text, and whether the file has images but no text at all (a scan)."""
    import pdfplumber

    try:
        with pdfplumber.open(path) as pdf:
            if not pdf.pages:
                raise UnreadableFile(f"PDF 文件没有页面：{path.name}。请重新导出 (no pages).")
            pages = [page_segments(page) for page in pdf.pages]
            stitch(pages)
            texts = [_render(page) for page in pages]
            scanned = not any(t.strip() for t in texts) and any(page.images for page in pdf.pages)
    except UnreadableFile:
        raise
    except Exception as exc:  # pdfminer raises many kinds (PSEOF, PDFSyntaxError, KeyError …) on broken files
        raise _refuse(path, exc) from exc
    return texts, scanned


def read_pdf(path: Path) -> Document:
    if b"%PDF-" not in path.read_bytes()[:1024]:
        raise UnreadableFile(f"不是 PDF 文件：{path.name}。请确认文件格式后重试 (no PDF header).")
    texts, scanned = _open_pages(path)
    joined = "".join(texts)
    if scanned:
        raise UnreadableFile(
            f"PDF 是扫描件（只有图片，没有文字层）：{path.name}。需要先做文字识别（OCR），暂不支持 (scanned PDF, OCR needed)."
        )
    if not joined.strip():
        raise UnreadableFile(f"PDF 中没有可提取的文字：{path.name}。文件可能是空白或已损坏 (no text layer).")
    if joined.count("(cid:") * 6 > MAX_CID_SHARE * len(joined):
        raise UnreadableFile(
            f"PDF 字体无法转换为文字（乱码）：{path.name}。请提供 Word 原件，或需要文字识别（OCR） (fonts without Unicode map)."
        )
    text = ""
    starts: list[int] = []
    for i, page_text in enumerate(texts):
        if i:
            text += "\n"
            starts.append(len(text))
        text += page_text
    return Document(text=text, source_format="pdf", page_starts=tuple(starts))
