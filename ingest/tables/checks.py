"""Consistency checks (勾稽关系) of the tables, and prose that contradicts them.

Staff ask “which reports' tables do not add up?”, so every failed equation becomes a Finding that
names the cells and quotes the numbers. Only equations whose every cell has a value are checked: a
blank cell means “not reported”, and treating it as 0 would invent errors. Prose numbers with 余/近/约
are ranges, flagged only when the table falls clearly outside them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ingest.quantities import format_number
from ingest.records import Cell, CellRef, Fact, Finding
from ingest.tables.equations import Equation, equations_for
from ingest.tables.labels import TABLE_NAMES

EPS = 1e-6
_LIST_AT_MOST = 6  # longer sums are shown as their total and their non-zero terms


def check_tables(cells: Sequence[Cell], format_version: str) -> list[Finding]:
    """One error finding per equation of the form that the report's own numbers violate."""
    if format_version == "free" or not cells:
        return []
    by_key = {(c.table, c.row, c.column): c.value for c in cells}
    tables = {c.table for c in cells}
    out: list[Finding] = []
    unchecked: dict[str, int] = {}
    for eq in equations_for(format_version):
        if eq.table not in tables:
            continue
        lhs = [by_key.get((eq.table, *k)) for k in eq.lhs]
        rhs = [by_key.get((eq.table, *k)) for k in eq.rhs]
        if any(v is None for v in lhs + rhs):
            unchecked[eq.table] = unchecked.get(eq.table, 0) + 1
            continue
        left = [v for v in lhs if v is not None]
        right = [v for v in rhs if v is not None]
        if abs(sum(left) - sum(right)) > EPS:
            out.append(_failure(eq, left, right))
    for table, n in sorted(unchecked.items()):
        message = f"{TABLE_NAMES[table]}有{n}处勾稽关系因单元格空白或未录入而未核对。"
        out.append(Finding(rule=f"{table}.unchecked", severity="info", message=message))
    return out


def _failure(eq: Equation, left: list[float], right: list[float]) -> Finding:
    message = (
        f"{eq.where}：{_side(eq.lhs_names, left, eq.lhs_name)} ≠ {_side(eq.rhs_names, right, eq.rhs_name)}"
    )
    refs = tuple(CellRef(table=eq.table, row=r, column=c) for r, c in eq.lhs + eq.rhs)  # type: ignore[arg-type]
    return Finding(rule=eq.rule, severity="error", message=message, cells=refs)


def _side(names: Sequence[str], values: Sequence[float], phrase: str) -> str:
    terms = [f"{n} {format_number(v)}" for n, v in zip(names, values, strict=True)]
    if len(terms) <= _LIST_AT_MOST:
        return " + ".join(terms)
    nonzero = [t for t, v in zip(terms, values, strict=True) if abs(v) > EPS]
    listed = "（" + " + ".join(nonzero) + "）" if nonzero else "（各项均为0）"
    return f"{phrase}之和 {format_number(sum(values))}{listed}"


Key3 = tuple[str, str, str]
# metric id → (cells whose sum it should equal, what the prose says, where the table says it)
_PROSE: dict[str, tuple[tuple[Key3, ...], str, str]] = {
    "requests.received": ((("B", "new", "total"),), "收到政府信息公开申请", "表三本年新收申请总计"),
    "review.total": ((("C", "review", "total"),), "行政复议", "表四行政复议总计"),
    "litigation.total": (
        (("C", "litigation_direct", "total"), ("C", "litigation_after_review", "total")),
        "行政诉讼",
        "表四行政诉讼总计（未经复议直接起诉与复议后起诉之和）",
    ),
    "fee.amount": ((("A", "fee", "amount"),), "收费", "表二行政事业性收费金额"),
}
_TO_WAN = {"万元": 1.0, "元": 1e-4, "亿元": 1e4}


def check_prose(cells: Sequence[Cell], facts: Sequence[Fact]) -> list[Finding]:
    """A warning for each prose number that the table contradicts (“行政复议134件” vs 170)."""
    by_key: dict[Key3, float | None] = {(c.table, c.row, c.column): c.value for c in cells}
    out: list[Finding] = []
    for fact in facts:
        spec = _PROSE.get(fact.metric)
        if spec is None:
            continue
        keys, says, where = spec
        if fact.metric == "fee.amount" and "处理费" in fact.subject:
            continue  # 信息处理费 (section 六) is not table A's 行政事业性收费
        got = [by_key.get(k) for k in keys]
        if not got or any(v is None for v in got):
            continue
        table = sum(v for v in got if v is not None)
        stated, unit = fact.value, fact.unit
        if fact.metric == "fee.amount":
            if unit not in _TO_WAN:
                continue
            stated, unit = stated * _TO_WAN[unit], "万元"
        if _compatible(stated, table, fact.qualifier, money=fact.metric == "fee.amount"):
            continue
        carried = by_key.get(("B", "carried_over", "total"))
        if fact.metric == "requests.received" and carried and _compatible(stated, table + carried, fact.qualifier, money=False):
            continue  # 收到申请75件 counting last year's carried-over one with this year's 74: not a contradiction
        written = f"{format_number(fact.value)}{fact.qualifier or ''}{fact.unit}"
        message = f"正文称{says}{written}，但{where}为{format_number(table)}{unit}。"
        refs = tuple(CellRef(table=t, row=r, column=c) for t, r, c in keys)  # type: ignore[arg-type]
        out.append(
            Finding(
                rule="prose_vs_table",
                severity="warning",
                message=message,
                cells=refs,
                sentence=fact.sentence,
                span=fact.span,
            )
        )
    return out


def _compatible(stated: float, table: float, qualifier: str | None, *, money: bool) -> bool:
    """Is the table's number one the prose could mean? Approximate prose allows a range."""
    if not qualifier:
        return abs(stated - table) <= (_rounding(stated) if money else EPS)
    if any(q in qualifier for q in ("余", "多", "以上", "超过", "逾")):
        step = 10.0 ** math.floor(math.log10(stated)) if stated >= 1 else 1.0  # 300余: 300–399
        return stated - EPS <= table < stated + step
    if any(q in qualifier for q in ("近", "将近", "接近", "不到")):
        return 0.8 * stated - EPS <= table <= stated + EPS
    return abs(table - stated) <= 0.25 * abs(stated) + EPS  # 约, 左右, 大约 …


def _rounding(stated: float) -> float:
    """Half a unit of the last decimal the prose printed: 26.55 allows ±0.005."""
    text = f"{stated:.6f}".rstrip("0").rstrip(".")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return 0.5 * 10.0**-decimals + EPS
