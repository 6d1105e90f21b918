"""PDF reports: the text layer page by page, ruled tables written as tab-separated grid rows.

Most PDF reports are Word files printed to PDF, so their tables are ruled. pdfplumber finds those
tables from the ruling lines (merged cells come out once, in their first grid position — the
layout of `ingest.read`); the words inside a table's box are left out of the running text, and the
table's rows are put where the table stands. A table running over a page break is put back on one
column grid (a page may not show every column boundary) and a row the break cut in two is joined.
Pages without ruled tables are plain extracted text (the text parser reads space-separated rows).
A page with no usable text layer (a scan: only an image; or fonts without a Unicode map) is drawn
at 300 dpi and read by OCR (`ingest.read.image`), page by page, so a report with a few scanned
pages keeps the text layer of the others. Encrypted and broken PDFs are refused with a reason.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.errors import UnreadableFile
from ingest.read import Document, Progress, join_lines, tab_lines

TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
EDGE_TOLERANCE = 3.0  # points: the ruling lines of one table's parts on two pages line up within this
MAX_CID_SHARE = 0.3  # more "(cid:N)" glyphs than this: the font has no Unicode map, text is unusable
OCR_DPI = 300  # resolution a page without a usable text layer is drawn at for OCR
MIN_SCAN_PIXELS = 100  # an image smaller than this (either side) cannot hold a page of text
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


def _usable(text: str) -> bool:
    return bool(text.strip()) and text.count("(cid:") * 6 <= MAX_CID_SHARE * len(text)


def _needs_ocr(page: Any, text: str) -> bool:
    """No usable text, but a page-sized image or glyphs OCR can read once the page is drawn."""
    if _usable(text):
        return False
    big = any(min(img.get("srcsize") or (0, 0)) >= MIN_SCAN_PIXELS for img in page.images)
    return big or bool(text.strip())


def _open_pages(path: Path, progress: Progress | None) -> tuple[Document, bool]:
    """The document (scanned pages read by OCR), and whether the file has any image at all."""
    import pdfplumber

    from ingest.read.image import Piece, assemble

    with pdfplumber.open(path) as pdf:
        try:
            if not pdf.pages:
                raise UnreadableFile(f"PDF 文件没有页面：{path.name}。请重新导出 (no pages).")
            pages = [page_segments(page) for page in pdf.pages]
            scans = [i for i, page in enumerate(pdf.pages) if _needs_ocr(page, _render(pages[i]))]
            has_images = any(page.images for page in pdf.pages)
        except UnreadableFile:
            raise
        except Exception as exc:  # pdfminer raises many kinds (PSEOF, PDFSyntaxError, KeyError …) on broken files
            raise _refuse(path, exc) from exc
        pieces: list[list[Piece] | None] = [None] * len(pages)
        if scans:
            import numpy as np

            from ingest.read.image import ocr_page

            for n, i in enumerate(scans):
                drawn = pdf.pages[i].to_image(resolution=OCR_DPI).original.convert("RGB")
                pages[i], pieces[i] = ocr_page(np.asarray(drawn), OCR_DPI)
                if progress is not None:
                    progress(n + 1, len(scans))
    return assemble(pages, pieces, "pdf"), has_images


def read_pdf(path: Path, progress: Progress | None = None) -> Document:
    if b"%PDF-" not in path.read_bytes()[:1024]:
        raise UnreadableFile(f"不是 PDF 文件：{path.name}。请确认文件格式后重试 (no PDF header).")
    try:
        doc, has_images = _open_pages(path, progress)
    except UnreadableFile:
        raise
    except Exception as exc:  # drawing a broken page for OCR fails like reading it
        raise _refuse(path, exc) from exc
    if not doc.text.strip() and has_images:
        raise UnreadableFile(
            f"PDF 是扫描件（只有图片，没有文字层），文字识别（OCR）未识别出文字：{path.name}。"
            f"请提供更清晰的扫描件或文字版 (scanned PDF, OCR found no text)."
        )
    if not doc.text.strip():
        raise UnreadableFile(f"PDF 中没有可提取的文字：{path.name}。文件可能是空白或已损坏 (no text layer).")
    if not _usable(doc.text):
        raise UnreadableFile(
            f"PDF 字体无法转换为文字（乱码）：{path.name}。请提供 Word 原件，或需要文字识别（OCR） (fonts without Unicode map)."
        )
    return dataclasses.replace(doc, titles=_metadata_title(path))


def _metadata_title(path: Path) -> tuple[str, ...]:
    """The PDF's Title metadata, when its maker filled it (often the report's name; often empty).
    Read raw: pdfminer's decoded form garbles UTF-16 titles that carry a byte-order mark."""
    import pdfplumber
    from pdfminer.pdftypes import resolve1

    try:
        with pdfplumber.open(path) as pdf:
            raw = resolve1(pdf.doc.info[0].get("Title")) if pdf.doc.info else None
    except Exception:  # metadata is a hint: a file whose info dictionary does not read is still read
        return ()
    if isinstance(raw, bytes):
        utf16 = raw[:2] in (b"\xff\xfe", b"\xfe\xff")
        raw = raw.decode("utf-16" if utf16 else "utf-8", errors="ignore")
    return (raw.strip(),) if isinstance(raw, str) and raw.strip() else ()
