"""The table parser inside the real pipeline: real section splitter, real prose facts, one Report."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "tables_fixtures"))

from tables_fixture_kit import report  # noqa: E402

from ingest.normalise import normalise  # noqa: E402
from ingest.parse import parse_document, parse_file  # noqa: E402
from ingest.read import Document  # noqa: E402
from ingest.sections import split_sections  # noqa: E402
from ingest.tables.parse_text import parse_tables  # noqa: E402
from ingest.tables.template import TEMPLATE_2021, expected_cells  # noqa: E402


def test_real_section_splitter_feeds_the_tables() -> None:
    nt = normalise(report(" "))
    slices, _ = split_sections(nt)
    result = parse_tables(nt, slices)
    assert result.findings == ()
    assert {(c.table, c.row, c.column) for c in result.cells} == set(expected_cells(TEMPLATE_2021))


def test_report_flags_prose_that_contradicts_table_c() -> None:
    text = report("\t").replace("认真贯彻落实", "全年发生行政复议134件，认真贯彻落实")
    parsed = parse_document(Document(text=text, source_format="txt"), source_path="示例镇2024.txt")
    [finding] = [f for f in parsed.findings if f.rule == "prose_vs_table"]
    assert "134" in finding.message and "表四" in finding.message
    assert finding.sentence and "行政复议134件" in finding.sentence
    assert parsed.cell("C", "review", "total").value == 4  # type: ignore[union-attr]


def test_seed_reports_parse_to_full_tables(seed_2025: Path, seed_2022: Path) -> None:
    for seed in (seed_2025, seed_2022):
        parsed = parse_file(seed)
        assert parsed.meta.format_version == "2021"
        assert len(parsed.cells) == len(expected_cells(TEMPLATE_2021))
        assert not [f for f in parsed.findings if f.severity == "error"]
