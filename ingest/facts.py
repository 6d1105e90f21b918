"""Numbers stated in prose (信息 71 条, 申请 3 件 …), with the sentence they stand in."""

from __future__ import annotations

from ingest.normalise import NormText
from ingest.records import Fact
from ingest.sections import SectionSlice


def extract_facts(nt: NormText, slices: list[SectionSlice]) -> list[Fact]:
    raise NotImplementedError
