"""One reader per file format; each returns a `Document` of plain text for the one parser.

Tables come out as lines of tab-separated cells (merged cells expanded, one line per table row),
so that HTML, DOCX and PDF tables reach the same text-table parser as a .txt report.

The table layout every reader follows (the shape of the tab-separated 2025 seed):
- one line per grid row, every line of a table with the same number of cells (the grid width);
- a merged cell (rowspan/colspan, Word gridSpan/vMerge, a PDF cell spanning ruling lines) puts its
  text in its first (top-left) grid position and "" in every other position it covers, so labels
  stay in the leading fields, numbers in the trailing ones, and a merged label column is blank;
- a blank cell is "", a “/” stays “/”; text inside a cell is on one line (wrapped lines and
  paragraphs joined, without a space between two Chinese characters);
- rows whose cells are all blank are dropped.

Scanned pages (image files, image-only PDF pages) are read by OCR into the same layout; the
Document then lists each recognised piece of text with its confidence (`Document.ocr`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import UnreadableFile


@dataclass(frozen=True)
class OcrSpan:
    """Text that OCR read from a scan: offsets into `Document.text` and the recognition confidence."""

    start: int
    end: int
    confidence: float  # 0..1, as the recogniser scored it
    page: int  # 1-based


@dataclass(frozen=True)
class Document:
    text: str
    source_format: str  # txt, html, pdf, docx, image
    encoding: str | None = None
    page_starts: tuple[int, ...] = ()  # offsets in `text` where pages 2, 3, … begin
    ocr: tuple[OcrSpan, ...] = ()  # what was read from scanned pages (empty for a text layer)
    titles: tuple[str, ...] = ()  # titles the file's own metadata gives (<title>, meta tags, PDF/DOCX Title)


Progress = Callable[[int, int], None]  # (pages OCR'd so far, pages to OCR), for a progress bar
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
SUFFIXES = {
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    **dict.fromkeys(IMAGE_SUFFIXES, "image"),
}

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")


def _cjk(ch: str) -> bool:
    return bool(_CJK.match(ch))


def join_lines(parts: Iterable[str]) -> str:
    """Join the lines of one cell: no space between two Chinese characters, one space otherwise."""
    out = ""
    for part in parts:
        part = _SPACE.sub(" ", part).strip()
        if not part:
            continue
        if out and not (_cjk(out[-1]) and _cjk(part[0])):
            out += " "
        out += part
    return out


def clean_cell(text: str | None) -> str:
    """A cell's text on one line: wrapped lines joined, outer blanks (incl. 　 and &nbsp;) removed."""
    if not text:
        return ""
    return join_lines(re.split(r"[\r\n\t\v\f\u2028\u2029]+", text))


def tab_lines(grid: Sequence[Sequence[str | None]]) -> list[str]:
    """Rows of a grid as tab-separated lines, padded to the grid width; all-blank rows dropped."""
    rows = [[clean_cell(c) for c in row] for row in grid]
    width = max((len(r) for r in rows), default=0)
    return ["\t".join(r + [""] * (width - len(r))) for r in rows if any(r)]


def read_document(path: Path, progress: Progress | None = None) -> Document:
    """Read any supported file; raise UnreadableFile with a reason a person can act on.

    `progress(done, total)` is called after each page that needed OCR (scans take seconds a page)."""
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise UnreadableFile(
            f"不支持的文件类型 {path.suffix or '(无扩展名)'}：{path.name}。"
            f"请提供 .txt/.html/.pdf/.docx 文件或扫描图片 .png/.jpg/.tif (unsupported file type)."
        )
    if not path.is_file():
        raise UnreadableFile(f"找不到文件：{path}。请检查路径 (file not found).")
    if fmt == "txt":
        from ingest.read.text import read_text

        return read_text(path)
    if fmt == "html":
        from ingest.read.html import read_html

        return read_html(path)
    if fmt == "pdf":
        from ingest.read.pdf import read_pdf

        return read_pdf(path, progress)
    if fmt == "image":
        from ingest.read.image import read_image

        return read_image(path, progress)
    from ingest.read.docx import read_docx

    return read_docx(path)
