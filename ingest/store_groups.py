"""Reports that share an agency and year: all are kept, exactly one is *current* (issue 12).

A second report for the same agency and year is a corrected edition, a mirror copy, or an
unrelated page the metadata reader mislabelled; none of them may silently replace another. So
the store keeps every one and marks one per (agency, year) as current, the one questions are
answered from. Reports whose agency or year is unknown (未知机关, year None) say nothing about
being the same report, so they never group: each is current on its own.

The rule for the current one, in order: the most table cells read; then the fewest sections
missing; then the one ingested last (the larger SQLite rowid: a corrected edition usually comes
later). Every report of a group of two or more carries a `duplicate_report` finding that names all
the group's files and the one answers use; it is rewritten whenever the group changes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from ingest.metadata import UNKNOWN_AGENCY
from ingest.records import Finding

DUPLICATE_RULE = "duplicate_report"


class _Member(NamedTuple):
    id: str
    source_path: str
    n_cells: int
    n_missing: int
    seq: int  # SQLite rowid: larger = stored later


def groupable(agency: str, year: int | None) -> bool:
    """Whether reports of this agency and year can be the same report in different editions. Not an
    unknown agency, nor a bureau named without its place (两个“市商务局” of two cities are two agencies)."""
    return agency != UNKNOWN_AGENCY and year is not None and not placeless(agency)


def placeless(agency: str) -> bool:
    """生态环境局, 人力资源和社会保障局: a local bureau whose report never named its city or county
    (a ministry, 水利部, needs no place)."""
    from ingest.agencies import parse_agency

    parsed = parse_agency(agency)
    return (parsed is not None and parsed.kind in ("department", "office") and not parsed.regions
            and not parsed.org.endswith(("部", "署", "总局")))


def regroup(db: sqlite3.Connection, agency: str, year: int | None) -> None:
    """Choose the current report of (agency, year) and rewrite its group's duplicate findings.

    Runs inside the caller's transaction, so the choice lands together with the write that changed
    the group. Ungroupable reports are each current by themselves.
    """
    if not groupable(agency, year):
        db.execute("UPDATE reports SET current=1 WHERE agency=? AND year IS ? AND state='complete'", (agency, year))
        return
    members = [_Member(*r) for r in db.execute(
        "SELECT id, source_path, n_cells, n_missing, rowid FROM reports "
        "WHERE agency=? AND year=? AND state='complete' ORDER BY rowid", (agency, year))]
    if not members:
        return
    best = max(members, key=lambda m: (m.n_cells, -m.n_missing, m.seq))
    db.execute("UPDATE reports SET current=(id=?) WHERE agency=? AND year=? AND state='complete'",
               (best.id, agency, year))
    ids = [m.id for m in members]
    marks = ",".join("?" * len(ids))
    db.execute(f"DELETE FROM findings WHERE rule=? AND report_id IN ({marks})", (DUPLICATE_RULE, *ids))
    if len(members) > 1:
        finding = Finding(rule=DUPLICATE_RULE, severity="info", message=_message(agency, year, members, best))
        db.executemany("INSERT INTO findings VALUES (?,?,?,?,?,?)",
                       [(i, agency, year, finding.rule, finding.severity, finding.model_dump_json()) for i in ids])
    db.execute(f"UPDATE reports SET n_findings=(SELECT count(*) FROM findings f WHERE f.report_id=reports.id) "
               f"WHERE id IN ({marks})", ids)


def _names(members: Sequence[_Member]) -> list[str]:
    """File names, or whole paths where two files share a name (mirror copies often do)."""
    names = [Path(m.source_path).name for m in members]
    return [m.source_path if names.count(n) > 1 else n for m, n in zip(members, names, strict=True)]


def _message(agency: str, year: int | None, members: Sequence[_Member], best: _Member) -> str:
    names = _names(members)
    chosen = names[list(members).index(best)]
    others = [m for m in members if m is not best]
    if all(best.n_cells > m.n_cells for m in others):
        why = "读出的表格单元格最多"
    elif all((best.n_cells, -best.n_missing) > (m.n_cells, -m.n_missing) for m in others):
        why = "缺少的章节最少"
    else:
        why = "最后导入"
    return (f"{agency}{year}年度共有{len(members)}份内容不同的报告：{'、'.join(names)}；"
            f"回答问题时采用 {chosen}（{why}），其余保留备查。若有报告的机关或年度认错了，请用导入清单（--manifest）更正，"
            "或用 --replace 以新文件取代旧报告。")
