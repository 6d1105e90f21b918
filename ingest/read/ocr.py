"""Text recognition for scanned pages, and what a scan's uncertainty means for the tables.

Scanned reports (a printed report photographed or run through a copier, then published as an
image-only PDF or as PNG/JPG/TIFF) have no text layer. RapidOCR (the PP-OCRv4 Chinese detection
and recognition models, shipped inside the `rapidocr-onnxruntime` wheel, so nothing is
downloaded) reads them; it is an optional extra (`pip install 'gongkai[ocr]'`), imported lazily
and loaded once per process.

Before recognition a page is cleaned the way a person would look at it: the red seal stamped over
a table is dropped (red pixels turned white) and a page fed slightly crooked is turned straight.
After parsing, every table cell keeps the confidence of the text it was read from; a digit read
with low confidence, or a table whose arithmetic fails after OCR, becomes a Finding so that no
number from a scan reaches a user unchecked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ingest.errors import UnreadableFile

if TYPE_CHECKING:
    import numpy as np

    from ingest.read import Document
    from ingest.records import Cell, Finding
    from ingest.tables.parse_text import TableParse

# A number cell read below this confidence is flagged. Calibrated on the fixtures of
# tests/ingest/ocr_fixtures.py with bench/ocr.py: wrong digits scored below it, while lone
# correct "0"s score 0.5–0.99, so it is kept low and the tables' arithmetic is the stronger signal.
LOW_CONFIDENCE = 0.75
MAX_SKEW = 3.0  # degrees searched when straightening a page
INSTALL_HINT = "请安装文字识别组件：pip install 'gongkai[ocr]'（即 rapidocr-onnxruntime==1.4.4）"
_FULL_STOP = re.compile(r"(?<=[\u4e00-\u9fff”）])[·°](?=[\u4e00-\u9fff“（]|$)")
_NUMBER = re.compile(r"^[\d\s.,/]*\d[\d\s.,/]*$|^/$")


@dataclass(frozen=True)
class Box:
    """One piece of recognised text on a page image (pixel coordinates)."""

    text: str
    confidence: float
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@lru_cache(maxsize=1)
def engine() -> Any:
    """The RapidOCR engine, built once per process (model loading takes about a second)."""
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as err:
        raise UnreadableFile(f"扫描件需要文字识别（OCR），但未安装识别组件。{INSTALL_HINT} (OCR extra not installed).") from err
    # text_score=0: keep low-confidence reads so they can be flagged rather than silently dropped
    return RapidOCR(text_score=0.0, use_cls=False)


# ---------------------------------------------------------------- page clean-up


def to_gray(image: np.ndarray) -> np.ndarray:
    """Grey page with red ink (seals, stamps, red-headed letterhead marks) turned white."""
    import cv2
    import numpy as np

    if image.ndim == 2:
        return image
    rgb = image[..., :3]
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    hue, sat, val = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    red = ((hue <= 12) | (hue >= 165)) & (sat >= 60) & (val >= 60)
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    gray[red] = 255
    return np.ascontiguousarray(gray)


def ink(gray: np.ndarray) -> np.ndarray:
    """Dark pixels as 255, by Otsu's threshold (a grey table-header fill counts as paper)."""
    import cv2

    _, out = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return out


def _rotate(image: np.ndarray, angle: float, border: int) -> np.ndarray:
    import cv2

    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=border)


def skew_angle(gray: np.ndarray) -> float:
    """The rotation that makes text lines and ruling lines horizontal (sharpest row profile)."""
    import cv2
    import numpy as np

    scale = 800 / max(gray.shape[1], 1)
    small = ink(cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA))

    def sharpness(angle: float) -> float:
        profile = _rotate(small, angle, 0).sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(profile)).sum())

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.25), key=sharpness)
    return float(max(np.arange(best - 0.25, best + 0.26, 0.05), key=sharpness))


def straighten(gray: np.ndarray) -> np.ndarray:
    angle = skew_angle(gray)
    return gray if abs(angle) < 0.05 else _rotate(gray, angle, 255)


def prepare(image: np.ndarray) -> np.ndarray:
    """A page image ready for recognition: grey, red stamps removed, deskewed."""
    return straighten(to_gray(image))


# ---------------------------------------------------------------- recognition


def recognise(gray: np.ndarray) -> list[Box]:
    """Every text box on a prepared page image."""
    result, _ = engine()(gray, use_cls=False)
    boxes = []
    for points, text, score in result or []:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        clean = repair(str(text))
        if clean:
            boxes.append(Box(clean, float(score), min(xs), min(ys), max(xs), max(ys)))
    return boxes


def recognise_line(crop: np.ndarray) -> tuple[str, float]:
    """One cell's crop read as a single line (for cells where detection found nothing)."""
    result, _ = engine()(crop, use_det=False, use_cls=False)
    if not result:
        return "", 0.0
    text, score = result[0]
    return repair(str(text)), float(score)


def repair(text: str) -> str:
    """Misreads the recogniser makes on print: 丶 for 、, a full stop read as · or °."""
    text = " ".join(text.split()).replace("丶", "、")
    return _FULL_STOP.sub("。", text)


# ---------------------------------------------------------------- confidence → cells and findings


def review_cells(tables: TableParse, doc: Document) -> TableParse:
    """Give each cell the confidence of the OCR text it came from, and flag what may be misread."""
    from ingest.tables.checks import check_tables

    if not doc.ocr:
        return tables
    cells = _with_confidence(tables.cells, doc)
    findings = [
        *_low_confidence(cells),
        *_blank(cells, doc),
        *_arithmetic(cells, check_tables(cells, tables.format_version)),
    ]
    return replace(tables, cells=tuple(cells), findings=tables.findings + tuple(findings))


def _with_confidence(cells: Sequence[Cell], doc: Document) -> list[Cell]:
    """Cells of one row line (same span) are matched, in order, to the numbers OCR read on it."""
    groups: dict[tuple[int, int], list[int]] = {}
    for i, cell in enumerate(cells):
        if cell.span is not None and cell.raw.strip() and not cell.inferred:
            groups.setdefault((cell.span.start, cell.span.end), []).append(i)
    out = list(cells)
    for (start, end), members in groups.items():
        pieces = [s for s in doc.ocr if s.start >= start and s.end <= end]
        if not pieces:
            continue
        numbers = [s for s in pieces if _NUMBER.match(doc.text[s.start : s.end])]
        if len(numbers) == len(members):
            pairs = [(i, s.confidence) for i, s in zip(members, numbers, strict=True)]
        else:  # not one number per cell: the least confident piece with the same text, else the row's
            pairs = []
            for i in members:
                raw = "".join(cells[i].raw.split())
                same = [s.confidence for s in numbers if "".join(doc.text[s.start : s.end].split()) == raw]
                pairs.append((i, min(same or [s.confidence for s in numbers or pieces])))
        for i, confidence in pairs:
            out[i] = cells[i].model_copy(update={"confidence": round(confidence, 4)})
    return out


def _names(cell: Cell) -> tuple[str, str, str]:
    """How staff name a cell's table, row and column (2021 form first, then 2019)."""
    from ingest.tables.labels import TABLE_NAMES, column_name, row_label
    from ingest.tables.template import TEMPLATE_2019, TEMPLATE_2021

    for templates in (TEMPLATE_2021, TEMPLATE_2019):
        t = templates[cell.table]
        if any(r.key == cell.row for r in t.rows) and any(c.key == cell.column for c in t.columns):
            return TABLE_NAMES[cell.table], row_label(t, cell.row), column_name(t, cell.column)
    return TABLE_NAMES[cell.table], cell.row, cell.column


def _low_confidence(cells: Sequence[Cell]) -> list[Finding]:
    from ingest.records import CellRef, Finding

    out = []
    for cell in cells:
        if cell.confidence is None or cell.value is None or cell.confidence >= LOW_CONFIDENCE:
            continue
        table, row, column = _names(cell)
        message = (
            f"{table}“{row}”行“{column}”列的数字“{cell.raw}”由扫描件识别，"
            f"识别置信度低（{cell.confidence:.2f}），请对照原件核对。"
        )
        ref = CellRef(table=cell.table, row=cell.row, column=cell.column)
        out.append(Finding(rule="ocr.low_confidence", severity="warning", message=message, cells=(ref,), span=cell.span))
    return out


def _blank(cells: Sequence[Cell], doc: Document) -> list[Finding]:
    """A blank cell in a scanned row of numbers may be a digit the scan lost: say so, never guess."""
    from ingest.records import CellRef, Finding

    read = {(c.span.start, c.span.end) for c in cells if c.span and c.confidence is not None and c.value is not None}
    out = []
    for cell in cells:
        if cell.span is None or cell.value is not None or cell.raw.strip() or cell.inferred:
            continue
        if (cell.span.start, cell.span.end) not in read:
            continue
        table, row, column = _names(cell)
        message = f"{table}“{row}”行“{column}”列在扫描件中未识别出数字（按空白处理），如原件有数字请核对。"
        ref = CellRef(table=cell.table, row=cell.row, column=cell.column)
        out.append(Finding(rule="ocr.blank", severity="info", message=message, cells=(ref,), span=cell.span))
    return out


def _arithmetic(cells: Sequence[Cell], failures: Sequence[Finding]) -> list[Finding]:
    """A sum that fails on a scan may be a misread digit: name the least confident cells in it."""
    from ingest.records import Finding

    by_key = {(c.table, c.row, c.column): c for c in cells}
    out = []
    for failure in failures:
        if failure.severity != "error":
            continue
        read = [by_key[k] for r in failure.cells if (k := (r.table, r.row, r.column)) in by_key]
        scanned = sorted((c for c in read if c.confidence is not None), key=lambda c: c.confidence or 0.0)
        if not scanned:
            continue
        suspects = scanned[:3]
        named = "、".join(f"“{_names(c)[1]}/{_names(c)[2]}”{c.raw}（{c.confidence:.2f}）" for c in suspects)
        message = (
            f"{_names(suspects[0])[0]}由扫描件识别，勾稽关系不符，可能是识别错误；"
            f"置信度最低的格：{named}。请对照原件核对。"
        )
        out.append(Finding(rule="ocr.check_failed", severity="warning", message=message, cells=failure.cells))
    return out
