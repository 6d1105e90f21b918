"""Fixtures of the reader tests: the built report converted to PDF once per session."""

from __future__ import annotations

from pathlib import Path

import formats  # tests/ingest/formats.py (pytest puts this folder on sys.path)
import pytest


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The built report as LibreOffice exports it, with ruled and with unruled tables, and the
    official blank form filled in (when it is there): all three in one LibreOffice run."""
    if formats.soffice() is None:
        pytest.skip("LibreOffice is not installed (scripts/setup.sh --test installs it)")
    out = tmp_path_factory.mktemp("pdf")
    docx = {
        "ruled": formats.write_docx(out / "ruled.docx"),
        "unruled": formats.write_docx(out / "unruled.docx", borders=False),
    }
    if formats.TEMPLATE.exists():
        docx["form"] = formats.fill_template(out / "form.docx")
    return dict(zip(docx, formats.docx_to_pdfs(list(docx.values()), out), strict=True))
