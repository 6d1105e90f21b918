"""Agency and year of real published reports (../shared/real), against their manifests.

The rule of issue 12: right for ≥ 99 % of the pages whose text names the report, and never a wrong
name — a page whose text does not say may stay unknown, but a name that contradicts the manifest
fails the test on its own. "Right" is judged structurally (ingest.agencies): the same kind of body
and organisation, regions that do not contradict the manifest's region path; a page that writes
only 市人社局 is right when it is stored as that bureau without a city.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ingest.agencies import compatible, parse_agency, region_path
from ingest.metadata import UNKNOWN_AGENCY
from ingest.parse import parse_file

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "real"


def _manifest(folder: str) -> list[dict[str, str]]:
    path = REAL / folder / "manifest.tsv"
    if not path.exists():
        pytest.skip(f"real reports not found at {path.parent}: ../shared/real lives beside the clone")
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def _judge(row: dict[str, str], path: Path) -> tuple[str, str]:
    """('right' | 'unknown' | 'wrong', what was read)."""
    meta = parse_file(path).meta
    expected = parse_agency(row["agency"])
    assert expected is not None, f"manifest name {row['agency']} does not parse"
    said = f"{meta.agency} ({meta.agency_raw}, {'/'.join(meta.region_path) or meta.region}) {meta.year}"
    if meta.year is not None and meta.year != int(row["year"]):
        return "wrong", said
    if meta.agency == UNKNOWN_AGENCY:
        return "unknown", said
    got = parse_agency(meta.agency_raw)
    if got is None or not compatible(got, expected):
        return "wrong", said
    manifest_path = set(row.get("region", "").replace("/", " ").split()) | set(region_path(expected))
    if got.regions and not set(region_path(got)) & manifest_path and manifest_path:
        return "wrong", said
    return ("right" if meta.year is not None else "unknown"), said


def test_page_starts_name_the_right_agency_and_year_or_none() -> None:
    rows = _manifest("pages")
    verdicts = {r["file"]: (r, *_judge(r, REAL / "pages" / r["file"])) for r in rows}
    wrong = {f: (r["agency"], r["year"], said) for f, (r, v, said) in verdicts.items() if v == "wrong"}
    assert not wrong, f"wrong agency or year (never acceptable): {wrong}"
    named = [(f, v) for f, (r, v, _) in verdicts.items() if r["title_in_text"] != "no"]
    right = sum(1 for _, v in named if v == "right")
    missed = [f for f, v in named if v != "right"]
    assert right >= 0.99 * len(named) - 1e-9 or len(missed) <= 1, f"{right}/{len(named)} named pages right; missed {missed}"


@pytest.mark.parametrize("folder", ["html", "pdf"])
def test_whole_reports_name_their_agency_and_year(folder: str) -> None:
    for row in _manifest(folder):
        verdict, said = _judge(row, REAL / folder / row["file"])
        assert verdict == "right", f"{row['file']}: read {said}, manifest {row['agency']} {row['year']}"


def test_traditional_pages_are_read_as_simplified() -> None:
    rows = [r for r in _manifest("pages") if r["script"] == "traditional"]
    assert rows, "the manifest marks traditional pages"
    for row in rows:
        report = parse_file(REAL / "pages" / row["file"])
        assert "公開" not in report.text and "(jù)" not in report.text and "(yīng)" not in report.text
        assert "公開" in report.original_text or "开" not in report.original_text  # citations quote as published
