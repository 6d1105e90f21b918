"""Synthetic 政府信息公开工作年度报告 whose every number is known: truth for scale runs and scoring.

Real reports cannot tell us whether the parser read them right; a report we generate can. A
`ReportSpec` holds an agency, a year, every cell of tables A/B/C (keys from
`ingest.tables.template`), the prose facts and the section 五 commitments. Table B is built so
that the form's 勾稽关系 hold by construction (一 + 二 = 三（七） + 四 per column, （七） = the rows
above it, 总计 = the six applicant columns); `inconsistencies` then breaks named relations on
purpose so the consistency checks have something to find. Rendering lives in `eval.synth_render`.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from eval.synth_prose import PROBLEMS, FactSpec, Prose, make_prose
from ingest.tables.template import TABLE_A, TABLE_B, TABLE_C, expected_cells

CellKey = tuple[str, str, str]
APPLICANTS = TABLE_B.columns[:-1]
RESULT_ROWS = tuple(r.key for r in TABLE_B.rows if r.parent == "result.total")
INCONSISTENCIES = ("B.column_total", "B.balance", "B.row_total", "C.total", "prose_vs_table")

# How often each handling result occurs (予以公开 dominates real reports).
_RESULT_WEIGHTS = {
    "result.public": 40, "result.partial": 8, "result.withheld.third_party": 2,
    "result.withheld.process": 1, "result.withheld.internal": 1, "result.withheld.inquiry": 1,
    "result.unavailable.not_held": 10, "result.unavailable.needs_creation": 3,
    "result.unavailable.unclear": 2, "result.not_processed.petition": 3, "result.not_processed.repeat": 2,
    "result.not_processed.confirm": 1, "result.other.no_correction": 2, "result.other.other": 1,
}
_APPLICANT_SHARE = {"natural_person": 0.8, "business": 0.12, "research": 0.01,
                    "public_interest": 0.02, "legal_service": 0.04, "other_org": 0.01}


@dataclass(frozen=True)
class ReportSpec:
    """One report's known truth."""

    agency: str  # canonical name: 青石镇 (a township without its county), 云溪县卫生健康委员会
    agency_raw: str  # as the title writes it, e.g. 云溪县青石镇
    region: str
    year: int
    cells: dict[CellKey, float | None]
    prose: Prose
    facts: tuple[FactSpec, ...] = ()
    inconsistencies: tuple[str, ...] = ()
    repeated_problems: tuple[int, ...] = ()  # 1-based indices of problems carried from last year
    seed: int | None = None

    @property
    def title(self) -> str:
        return f"{self.agency_raw}{self.year}年政府信息公开工作年度报告"

    def expected_cells(self) -> dict[CellKey, float | None]:
        """Every cell of the form: None where the report leaves it blank ('/')."""
        return dict(self.cells)

    def value(self, table: str, row: str, column: str) -> float | None:
        return self.cells[(table, row, column)]

    def expected_facts(self) -> list[dict[str, object]]:
        return [asdict(f) for f in self.facts]

    def truth(self) -> dict[str, object]:
        """A JSON-able record of everything the parser should recover."""
        return {
            "agency": self.agency, "agency_raw": self.agency_raw, "region": self.region,
            "year": self.year, "title": self.title, "seed": self.seed,
            "cells": [[t, r, c, v] for (t, r, c), v in self.cells.items()],
            "facts": self.expected_facts(),
            "problems": list(self.prose.problems), "measures": list(self.prose.measures),
            "repeated_problems": list(self.repeated_problems),
            "inconsistencies": list(self.inconsistencies),
        }


# ---------------------------------------------------------------- tables


def table_b_from_rows(rows: Mapping[str, Sequence[int | None]]) -> dict[CellKey, float | None]:
    """Table B from six applicant values per row (new, carried_over, result rows, carried_forward).

    Rows left out are zero; （七）总计 and the 总计 column are computed, so the sample writer states
    only what the applicants asked and how it ended. A None stays blank ('/') and counts as 0.
    """
    cells: dict[CellKey, float | None] = {}
    keys = ["new", "carried_over", *RESULT_ROWS, "carried_forward"]
    for key in keys:
        vals = list(rows.get(key, [0] * 6))
        if len(vals) != 6:
            raise ValueError(f"row {key} needs 6 applicant values, got {len(vals)}")
        for col, v in zip(APPLICANTS, vals, strict=True):
            cells[("B", key, col.key)] = None if v is None else float(v)
    for col in APPLICANTS:
        cells[("B", "result.total", col.key)] = float(sum(cells[("B", k, col.key)] or 0 for k in RESULT_ROWS))
    for row in TABLE_B.rows:
        cells[("B", row.key, "total")] = float(
            sum(cells[("B", row.key, c.key)] or 0 for c in APPLICANTS)
        )
    return {k: cells[k] for k in _keys("B")}


def table_c_from_rows(rows: Mapping[str, Sequence[int]]) -> dict[CellKey, float | None]:
    """Table C from (维持, 纠正, 其他, 尚未审结) per row; 总计 is their sum."""
    cells: dict[CellKey, float | None] = {}
    for row in TABLE_C.rows:
        vals = list(rows.get(row.key, [0, 0, 0, 0]))
        for col, v in zip(TABLE_C.columns[:4], vals, strict=True):
            cells[("C", row.key, col.key)] = float(v)
        cells[("C", row.key, "total")] = float(sum(vals))
    return cells


def table_a_from_values(values: Mapping[str, Sequence[float]]) -> dict[CellKey, float | None]:
    """Table A from per-row value lists in template column order."""
    cells: dict[CellKey, float | None] = {}
    for row in TABLE_A.rows:
        vals = list(values.get(row.key, [0] * len(row.columns)))
        for col, v in zip(row.columns, vals, strict=True):
            cells[("A", row.key, col)] = float(v)
    return cells


def _keys(table: str) -> list[CellKey]:
    return [(t, r, c) for t, r, c in expected_cells() if t == table]


def _random_b(rng: random.Random, scale: int) -> dict[CellKey, float | None]:
    rows: dict[str, list[int | None]] = {k: [0] * 6 for k in ["new", "carried_over", *RESULT_ROWS, "carried_forward"]}
    results, weights = zip(*_RESULT_WEIGHTS.items(), strict=True)
    for i, col in enumerate(APPLICANTS):
        new = int(scale * _APPLICANT_SHARE[col.key] * rng.uniform(0.4, 1.6))
        carried = rng.choice([0, 0, 0, 1, 2]) if scale > 5 else 0
        forward = rng.randint(0, min(3, (new + carried) // 4))
        rows["new"][i], rows["carried_over"][i], rows["carried_forward"][i] = new, carried, forward
        for key in rng.choices(results, weights, k=new + carried - forward):
            rows[key][i] = (rows[key][i] or 0) + 1
    return table_b_from_rows(rows)


def _random_c(rng: random.Random, received: float) -> dict[CellKey, float | None]:
    n_review = rng.choice([0, 0, 1, 2, 3]) if received else 0
    n_direct = rng.choice([0, 0, 0, 1]) if received else 0

    def split(n: int) -> list[int]:
        out = [0, 0, 0, 0]
        for k in rng.choices(range(4), [6, 1, 1, 2], k=n):
            out[k] += 1
        return out

    return table_c_from_rows({"review": split(n_review), "litigation_direct": split(n_direct)})


def _random_a(rng: random.Random, kind: str) -> dict[CellKey, float | None]:
    big = kind == "department"
    issued = rng.randint(0, 6 if big else 2)
    return table_a_from_values({
        "regulation": [0, 0, 0],
        "normative_doc": [issued, rng.randint(0, 2), issued + rng.randint(3, 20)],
        "license": [rng.randint(50, 3000) if big else rng.randint(0, 300)],
        "penalty": [rng.randint(5, 400) if big else rng.randint(0, 30)],
        "enforcement": [rng.randint(0, 40) if big else rng.randint(0, 3)],
        "fee": [round(rng.uniform(0, 80 if big else 8), 4) if rng.random() < 0.6 else 0],
    })


def blank_cells(rng: random.Random, cells: dict[CellKey, float | None], rate: float) -> dict[CellKey, float | None]:
    """Turn some zero applicant cells of table B into blanks ('/'): not reported, arithmetic unchanged."""
    out = dict(cells)
    for key, v in cells.items():
        if key[0] == "B" and key[2] != "total" and key[1] != "result.total" and v == 0 and rng.random() < rate:
            out[key] = None
    return out


def break_cells(cells: dict[CellKey, float | None], rule: str) -> dict[CellKey, float | None]:
    """Break one relation of the form on purpose; see INCONSISTENCIES."""
    out = dict(cells)

    def bump(*keys: CellKey) -> None:
        for k in keys:
            out[k] = (out[k] or 0) + 1

    if rule == "B.column_total":  # a result row grows, （七）总计 does not: the column no longer adds up
        bump(("B", "result.public", "natural_person"), ("B", "result.public", "total"))
    elif rule == "B.balance":  # 四 grows: 一 + 二 ≠ 三（七） + 四
        bump(("B", "carried_forward", "natural_person"), ("B", "carried_forward", "total"))
    elif rule == "B.row_total":  # the 总计 column of 一 is not the sum of the applicants
        bump(("B", "new", "total"))
    elif rule == "C.total":
        bump(("C", "review", "total"))
    elif rule != "prose_vs_table":
        raise ValueError(f"unknown inconsistency {rule!r}; choose from {INCONSISTENCIES}")
    return out


# ---------------------------------------------------------------- agencies and prose

_COUNTIES = ["云溪县", "松岭县", "青禾县", "白沙县", "石门县", "桐梓县", "南屏县", "枫桥县", "金川县", "临泉县"]
_PLACE = "青石柳安桃源河湾古塘龙泉杏花马坊双溪鹤鸣凤栖平湖花园长岭黄土新城大王梨树沙坪高桥"
_DEPARTMENTS = ["卫生健康委员会", "市场监督管理局", "自然资源局", "教育局", "民政局", "交通运输局",
                "住房和城乡建设局", "人力资源和社会保障局", "农业农村局", "生态环境局", "财政局", "应急管理局"]


def agency_names(rng: random.Random, n: int) -> list[tuple[str, str, str, str]]:
    """n distinct fictional (agency, agency_raw, region, kind) tuples."""
    seen: set[str] = set()
    out: list[tuple[str, str, str, str]] = []
    attempts = 0
    while len(out) < n:
        attempts += 1
        if attempts > 50 * n + 1000:
            raise ValueError(f"cannot make {n} distinct agency names from the name pools")
        region = rng.choice(_COUNTIES)
        kind = rng.choices(["township", "subdistrict", "department"], [5, 2, 3])[0]
        if kind == "department":
            short = region + rng.choice(_DEPARTMENTS)  # a county department is named with its county
        else:
            short = "".join(rng.sample(_PLACE, rng.choice((2, 2, 3)))) + {"township": rng.choice("乡镇"), "subdistrict": "街道"}[kind]
        raw = short if kind == "department" else region + short + ("办事处" if kind == "subdistrict" else "")
        if short in seen:  # canonical names stay unique across counties, so questions are unambiguous
            continue
        seen.add(short)
        out.append((short, raw, region, kind))
    return out


def generate_spec(
    seed: int,
    *,
    agency: tuple[str, str, str, str] = ("青石镇", "云溪县青石镇", "云溪县", "township"),
    year: int = 2024,
    inconsistencies: Iterable[str] = (),
    blank_rate: float = 0.0,
    previous: ReportSpec | None = None,
) -> ReportSpec:
    """A report whose arithmetic holds unless `inconsistencies` names relations to break.

    With `previous`, one of last year's problems is stated again: the commitment not yet kept.
    """
    rng = random.Random(seed)
    short, raw, region, kind = agency
    scale = {"township": rng.randint(0, 12), "subdistrict": rng.randint(3, 40), "department": rng.randint(10, 200)}[kind]
    cells = {**_random_a(rng, kind), **_random_b(rng, scale)}
    cells.update(_random_c(rng, cells[("B", "new", "total")] or 0))
    if blank_rate:
        cells = blank_cells(rng, cells, blank_rate)
    wanted = tuple(inconsistencies)
    for rule in wanted:
        cells = break_cells(cells, rule)
    problems = rng.sample(range(len(PROBLEMS)), 3)
    repeated: tuple[int, ...] = ()
    if previous is not None and previous.prose.problems:
        carried = PROBLEMS.index(previous.prose.problems[0]) if previous.prose.problems[0] in PROBLEMS else None
        if carried is not None:
            problems = [carried, *[p for p in problems if p != carried][:2]]
            repeated = (1,)
    prose, facts = make_prose(rng, short, kind, year, cells, problems, review_shift=1 if "prose_vs_table" in wanted else 0)
    return ReportSpec(agency=short, agency_raw=raw, region=region, year=year, cells=cells, prose=prose,
                      facts=tuple(facts), inconsistencies=wanted, repeated_problems=repeated, seed=seed)


def generate_specs(n_agencies: int, years: Sequence[int], seed: int = 0, *, inconsistency_rate: float = 0.1,
                   blank_rate: float = 0.0) -> list[ReportSpec]:
    """n_agencies × years specs; each later year repeats one problem of the year before."""
    rng = random.Random(seed)
    specs: list[ReportSpec] = []
    for agency in agency_names(rng, n_agencies):
        previous: ReportSpec | None = None
        for year in sorted(years):
            broken = [rng.choice(INCONSISTENCIES)] if rng.random() < inconsistency_rate else []
            previous = generate_spec(rng.randrange(2**31), agency=agency, year=year, inconsistencies=broken,
                                     blank_rate=blank_rate, previous=previous)
            specs.append(previous)
    return specs


def generate_corpus(n_agencies: int, years: Sequence[int], formats: Sequence[str], out_dir: Path,
                    seed: int = 0, **kwargs: float) -> list[dict[str, object]]:
    """Write every spec in every format under out_dir, plus truth.jsonl (one line per file)."""
    from eval.synth_render import write_reports

    out_dir.mkdir(parents=True, exist_ok=True)
    specs = generate_specs(n_agencies, years, seed, **kwargs)
    rows: list[dict[str, object]] = []
    with (out_dir / "truth.jsonl").open("w", encoding="utf-8") as fh:
        for fmt in formats:
            for spec, path in zip(specs, write_reports(specs, fmt, out_dir), strict=True):
                row = {"file": path.name, "format": fmt, **spec.truth()}
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                rows.append(row)
    return rows


__all__ = ["APPLICANTS", "INCONSISTENCIES", "FactSpec", "Prose", "ReportSpec", "agency_names", "blank_cells",
           "break_cells", "generate_corpus", "generate_spec", "generate_specs", "table_a_from_values",
           "table_b_from_rows", "table_c_from_rows"]
