"""What the web pages and the REST API need from the rest of gongkai, behind one small interface.

The pages never import the stores or the answerer directly: they talk to a `Backend`. The live one
opens `ingest.store.Store`, `qa.answerer.Answerer` and the ingest pipeline lazily (the first question
loads the embedding model, not the server start); tests hand in a fake with the same methods.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ingest.pipeline import IngestSummary
    from ingest.records import Cell, Fact, Finding, Report
    from ingest.settings import Settings
    from ingest.store import ReportRow, Store
    from qa.answerer import Answerer
    from qa.check import CheckResult
    from qa.compare import Comparison
    from qa.records import Answer, Turn
    from qa.tracking import Timeline


class Backend(Protocol):
    """The read, ask and ingest operations the UI uses."""

    def ask(self, question: str, history: Sequence[Turn], context: dict[str, Any]) -> Answer: ...

    def reports(
        self, agency: str | None = None, year: int | None = None, *, current_only: bool = True
    ) -> list[ReportRow]: ...

    def report(self, report_id: str) -> Report | None: ...

    def cells(
        self,
        *,
        agency: str | None = None,
        year: int | None = None,
        table: str | None = None,
        row: str | None = None,
        column: str | None = None,
        report_id: str | None = None,
        region: str | None = None,
    ) -> list[tuple[ReportRow, Cell]]: ...

    def facts(
        self, *, agency: str | None = None, year: int | None = None, metric: str | None = None
    ) -> list[tuple[ReportRow, Fact]]: ...

    def findings(
        self, *, agency: str | None = None, year: int | None = None, rule: str | None = None
    ) -> list[tuple[ReportRow, Finding]]: ...

    def timeline(self, agency: str) -> Timeline: ...

    def check_draft(self, path: str) -> CheckResult: ...

    def compare(self, agency: str, year1: int, year2: int) -> Comparison | None: ...

    def ingest(self, paths: Sequence[str], progress: bool = False) -> IngestSummary: ...


class LiveBackend:
    """The real stack: SQLite/Chroma store, the answerer, the ingest pipeline."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._store: Store | None = None
        self._answerer: Answerer | None = None

    def _store_locked(self) -> Store:
        if self._store is None:
            from ingest.store import Store

            self._store = Store(self.settings)
        return self._store

    @property
    def store(self) -> Store:
        with self._lock:
            return self._store_locked()

    @property
    def answerer(self) -> Answerer:
        with self._lock:
            if self._answerer is None:
                from qa.answerer import Answerer

                self._answerer = Answerer(self.settings, store=self._store_locked())
            return self._answerer

    def ask(self, question: str, history: Sequence[Turn], context: dict[str, Any]) -> Answer:
        return self.answerer.ask(question, history=list(history), context=context)

    def reports(
        self, agency: str | None = None, year: int | None = None, *, current_only: bool = True
    ) -> list[ReportRow]:
        """Current reports for answers; the staff pages pass current_only=False to list every edition."""
        return self.store.reports(agency=agency, year=year, current_only=current_only)

    def report(self, report_id: str) -> Report | None:
        return self.store.report(report_id)

    def cells(self, **filters: Any) -> list[tuple[ReportRow, Cell]]:
        """Backend.cells: the same keyword filters as Store.cells."""
        return self.store.cells(**filters)

    def facts(
        self, *, agency: str | None = None, year: int | None = None, metric: str | None = None
    ) -> list[tuple[ReportRow, Fact]]:
        return self.store.facts(agency=agency, year=year, metric=metric)

    def findings(
        self, *, agency: str | None = None, year: int | None = None, rule: str | None = None
    ) -> list[tuple[ReportRow, Finding]]:
        """Staff only (数据核查, /api/findings behind the password): every edition's findings."""
        return self.store.findings(agency=agency, year=year, rule=rule, current_only=False)

    def timeline(self, agency: str) -> Timeline:
        from ui.pages.tracking import timeline_from_store

        return timeline_from_store(self.store, agency)

    def check_draft(self, path: str) -> CheckResult:
        """A draft parsed and checked, never stored; last year's stored report checked against it."""
        from qa.check import check_file

        return check_file(path, self.store)

    def compare(self, agency: str, year1: int, year2: int) -> Comparison | None:
        from qa.compare import compare_reports, stored_report

        a, b = stored_report(self.store, agency, year1), stored_report(self.store, agency, year2)
        return compare_reports(a, b) if a is not None and b is not None else None

    def ingest(self, paths: Sequence[str], progress: bool = False) -> IngestSummary:
        """Parse and store; the retriever notices the store's new generation by itself."""
        from ingest.pipeline import ingest_paths

        return ingest_paths(list(paths), self.settings, progress=progress, store=self.store)
