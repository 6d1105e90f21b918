"""Split a report into the six sections of the national format and their （一）（二）… subsections."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.normalise import NormText
from ingest.records import Section

SECTION_KEYS = {1: "overall", 2: "proactive", 3: "requests", 4: "review", 5: "problems", 6: "other"}


@dataclass(frozen=True)
class SectionSlice:
    """A parsed section plus its body's offsets [start, end) in the *normalised* text."""

    section: Section
    start: int
    end: int


def split_sections(nt: NormText, page_starts: tuple[int, ...] = ()) -> tuple[list[SectionSlice], list[int]]:
    """Return the sections found, in document order, and the numbers (1..6) of those missing."""
    raise NotImplementedError
