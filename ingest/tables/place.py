"""Put each row's values into the form's columns, only where the placement is certain.

A row's label is matched to a template row by the form's keywords, taking the keyword that stands
closest to the numbers (a wrapped header or a group label such as “(三)不予公开” comes before it).
Values are placed by position when the row has exactly as many as the form has columns. A PDF that
spread a number's digits apart (“1 3 4”) gives too many values: the digits are regrouped only when
exactly one grouping satisfies the row's arithmetic (or the row has one column). Rows with too few
values are left to `infer`, which places them only when arithmetic forces every cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher

from ingest.quantities import format_number
from ingest.tables.labels import is_digits
from ingest.tables.rows import RawRow, Value
from ingest.tables.template import B_GROUPS, TableTemplate

EPS = 1e-6
_WS = re.compile(r"\s+")
# A keyword inside a longer word of the form is not that row's label: “其他” in “其他处理”.
_NOT_FOLLOWED = {"其他": ("处理", "法律", "组织", "结果", "对外", "需要", "情形")}
# Long parentheticals are explanations (“(区分处理的,只计这一情形,不计其他情形)”), not labels.
_ASIDE = re.compile(r"\([^()\n]{6,}\)")
_MAX_EXTRA_TOKENS = 6  # regrouping more split digits than this is guesswork
# An item number (“1.”, “(一)”, “一、”) after the keyword: the keyword was a group heading's
# (“(六)其他” of “(六)其他处理”, wrapped) and the row's own item label has no keyword of its own.
_ITEM = re.compile(r"\d{1,2}[.、]\D|\([一二三四五六七八九十]{1,2}\)|[一二三四五六七八九十]{1,2}、")
# Table A's block heading, which PDF text may join to the row before it (“行政许可第二十条第(六)项”).
_BLOCK_HEADING = re.compile(r"第\s*二\s*十\s*条\s*第\s*\(\s*[一二三四五六七八九十]{1,2}\s*\)\s*项")
# The form's labels as normalised text writes them (ASCII brackets and punctuation).
_ASCII = str.maketrans("（）：，", "():,")
_ITEM_NUMBER = re.compile(r"\d{1,2}[.、]|\([一二三四五六七八九十]{1,2}\)|[一二三四五六七八九十]{1,2}、")
# A label the report misspelt (“其他法律行政止公开”) still reads as the form's label when it is this
# close to it (difflib's ratio), carries the same item number, and no other label comes as close.
FUZZY_MIN = 0.75
FUZZY_MARGIN = 0.15
# Money cells printed in another unit than their column's (“75394432.52元” under 采购总金额, 万元).
_MONEY = {"亿元": 1e4, "万元": 1.0, "元": 1e-4}  # in 万元


@dataclass(frozen=True)
class CellRead:
    value: float | None
    raw: str
    note: str | None = None
    inferred: bool = False  # proven by arithmetic rather than read as written


@dataclass
class RowRead:
    key: str
    start: int  # the row's text in the normalised text, for its Span
    end: int
    values: tuple[Value, ...]
    cells: dict[str, CellRead] | None  # None: not placed (too few or too many values)
    problem: str | None = None  # why not placed, Chinese, for a finding


@dataclass
class TableRead:
    rows: dict[str, RowRead] = field(default_factory=dict)
    unmatched: list[RawRow] = field(default_factory=list)
    duplicates: list[tuple[str, RawRow]] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)  # B_GROUPS rows printed without their sub-rows
    problem: tuple[str, int, int] | None = None  # the whole table could not be placed: (why, start, end)


def _blank(pattern: re.Pattern[str], text: str) -> str:
    """`text` with the matches of `pattern` blanked out: same length, so offsets still hold."""
    return pattern.sub(lambda m: " " * len(m.group()), text)


def _nth_visible(label: str, n: int) -> int:
    """Offset in `label` of its n-th non-whitespace character."""
    seen = -1
    for i, ch in enumerate(label):
        if not ch.isspace():
            seen += 1
            if seen == n:
                return i
    return len(label)


def match_row(label: str, template: TableTemplate) -> tuple[str, int] | None:
    """(row key, offset in `label` of its keyword) for the keyword standing last in the label."""
    visible = _blank(_BLOCK_HEADING, _blank(_ASIDE, label))
    compact = _WS.sub("", visible)
    best: tuple[int, int, str] | None = None  # (position, keyword length, key)
    for row in template.rows:
        for word in row.match:
            pos = compact.rfind(word)
            while pos >= 0 and any(
                compact.startswith(f, pos + len(word)) for f in _NOT_FOLLOWED.get(word, ())
            ):
                pos = compact.rfind(word, 0, pos)
            if pos >= 0 and (best is None or (pos, len(word)) > best[:2]):
                best = (pos, len(word), row.key)
    if best is None or _ITEM.search(compact, best[0] + best[1]):
        return None
    return best[2], _nth_visible(visible, best[0])


def _continued(raw: RawRow, nxt: RawRow | None, text: str, template: TableTemplate) -> tuple[str, int] | None:
    """A label the PDF wrapped below its numbers (“…重新出 2 0 0 0 0 0 2” / “具已获取信息”).

    Text in space-separated rows sits at the top of its cell, so a long label's last line follows
    the numbers and opens the next row's label. When the row has no keyword of its own and adding
    that line (less any leading words from the group column beside it) completes one that starts in
    the row's own label, the row is that keyword's.
    """
    if raw.fielded or nxt is None or nxt.fielded:
        return None
    gap = text[raw.end : nxt.label_start]  # "" where normalisation joined the two lines
    if gap and "\n" not in gap:
        return None  # the next label stands on the numbers' own line
    line = nxt.label.split("\n", 1)[0]
    words = line.split()
    if not words or _ITEM.match(_WS.sub("", line)):
        return None
    for i in range(len(words)):
        hit = match_row(raw.label + " ".join(words[i:]), template)
        if hit is not None and hit[1] < len(raw.label):  # the keyword runs across the wrap
            return hit
    return None


def grid_columns(headers: Sequence[Sequence[str]], template: TableTemplate, *, exact: bool) -> dict[str, int]:
    """Field index of each column's header cell, from tab/pipe header lines (readers keep a grid).

    A column whose header stands at two different indices is left out: the grid is not trustworthy.
    """
    names = {c.key: _WS.sub("", c.label.split("（")[0]) for c in template.columns}
    found: dict[str, int] = {}
    conflicts: set[str] = set()
    for fields in headers:
        for i, field_text in enumerate(fields):
            cell = _WS.sub("", field_text)
            for key, name in names.items():
                hit = cell == name if exact else name in cell
                if hit and found.setdefault(key, i) != i:
                    conflicts.add(key)
    return {k: v for k, v in found.items() if k not in conflicts}


def read_rows(
    raw_rows: Sequence[RawRow],
    template: TableTemplate,
    text: str,
    check: Callable[[str, list[float]], bool] | None = None,
    grid: dict[str, int] | None = None,
) -> TableRead:
    """Match and place every row; `check(row key, values)` is the row's own arithmetic, if any."""
    out = TableRead()
    for i, raw in enumerate(raw_rows):
        if not raw.values:
            continue
        hit = match_row(raw.label, template)
        if hit is None and raw.has_numbers:
            hit = _continued(raw, raw_rows[i + 1] if i + 1 < len(raw_rows) else None, text, template)
            hit = hit or misspelt_row(raw.label, template)
        if hit is None:
            group = group_row(raw.label, template) if raw.has_numbers else None
            if group is not None and group not in out.rows:
                columns = tuple(c.key for c in template.columns)
                cells, problem = place(raw.values, columns, raw.fielded, None, grid)
                if cells is not None:
                    out.rows[group] = RowRead(group, raw.label_start, raw.end, raw.values, cells)
                    out.groups.append(group)
                    continue
            if raw.has_numbers:  # a header line's blank cells are no row
                out.unmatched.append(raw)
            continue
        key, at = hit
        if key in out.rows:
            out.duplicates.append((key, raw))
            continue
        keyword_at = raw.label_start + at
        start = max(raw.label_start, text.rfind("\n", 0, keyword_at) + 1)
        columns = template.row(key).columns
        row_check = (lambda vals, k=key: check(k, vals)) if check else None
        cells, problem = place(raw.values, columns, raw.fielded, row_check, grid)
        if cells is None and not raw.has_numbers:
            continue  # blank cells that do not fill a row: a header line's merged cells
        kept = tuple(trimmed(raw.values, len(columns), raw.fielded))
        out.rows[key] = RowRead(key, start, raw.end, kept, in_column_units(cells, template), problem)
    return out


def misspelt_row(label: str, template: TableTemplate) -> tuple[str, int] | None:
    """(row key, offset) of the form's item label that a misspelt one stands for, when unambiguous.

    Only the last item of the label is compared (“(三)不予公开 2.其他法律行政止公开” → “2.其他…”),
    with its item number, against every label of the table.
    """
    visible = _blank(_BLOCK_HEADING, _blank(_ASIDE, label))
    compact = _WS.sub("", visible)
    starts = [m.start() for m in _ITEM_NUMBER.finditer(compact)]
    if not starts or len(compact) - starts[-1] < 5:
        return None
    tail = compact[starts[-1] :]
    number = _ITEM_NUMBER.match(tail)
    scored = sorted(
        ((SequenceMatcher(None, tail, _form_label(r.label)).ratio(), r.key) for r in template.rows),
        reverse=True,
    )
    best, runner_up = scored[0], scored[1] if len(scored) > 1 else (0.0, "")
    form = _form_label(template.row(best[1]).label)
    if best[0] < FUZZY_MIN or best[0] - runner_up[0] < FUZZY_MARGIN or number is None:
        return None
    if not form.startswith(number.group()):
        return None
    return best[1], _nth_visible(visible, starts[-1])


def _form_label(label: str) -> str:
    return _WS.sub("", _ASIDE.sub("", label.translate(_ASCII)))


def group_row(label: str, template: TableTemplate) -> str | None:
    """A group heading of table B printed as a row of its own (“(六)其他处理 0 0 …”) where the form
    has only its sub-rows: the key of the group (`B_GROUPS`), whose numbers are their sums."""
    if template.table != "B":
        return None
    compact = _WS.sub("", _ASIDE.sub("", label))
    for key, (heading, prefix) in B_GROUPS.items():
        name = _NUMBERING_HEAD.sub("", heading.translate(_ASCII))
        keys = [r.key for r in template.rows]
        if compact.endswith(name) and key not in keys and any(k.startswith(prefix) for k in keys):
            return key
    return None


_NUMBERING_HEAD = re.compile(r"^\([一二三四五六七八九十]{1,2}\)")


def in_column_units(cells: dict[str, CellRead] | None, template: TableTemplate) -> dict[str, CellRead] | None:
    """Money printed in another unit than its column's, converted: “75394432.52元” is 7539.443252 万元."""
    if cells is None:
        return None
    out = dict(cells)
    for key, cell in cells.items():
        unit = next((u for u in _MONEY if cell.raw.strip().endswith(u)), None)
        column = template.column(key).unit if any(c.key == key for c in template.columns) else ""
        if cell.value is None or unit is None or column not in _MONEY or unit == column:
            continue
        value = round(cell.value * _MONEY[unit] / _MONEY[column], 10)
        note = f"原文“{cell.raw.strip()}”，按本栏单位{column}记为{value:.10g}"
        out[key] = replace(cell, value=value, note=note)
    return out


def place(
    values: Sequence[Value],
    columns: Sequence[str],
    fielded: bool,
    check: Callable[[list[float]], bool] | None,
    grid: dict[str, int] | None = None,
) -> tuple[dict[str, CellRead] | None, str | None]:
    """Cells by column, or None and the reason they cannot be placed."""
    if fielded and grid:
        by_grid = _by_grid(values, columns, grid)
        if by_grid is not None:
            return by_grid, None
    n = len(columns)
    if fielded and not any(v.raw for v in values):  # every cell of the row left blank
        return ({c: CellRead(None, "") for c in columns}, None) if len(values) >= n else (None, "各格均为空")
    vals = trimmed(values, n, fielded)
    if len(vals) == n:
        return {c: _cell(v) for c, v in zip(columns, vals, strict=True)}, None
    if len(vals) < n:
        return None, f"只有{len(vals)}个数，应有{n}个"
    solutions = regroup(vals, n, check)
    if len(solutions) == 1:
        by_sum = check is not None and n > 1
        return {c: _grouped(g, by_sum) for c, g in zip(columns, solutions[0], strict=True)}, None
    if solutions:
        return None, f"有{len(vals)}个数，应有{n}个；数字间的空格有多种合并方式"
    return None, f"有{len(vals)}个数，应有{n}个"


def trimmed(values: Sequence[Value], n: int, fielded: bool) -> list[Value]:
    """A tab row's values without the label's own empty columns and merged cells' trailing blanks."""
    vals = list(values)
    if fielded:
        while vals and vals[0].raw == "":
            vals.pop(0)
        while len(vals) > n and vals[-1].raw == "":
            vals.pop()
    return vals


def _by_grid(
    values: Sequence[Value], columns: Sequence[str], grid: dict[str, int]
) -> dict[str, CellRead] | None:
    """Place a tab row by the header's field positions, when the header gives every column its own."""
    at = [grid.get(c) for c in columns]
    if any(i is None for i in at) or len(set(at)) != len(at) or not values:
        return None
    if len({v.line for v in values}) != 1 or values[0].field < 0:
        return None
    by_field = {v.field: v for v in values}
    if any(i not in by_field for i in at) or any(v.raw and v.field not in at for v in values):
        return None
    return {c: _cell(by_field[i]) for c, i in zip(columns, at, strict=True) if i is not None}


def _cell(v: Value) -> CellRead:
    if v.spaced and v.value is not None:
        return CellRead(v.value, v.raw, f"单元格内数字含空格，读作{format_number(v.value)}")
    return CellRead(v.value, v.raw)


def _grouped(group: list[Value], by_sum: bool) -> CellRead:
    if len(group) == 1:
        return _cell(group[0])
    raw = " ".join(v.raw for v in group)
    value = float("".join(v.raw for v in group))
    why = "该行唯一能使总计等于各项之和的合并方式" if by_sum else "列数"
    return CellRead(
        value, raw, f"原文“{raw}”数字间有空格，按{why}合并为{format_number(value)}", inferred=by_sum
    )


def regroup(
    vals: Sequence[Value], n: int, check: Callable[[list[float]], bool] | None
) -> list[list[list[Value]]]:
    """Groupings of split digits into `n` numbers that pass `check` (at most two are returned)."""
    extra = len(vals) - n
    if extra <= 0 or extra > _MAX_EXTRA_TOKENS:
        return []
    found: list[list[list[Value]]] = []
    for groups in _groupings(list(vals), n):
        numbers = [float("".join(v.raw for v in g)) if len(g) > 1 else g[0].value for g in groups]
        if any(x is None for x in numbers):
            continue
        if check is None or check([x for x in numbers if x is not None]):
            found.append(groups)
            if len(found) > 1:
                break
    return found


def _groupings(vals: list[Value], n: int) -> Iterator[list[list[Value]]]:
    """Split `vals` into `n` consecutive groups; a group of several must be digits not led by 0."""
    if n == 0:
        if not vals:
            yield []
        return
    max_len = len(vals) - (n - 1)
    for size in range(1, max_len + 1):
        head = vals[:size]
        if size > 1 and (head[0].raw == "0" or not all(is_digits(v.raw) for v in head)):
            break
        for rest in _groupings(vals[size:], n - 1):
            yield [head, *rest]


def row_total_check() -> Callable[[str, list[float]], bool]:
    """Table B: the last column (总计) is the sum of the others."""

    def check(_key: str, vals: list[float]) -> bool:
        return abs(sum(vals[:-1]) - vals[-1]) < EPS

    return check


def block_total_check(block: int) -> Callable[[list[float]], bool]:
    """Table C read as one sequence: in each block of `block` numbers the last is the sum."""

    def check(vals: list[float]) -> bool:
        return all(
            abs(sum(vals[i : i + block - 1]) - vals[i + block - 1]) < EPS for i in range(0, len(vals), block)
        )

    return check
