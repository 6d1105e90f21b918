"""`gongkai ingest`: files, folders and globs → parsed reports → both stores, with a progress bar.

One bad file must not cost the user the other ninety-nine: each file is parsed and stored on its
own, a failure is recorded with a reason the user can act on (the traceback of an unexpected error
goes to the log), and the run goes on. Only one ingest writes to a data directory at a time (a lock
file), which also makes it safe to `reconcile()` what a killed earlier run left behind.

No report is lost either: a file whose agency and year match a stored report is kept beside it
(ingest/store_groups.py says which one answers use), unless `replace` says it supersedes it. The
summary names every file whose agency or year could not be read (stored as 未知机关 or without a
year) and every agency/year that now has several reports, so the user can fix them with a manifest
(ingest/manifest.py), whose agency and year win over the text's.
"""

from __future__ import annotations

import glob
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from ingest.errors import GongkaiError, NotAReport, UnreadableFile
from ingest.manifest import ManifestEntry, folder_manifests, read_manifest
from ingest.metadata import UNKNOWN_AGENCY
from ingest.read import SUFFIXES
from ingest.settings import Settings
from ingest.store import Store
from ingest.store_groups import groupable

log = logging.getLogger(__name__)
SUPPORTED = tuple(SUFFIXES)  # every format a reader exists for, scanned images included


class FailedFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str
    reason: str


class UncertainFile(BaseModel):
    """A file stored although its agency or year could not be read: what it was stored as."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str
    report_id: str
    agency: str
    year: int | None
    reason: str  # Chinese: 未能识别机关名称 / 未能识别年度


class DuplicateGroup(BaseModel):
    """Several stored reports of one agency and year (all kept); `current` is the one answers use."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    agency: str
    year: int
    files: tuple[str, ...]  # source paths, in the order stored
    current: str


class IngestSummary(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    files: int
    reports: int  # parsed successfully
    added: int
    replaced: int  # stored with --replace, removing the earlier reports of its agency and year
    unchanged: int
    cells: int
    chunks: int
    findings: int
    relabelled: int = 0  # content already stored, now under the agency/year a manifest or option gives
    reparsed: int = 0  # content already stored, read anew by this version of the parser (then re-stored)
    failed: tuple[FailedFile, ...] = ()
    uncertain: tuple[UncertainFile, ...] = ()
    kept_duplicates: tuple[DuplicateGroup, ...] = ()
    seconds: float = 0.0


class _Stored(BaseModel):
    """What storing one file did, for the summary."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    status: str
    report_id: str
    agency: str
    year: int | None
    cells: int
    chunks: int
    findings: int


class NoFilesMatched(GongkaiError):
    """None of the paths given to `ingest` names a readable report file (a usage error: exit 2)."""


def expand_paths(paths: Sequence[str]) -> tuple[list[Path], list[FailedFile]]:
    """Files named, report files under folders (recursively) and glob matches; unmatched paths apart."""
    files: list[Path] = []
    missing: list[FailedFile] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_file():
            found = [path]
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED)
        else:
            matches = sorted(Path(m) for m in glob.glob(str(path), recursive=True))
            found = [m for m in matches if m.is_file()]
            found += [p for d in matches if d.is_dir() for p in sorted(d.rglob("*"))
                      if p.is_file() and p.suffix.lower() in SUPPORTED]
        if not found:
            missing.append(FailedFile(path=raw, reason="没有找到匹配的报告文件 (no matching .txt/.html/.pdf/.docx file)."))
        files += found
    unique = list(dict.fromkeys(p.resolve() for p in files))
    return unique, missing


@contextmanager
def writer_lock(settings: Settings) -> Iterator[None]:
    """One writer per data directory; a second `ingest` waits for the first."""
    from filelock import FileLock, Timeout

    settings.data.mkdir(parents=True, exist_ok=True)
    try:
        with FileLock(str(settings.data / ".ingest.lock"), timeout=3600):
            yield
    except Timeout as err:
        from ingest.errors import StoreError

        raise StoreError("另一个导入任务正在写入该数据目录，请稍后再试 (another ingest is running).") from err


def ingest_paths(
    paths: Sequence[str],
    settings: Settings,
    *,
    agency: str | None = None,
    year: int | None = None,
    manifest: Path | None = None,
    folder_manifest: bool = True,
    replace: bool = False,
    progress: bool = True,
    store: Store | None = None,
) -> IngestSummary:
    """Parse and store every report found under `paths` (or, with none, every file the manifest
    lists). `manifest` gives files their agency/year (ingest/manifest.py); `replace`: each file
    supersedes the stored reports of its agency and year. `folder_manifest`: a manifest.tsv/.csv
    inside a folder given is read too (the explicit one wins). `store` lets tests pass a Store built
    on a fake embedder. Raises NoFilesMatched when nothing matched, BadManifest before storing anything."""
    began = time.perf_counter()
    entries: dict[Path, ManifestEntry] = {}
    if folder_manifest:
        for found in folder_manifests([Path(p).expanduser() for p in paths if Path(p).expanduser().is_dir()]):
            entries.update(read_manifest(found))
    if manifest is not None:
        entries.update(read_manifest(manifest))
    if not paths and entries:
        paths = [str(p) for p in entries]
    files, failed = expand_paths(paths)
    if not files:
        raise NoFilesMatched(
            "没有找到可导入的报告文件：" + ("、".join(paths) or "（未给出路径）")
            + "。请给出 .txt/.html/.pdf/.docx 或扫描图片（.png/.jpg/.tif）文件、文件夹或通配符，或用 --manifest 列出文件"
            " (no files matched)."
        )
    db = store if store is not None else Store(settings)
    counts = {"added": 0, "replaced": 0, "unchanged": 0, "relabelled": 0, "reparsed": 0, "reports": 0, "cells": 0, "chunks": 0,
              "findings": 0}
    stored: list[tuple[Path, _Stored]] = []
    with writer_lock(settings), _progress(progress, len(files)) as advance:
        fixed = db.reconcile()
        if fixed:
            log.warning("reconciled %d half-written report(s) or orphan chunk(s) from an earlier run", fixed)
        for path in files:
            advance(path.name)
            outcome = _ingest_one(db, path, settings, agency, year, entries.get(path), replace)
            if isinstance(outcome, FailedFile):
                failed.append(outcome)
                continue
            stored.append((path, outcome))
            counts[outcome.status] += 1
            counts["reports"] += 1
            counts["cells"] += outcome.cells
            counts["chunks"] += outcome.chunks
            counts["findings"] += outcome.findings
        advance(None)
        duplicates = _duplicates(db, [s for _, s in stored])
    return IngestSummary(files=len(files), failed=tuple(failed), seconds=time.perf_counter() - began,
                         uncertain=tuple(_uncertain(stored)), kept_duplicates=tuple(duplicates), **counts)


def _uncertain(stored: Sequence[tuple[Path, _Stored]]) -> list[UncertainFile]:
    out = []
    for path, s in stored:
        reasons = [r for r, bad in (("未能识别机关名称", s.agency == UNKNOWN_AGENCY), ("未能识别年度", s.year is None)) if bad]
        if reasons:
            out.append(UncertainFile(path=str(path), report_id=s.report_id, agency=s.agency, year=s.year,
                                     reason="，".join(reasons)))
    return out


def _duplicates(db: Store, stored: Sequence[_Stored]) -> list[DuplicateGroup]:
    """The agencies/years this run touched that now hold more than one report."""
    out = []
    for agency, year in dict.fromkeys((s.agency, s.year) for s in stored):
        if year is None or not groupable(agency, year):
            continue
        rows = db.group(agency, year)
        if len(rows) > 1:
            out.append(DuplicateGroup(agency=agency, year=year, files=tuple(r.source_path for r in rows),
                                      current=next(r.source_path for r in rows if r.current)))
    return out


def _ingest_one(
    db: Store, path: Path, settings: Settings, agency: str | None, year: int | None,
    entry: ManifestEntry | None, replace: bool,
) -> _Stored | FailedFile:
    """Parse, chunk and store one file; a failure comes back as a FailedFile, never raised.
    --agency/--year win over the manifest's entry, which wins over the text."""
    from ingest import parse
    from ingest.chunking import chunk_report

    try:
        if path.stat().st_size > settings.max_upload_mb * 1024 * 1024:
            raise UnreadableFile(
                f"文件超过 {settings.max_upload_mb} MB：{path.name}。请拆分文件或调整 GONGKAI_MAX_UPLOAD_MB (file too large)."
            )
        report = parse.parse_file(path, agency=agency or (entry.agency if entry else None),
                                  year=year if year is not None else (entry.year if entry else None))
        if entry is not None and entry.region and not agency:
            report = report.model_copy(update={"meta": report.meta.model_copy(update={"region": entry.region})})
        chunks = chunk_report(report, settings.chunk_chars, settings.chunk_overlap)
        labelled_by = "option" if agency or year is not None else "manifest" if entry is not None else "text"
        status = db.put_report(report, chunks, replace=replace, labelled_by=labelled_by)
    except (UnreadableFile, NotAReport) as err:
        return FailedFile(path=str(path), reason=str(err))
    except GongkaiError as err:
        log.error("storing %s failed: %s", path, err)
        return FailedFile(path=str(path), reason=str(err))
    except Exception as err:
        log.exception("unexpected error while ingesting %s", path)
        return FailedFile(
            path=str(path),
            reason=f"处理此文件时发生意外错误（{type(err).__name__}: {err}），已跳过；详情见日志 (unexpected error, see the log).",
        )
    row = db.row(report.id)  # what it is stored as: a manifest's labels outlive a run without it
    agency_as, year_as = (row.agency, row.year) if row is not None else (report.meta.agency, report.meta.year)
    return _Stored(status=status, report_id=report.id, agency=agency_as, year=year_as,
                   cells=len(report.cells), chunks=len(chunks), findings=len(report.findings))


@contextmanager
def _progress(enabled: bool, total: int) -> Iterator[Callable[[str | None], None]]:
    """A rich progress bar over files; `advance(name)` moves to the next file, `advance(None)` ends."""
    if not enabled:
        yield lambda name: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("[bold]导入"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.description}"), console=Console(stderr=True), transient=False,
    ) as bar:
        task = bar.add_task("", total=total)
        started = [False]

        def advance(name: str | None) -> None:
            if started[0]:
                bar.advance(task)
            started[0] = True
            bar.update(task, description=name or "")

        yield advance
