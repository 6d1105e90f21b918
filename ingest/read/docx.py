"""Word reports (.docx): paragraphs and tables in document order, merged cells expanded once.

Agencies fill the national Word form, whose three tables merge cells both ways (gridSpan across,
vMerge down). python-docx's `row.cells` repeats a merged cell's object over every grid position it
covers; here the body's XML is read directly (w:p and w:tbl children in order) and each merged
cell is written once, in its first grid position, with "" in the others — the layout of
`ingest.read`. Text boxes, content controls and tracked insertions are read; deleted text and the
fallback copy of alternate content are not.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from ingest.errors import UnreadableFile
from ingest.read import Document, join_lines, tab_lines

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_BLANK = " \t\u3000\u00a0"
_CONTAINERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "ins", W + "smartTag"}


def _open(path: Path) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    reason = "not a zip package"
    if zipfile.is_zipfile(path):
        try:
            return docx.Document(str(path))
        except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
            reason = f"{type(exc).__name__}: {exc}"
    head = path.read_bytes()[:8]
    hint = (
        "这是旧版 .doc 文件，请用 Word/WPS 另存为 .docx"
        if head.startswith(b"\xd0\xcf\x11\xe0")
        else "文件可能已损坏"
    )
    raise UnreadableFile(f"无法打开 Word 文件：{path.name}。{hint}后重试 (not a readable .docx: {reason}).")


def paragraph_text(p: Any) -> str:
    """A paragraph's text: runs, hyperlinks, tabs and breaks in order; deleted text skipped."""
    out: list[str] = []

    def visit(el: Any) -> None:
        for child in el:
            tag = child.tag
            if tag == MC_FALLBACK or tag == W + "del":
                continue
            if tag == W + "t":
                out.append(child.text or "")
            elif tag == W + "tab":
                out.append("\t")
            elif tag in (W + "br", W + "cr"):
                out.append("\n")
            elif tag == W + "noBreakHyphen":
                out.append("-")
            elif tag == W + "p":  # a paragraph inside a text box
                out.append("\n")
                visit(child)
            else:
                visit(child)

    visit(p)
    return "".join(out)


def _int_attr(el: Any, path: str, default: int) -> int:
    found = el.find(path)
    if found is None:
        return default
    try:
        return int(found.get(W + "val", default))
    except ValueError:
        return default


def _children(el: Any, tag: str) -> list[Any]:
    """Direct children with `tag`, looking through content controls and custom XML wrappers."""
    out: list[Any] = []
    for child in el:
        if child.tag == tag:
            out.append(child)
        elif child.tag in _CONTAINERS:
            out.extend(_children(child, tag))
    return out


def _cell_text(tc: Any) -> str:
    lines: list[str] = []
    for block in _blocks(tc):
        lines.extend(block.split("\n"))
    return join_lines(lines)


def table_grid(tbl: Any) -> list[list[str]]:
    """Grid rows of a w:tbl: gridSpan and vMerge expanded, the text in the first position only."""
    grid: list[list[str]] = []
    for tr in _children(tbl, W + "tr"):
        row = [""] * _int_attr(tr, f"{W}trPr/{W}gridBefore", 0)
        for tc in _children(tr, W + "tc"):
            span = max(1, _int_attr(tc, f"{W}tcPr/{W}gridSpan", 1))
            vmerge = tc.find(f"{W}tcPr/{W}vMerge")
            continued = vmerge is not None and vmerge.get(W + "val", "continue") == "continue"
            row.append("" if continued else _cell_text(tc))
            row.extend([""] * (span - 1))
        grid.append(row)
    return grid


def _blocks(container: Any) -> list[str]:
    """Text blocks of a body or cell in order: each paragraph, each table as its tab lines."""
    out: list[str] = []
    for child in container:
        if child.tag == W + "p":
            out.append("\n".join(line.strip(_BLANK) for line in paragraph_text(child).split("\n")))
        elif child.tag == W + "tbl":
            out.append("\n".join(tab_lines(table_grid(child))))
        elif child.tag in _CONTAINERS:
            out.extend(_blocks(child))
    return out


def read_docx(path: Path) -> Document:
    document = _open(path)
    lines = "\n".join(_blocks(document.element.body)).split("\n")
    text = "\n".join(line for line in lines if line)
    if not text.strip():
        raise UnreadableFile(
            f"Word 文件中没有文字：{path.name}。请确认报告正文不是图片 (no text in the document)."
        )
    title = (document.core_properties.title or "").strip()
    return Document(text=text, source_format="docx", titles=(title,) if title else ())
