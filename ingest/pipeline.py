"""`gongkai ingest`: files, folders and globs → parsed reports → both stores, with a progress bar."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from ingest.settings import Settings


class FailedFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str
    reason: str


class IngestSummary(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    files: int
    reports: int  # parsed successfully
    added: int
    replaced: int
    unchanged: int
    cells: int
    chunks: int
    findings: int
    failed: tuple[FailedFile, ...] = ()
    seconds: float = 0.0


def ingest_paths(
    paths: Sequence[str],
    settings: Settings,
    *,
    agency: str | None = None,
    year: int | None = None,
    progress: bool = True,
) -> IngestSummary:
    raise NotImplementedError
