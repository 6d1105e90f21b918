"""How many table cells the parser reads right, per publishing format, on reports whose truth we know.

The same generated report is written as tab text, PDF-extracted text, GB18030 text, HTML, DOCX and
PDF (eval.synth); each file goes through `ingest.parse.parse_file` and every cell of tables A/B/C is
compared with the truth. A cell is right when its value equals the truth (None for a blank “/”).
The ways of being wrong are kept apart, because they differ in honesty:

- wrong:    a value that differs from the truth (a blank read as 0 is wrong);
- invented: a value where the truth is a blank — the parser made a number up;
- missing:  no cell, and no finding says why (silently dropped);
- flagged:  no cell, but a finding names the row or table as unreadable (honest, still not right).

Run: .venv/bin/python -m bench.format_accuracy --specs 20   (as a module: bench/ingest.py would shadow
the ingest package if the file were run directly). Exit status 1 when a format is below 99.5 % or
has any wrong or invented cell.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

CellKey = tuple[str, str, str]
# Findings that say a table, or a row of it, could not be read: the cells they cover are “flagged”.
_TABLE_WIDE = ("unreadable", "missing")
_ROW_RULES = ("unplaced_row", "missing_row", "unmatched_row", "duplicate_row")


@dataclass
class FileScore:
    file: str
    format: str
    cells: int = 0
    right: int = 0
    wrong: list[str] = field(default_factory=list)
    invented: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)
    error: str | None = None  # the file could not be parsed at all

    @property
    def not_right(self) -> int:
        return self.cells - self.right


def _flagged_keys(report: object, expected: Iterable[CellKey]) -> set[CellKey]:
    """Expected cells that a finding of the report declares unreadable (its table, or its row)."""
    from ingest.tables.labels import row_label
    from ingest.tables.template import TABLE_A, TABLE_B, TABLE_C

    templates = {"A": TABLE_A, "B": TABLE_B, "C": TABLE_C}

    def covers(rule_id: str, message: str, table: str, row: str) -> bool:
        prefix, _, rule = rule_id.partition(".")
        if prefix != table:
            return False
        if rule in _TABLE_WIDE or (rule == "unplaced_row" and "三类案件" in message):  # the whole table
            return True
        # an unmatched row could be any row; the others name theirs
        return rule in _ROW_RULES and (rule == "unmatched_row" or row_label(templates[table], row) in message)

    findings = list(getattr(report, "findings", ()))
    return {k for k in expected if any(covers(f.rule, f.message, k[0], k[1]) for f in findings)}


def score_file(path: Path, fmt: str, expected: dict[CellKey, float | None]) -> FileScore:
    """Compare every expected cell of one file with what the parser made of it."""
    from ingest.errors import GongkaiError
    from ingest.parse import parse_file

    score = FileScore(path.name, fmt, cells=len(expected))
    try:
        report = parse_file(path)
    except GongkaiError as exc:
        score.error = str(exc)
        score.missing = [":".join(k) for k in expected]
        return score
    got = {(c.table, c.row, c.column): c.value for c in report.cells}
    flagged = _flagged_keys(report, [k for k in expected if k not in got])
    for key, want in expected.items():
        name = ":".join(key)
        if key not in got:
            (score.flagged if key in flagged else score.missing).append(name)
            continue
        value = got[key]
        if (
            want is None
            and value is None
            or (want is not None and value is not None and abs(value - want) < 1e-6)
        ):
            score.right += 1
        elif want is None:
            score.invented.append(f"{name}={value}")
        else:
            score.wrong.append(f"{name}={value} (want {want})")
    return score


def make_corpus(out: Path, n_specs: int, formats: Sequence[str], seed: int, blank_rate: float) -> list[dict]:
    """n_specs reports (agencies over 2023 and 2024) in every format; one truth row per file."""
    from eval.synth import generate_specs
    from eval.synth_render import write_reports

    specs = generate_specs(max(1, (n_specs + 1) // 2), [2023, 2024], seed, blank_rate=blank_rate)[:n_specs]
    rows: list[dict] = []
    for fmt in formats:
        for spec, path in zip(specs, write_reports(specs, fmt, out), strict=True):
            rows.append({"file": path.name, "format": fmt, **spec.truth()})
    return rows


def run(rows: Sequence[dict], root: Path) -> list[FileScore]:
    scores = []
    for r in rows:
        expected = {(t, row, c): v for t, row, c, v in r["cells"]}  # type: ignore[misc]
        scores.append(score_file(root / str(r["file"]), str(r["format"]), expected))
    return scores


def summarise(scores: Sequence[FileScore]) -> dict[str, dict[str, float | int]]:
    """Per format: files, cells, right, wrong, invented, missing, flagged, errors, accuracy (%)."""
    out: dict[str, dict[str, float | int]] = {}
    for fmt in dict.fromkeys(s.format for s in scores):
        mine = [s for s in scores if s.format == fmt]
        cells = sum(s.cells for s in mine)
        right = sum(s.right for s in mine)
        out[fmt] = {
            "files": len(mine),
            "cells": cells,
            "right": right,
            "wrong": sum(len(s.wrong) for s in mine),
            "invented": sum(len(s.invented) for s in mine),
            "missing": sum(len(s.missing) for s in mine),
            "flagged": sum(len(s.flagged) for s in mine),
            "errors": sum(1 for s in mine if s.error),
            "accuracy": 100.0 * right / cells if cells else 0.0,
        }
    return out


def _print(summary: dict[str, dict[str, float | int]], scores: Sequence[FileScore], worst: int) -> None:
    head = f"{'format':<8} {'files':>5} {'cells':>6} {'accuracy':>9} {'wrong':>6} {'invented':>8} {'missing':>7} {'flagged':>7} {'errors':>6}"
    print(head)
    for fmt, s in summary.items():
        print(
            f"{fmt:<8} {s['files']:>5} {s['cells']:>6} {s['accuracy']:>8.2f}% {s['wrong']:>6} "
            f"{s['invented']:>8} {s['missing']:>7} {s['flagged']:>7} {s['errors']:>6}"
        )
    bad = sorted((s for s in scores if s.not_right), key=lambda s: -s.not_right)[:worst]
    if bad:
        print(f"\nworst {len(bad)} files:")
    for s in bad:
        print(
            f"  {s.file} ({s.format}): {s.not_right} of {s.cells} not right"
            + (f" — {s.error}" if s.error else "")
        )
        for kind in ("invented", "wrong", "missing", "flagged"):
            items = getattr(s, kind)
            if items:
                print(f"    {kind}: {', '.join(items[:6])}{' …' if len(items) > 6 else ''}")


def main(argv: Sequence[str] | None = None) -> int:
    from eval.synth_render import FORMATS

    ap = argparse.ArgumentParser(description="Cell extraction accuracy per format on a generated corpus.")
    ap.add_argument("--specs", type=int, default=20, help="reports per format (default 20)")
    ap.add_argument("--formats", default=",".join(FORMATS), help=f"comma-separated, of {','.join(FORMATS)}")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed")
    ap.add_argument(
        "--blank-rate", type=float, default=0.1, help="share of zero cells of table B written as “/”"
    )
    ap.add_argument(
        "--out", type=Path, default=None, help="keep the corpus here (default: a temporary folder)"
    )
    ap.add_argument("--worst", type=int, default=10, help="how many of the worst files to list")
    ap.add_argument("--json", type=Path, default=None, help="also write the summary and per-file scores here")
    args = ap.parse_args(argv)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        ap.error(f"unknown formats {unknown}; choose from {FORMATS}")
    with tempfile.TemporaryDirectory(prefix="gongkai-accuracy-") as tmp:
        root = args.out or Path(tmp)
        t0 = time.perf_counter()
        rows = make_corpus(root, args.specs, formats, args.seed, args.blank_rate)
        t1 = time.perf_counter()
        scores = run(rows, root)
        t2 = time.perf_counter()
    summary = summarise(scores)
    _print(summary, scores, args.worst)
    print(
        f"\ncorpus {t1 - t0:.1f}s, parse+score {t2 - t1:.1f}s; seed {args.seed}, blank rate {args.blank_rate}"
    )
    if args.json:
        detail = [s.__dict__ | {"not_right": s.not_right} for s in scores]
        args.json.write_text(json.dumps({"summary": summary, "files": detail}, ensure_ascii=False, indent=1))
    return (
        0
        if all(s["accuracy"] >= 99.5 and not s["invented"] and not s["wrong"] for s in summary.values())
        else 1
    )


if __name__ == "__main__":
    sys.exit(main())
