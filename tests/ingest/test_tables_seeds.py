"""The two real seed reports: every cell of the 2022 PDF text read; the 2025 short rows proven or reported."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "tables_fixtures"))

from tables_fixture_kit import cell_map, parse  # noqa: E402

from ingest.normalise import normalise_char  # noqa: E402
from ingest.tables.checks import check_tables  # noqa: E402
from ingest.tables.template import TEMPLATE_2021, expected_cells  # noqa: E402


def test_2022_seed_every_cell_read_as_zero(seed_2022: Path) -> None:
    nt, result = parse(seed_2022.read_text(encoding="utf-8"))
    cells = cell_map(result)
    assert result.format_version == "2021"
    assert set(cells) == set(expected_cells(TEMPLATE_2021))  # 10 of A, 25×7 of B, 15 of C
    assert all(c.value == 0 and not c.inferred for c in cells.values())
    assert result.findings == ()
    assert [f for f in check_tables(result.cells, result.format_version) if f.severity == "error"] == []


def test_2022_seed_span_points_at_the_pdf_text(seed_2022: Path) -> None:
    text = seed_2022.read_text(encoding="utf-8")
    _, result = parse(text)
    span = cell_map(result)[("B", "new", "total")].span
    assert span is not None
    quoted = text[span.start : span.end]
    assert "本年新收" in "".join(normalise_char(ch) for ch in quoted)
    assert quoted.rstrip().endswith("0")


def test_2025_seed_short_rows_proven_zero_or_reported(seed_2025: Path) -> None:
    _, result = parse(seed_2025.read_text(encoding="utf-8"))
    cells = cell_map(result)
    for key in expected_cells(TEMPLATE_2021):
        if key[0] in "AC":
            assert cells[key].value == 0 and not cells[key].inferred
    reported = " ".join(f.message for f in result.findings if f.rule == "B.unplaced_row")
    for row in TEMPLATE_2021["B"].rows:
        got = [cells.get(("B", row.key, c)) for c in row.columns]
        if all(got):
            # the seed prints 6 or 5 numbers for 7 columns: nothing may be placed by position
            assert all(c.value == 0 and c.inferred and c.note for c in got if c)
        else:
            assert row.label.split("（区分")[0] in reported
    assert [f for f in check_tables(result.cells, result.format_version) if f.severity == "error"] == []


def test_2025_seed_notes_say_why_a_zero_is_certain(seed_2025: Path) -> None:
    _, result = parse(seed_2025.read_text(encoding="utf-8"))
    cells = cell_map(result)
    assert "6个数且均为0" in (cells[("B", "new", "natural_person")].note or "")
    assert "总计为0" in (cells[("B", "result.withheld.state_secret", "natural_person")].note or "")


def test_seeds_found_without_section_slices(seed_2025: Path, seed_2022: Path) -> None:
    for seed in (seed_2025, seed_2022):
        text = seed.read_text(encoding="utf-8")
        _, with_slices = parse(text)
        _, without = parse(text, slices=False)
        assert without.cells == with_slices.cells
