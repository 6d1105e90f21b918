"""The issue's acceptance check: one report in txt, GB18030 txt, HTML, DOCX and PDF reads the same.

Every reader must give the same table rows (cells compared after whitespace removal), and the one
parser must then find the same cells in all five.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import formats  # tests/ingest/formats.py (pytest puts this folder on sys.path)
import pytest

from ingest.read import Document, read_document


def _pdf(tmp: Path) -> Path:
    if formats.soffice() is None:
        pytest.skip("LibreOffice is not installed (scripts/setup.sh --test installs it)")
    return formats.docx_to_pdf(formats.write_docx(tmp / "report.docx"), tmp)


WRITERS: dict[str, Callable[[Path], Path]] = {
    "txt": lambda tmp: formats.write_txt(tmp / "report.txt"),
    "gb18030-txt": lambda tmp: formats.write_txt(tmp / "report-gbk.txt", encoding="gb18030"),
    "html": lambda tmp: formats.write_html(tmp / "report.html", encoding="gb18030"),
    "docx": lambda tmp: formats.write_docx(tmp / "report.docx"),
    "pdf": _pdf,
}
FORMATS = [pytest.param(name, marks=pytest.mark.slow) if name == "pdf" else name for name in WRITERS]


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Document]:
    """Each format read once (the PDF only if LibreOffice is there)."""
    out: dict[str, Document] = {}
    for name, write in WRITERS.items():
        tmp = tmp_path_factory.mktemp(name)
        try:
            out[name] = read_document(write(tmp))
        except pytest.skip.Exception:
            continue
    return out


def _doc(documents: dict[str, Document], name: str) -> Document:
    if name not in documents:
        pytest.skip(f"{name} could not be made here (LibreOffice missing)")
    return documents[name]


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_gives_the_same_table_rows(documents: dict[str, Document], name: str) -> None:
    assert formats.table_rows(_doc(documents, name).text) == formats.expected_rows()


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_parses_to_the_same_cells(documents: dict[str, Document], name: str) -> None:
    from ingest.parse import parse_document

    def cells(doc: Document) -> list[tuple[str, str, str, float | None, str]]:
        report = parse_document(doc, source_path=f"report.{doc.source_format}")
        return sorted((c.table, c.row, c.column, c.value, c.raw) for c in report.cells)

    got = cells(_doc(documents, name))
    assert got == cells(documents["txt"])
    values = {(t, r, c): v for t, r, c, v, _ in got}
    assert values[("A", "fee", "amount")] == 1.25
    assert values[("A", "license", "decisions")] == 236
    assert values[("B", "new", "natural_person")] == 12 and values[("B", "new", "total")] == 18
    assert sum(1 for t, *_ in got if t == "B") == 25 * 7
