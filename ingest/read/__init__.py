"""One reader per file format; each returns a `Document` of plain text for the one parser.

Tables come out as lines of tab-separated cells (merged cells expanded, one line per table row),
so that HTML, DOCX and PDF tables reach the same text-table parser as a .txt report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ingest.errors import UnreadableFile


@dataclass(frozen=True)
class Document:
    text: str
    source_format: str  # txt, html, pdf, docx, image
    encoding: str | None = None
    page_starts: tuple[int, ...] = ()  # offsets in `text` where pages 2, 3, … begin


SUFFIXES = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}


def read_document(path: Path) -> Document:
    """Read any supported file; raise UnreadableFile with a reason a person can act on."""
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise UnreadableFile(
            f"不支持的文件类型 {path.suffix or '(无扩展名)'}：{path.name}。"
            f"请提供 .txt/.html/.pdf/.docx 文件 (unsupported file type)."
        )
    if fmt == "txt":
        from ingest.read.text import read_text

        return read_text(path)
    if fmt == "html":
        from ingest.read.html import read_html

        return read_html(path)
    if fmt == "pdf":
        from ingest.read.pdf import read_pdf

        return read_pdf(path)
    from ingest.read.docx import read_docx

    return read_docx(path)
