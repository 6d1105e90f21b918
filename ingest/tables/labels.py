"""Reading table text: cell values and the names staff use.

(Traditional characters are converted by OpenCC in ingest.normalise, same length, so offsets hold.) Values are
read strictly: a cell is a number (thousands separators, decimals, a sign for 2019's 本年增/减, an
optional unit), or a mark that means “not reported” (“/”, “—”, blank), never a guessed zero.
"""

from __future__ import annotations

import re

from ingest.tables.template import TableTemplate

TABLE_NAMES = {"A": "表二", "B": "表三", "C": "表四"}  # staff name tables after their section number

_NUMBER = re.compile(r"([+-]?)((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?:万元|元|件|个|项|次|条|%)?")
_SPACED = re.compile(r"\d(?: \d)+")  # “1 3 4”: one cell whose digits a PDF spread apart
_NOT_REPORTED = frozenset({"/", "-", "—", "–", "--", "——", "\\", "无", "空"})
_NOT_REPORTED_TOKENS = frozenset({"/", "—", "–", "--", "——"})  # safe in space-separated text


def parse_value(raw: str, *, in_field: bool) -> tuple[bool, float | None]:
    """(is a value, its number). A field of a tab/pipe row may also be blank, “无” or “1 3 4”."""
    text = raw.strip()
    if not text:
        return in_field, None
    if text in (_NOT_REPORTED if in_field else _NOT_REPORTED_TOKENS):
        return True, None
    m = _NUMBER.fullmatch(text)
    if m:
        number = float(m.group(2).replace(",", ""))
        return True, -number if m.group(1) == "-" else number
    if in_field and _SPACED.fullmatch(text):
        return True, float(text.replace(" ", ""))
    return False, None


def is_digits(raw: str) -> bool:
    return raw.isascii() and raw.isdigit()


# Short row names for messages; other rows use their label without its numbering.
_ROW_SHORT = {
    "new": "新收",
    "carried_over": "上年结转",
    "result.total": "办理结果总计",
    "carried_forward": "结转下年",
    "result.public": "予以公开",
    "result.partial": "部分公开",
}
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)")


def row_name(template: TableTemplate, row: str) -> str:
    if row in _ROW_SHORT:
        return _ROW_SHORT[row]
    label = template.row(row).label
    return _NUMBERING.sub("", label).split("（")[0]


def row_label(template: TableTemplate, row: str) -> str:
    """The label as the form prints it, shortened for a sentence."""
    label = template.row(row).label
    return label.split("（区分")[0]


def column_name(template: TableTemplate, column: str) -> str:
    return template.column(column).label.split("（")[0]
