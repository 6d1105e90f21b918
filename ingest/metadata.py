"""Agency, region and year of a report, and the canonical form of agency names."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.normalise import NormText
from ingest.sections import SectionSlice


@dataclass(frozen=True)
class Metadata:
    agency: str
    agency_raw: str
    region: str | None
    year: int | None
    title: str


def canonical_agency(name: str) -> tuple[str, str | None]:
    """'鲁山县背孜乡人民政府' → ('背孜乡', '鲁山县'). Used by the parser and by the answerer."""
    raise NotImplementedError


def read_metadata(
    nt: NormText, slices: list[SectionSlice], *, source_path: str, agency: str | None, year: int | None
) -> Metadata:
    raise NotImplementedError
