"""Scanned pages (PNG/JPG/TIFF files, or image-only PDF pages) → the same text every reader gives.

OCR returns loose text boxes. To reach the one text parser, a page is rebuilt the way a reader
of the paper sees it: the ruled table grids are found from the page image (OpenCV morphology
keeps the long straight strokes; a wall between two grid positions that is not drawn means a
merged cell), each box goes into the cell under its centre, and each table row becomes one line
of tab-separated cells in the layout of `ingest.read` (merged cells: text in the first position,
"" in the others). Text outside the grids becomes lines, top to bottom. A table cell with ink in
it but no detected box is read again on its own, so a faint lone “0” is not lost.

Coordinates are turned into PDF points (72 per inch) so that tables running over pages are
stitched by the PDF reader's `stitch`, whatever the scan's resolution.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.errors import UnreadableFile
from ingest.read import Document, OcrSpan, join_lines
from ingest.read.ocr import Box, ink, prepare, recognise, recognise_line
from ingest.read.pdf import Segment, _Part, _render, stitch

if TYPE_CHECKING:
    import numpy as np

Progress = Callable[[int, int], None]  # (pages done, pages in all)
A4_SHORT_SIDE = 8.27  # inches: a scan without a resolution tag is taken to be an A4 page
WALL = 0.85  # share of a grid edge that must be dark to count as a drawn wall
_NUMERIC_CELL = re.compile(r"[\doO〇○., ]+")
_ZERO = str.maketrans("oO〇○", "0000")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


@dataclass(frozen=True)
class Piece:
    """Text placed on the page, with its OCR confidence, in reading order."""

    text: str
    confidence: float


@dataclass(frozen=True)
class Grid:
    """A ruled table: grid-line positions (pixels) and the merged-cell id of every position."""

    xs: tuple[int, ...]
    ys: tuple[int, ...]
    owner: tuple[tuple[int, ...], ...]  # owner[r][c] = r0 * width + c0 of the cell's top-left position

    @property
    def box(self) -> tuple[int, int, int, int]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def contains(self, b: Box) -> bool:
        x0, y0, x1, y1 = self.box
        return x0 <= b.cx < x1 and y0 <= b.cy < y1

    def position(self, b: Box) -> tuple[int, int]:
        r = min(max(bisect.bisect_right(self.ys, b.cy) - 1, 0), len(self.ys) - 2)
        c = min(max(bisect.bisect_right(self.xs, b.cx) - 1, 0), len(self.xs) - 2)
        return divmod(self.owner[r][c], len(self.xs) - 1)


# ---------------------------------------------------------------- ruled grids


def _lines(profile: np.ndarray, minimum: float, gap: int) -> list[int]:
    """Centres of runs of positions whose line length reaches `minimum`; runs closer than `gap` merge."""
    runs: list[list[int]] = []
    for i in (int(v) for v in (profile >= minimum).nonzero()[0]):
        if runs and i - runs[-1][-1] <= gap:
            runs[-1].append(i)
        else:
            runs.append([i])
    return [(r[0] + r[-1]) // 2 for r in runs]


def find_grids(gray: np.ndarray, dpi: float, boxes: Sequence[Box] = ()) -> list[Grid]:
    """Ruled tables on a page, top to bottom; text `boxes` tell merged cells from drawn walls."""
    import cv2
    import numpy as np

    dark = ink(gray)
    h_len, v_len = max(int(dpi * 0.4), 10), max(int(dpi * 0.2), 8)  # longer than any glyph stroke
    bridge = 3  # gaps grain leaves in a line (wider would join the strokes of neighbouring glyphs)
    horiz = cv2.morphologyEx(dark, cv2.MORPH_CLOSE, np.ones((1, bridge), np.uint8))
    horiz = cv2.morphologyEx(horiz, cv2.MORPH_OPEN, np.ones((1, h_len), np.uint8))
    vert = cv2.morphologyEx(dark, cv2.MORPH_CLOSE, np.ones((bridge, 1), np.uint8))
    vert = cv2.morphologyEx(vert, cv2.MORPH_OPEN, np.ones((v_len, 1), np.uint8))
    joined = cv2.dilate(cv2.bitwise_or(horiz, vert), np.ones((5, 5), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined)
    grids = []
    for x, y, w, h, _area in stats[1:n]:
        if w < dpi or h < dpi * 0.25:
            continue
        gap = max(int(dpi / 30), 3)
        ys = [y + v for v in _lines(horiz[y : y + h, x : x + w].sum(axis=1) / 255, h_len, gap)]
        xs = [x + v for v in _lines(vert[y : y + h, x : x + w].sum(axis=0) / 255, v_len, gap)]
        if len(xs) >= 2 and len(ys) >= 2:
            grids.append(_grid(dark, xs, ys, max(int(dpi / 100), 2), boxes))
    return sorted(grids, key=lambda g: g.ys[0])


def _walled(line: np.ndarray) -> bool:
    return line.size > 0 and float((line > 0).mean()) >= WALL


def _crossed(boxes: Sequence[Box], x: int, top: int, bottom: int) -> bool:
    """Words run across x here: no wall can be drawn there (a tall glyph stroke is not a wall).

    Only Chinese text counts: the detector may join two numbers either side of a thin rule."""
    return any(
        top <= b.cy < bottom and b.x0 < x - 0.6 * b.height and b.x1 > x + 0.6 * b.height and _CJK.search(b.text)
        for b in boxes
    )


def _grid(dark: np.ndarray, xs: list[int], ys: list[int], tol: int, boxes: Sequence[Box]) -> Grid:
    """Merge grid positions not separated by a drawn wall (union-find to the top-left position)."""
    rows, cols = len(ys) - 1, len(xs) - 1
    parent = list(range(rows * cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        parent[max(ra, rb)] = min(ra, rb)

    for r in range(rows):
        top, bottom = ys[r] + tol + 1, ys[r + 1] - tol
        for c in range(cols):
            left, right = xs[c] + tol + 1, xs[c + 1] - tol
            x = xs[c + 1] if c + 1 < cols else 0
            if c + 1 < cols and (
                _crossed(boxes, x, ys[r], ys[r + 1]) or not _walled(dark[top:bottom, x - tol : x + tol + 1].max(axis=1))
            ):
                union(r * cols + c, r * cols + c + 1)
            if r + 1 < rows and not _walled(dark[ys[r + 1] - tol : ys[r + 1] + tol + 1, left:right].max(axis=0)):
                union(r * cols + c, (r + 1) * cols + c)
    owner = tuple(tuple(find(r * cols + c) for c in range(cols)) for r in range(rows))
    return Grid(tuple(xs), tuple(ys), owner)


# ---------------------------------------------------------------- boxes → text


def _visual_lines(boxes: Sequence[Box]) -> list[list[Box]]:
    """Boxes grouped into lines (vertical overlap), each line left to right."""
    lines: list[list[Box]] = []
    for b in sorted(boxes, key=lambda b: b.cy):
        last = lines[-1] if lines else None
        if last is not None:
            top, bottom = min(x.y0 for x in last), max(x.y1 for x in last)
            if min(bottom, b.y1) - max(top, b.y0) >= 0.5 * min(bottom - top, b.height):
                last.append(b)
                continue
        lines.append([b])
    return [sorted(line, key=lambda b: b.x0) for line in lines]


def _line_text(line: Sequence[Box]) -> str:
    """Boxes of one line: a wide gap is a space, Chinese next to Chinese is joined."""
    out = ""
    for prev, b in zip([None, *line], line, strict=False):
        if prev is not None:
            wide = b.x0 - prev.x1 > 0.8 * max(b.height, prev.height)
            both_cjk = bool(_CJK.match(out[-1])) and bool(_CJK.match(b.text[0]))
            out += " " if wide or not (both_cjk or _tight(out[-1], b.text[0])) else ""
        out += b.text
    return out


def _tight(a: str, b: str) -> bool:
    """Digits next to a unit or punctuation (326条, 12月) are not spaced."""
    return not (a.isascii() and a.isalnum() and b.isascii() and b.isalnum())


def _split_numbers(grid: Grid, b: Box) -> list[Box]:
    """Digits one box spread over several cells (two “0”s either side of a rule): one box per digit."""
    if _CJK.search(b.text) or len(b.text) < 2:
        return [b]
    step = (b.x1 - b.x0) / len(b.text)
    parts = [Box(ch, b.confidence, b.x0 + i * step, b.y0, b.x0 + (i + 1) * step, b.y1) for i, ch in enumerate(b.text)]
    if len({grid.position(p) for p in parts if not p.text.isspace()}) < 2:
        return [b]
    cells: dict[tuple[int, int], list[Box]] = {}
    for p in parts:
        cells.setdefault(grid.position(p), []).append(p)
    return [
        Box("".join(p.text for p in ps).strip(), b.confidence, ps[0].x0, b.y0, ps[-1].x1, b.y1)
        for ps in cells.values()
        if "".join(p.text for p in ps).strip()
    ]


def _cell_text(boxes: Sequence[Box]) -> str:
    """A table cell's text; a round glyph among digits (o, O, 〇) is the digit 0."""
    text = join_lines(_line_text(line) for line in _visual_lines(boxes))
    return text.translate(_ZERO) if _NUMERIC_CELL.fullmatch(text) and re.search(r"[\doO〇○]", text) else text


def _fill_blanks(gray: np.ndarray, grid: Grid, cells: dict[tuple[int, int], list[Box]], dpi: float) -> None:
    """Read cells again one by one where there is ink but detection found no text."""
    dark = ink(gray)
    pad = max(int(dpi / 40), 3)
    width = len(grid.xs) - 1
    seen: set[int] = set()
    for row in grid.owner:
        for own in row:
            if own in seen:
                continue
            seen.add(own)  # first met in its top row
            r0, c0 = divmod(own, width)
            if (r0, c0) in cells:
                continue
            r1 = max(i for i, rr in enumerate(grid.owner) if own in rr)
            c1 = max(j for j, o in enumerate(row) if o == own)
            y0, y1 = grid.ys[r0] + pad, grid.ys[r1 + 1] - pad
            x0, x1 = grid.xs[c0] + pad, grid.xs[c1 + 1] - pad
            if y1 - y0 < 4 or x1 - x0 < 4 or int((dark[y0:y1, x0:x1] > 0).sum()) < (dpi / 30) ** 2:
                continue
            ys, xs = (dark[y0:y1, x0:x1] > 0).nonzero()
            m = pad
            crop = gray[max(y0 + ys.min() - m, 0) : y0 + ys.max() + m, max(x0 + xs.min() - m, 0) : x0 + xs.max() + m]
            text, score = recognise_line(crop)
            if text:
                cells[(r0, c0)] = [Box(text, score, x0, y0, x1, y1)]


def layout(gray: np.ndarray, boxes: Sequence[Box], dpi: float) -> tuple[list[Segment], list[Piece]]:
    """A page as running text and tables top to bottom, and its text pieces in reading order."""
    grids = find_grids(gray, dpi, boxes)
    inside: list[dict[tuple[int, int], list[Box]]] = [{} for _ in grids]
    outside: list[Box] = []
    for b in boxes:
        k = next((i for i, g in enumerate(grids) if g.contains(b)), None)
        if k is None:
            outside.append(b)
            continue
        for part in _split_numbers(grids[k], b):
            inside[k].setdefault(grids[k].position(part), []).append(part)
    lines = _visual_lines(outside)
    segments: list[Segment] = []
    pieces: list[Piece] = []

    def text_until(bottom: float) -> None:
        while lines and min(b.cy for b in lines[0]) < bottom:
            line = lines.pop(0)
            segments.append(_line_text(line))
            pieces.extend(Piece(b.text, b.confidence) for b in line)

    points = 72 / dpi
    for grid, cells in zip(grids, inside, strict=True):
        text_until(grid.ys[-1])
        _fill_blanks(gray, grid, cells, dpi)
        rows = [["" for _ in grid.xs[1:]] for _ in grid.ys[1:]]
        for r in range(len(rows)):
            for c in range(len(rows[r])):
                found = cells.get((r, c))
                if found:
                    rows[r][c] = _cell_text(found)
                    pieces.append(Piece(rows[r][c], min(b.confidence for b in found)))
        segments.append(_Part([x * points for x in grid.xs], rows))
    text_until(float("inf"))
    return segments, pieces


# ---------------------------------------------------------------- pages → Document


def ocr_page(image: np.ndarray, dpi: float) -> tuple[list[Segment], list[Piece]]:
    """One page image (RGB or grey array) → segments and pieces."""
    gray = prepare(image)
    return layout(gray, recognise(gray), dpi)


def locate(text: str, start: int, pieces: Sequence[Piece], page: int) -> list[OcrSpan]:
    """Offsets of the pieces in the page's text (searched forward: the text follows reading order)."""
    out = []
    cursor = start
    for p in pieces:
        at = text.find(p.text, cursor)
        if at < 0:
            at = text.find(p.text, start)  # a row cut by a page break was joined out of order
            if at < 0:
                continue
        else:
            cursor = at + len(p.text)
        out.append(OcrSpan(start=at, end=at + len(p.text), confidence=round(p.confidence, 4), page=page))
    return out


def assemble(
    pages: Sequence[list[Segment]], pieces: Sequence[Sequence[Piece] | None], source_format: str
) -> Document:
    """Pages (some OCR'd, with their pieces) → one Document, tables stitched across pages."""
    stitch(list(pages))
    text = ""
    starts: list[int] = []
    spans: list[OcrSpan] = []
    for i, page in enumerate(pages):
        if i:
            text += "\n"
            starts.append(len(text))
        begin = len(text)
        text += _render(page)
        if pieces[i]:
            spans += locate(text, begin, pieces[i] or (), i + 1)
    return Document(text=text, source_format=source_format, page_starts=tuple(starts), ocr=tuple(spans))


def _frames(path: Path) -> list[tuple[np.ndarray, float]]:
    """Each frame of an image file (a TIFF may hold many pages) with its resolution."""
    import numpy as np
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        with Image.open(path) as img:
            out = []
            for frame in ImageSequence.Iterator(img):
                rgb = frame.convert("RGB")
                dpi = min(rgb.size) / A4_SHORT_SIDE
                out.append((np.asarray(rgb), dpi))
            return out
    except (UnidentifiedImageError, OSError) as err:
        raise UnreadableFile(f"图片无法打开：{path.name}。文件可能已损坏，请重新扫描或导出 (broken image: {err}).") from err


def read_image(path: Path, progress: Progress | None = None) -> Document:
    """A scanned report page (or a multi-page TIFF) read by OCR."""
    frames = _frames(path)
    pages: list[list[Segment]] = []
    pieces: list[Sequence[Piece] | None] = []
    for i, (image, dpi) in enumerate(frames):
        segments, found = ocr_page(image, dpi)
        pages.append(segments)
        pieces.append(found)
        if progress is not None:
            progress(i + 1, len(frames))
    doc = assemble(pages, pieces, "image")
    if not doc.text.strip():
        raise UnreadableFile(f"图片中没有识别出文字：{path.name}。请提供更清晰的扫描件 (OCR found no text).")
    return doc
