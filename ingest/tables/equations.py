"""The arithmetic the form itself demands (勾稽关系), as data shared by inference and checks.

Table B: per column, 一 + 二 = 三（七）总计 + 四; （七）总计 = the sum of the result rows above it;
per row, 总计 = the six applicant columns. Table C: each 总计 = the four results before it.
Every count is non-negative, which is what lets `infer` prove a zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ingest.tables.labels import TABLE_NAMES, column_name, row_label, row_name
from ingest.tables.template import B_GROUPS, TableTemplate, templates_for

Key = tuple[str, str]  # (row, column)


@dataclass(frozen=True)
class Equation:
    rule: str  # B.balance, B.result_total, B.row_total, C.total
    table: str
    where: str  # “表三自然人列”
    lhs: tuple[Key, ...]
    rhs: tuple[Key, ...]
    lhs_names: tuple[str, ...]
    rhs_names: tuple[str, ...]
    lhs_name: str  # the side as one phrase, for notes: “（七）总计”
    rhs_name: str


@cache
def equations_for(version: str) -> tuple[Equation, ...]:
    t = templates_for(version)
    return _table_b(t["B"]) + _table_c(t["C"])


def _table_b(b: TableTemplate) -> tuple[Equation, ...]:
    name = TABLE_NAMES["B"]
    cols = [c.key for c in b.columns]
    applicants, total = cols[:-1], cols[-1]
    leaves = [r.key for r in b.rows if r.parent == "result.total"]
    out: list[Equation] = []
    for c in cols:
        where = f"{name}{column_name(b, c)}列"
        out.append(
            Equation(
                "B.balance",
                "B",
                where,
                (("new", c), ("carried_over", c)),
                (("result.total", c), ("carried_forward", c)),
                ("新收", "上年结转"),
                ("办理结果总计", "结转下年"),
                "新收与上年结转之和",
                "办理结果总计与结转下年之和",
            )
        )
        out.append(
            Equation(
                "B.result_total",
                "B",
                where,
                (("result.total", c),),
                tuple((r, c) for r in leaves),
                ("办理结果总计",),
                tuple(row_name(b, r) for r in leaves),
                "（七）总计",
                "其上各项办理结果",
            )
        )
    for r in b.rows:
        out.append(
            Equation(
                "B.row_total",
                "B",
                f"{name}“{row_label(b, r.key)}”行",
                ((r.key, total),),
                tuple((r.key, c) for c in applicants),
                ("总计",),
                tuple(column_name(b, c) for c in applicants),
                "该行总计",
                "各类申请人",
            )
        )
    return tuple(out)


def _table_c(t: TableTemplate) -> tuple[Equation, ...]:
    out: list[Equation] = []
    for r in t.rows:
        cols = list(r.columns)
        out.append(
            Equation(
                "C.total",
                "C",
                f"{TABLE_NAMES['C']}{r.label}",
                ((r.key, cols[-1]),),
                tuple((r.key, c) for c in cols[:-1]),
                ("总计",),
                tuple(column_name(t, c) for c in cols[:-1]),
                "总计",
                "其前四项",
            )
        )
    return tuple(out)


def group_equations(b: TableTemplate, groups: Sequence[str]) -> tuple[Equation, ...]:
    """A group of table B printed as one row (“(六)其他处理”) is the sum of the form's sub-rows."""
    out: list[Equation] = []
    for group in groups:
        heading, prefix = B_GROUPS[group]
        members = [r.key for r in b.rows if r.key.startswith(prefix)]
        for c in b.columns:
            out.append(
                Equation(
                    "B.group_total",
                    "B",
                    f"{TABLE_NAMES['B']}{column_name(b, c.key)}列",
                    ((group, c.key),),
                    tuple((m, c.key) for m in members),
                    (heading,),
                    tuple(row_name(b, m) for m in members),
                    heading,
                    "其各分项",
                )
            )
    return tuple(out)
