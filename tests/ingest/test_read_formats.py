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

WRITERS: dict[str, Callable[[Path], Path]] = {
    "txt": lambda tmp: formats.write_txt(tmp / "report.txt"),
    "gb18030-txt": lambda tmp: formats.write_txt(tmp / "report-gbk.txt", encoding="gb18030"),
    "html": lambda tmp: formats.write_html(tmp / "report.html", encoding="gb18030"),
    "docx": lambda tmp: formats.write_docx(tmp / "report.docx"),
}
FORMATS = [*WRITERS, pytest.param("pdf", marks=pytest.mark.slow)]


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Document]:
    """Each format but PDF read once (the PDF is the session's, through LibreOffice)."""
    return {name: read_document(write(tmp_path_factory.mktemp(name))) for name, write in WRITERS.items()}


def _doc(documents: dict[str, Document], name: str, request: pytest.FixtureRequest) -> Document:
    if name == "pdf":
        return read_document(request.getfixturevalue("pdfs")["ruled"])
    return documents[name]


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_gives_the_same_table_rows(
    documents: dict[str, Document], name: str, request: pytest.FixtureRequest
) -> None:
    assert formats.table_rows(_doc(documents, name, request).text) == formats.expected_rows()


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_parses_to_the_same_cells(
    documents: dict[str, Document], name: str, request: pytest.FixtureRequest
) -> None:
    from ingest.parse import parse_document

    def cells(doc: Document) -> list[tuple[str, str, str, float | None, str]]:
        report = parse_document(doc, source_path=f"report.{doc.source_format}")
        return sorted((c.table, c.row, c.column, c.value, c.raw) for c in report.cells)

    got = cells(_doc(documents, name, request))
    assert got == cells(documents["txt"])
    values = {(t, r, c): v for t, r, c, v, _ in got}
    assert values[("A", "fee", "amount")] == 1.25
    assert values[("A", "license", "decisions")] == 236
    assert values[("B", "new", "natural_person")] == 12 and values[("B", "new", "total")] == 18
    assert sum(1 for t, *_ in got if t == "B") == 25 * 7
