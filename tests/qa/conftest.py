"""Fixtures of the answerer tests: the fictional reports of qa_fakes in an in-memory store."""

from __future__ import annotations

from pathlib import Path

import pytest
from qa_fakes import TODAY, FakeStore, NoRetriever, sample_reports

from ingest.records import Report
from ingest.settings import Settings


@pytest.fixture
def reports() -> list[Report]:
    return sample_reports()


@pytest.fixture
def store(reports: list[Report]) -> FakeStore:
    return FakeStore(reports)


@pytest.fixture
def answerer(store: FakeStore, tmp_path: Path):  # type: ignore[no-untyped-def]
    from qa.answerer import Answerer

    return Answerer(Settings(data=tmp_path / "data"), store, retriever=NoRetriever(), clock=lambda: TODAY)
