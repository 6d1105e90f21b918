"""Prove the cells a report did not let us read, but only where arithmetic leaves no choice.

The 2025 seed prints table B rows with 6 numbers for 7 columns, and its sub-rows with 5: which cell
is missing cannot be seen. Because every count is non-negative, some cells are nonetheless certain:
a row of 6 zeros is all zero (the missing cell is a total of zeros, or an addend of a zero total),
and every row that sums into a （七）总计 of 0 is 0 in that column. We apply such rules until nothing
changes; a value is assigned only when the form's equations force it. Blank cells (“not reported”)
are never filled in: a blank is something the report said.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations

from ingest.quantities import format_number
from ingest.tables.equations import Equation, Key
from ingest.tables.place import EPS, TableRead, regroup
from ingest.tables.rows import Value
from ingest.tables.template import TableTemplate


@dataclass(frozen=True)
class Proof:
    value: float
    note: str


@dataclass
class Resolution:
    proofs: dict[Key, Proof] = field(default_factory=dict)
    # (row key, why not placed, some of its cells proven anyway), for findings
    unplaced: list[tuple[str, str, bool]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # rows neither found nor proven
    # cells of unplaced rows that, once arithmetic placed the row's numbers, are the report's “/”
    blanks: set[Key] = field(default_factory=set)


def resolve(template: TableTemplate, read: TableRead, eqs: Sequence[Equation]) -> Resolution:
    """Prove what can be proven for the rows not placed and the rows not found."""
    known: dict[Key, float] = {}
    blanks: set[Key] = set()
    for row in read.rows.values():
        for col, cell in (row.cells or {}).items():
            if cell.value is None:
                blanks.add((row.key, col))
            else:
                known[(row.key, col)] = cell.value
    out = Resolution()
    unplaced = [row for row in read.rows.values() if row.cells is None]
    if eqs:
        for row in unplaced:
            cols = template.row(row.key).columns
            present = [v.value for v in row.values]
            if len(present) == len(cols) - 1 and all(v is not None and abs(v) < EPS for v in present):
                note = (
                    f"该行只列出{len(present)}个数且均为0；缺的一格无论是总计还是其中一项，"
                    "因总计等于各项之和且各项不为负，都只能为0"
                )
                for c in cols:
                    out.proofs[(row.key, c)] = Proof(0.0, note)
                    known[(row.key, c)] = 0.0
        out.proofs.update(propagate(known, blanks, eqs))
    for row in unplaced:
        cols = template.row(row.key).columns
        maybe_blank, certain = blank_columns(
            row.values, cols, {c: out.proofs[(row.key, c)].value for c in cols if (row.key, c) in out.proofs}
        )
        got = [out.proofs.get((row.key, c)) for c in cols]
        if all(p is not None for p in got):
            fits = consistent(row.values, [p.value for p in got if p is not None])
            if fits and maybe_blank == certain:
                for c in certain:  # the report left it blank: not a number, whatever it adds up to
                    out.proofs.pop((row.key, c))
                    out.blanks.add((row.key, c))
                continue
            for c in cols:
                out.proofs.pop((row.key, c), None)
            why = "，且与由勾稽关系推出的值不一致" if not fits else "，其中空白格（“/”）可能在多个位置"
            out.unplaced.append((row.key, f"{row.problem}{why}", False))
        else:
            for c in maybe_blank:  # the report may have written “/” there: a proof would overwrite it
                out.proofs.pop((row.key, c), None)
            partly = any((row.key, c) in out.proofs for c in cols)
            out.unplaced.append((row.key, f"{row.problem}，无法确定各数所在的列", partly))
    for r in template.rows:
        if r.key not in read.rows and not all((r.key, c) in out.proofs for c in r.columns):
            out.missing.append(r.key)
    return out


def propagate(known: dict[Key, float], blanks: set[Key], eqs: Sequence[Equation]) -> dict[Key, Proof]:
    """Apply the zero rule and the one-unknown rule to every equation until nothing changes."""
    proofs: dict[Key, Proof] = {}
    changed = True
    while changed:
        changed = False
        for eq in eqs:
            for side, other, side_name, other_name in (
                (eq.lhs, eq.rhs, eq.lhs_name, eq.rhs_name),
                (eq.rhs, eq.lhs, eq.rhs_name, eq.lhs_name),
            ):
                if not all(k in known for k in side):
                    continue
                unknown = [k for k in other if k not in known and k not in blanks]
                if not unknown:
                    continue
                total = sum(known[k] for k in side)
                remaining = total - sum(known[k] for k in other if k in known)
                if abs(remaining) < EPS:  # nothing left for the unknown terms, none can be negative
                    if abs(total) < EPS:
                        note = f"{eq.where}：{side_name}为0，{other_name}均不能为负，故为0"
                    else:
                        note = f"{eq.where}：{side_name}为{format_number(total)}，已由其他各项占满，其余各项不能为负，故为0"
                    for k in unknown:
                        known[k] = 0.0
                        proofs[k] = Proof(0.0, note)
                    changed = True
                elif len(unknown) == 1 and not any(k in blanks for k in other) and remaining > 0:
                    known[unknown[0]] = remaining
                    proofs[unknown[0]] = Proof(
                        remaining,
                        f"{eq.where}：由{eq.lhs_name}等于{eq.rhs_name}推出为{format_number(remaining)}",
                    )
                    changed = True
    return proofs


def blank_columns(
    read: Sequence[Value], cols: Sequence[str], proven: dict[str, float]
) -> tuple[set[str], set[str]]:
    """Columns that a blank (“/”) of the row may stand in, and those where one must stand.

    The read values keep their order; a number can only sit where the proof (if any) agrees with it.
    With split digits (more values than columns) any column might be the blank one.
    """
    if all(v.value is not None for v in read):
        return set(), set()
    if len(read) > len(cols):
        return set(cols), set()
    may: set[str] = set()
    must: set[str] | None = None
    for at in combinations(range(len(cols)), len(read)):
        fits = all(
            v.value is None or cols[i] not in proven or abs(proven[cols[i]] - v.value) < EPS
            for v, i in zip(read, at, strict=True)
        )
        if fits:
            here = {cols[i] for v, i in zip(read, at, strict=True) if v.value is None}
            may |= here
            must = here if must is None else must & here
    return may, must or set()


def consistent(read: Sequence[Value], proven: Sequence[float]) -> bool:
    """Could the numbers read be these proven values, some missing or with split digits?"""
    if len(read) > len(proven):
        return bool(regroup(read, len(proven), lambda nums: _same(nums, proven)))
    i = 0
    for v in proven:  # is `read` an ordered subsequence of `proven` (blanks match anything)?
        got = read[i].value if i < len(read) else v + 1
        if got is None or abs(got - v) < EPS:
            i += 1
    return i == len(read)


def _same(a: Sequence[float], b: Sequence[float]) -> bool:
    return len(a) == len(b) and all(abs(x - y) < EPS for x, y in zip(a, b, strict=True))
