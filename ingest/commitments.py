"""Section 五: the problems a report admits and the improvements it promises."""

from __future__ import annotations

from ingest.normalise import NormText
from ingest.records import Commitment
from ingest.sections import SectionSlice


def extract_commitments(nt: NormText, slices: list[SectionSlice]) -> list[Commitment]:
    raise NotImplementedError
